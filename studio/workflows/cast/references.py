"""Reference pictures: a still from an image or a video frame, cropped, kept in media/."""

from __future__ import annotations

from pathlib import Path

from studio.errors import MediaError, UserError
from studio.model import Asset

Crop = tuple[int, int, int, int]  # left, top, width, height, in the picture's pixels


def parse_crop(text: str) -> Crop:
    """ "10,20,300,200" → (10, 20, 300, 200)."""
    try:
        left, top, width, height = (int(v) for v in text.split(","))
    except ValueError:
        raise UserError(f"--crop {text!r}: give LEFT,TOP,WIDTH,HEIGHT in pixels") from None
    if left < 0 or top < 0 or width < 1 or height < 1:
        raise UserError(f"--crop {text!r}: a crop starts at 0 or more and is at least 1x1")
    return left, top, width, height


def still_from(folder: Path | None, source: Path, crop: Crop | None, at_seconds: float) -> Asset:
    """An image asset for a reference. An image without a crop is imported as it is; a
    video frame or a crop is written as a PNG into the project's media/ folder."""
    from studio.media.probe import probe
    from studio.workflows.importer import prepare_import

    info = probe(source)
    if info.kind == "image" and crop is None:
        prepared = prepare_import(folder, [source], copy=True)[0]
        if prepared.asset is None:
            raise UserError(prepared.error)
        return prepared.asset
    if info.kind not in ("image", "video"):
        raise UserError(f"{source.name} is {info.kind}; a reference is a picture")
    picture = _picture(source, info.kind, at_seconds)
    if crop is not None:
        left, top, width, height = crop
        if left + width > picture.width or top + height > picture.height:
            raise UserError(
                f"the crop {width}x{height} at {left},{top} runs past the "
                f"{picture.width}x{picture.height} picture"
            )
        picture = picture.crop((left, top, left + width, top + height))
    if folder is None:
        raise UserError("save the project first: a cropped reference is kept in its media/")
    media = Path(folder) / "media"
    media.mkdir(parents=True, exist_ok=True)
    target = media / f"{source.stem}-ref.png"
    n = 1
    while target.exists():
        target = media / f"{source.stem}-ref-{n}.png"
        n += 1
    from studio.atomic import write_with

    write_with(target, lambda fh: picture.save(fh, format="PNG"), MediaError)
    prepared = prepare_import(folder, [target], copy=True)[0]
    if prepared.asset is None:
        raise UserError(prepared.error)
    return prepared.asset


def _picture(source: Path, kind: str, at_seconds: float):
    if kind == "video":
        from studio.media.probe import probe
        from studio.media.thumbnails import thumbnail

        height = probe(source).height or 720
        return thumbnail(source, at_seconds=at_seconds, height=height)
    from PIL import Image

    with Image.open(source) as image:
        return image.convert("RGB")
