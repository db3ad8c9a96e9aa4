"""Reading a QR code the way a phone's camera does: from a picture, with zxing-cpp.

The picture may be the QR code alone or a whole screen around it. Pictures are opened
lazily and checked for size before they are decoded, so that a huge or hostile file costs
nothing but its upload.
"""

from __future__ import annotations

from typing import IO

import zxingcpp
from PIL import Image, UnidentifiedImageError

# A phone's photo is a dozen megapixels at most; anything bigger is not a photo.
MAX_PIXELS = 40_000_000
# Decoding a screen of 1280 x 800 takes milliseconds; larger pictures are scaled down first.
DECODED_SIDE = 2000


class UnreadablePicture(ValueError):
    """The upload is no picture this phone can read."""


def qr_texts(picture: IO[bytes]) -> list[str]:
    """The texts of the QR codes in ``picture``, top to bottom; empty when it shows none."""
    try:
        with Image.open(picture) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UnreadablePicture("too large")
            image.draft("L", (DECODED_SIDE, DECODED_SIDE))
            grey = image.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise UnreadablePicture(str(exc)) from None
    grey.thumbnail((DECODED_SIDE, DECODED_SIDE))
    found = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in sorted(found, key=lambda code: code.position.top_left.y)]
