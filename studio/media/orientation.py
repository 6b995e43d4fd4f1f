"""Images the right way up: the EXIF orientation a camera writes instead of turning pixels."""

from __future__ import annotations

from PIL import ExifTags, Image, ImageOps

# Orientations 5 to 8 turn the picture a quarter: its width and height swap.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


def orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 to 8) of an opened image; 1 when it has none or a bad one."""
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except (OSError, SyntaxError, ValueError):  # a damaged EXIF block: show the pixels as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) as the image is seen: swapped for a quarter turn."""
    if orientation(image) in _QUARTER_TURNS:
        return image.height, image.width
    return image.width, image.height


def stored_size(image: Image.Image, size: tuple[int, int]) -> tuple[int, int]:
    """A size as seen, given in the stored pixels' axes (for Image.draft)."""
    return (size[1], size[0]) if orientation(image) in _QUARTER_TURNS else size


def upright(image: Image.Image) -> Image.Image:
    """The image turned and mirrored as its EXIF orientation says (itself when upright)."""
    if orientation(image) == 1:
        return image
    turned = ImageOps.exif_transpose(image)
    return turned if turned is not None else image
