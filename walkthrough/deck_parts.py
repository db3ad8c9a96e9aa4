"""The parts of a slide deck being built, kept as they are added.

python-pptx names each new part (a slide's speaker notes, a picture) by walking every part
of the package for the names taken, and looks for an identical picture by walking them
again: three walks for each step's slide, each walk longer than the last, so that the time
grows with the square of the steps (scanny/python-pptx#644, open). The French guide's deck
(98 steps) took 2.1 CPU-s, 1.6 without the walks; four times as many steps 7.8, and 4.3
without them. A deck built here answers those three questions
from a catalogue made by one walk, and kept up to date as it hands out names: the same
names, hence the same bytes (``tests/walkthrough/test_slides.py`` compares the two).

It replaces, on the one package it is given, three of the package's public methods: the
deck's slides take no other way to add a part than those (a slide's own name comes from
the slide list, which python-pptx counts without a walk).
"""

from __future__ import annotations

from typing import IO

from pptx.opc.packuri import PackURI
from pptx.package import Package
from pptx.parts.image import Image, ImagePart

_IMAGE_PREFIX = "/ppt/media/image"


class PartCatalogue:
    """The part names a package holds and its pictures by digest, for ``next_partname``,
    ``next_image_partname`` and ``get_or_add_image_part`` without a walk."""

    def __init__(self, package: Package):
        self._package = package
        self._names: set[str] = set()
        self._image_numbers: set[int] = set()
        self._images: dict[str, ImagePart] = {}
        for part in package.iter_parts():
            self._take(part.partname)
            if isinstance(part, ImagePart):
                self._images.setdefault(part.sha1, part)

    @classmethod
    def install(cls, package: Package) -> PartCatalogue:
        """Have ``package`` ask a new catalogue, from now on, for names and pictures."""
        catalogue = cls(package)
        package.next_partname = catalogue.next_partname
        package.next_image_partname = catalogue.next_image_partname
        package.get_or_add_image_part = catalogue.get_or_add_image_part
        return catalogue

    def next_partname(self, tmpl: str) -> PackURI:
        """As python-pptx chooses it: counting the names taken with the template's
        prefix, the highest free number up to one past their count."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        taken = sum(1 for name in self._names if name.startswith(prefix))
        for number in range(taken + 1, 0, -1):
            if (candidate := tmpl % number) not in self._names:
                return self._take(PackURI(candidate))
        raise AssertionError(f"no free part name for {tmpl}")  # as python-pptx: cannot happen

    def next_image_partname(self, ext: str) -> PackURI:
        """As python-pptx chooses it: the first number no picture's name has."""
        numbers = self._image_numbers
        number = next(n for n in range(1, len(numbers) + 2) if n not in numbers)
        return self._take(PackURI(f"{_IMAGE_PREFIX}{number}.{ext}"))

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """The picture's part: the one already in the deck with the same bytes, or a new one."""
        image = Image.from_file(image_file)
        part = self._images.get(image.sha1)
        if part is None:
            part = self._images[image.sha1] = ImagePart.new(self._package, image)
        return part

    def _take(self, name: PackURI) -> PackURI:
        self._names.add(str(name))
        if name.startswith(_IMAGE_PREFIX) and name.idx is not None:
            self._image_numbers.add(name.idx)
        return name
