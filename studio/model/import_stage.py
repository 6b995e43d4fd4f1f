"""All-or-nothing media copies for a batch import: stage, list, publish, save, clear.

A batch import copies its files into a hidden stage `media/.import-<id>/`, writes there the
names it is about to publish (`publish.json`), moves the copies into `media/`, saves
`project.json`, and removes the stage. A kill at any moment leaves at most a stage behind;
the next load of the project undoes what the stage published that `project.json` does not
use, so the project is as before the import or as after it, never in between.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from studio.model.entities import new_id
from studio.model.project import Project

STAGE_PREFIX = ".import-"
PUBLISH_LIST = "publish.json"


def new_stage(folder: Path) -> Path:
    """A fresh, empty stage folder in the project's media/."""
    media = folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    # The pid lets a load in another process tell a running import from a killed one.
    stage = media / f"{STAGE_PREFIX}{os.getpid()}-{new_id('')}"
    stage.mkdir()
    return stage


def write_publish_list(stage: Path, names: Iterable[str]) -> None:
    """Record, durably, the media/ names the stage is about to publish."""
    listing = stage / PUBLISH_LIST
    temp = stage / f".{PUBLISH_LIST}.tmp"
    with open(temp, "w", encoding="utf-8") as file:
        json.dump(list(names), file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temp, listing)
    fsync_folder(stage)


def remove_stage(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)


def clear_interrupted_imports(folder: Path, project: Project) -> list[str]:
    """Undo imports that were killed before they finished: remove each stage, and the files
    it published into media/ that the project does not use. Returns the names removed."""
    media = folder / "media"
    try:
        stages = [p for p in media.iterdir() if p.name.startswith(STAGE_PREFIX)]
    except OSError:
        return []
    used = {_normal(folder, asset.path) for asset in project.assets.values()}
    removed = []
    for stage in stages:
        if stage.is_symlink() or not stage.is_dir() or _running(stage):
            continue
        for name in _published(stage):
            target = media / name
            if _normal(folder, target) in used or not target.is_file() or target.is_symlink():
                continue
            try:
                target.unlink()
                removed.append(name)
            except OSError:
                pass  # a read-only project: the next writable load tries again
        remove_stage(stage)
    return removed


def _running(stage: Path) -> bool:
    """Whether the import that made the stage may still be running (in another process)."""
    pid = stage.name.removeprefix(STAGE_PREFIX).split("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid() or os.name == "nt":
        return False  # (on Windows os.kill would end the process, not ask about it)
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else
    return True


def _published(stage: Path) -> list[str]:
    try:
        names = json.loads((stage / PUBLISH_LIST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # killed before publishing: nothing reached media/
    # Plain names only: a damaged list must not reach outside media/.
    return [
        n
        for n in names
        if isinstance(n, str)
        and Path(n).name == n
        and n not in ("", ".", "..")
        and not n.startswith(STAGE_PREFIX)
    ]


def _normal(folder: Path, path: str | os.PathLike) -> str:
    path = Path(path)
    return os.path.normcase(os.path.abspath(path if path.is_absolute() else folder / path))


def fsync_folder(folder: Path) -> None:
    """Make renames in `folder` durable; not possible on every platform, harmless to skip."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
