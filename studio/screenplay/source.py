"""Read a screenplay file (.fountain, .txt, .fdx) with a clear message when it is not one."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

from studio.errors import UserError
from studio.screenplay.elements import Screenplay

# A 2,000-page script is about 6 MB of text; far beyond this is not a screenplay.
MAX_BYTES = 64 * 1024 * 1024


class ScreenplayError(UserError):
    """A file that cannot be read as a screenplay; the message says why."""


def load_screenplay(path: str | Path) -> Screenplay:
    path = Path(path)
    data = read_screenplay_bytes(path)
    if path.suffix.lower() == ".fdx":
        from studio.screenplay.fdx import read_fdx

        return read_fdx(data, name=path.name)
    from studio.screenplay.fountain import parse

    return parse(decode_text(data, path.name))


def read_screenplay_bytes(path: str | Path) -> bytes:
    """A screenplay file's bytes: a regular file of at most MAX_BYTES, else ScreenplayError.

    Devices (/dev/zero) and FIFOs are refused from their stat, before anything opens them:
    reading one would never end, and opening a FIFO blocks until a writer comes.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise ScreenplayError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ScreenplayError(f"{path} is a folder, not a screenplay file")
    if not stat.S_ISREG(info.st_mode):
        raise ScreenplayError(f"{path} is not a regular file (a device, FIFO or socket)")
    if info.st_size > MAX_BYTES:
        raise _too_large(path, info.st_size)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)  # the file may have grown since the stat
    except OSError as exc:
        raise ScreenplayError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _too_large(path, len(data))
    return data


def _too_large(path: Path, size: int) -> ScreenplayError:
    return ScreenplayError(
        f"{path.name} is {size / 2**20:.0f} MB, too large for a screenplay "
        f"(the limit is {MAX_BYTES // 2**20} MB)"
    )


def decode_text(data: bytes, name: str = "the file") -> str:
    """Screenplay text from bytes (see `decode_screenplay`, which also names the encoding)."""
    return decode_screenplay(data, name).text


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "UTF-8", "UTF-16" or "Windows-1252"

    @property
    def guessed(self) -> bool:
        """True when the encoding was a guess the user should hear about."""
        return self.encoding == "Windows-1252"


def decode_screenplay(data: bytes, name: str = "the file") -> Decoded:
    """Screenplay text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else
    Windows-1252, which older screenwriting tools wrote; binary data is refused.

    A file that is mostly UTF-8 with a damaged byte is refused with the line and byte:
    reading it as Windows-1252 would garble every accent in it without a word.
    """
    if not data.strip():
        raise ScreenplayError(f"{name} is empty: there is no screenplay in it")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return Decoded(data.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError as exc:
            raise ScreenplayError(f"{name} is not valid UTF-16 (byte {exc.start})") from None
    if b"\0" in data[:65536]:
        raise ScreenplayError(f"{name} is not a text file (it holds binary data)")
    try:
        return Decoded(data.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError as exc:
        bad = exc
    if _has_utf8_sequences(data):
        line = data.count(b"\n", 0, bad.start) + 1
        column = bad.start - (data.rfind(b"\n", 0, bad.start) + 1) + 1
        raise ScreenplayError(
            f"{name} is not valid UTF-8: byte 0x{data[bad.start]:02x} at line {line}, "
            f"column {column} (byte offset {bad.start}); save it as UTF-8"
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ScreenplayError(
            f"{name} is neither UTF-8 nor Windows-1252: byte 0x{data[exc.start]:02x} at "
            f"line {line} (byte offset {exc.start}); save it as UTF-8"
        ) from None
    # Control characters other than tab and line ends mean this was never text.
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > len(text[:65536]) // 100:
        raise ScreenplayError(f"{name} is not a text file (it holds binary data)")
    return Decoded(text, "Windows-1252")


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _has_utf8_sequences(data: bytes) -> bool:
    """Whether the bytes hold well-formed multi-byte UTF-8 (so the file meant to be UTF-8)."""
    return _UTF8_SEQUENCE.search(data) is not None
