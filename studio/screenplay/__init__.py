"""Screenplays: Fountain parsing and writing, Final Draft (.fdx) import/export, PDF export.

Pure Python (no Qt, no torch). `load_screenplay(path)` reads .fountain, .txt or .fdx with
a clear message for a file that is not a screenplay; `parse(text)` parses Fountain text.
"""

from studio.screenplay.elements import Element, ElementType, Scene, Screenplay, TitlePage
from studio.screenplay.fdx import read_fdx, write_fdx
from studio.screenplay.fountain import parse
from studio.screenplay.fountain_writer import write_fountain
from studio.screenplay.source import ScreenplayError, load_screenplay

__all__ = [
    "Element",
    "ElementType",
    "Scene",
    "Screenplay",
    "ScreenplayError",
    "TitlePage",
    "load_screenplay",
    "parse",
    "read_fdx",
    "write_fdx",
    "write_fountain",
]
