"""Project folders on disk: create, load, save (atomically), autosave and recovery.

A project is a folder `Name.storyreel/` holding `project.json`, `media/`, `cache/` and
`autosave/`. A file that cannot be read is reported and left exactly as it was.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from studio.atomic import new_folder, reason, write_bytes
from studio.errors import ProjectError
from studio.model.document import Document
from studio.model.entities import Asset, Settings, Track, TrackKind, new_id
from studio.model.import_stage import clear_interrupted_imports
from studio.model.limits import MAX_PROJECT_BYTES
from studio.model.media_files import media_path as media_path  # re-exported: callers use it
from studio.model.media_files import media_problem
from studio.model.migrations import migrate
from studio.model.project import Project
from studio.model.serialize import FormatError, project_from_data, project_to_data

SUFFIX = ".storyreel"
PROJECT_FILE = "project.json"
SUBFOLDERS = ("media", "cache", "autosave")
GUARDED = ("media", "autosave")  # what Storyreel writes: never through a link out of the folder


def project_dir(path: str | os.PathLike) -> Path:
    """The project folder for a path given by a user: the folder, or its project.json."""
    path = Path(path)
    if path.name == PROJECT_FILE:
        return path.parent
    return path


def default_tracks() -> list[Track]:
    # Display order, top to bottom; upper video tracks cover lower ones.
    return [
        Track(new_id("t"), TrackKind.TEXT, "T1"),
        Track(new_id("t"), TrackKind.VIDEO, "V2"),
        Track(new_id("t"), TrackKind.VIDEO, "V1"),
        Track(new_id("t"), TrackKind.AUDIO, "A1"),
        Track(new_id("t"), TrackKind.AUDIO, "A2"),
    ]


def create_project(path: str | os.PathLike, settings: Settings | None = None) -> Document:
    """Make a new project folder (adding the .storyreel suffix if missing) and save it."""
    with creating_project(path, settings) as doc:
        pass
    return doc


def project_folder_for(path: str | os.PathLike) -> Path:
    """The folder a new project at `path` gets: `path` with .storyreel added if missing."""
    folder = Path(path)
    return folder if folder.suffix == SUFFIX else folder.with_name(folder.name + SUFFIX)


@contextmanager
def creating_project(
    path: str | os.PathLike,
    settings: Settings | None = None,
    finish: Callable[[Path], None] | None = None,
) -> Iterator[Document]:
    """A new project, built whole or not at all: the block fills the yielded document, whose
    folder is a hidden temporary one beside the final place; at its end the project is saved
    and the folder renamed into place (`doc.path` then names it). A failure or a kill in
    between leaves no project folder at all, never an empty or half-written one.
    `finish(folder)` runs after the save, before the rename (to record what was built).
    """
    folder = project_folder_for(path)
    name = folder.name.removesuffix(SUFFIX)
    project = Project(settings=settings or Settings(), tracks=default_tracks(), name=name)
    with new_folder(folder, ProjectError) as building:
        for sub in SUBFOLDERS:
            (building / sub).mkdir()
        doc = Document(project, building)
        yield doc
        save_project(doc, building)
        if finish is not None:
            finish(building)
    doc.path = folder


def read_project_data(file: Path) -> dict:
    """Read and migrate one project JSON file; ProjectError says what is wrong with it."""
    raw = _read_project_bytes(file)
    if not raw.strip():
        raise ProjectError(f"{file} is empty (damaged or truncated)")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if hasattr(exc, "lineno") else ""
        raise ProjectError(f"{file} is damaged: not valid JSON{where}") from None
    except RecursionError:
        raise ProjectError(f"{file} is damaged: its JSON nests too deeply") from None
    except ValueError as exc:  # a number of thousands of digits, among others
        raise ProjectError(f"{file} is damaged: {exc}") from None
    try:
        data, _ = migrate(data)
    except FormatError as exc:
        raise ProjectError(f"{file}: {exc}") from None
    return data


def _read_project_bytes(file: Path) -> bytes:
    """The file's bytes, if it is a regular file of a sane size (not /dev/zero, not a FIFO)."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores it.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ProjectError(f"no project at {file.parent} ({file.name} is missing)") from None
    except OSError as exc:
        raise ProjectError(f"cannot read {file}: {_reason(exc)}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ProjectError(f"{file} is not a regular file")
        if info.st_size > MAX_PROJECT_BYTES:
            raise ProjectError(
                f"{file} is too large for a project ({info.st_size // 2**20} MB; "
                f"the limit is {MAX_PROJECT_BYTES // 2**20} MB)"
            )
        try:
            return fh.read(MAX_PROJECT_BYTES + 1)
        except OSError as exc:
            raise ProjectError(f"cannot read {file}: {_reason(exc)}") from None


def read_project(file: Path) -> Project:
    """Read, migrate and check one project file: a project every view can show."""
    data = read_project_data(file)
    try:
        return project_from_data(data)
    except FormatError as exc:
        raise ProjectError(f"{file}: {exc}") from None


def load_project(path: str | os.PathLike, recover: bool = False) -> Document:
    """Open a project folder. With `recover`, take its newer autosave instead."""
    folder = project_dir(path)
    if not folder.is_dir():
        raise ProjectError(f"no project folder at {folder}")
    file = autosave_file(folder) if recover else folder / PROJECT_FILE
    project = read_project(file)
    if not recover:
        clear_interrupted_imports(folder, project)  # a killed batch import leaves no orphans
    mark_offline(project, folder)
    doc = Document(project, folder)
    if recover:
        doc.revision = 1  # recovered work is unsaved until the user saves it
    return doc


def mark_offline(project: Project, folder: Path) -> list[Asset]:
    """Flag assets whose files are missing or not media (a device, a FIFO, a system file).

    Returns them. Their clips stay in place; nothing opens an offline asset's file.
    """
    missing = []
    for asset in project.assets.values():
        asset.offline = media_problem(folder, asset) is not None
        if asset.offline:
            missing.append(asset)
    return missing


def stored_path(folder: Path, file: Path) -> str:
    """How a media path is written: relative (POSIX) inside the project, else absolute."""
    file = Path(os.path.abspath(file))
    try:
        return file.relative_to(Path(os.path.abspath(folder))).as_posix()
    except ValueError:
        return str(file)


def check_inside(folder: Path, path: Path) -> None:
    """Refuse `path` when it is (or passes through) a link leading out of the project folder:
    a write there would land in another project or anywhere on the disk."""
    real_folder = Path(os.path.realpath(folder))
    real = Path(os.path.realpath(path))
    if real != real_folder and real_folder not in real.parents:
        raise ProjectError(
            f"{path} is a link to {real}, outside the project folder {folder.name}: "
            "Storyreel writes only inside the project; make it a real folder"
        )


def project_subfolder(folder: Path, name: str) -> Path:
    """`folder/name` (media, autosave), made if missing and checked to be inside `folder`."""
    sub = folder / name
    check_inside(folder, sub)
    try:
        sub.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"cannot write to {folder}: {_reason(exc)}") from None
    return sub


def save_project(doc: Document, path: str | os.PathLike | None = None) -> Path:
    """Write project.json atomically; on any failure the previous file is untouched."""
    folder = project_dir(path) if path is not None else doc.path
    if folder is None:
        raise ProjectError("the project has no folder yet: choose where to save it")
    for sub in GUARDED:
        check_inside(folder, folder / sub)  # before anything is written, or the autosave dropped
    for sub in SUBFOLDERS:
        try:
            (folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"cannot save to {folder}: {_reason(exc)}") from None
    revision = doc.revision
    target = folder / PROJECT_FILE
    atomic_write(target, encode(doc.project))
    doc.path = folder
    doc.saved_revision = revision
    doc.close_merge()
    discard_autosave(folder)
    return target


def encode(project: Project, **extra) -> bytes:
    data = project_to_data(project)
    data.update(extra)
    return _dumps(data)


def _dumps(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def atomic_write(target: Path, payload: bytes) -> None:
    """Write to a temp file beside the target, fsync, then rename over it."""
    write_bytes(target, payload, ProjectError)


def _reason(exc: OSError) -> str:
    return reason(exc)


# -- autosave -------------------------------------------------------------------------------


def autosave_file(folder: Path) -> Path:
    return folder / "autosave" / PROJECT_FILE


def autosave_project(doc: Document) -> Path | None:
    """Write the unsaved state beside the project file; the project file is untouched."""
    write = autosave_writer(doc)
    return write() if write is not None else None


def autosave_writer(doc: Document) -> Callable[[], Path] | None:
    """The project as it is now, as a function that writes its autosave.

    Taking the snapshot is quick and happens here; the function encodes and writes it
    (with its fsync) and may run on another thread, so the editor does not wait on the
    disk. The snapshot shares nothing with the project.
    """
    if doc.path is None:
        return None
    data = project_to_data(doc.project)
    data["autosaved_at"] = time.time()
    folder = doc.path
    target = autosave_file(folder)

    def write() -> Path:
        project_subfolder(folder, target.parent.name)
        atomic_write(target, _dumps(data))
        return target

    return write


def discard_autosave(folder: Path) -> None:
    try:
        check_inside(folder, autosave_file(folder))
        autosave_file(folder).unlink(missing_ok=True)
    except (OSError, ProjectError):
        pass  # a stale autosave is harmless: it is only offered when newer


def recovery_available(path: str | os.PathLike) -> bool:
    """True when an autosave newer than the saved project exists and loads.

    It is read and checked as an open would: an autosave that would be refused is not
    offered, so choosing "Recover" never ends in an error.
    """
    return _recovery(path) == ""


def recovery_refused(path: str | os.PathLike) -> str:
    """Why a newer autosave is not offered for recovery ("" when there is none, or it is
    offered): the editor says so instead of passing it over in silence."""
    reason = _recovery(path)
    return "" if reason in ("", _NONE) else reason


_NONE = "no newer autosave"


def _recovery(path: str | os.PathLike) -> str:
    """ "" when a newer autosave loads; _NONE when there is none; else why it is refused."""
    folder = project_dir(path)
    auto = autosave_file(folder)
    saved = folder / PROJECT_FILE
    try:
        check_inside(folder, auto)  # another project's file is not this one's recovery
        if not auto.exists():
            return _NONE
        if saved.exists() and auto.stat().st_mtime_ns <= saved.stat().st_mtime_ns:
            return _NONE
        read_project(auto)
    except (OSError, ProjectError) as exc:
        return str(exc) or type(exc).__name__
    return ""


class Autosaver:
    """Debounces autosaves: save once edits have paused for `delay` seconds.

    Qt-free; the UI calls `poll()` from a timer, tests pass their own clock.
    """

    def __init__(self, doc: Document, delay: float = 5.0, clock=time.monotonic) -> None:
        self.doc = doc
        self.delay = delay
        self.clock = clock
        self._last_edit: float | None = None
        self._saved_revision = doc.revision
        doc.subscribe(self._on_change)

    def _on_change(self, _change) -> None:
        self._last_edit = self.clock()

    def pending(self) -> bool:
        """Edits not saved nor autosaved yet."""
        if self._last_edit is None or self.doc.revision == self._saved_revision:
            return False
        return self.doc.modified

    def due(self) -> bool:
        return self.pending() and self.clock() - self._last_edit >= self.delay

    def take(self, at_once: bool = False) -> Callable[[], Path] | None:
        """When an autosave is due (`at_once`: whenever edits are pending, as the editor
        ends): its writer (`autosave_writer`), to run on any thread."""
        if not (self.pending() if at_once else self.due()) or self.doc.path is None:
            return None
        self._saved_revision = self.doc.revision
        return autosave_writer(self.doc)

    def poll(self) -> Path | None:
        """Autosave now if due; returns the file written, if any."""
        write = self.take()
        return write() if write is not None else None
