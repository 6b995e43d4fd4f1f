"""What built the sample project, so a later start knows whether to keep, rebuild or set it aside.

The record, `sample.json` inside the sample, names the sample version and lists every file
the build wrote (with project.json's digest). On the next start a sample is up to date
(complete and of this version, changed by the user or not: opened as it is); or else it is
rebuilt, after being moved aside under another name when the user changed or added to it
(never overwritten, never deleted).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from studio.atomic import remove_folder, write_text
from studio.errors import ProjectError
from studio.model.files import PROJECT_FILE, load_project
from studio.paths import SAMPLE_NAME, resources_dir

SAMPLE_VERSION = 3  # raise it when the sample's code changes what it builds
RECORD = "sample.json"
KEPT_AS = "{stem} (edited{number}).storyreel"

MISSING, UP_TO_DATE, STALE, EDITED = "missing", "up to date", "stale", "edited"


def sample_version() -> str:
    """This build's sample: the code's version and a digest of its sources in resources/."""
    digest = hashlib.sha256()
    for name in ("shots.json", "sample.fountain"):
        digest.update((resources_dir() / "sample" / name).read_bytes())
    return f"{SAMPLE_VERSION}-{digest.hexdigest()[:12]}"


def write_record(folder: Path) -> None:
    """Record, inside a just-built sample, which version built it and the files it wrote."""
    record = {
        "sample_version": sample_version(),
        "project_sha256": _digest(folder / PROJECT_FILE),
        "files": _files(folder),
    }
    write_text(folder / RECORD, json.dumps(record, indent=1, sort_keys=True), ProjectError)


def ready_sample(root: Path | None = None) -> Path | None:
    """The sample's folder if it is built and up to date (a few ms: it can be opened at
    once, on any thread); None when it must be built first."""
    from studio.paths import user_data_dir

    folder = (root or user_data_dir()) / SAMPLE_NAME
    return folder if sample_state(folder) == UP_TO_DATE else None


def sample_state(folder: Path) -> str:
    """MISSING, UP_TO_DATE, STALE or EDITED (see the module's docstring).

    A complete sample of this version is up to date even when the user changed it: it is
    theirs to work in. Otherwise it is rebuilt, after being moved aside if it was changed.
    """
    if not folder.exists() and not folder.is_symlink():
        return MISSING
    if folder.is_symlink() or not folder.is_dir():
        return EDITED  # not a folder we made
    files = _files(folder)
    record = _read_record(folder)
    if record is None:  # built by a version that kept no record, or its build was cut short
        return STALE if _unused_leftover(folder, files) else EDITED
    recorded = record.get("files")
    if not isinstance(recorded, dict):
        recorded = {}
    project_changed = _digest(folder / PROJECT_FILE) != record.get("project_sha256")
    edited = bool(set(files) - set(recorded)) or project_changed  # new takes, an autosave
    ours_intact = all(
        files.get(name) == size for name, size in recorded.items() if name != PROJECT_FILE
    )
    if ours_intact and record.get("sample_version") == sample_version() and _loads(folder):
        return UP_TO_DATE
    return EDITED if edited else STALE


def _loads(folder: Path) -> bool:
    try:
        load_project(folder)
    except ProjectError:
        return False
    return True


def keep_aside(folder: Path) -> Path:
    """Move a sample the user changed to "Sample (edited).storyreel" (or "edited 2", ...)."""
    stem = folder.name.removesuffix(".storyreel")
    number = 1
    while True:
        aside = folder.with_name(
            KEPT_AS.format(stem=stem, number="" if number == 1 else f" {number}")
        )
        if not aside.exists() and not aside.is_symlink():
            break
        number += 1
    try:
        os.rename(folder, aside)
    except OSError as exc:
        raise ProjectError(f"cannot move the edited sample aside to {aside.name}: {exc}") from None
    return aside


def remove(folder: Path) -> None:
    """Remove a stale sample (nothing of the user's in it)."""
    try:
        remove_folder(folder)
    except OSError as exc:
        raise ProjectError(f"cannot replace the old sample at {folder}: {exc}") from None


def _files(folder: Path) -> dict[str, int]:
    """Every file under `folder` with its size, but the disposable cache/ and the record."""
    found = {}
    for root, dirs, names in os.walk(folder):
        if Path(root) == folder:
            dirs[:] = [d for d in dirs if d != "cache"]
        for name in names:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if relative != RECORD:
                found[relative] = path.lstat().st_size
    return dict(sorted(found.items()))


def _read_record(folder: Path) -> dict | None:
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _unused_leftover(folder: Path, files: dict[str, int]) -> bool:
    """True for what an interrupted build by an older version left: a project.json at most
    (empty, damaged or an empty project), and nothing else a user could have made."""
    if set(files) - {PROJECT_FILE}:
        return False
    try:
        project = load_project(folder).project
    except ProjectError:
        return True
    return not project.assets and not any(t.clips for t in project.tracks)
