"""OpenTimelineIO interchange: export a project as .otio, import .otio files from any editor.

Export (otio_export) writes one OTIO track per track with gaps, transitions and markers, and
what only Storyreel knows under `metadata["storyreel"]`, so a round trip gives the same
timeline. Import (otio_import) reads files from other editors as well; what it cannot show
it keeps for export (otio_carry) and lists in `OtioImport.warnings`. This module reads and
writes the files, refusing what is not a timeline in one line.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import opentimelineio as otio

from studio.atomic import write_text
from studio.errors import MediaError, UserError
from studio.media.otio_export import project_to_timeline
from studio.media.otio_import import Importer, OtioImport
from studio.model import Document, Project
from studio.model.files import creating_project, mark_offline, project_folder_for

__all__ = [
    "OtioImport",
    "export_otio",
    "import_otio",
    "new_project_from_otio",
    "project_from_otio",
    "project_to_timeline",
    "read_timeline",
]


def export_otio(project: Project, folder: str | os.PathLike[str], out: str | os.PathLike) -> Path:
    """Write `project` (whose media paths are relative to `folder`) as an .otio file."""
    target = Path(out)
    timeline = project_to_timeline(project, Path(folder), target.parent)
    try:
        # Encoded in memory first: OTIO's own file writer does not report a short write.
        text = otio.adapters.write_to_string(timeline, adapter_name="otio_json")
    except otio.exceptions.OTIOError as error:
        raise MediaError(f"cannot write {target}: {error}") from None
    return write_text(target, text, MediaError)


# A feature's timeline is a few MB of OTIO JSON; far beyond this is not one, or is a bomb.
MAX_OTIO_BYTES = 256 * 1024 * 1024


def read_timeline(otio_file: str | os.PathLike[str]) -> otio.schema.Timeline:
    """The first timeline in an OTIO file (a collection may hold several).

    The file's size, and for an .otioz the size its timeline inflates to, are checked
    before anything is read, so a small archive that inflates to gigabytes is refused.
    """
    _check_otio_size(Path(otio_file))
    try:
        data = otio.adapters.read_from_file(os.fspath(otio_file))
    except (
        OSError,
        ValueError,
        KeyError,  # a required field missing: "While reading object ...: tracks"
        TypeError,
        zipfile.BadZipFile,
        otio.exceptions.OTIOError,
    ) as error:
        raise UserError(f"cannot read {otio_file}: {_otio_reason(error)}") from None
    if isinstance(data, otio.schema.Timeline):
        found = data
    elif isinstance(data, otio.core.SerializableObject) and hasattr(data, "find_children"):
        found = next(iter(data.find_children(descended_from_type=otio.schema.Timeline)), None)
        if found is None:
            raise UserError(f"{otio_file} holds no timeline (it is a {_schema(data)})")
    else:
        raise UserError(f"{otio_file} is not an OpenTimelineIO timeline: {_what(data)}")
    if found.tracks is None:  # OTIO itself crashes on it
        raise UserError(f"{otio_file} holds a timeline without tracks")
    return found


def _schema(data: otio.core.SerializableObject) -> str:
    if getattr(data, "is_unknown_schema", False):
        return f"{data.original_schema_name} (unknown to OpenTimelineIO)"
    return data.schema_name()


def _what(data: object) -> str:
    if isinstance(data, otio.core.SerializableObject):
        return f"it holds a {_schema(data)}"
    if isinstance(data, otio.opentime.RationalTime | otio.opentime.TimeRange):
        return f"it holds a {type(data).__name__}"
    return "JSON without an OTIO_SCHEMA"


def _check_otio_size(path: Path) -> None:
    try:
        info = path.stat()
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        if path.suffix.lower() == ".otiod":
            _check_otio_size(path / "content.otio")
            return
        raise UserError(f"{path} is a folder, not an OpenTimelineIO file")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path} is not a regular file (a device, FIFO or socket)")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                inflated = archive.getinfo("content.otio").file_size
        except (KeyError, zipfile.BadZipFile, OSError):
            raise UserError(f"{path} is not an .otioz bundle (no content.otio in it)") from None
        # zipfile stops at the declared size, so a lying header cannot inflate further.
        if inflated > MAX_OTIO_BYTES:
            raise UserError(
                f"{path.name} would inflate to {inflated / 2**20:,.0f} MB, too large for a "
                f"timeline (the limit is {MAX_OTIO_BYTES // 2**20} MB)"
            )
    elif info.st_size > MAX_OTIO_BYTES:
        raise UserError(
            f"{path.name} is {info.st_size / 2**20:,.0f} MB, too large for a timeline "
            f"(the limit is {MAX_OTIO_BYTES // 2**20} MB)"
        )


def _otio_reason(error: Exception) -> str:
    """OTIO's C++ messages run to a paragraph with mangled type names; keep their gist."""
    text = " ".join(str(error).split()) or type(error).__name__
    if "While reading object" in text or "expected to read" in text:
        return "it is not a valid OpenTimelineIO file (" + text.split(":")[0] + ")"
    return text if len(text) <= 200 else text[:200] + " ..."


def import_otio(otio_file: str | os.PathLike[str], folder: str | os.PathLike[str]) -> OtioImport:
    """Read an .otio file into a project whose media paths are relative to `folder`."""
    otio_path = Path(otio_file)
    timeline = read_timeline(otio_path)
    return Importer(timeline, otio_path.resolve().parent, Path(folder)).run()


def new_project_from_otio(
    path: str | os.PathLike[str], otio_file: str | os.PathLike[str]
) -> Document:
    """Create the project folder `path` (".storyreel" added) holding the file's timeline."""
    return project_from_otio(path, otio_file)[0]


def project_from_otio(
    path: str | os.PathLike[str], otio_file: str | os.PathLike[str]
) -> tuple[Document, list[str]]:
    """Create the project folder `path` (".storyreel" added) holding the file's timeline,
    and say what was dropped or approximated, one line each.

    Media stay where they are, referenced by path; missing ones become offline assets.
    """
    folder = project_folder_for(path)
    imported = import_otio(otio_file, folder)
    with creating_project(folder, imported.project.settings) as doc:
        imported.project.name = doc.project.name
        doc.project = imported.project
    mark_offline(doc.project, doc.path)  # against the folder's final place
    return doc, imported.warnings
