"""Read a screenplay file (.fountain, .txt, .fdx) with a clear message when it is not one."""

from __future__ import annotations

from pathlib import Path

from studio.errors import UserError
from studio.screenplay.elements import Screenplay

# A 2,000-page script is about 6 MB of text; far beyond this is not a screenplay.
MAX_BYTES = 64 * 1024 * 1024


class ScreenplayError(UserError):
    """A file that cannot be read as a screenplay; the message says why."""


def load_screenplay(path: str | Path) -> Screenplay:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ScreenplayError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise ScreenplayError(
            f"{path.name} is {size / 2**20:.0f} MB, too large for a screenplay "
            f"(the limit is {MAX_BYTES // 2**20} MB)"
        )
    data = path.read_bytes()
    if path.suffix.lower() == ".fdx":
        from studio.screenplay.fdx import read_fdx

        return read_fdx(data, name=path.name)
    from studio.screenplay.fountain import parse

    return parse(decode_text(data, path.name))


def decode_text(data: bytes, name: str = "the file") -> str:
    """Screenplay text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else
    Windows-1252, which older screenwriting tools wrote; binary data is refused."""
    if not data.strip():
        raise ScreenplayError(f"{name} is empty: there is no screenplay in it")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if b"\0" in data[:65536]:
        raise ScreenplayError(f"{name} is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    # Control characters other than tab and line ends mean this was never text.
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > len(text[:65536]) // 100:
        raise ScreenplayError(f"{name} is not a text file (it holds binary data)")
    return text
