"""Reading a script file into Fountain text, and writing the text as Fountain, FDX or PDF (no Qt).

Both run on a worker thread: a long FDX or a PDF of a feature takes a noticeable while.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.atomic import replacing
from studio.screenplay import ScreenplayError, parse, read_fdx, write_fdx, write_fountain
from studio.screenplay.source import decode_screenplay, read_screenplay_bytes

IMPORTS = "Screenplays (*.fountain *.spmd *.txt *.fdx);;All files (*)"
EXPORTS = {
    ".fountain": "Fountain (*.fountain)",
    ".fdx": "Final Draft (*.fdx)",
    ".pdf": "PDF screenplay (*.pdf)",
}


@dataclass(frozen=True)
class ScriptFile:
    """A file's screenplay as Fountain text, and a note for the user ("" if none)."""

    text: str
    note: str = ""


def read_script_text(path: str | Path) -> str:
    """A file's screenplay as Fountain text; raises ScreenplayError saying why it is none."""
    return read_script_file(path).text


def read_script_file(path: str | Path) -> ScriptFile:
    """A file's screenplay as Fountain text, with a note when its encoding was a guess;
    raises ScreenplayError saying why it is none.

    Fountain is kept as written (the writer's spacing and notes); an FDX becomes Fountain.
    """
    path = Path(path)
    data = read_screenplay_bytes(path)  # a regular file of at most 64 MB, or a clear refusal
    if path.suffix.lower() == ".fdx":
        if not data.strip():
            raise ScreenplayError(f"{path.name} is empty: there is no screenplay in it")
        return ScriptFile(write_fountain(read_fdx(data, name=path.name)))
    decoded = decode_screenplay(data, path.name)
    note = f"read as {decoded.encoding} (it is not UTF-8)" if decoded.guessed else ""
    return ScriptFile(decoded.text, note)


def export_script(text: str, path: str | Path) -> str:
    """Write the script in the format its suffix names; returns what was written, for the
    status bar. Written beside the target and renamed, so a failure leaves no half file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORTS:
        raise ScreenplayError(f"cannot export to {suffix or 'a file without a suffix'}")
    with replacing(path, ScreenplayError) as temp:
        if suffix == ".pdf":
            from studio.screenplay.pdf import write_pdf

            pages = write_pdf(parse(text), temp)
            what = f"{pages} page(s)"
        elif suffix == ".fdx":
            temp.write_bytes(write_fdx(parse(text)))
            what = "Final Draft"
        else:
            temp.write_text(text, encoding="utf-8")
            what = "Fountain"
    return f"Exported {path.name} ({what})"
