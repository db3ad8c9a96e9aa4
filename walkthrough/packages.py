"""Saving a Word document or a slide deck (an OPC package: a zip) the same every run, and
without compressing its pictures again.

python-docx and python-pptx date each zip member with the time it is saved, and deflate
every member, the pictures too: a PNG's rows are deflated already, so that deflating them
again gains nothing and cost most of the deck's and the document's zip time (0.3 CPU-s for
the French guide's deck, which was then read back and deflated once more to date it
1980-01-01). While ``reproducible_members`` holds, a package saved by either library
dates each member 1980-01-01, the earliest date a zip member can carry, and stores its
pictures as they are; the rest (the XML parts) is deflated as before. Office and
LibreOffice read stored members like deflated ones: the zip's two usual methods.

python-docx also finds whether a picture is in the document already by hashing every
picture it holds, at each picture added: ``remembered_digests`` keeps each picture's digest
while the part holds the same bytes.

Both change a library's class while they hold: one block at a time in a process (a lock),
so that one block's end never puts back what another block put there.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

# The earliest date a zip member can carry: no member says when the package was written.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Members whose bytes are compressed already.
_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif")
# Made by Unix, whatever the system: the same guide, the same bytes.
_UNIX = 3
_PATCHING = threading.RLock()


def member(name: str) -> zipfile.ZipInfo:
    """The zip entry of the part ``name``: dated 1980-01-01, readable by all, deflated
    unless it is a picture."""
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    stored = name.lower().endswith(_COMPRESSED)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = _UNIX
    return info


@contextmanager
def reproducible_members(writer: type) -> Iterator[None]:
    """While the block runs, ``writer`` (the library's zip writer: its ``write(pack_uri,
    blob)`` adds a part to its ``_zipf``) writes each part as ``member`` says."""
    with _PATCHING:
        original = writer.write

        @functools.wraps(original)
        def write(self, pack_uri, blob: bytes) -> None:
            self._zipf.writestr(member(pack_uri.membername), blob)

        writer.write = write
        try:
            yield
        finally:
            writer.write = original


@contextmanager
def remembered_digests(part_class: type) -> Iterator[None]:
    """While the block runs, each picture part of ``part_class`` (python-docx's
    ``ImagePart``) hashes its bytes once, not once for every picture added after it."""
    with _PATCHING:
        original = part_class.sha1
        digests: dict[int, tuple[bytes, str]] = {}

        def sha1(self) -> str:
            blob = self.blob
            kept = digests.get(id(self))
            if kept is None or kept[0] is not blob:  # the same bytes object: the same digest
                kept = digests[id(self)] = (blob, hashlib.sha1(blob).hexdigest())
            return kept[1]

        part_class.sha1 = property(sha1, doc=original.__doc__)
        try:
            yield
        finally:
            part_class.sha1 = original
