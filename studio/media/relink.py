"""Relink: point an asset at another file, chosen by hand or found by name in a folder.

Qt-free, for the media bin and `storyreel relink` alike. The file is checked (a regular
media file, not a system file) and probed here; the change itself is the model's
`RelinkAsset` edit, so it is one undo step and refuses a file too short for the clips.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.errors import MediaError
from studio.media.probe import cannot_read, probe
from studio.model import Asset, MediaKind, Project
from studio.model.edits import RelinkAsset
from studio.model.files import stored_path
from studio.model.media_files import SYSTEM_FOLDERS

# A folder search stops after this many entries: a search of / must not take all day.
MAX_SEARCHED = 200_000


def check_media_file(file: Path) -> Path:
    """The file, links followed, if it can be media; MediaError says why not."""
    try:
        resolved = file.resolve(strict=True)
        mode = resolved.stat().st_mode
    except (OSError, RuntimeError):
        raise cannot_read(file, "no such file") from None
    if os.name == "posix" and any(resolved.is_relative_to(s) for s in SYSTEM_FOLDERS):
        raise cannot_read(file, "it is a system file, not media")
    if not stat.S_ISREG(mode):
        raise cannot_read(file, "not a regular file (a folder, device or FIFO)")
    return resolved


def relink_facts(file: Path) -> dict[str, Any]:
    """What the asset learns from its new file: kind, size, rate, length, sound."""
    info = probe(check_media_file(file))
    return {
        "kind": MediaKind(info.kind),
        "width": info.width,
        "height": info.height,
        "fps": info.fps,
        "frames": info.frames,
        "sample_rate": info.sample_rate,
        "samples": info.samples,
        "channels": info.channels,
        "has_audio": info.has_audio,
    }


def relink_edit(project_folder: Path, asset: Asset, file: Path) -> RelinkAsset:
    """The edit that points `asset` at `file` (probed now; slow for a large video header)."""
    facts = relink_facts(file)
    if facts["kind"] != asset.kind:
        raise MediaError(
            f"{asset.name or asset.id} is {asset.kind} media; {file.name} is {facts['kind']}"
        )
    return RelinkAsset(asset.id, stored_path(project_folder, Path(os.path.abspath(file))), facts)


@dataclass(frozen=True)
class Found:
    asset: Asset
    file: Path


def find_by_name(project: Project, search: Path, only_offline: bool = True) -> list[Found]:
    """Files under `search` named as assets' files were (first match, case-insensitive)."""
    assets = [a for a in project.assets.values() if a.offline or not only_offline]
    return find_files_named(assets, search)


def find_files_named(assets: list[Asset], search: Path) -> list[Found]:
    """For each asset, the first file under `search` with its file's name, if any.

    Walks without following links, skips hidden folders, and stops after MAX_SEARCHED
    entries.
    """
    wanted: dict[str, list[Asset]] = {}
    for asset in assets:
        wanted.setdefault(Path(asset.path).name.casefold(), []).append(asset)
    found: list[Found] = []
    seen = 0
    for root, dirs, files in os.walk(search):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            seen += 1
            assets = wanted.pop(name.casefold(), None)
            if assets:
                found.extend(Found(asset, Path(root) / name) for asset in assets)
        seen += len(dirs)
        if not wanted or seen > MAX_SEARCHED:
            break
    return found


@dataclass(frozen=True)
class FolderRelink:
    """What a search of a folder found: an edit per asset found, and what went wrong."""

    edits: list[RelinkAsset]
    problems: list[str]
    missing: list[str]  # names of the assets not found at all


def relink_from_folder(project_folder: Path, assets: list[Asset], search: Path) -> FolderRelink:
    """Search `search` for the assets' files by name and probe each one found.

    Runs in a worker process for the media bin: a large folder takes a while to walk.
    """
    found = find_files_named(assets, search)
    edits, problems = [], []
    for hit in found:
        try:
            edits.append(relink_edit(project_folder, hit.asset, hit.file))
        except MediaError as exc:
            problems.append(str(exc))
    located = {hit.asset.id for hit in found}
    missing = [a.name or a.id for a in assets if a.id not in located]
    return FolderRelink(edits, problems, missing)
