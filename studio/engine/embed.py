"""Provenance embedded in media files: PNG iTXt chunk, WAV iXML chunk, MP4 comment tag.

WAV: libsndfile's comment (LIST/INFO) silently drops strings of a few KB, and a
long prompt gets there, so the text goes into an iXML chunk (the broadcast-WAV
metadata chunk, which readers that do not know it skip).
"""

from __future__ import annotations

import struct
from pathlib import Path
from xml.etree import ElementTree

PNG_KEY = "storyreel:provenance"
_IXML_TAG = "STORYREEL_PROVENANCE"


def png_info(text: str):
    """A PngInfo carrying the provenance, for `PIL.Image.save(..., pnginfo=...)`."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt(PNG_KEY, text, zip=True)
    return info


def append_ixml(wav: Path, text: str) -> None:
    """Append an iXML chunk holding `text` to a finished RIFF/WAVE file."""
    root = ElementTree.Element("BWFXML")
    ElementTree.SubElement(root, "IXML_VERSION").text = "1.61"
    user = ElementTree.SubElement(root, "USER")
    ElementTree.SubElement(user, _IXML_TAG).text = text
    payload = b'<?xml version="1.0" encoding="UTF-8"?>' + ElementTree.tostring(
        root, encoding="utf-8", xml_declaration=False
    )
    chunk = b"iXML" + struct.pack("<I", len(payload)) + payload
    if len(payload) % 2:
        chunk += b"\0"  # RIFF chunks are word-aligned
    with open(wav, "r+b") as f:
        header = f.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise ValueError(f"{wav.name} is not a RIFF/WAVE file")
        f.seek(0, 2)
        f.write(chunk)
        riff_size = f.tell() - 8
        f.seek(4)
        f.write(struct.pack("<I", riff_size))


def _read_ixml(wav: Path) -> str | None:
    with open(wav, "rb") as f:
        header = f.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            return None
        while chunk_header := f.read(8):
            if len(chunk_header) < 8:
                return None
            name, size = chunk_header[:4], struct.unpack("<I", chunk_header[4:])[0]
            if name == b"iXML":
                node = ElementTree.fromstring(f.read(size)).find(f"USER/{_IXML_TAG}")
                return node.text if node is not None else None
            f.seek(size + (size % 2), 1)
    return None


def read_embedded(media: Path) -> str | None:
    """The provenance text a media file carries, or None."""
    suffix = media.suffix.lower()
    if suffix == ".png":
        from PIL import Image

        with Image.open(media) as im:
            return im.info.get(PNG_KEY)
    if suffix == ".wav":
        return _read_ixml(media)
    if suffix in (".mp4", ".mov", ".m4a"):
        import av

        with av.open(str(media)) as container:
            comment = container.metadata.get("comment", "")
        return comment if comment.startswith("{") else None
    if suffix == ".flac":
        import soundfile

        with soundfile.SoundFile(media) as f:
            return f.comment or None
    return None
