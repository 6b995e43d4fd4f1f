"""Whether an asset's file can be used as media: there, a regular file, not a system file.

A project file names its media by path, and a crafted one can name `/dev/zero`, a FIFO or
`/etc/shadow`. Such an asset is treated as offline: nothing opens it, render refuses it
unless told to render offline media, and the user can relink it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from studio.model.entities import Asset
from studio.model.project import Project

# Folders that hold devices, kernel views and system configuration, never media.
SYSTEM_FOLDERS = tuple(
    Path(p) for p in ("/dev", "/proc", "/sys", "/etc", "/boot", "/run", "/private/etc")
)


def media_path(folder: Path, asset: Asset) -> Path:
    path = Path(asset.path)
    return path if path.is_absolute() else folder / path


def resolved_media_path(folder: Path, asset: Asset) -> Path | None:
    """The file an asset names, links followed; None when it is not there."""
    try:
        return media_path(folder, asset).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, unreadable, or a loop of links
        return None


def media_problem(folder: Path, asset: Asset) -> str | None:
    """Why an asset's file cannot be used as media, or None when it can."""
    path = resolved_media_path(folder, asset)
    if path is None:
        return "missing"
    if os.name == "posix" and any(path.is_relative_to(system) for system in SYSTEM_FOLDERS):
        return f"{path} is a system file, not media"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "missing"
    if not stat.S_ISREG(mode):
        return f"{path} is {_kind_of(mode)}, not a media file"
    return None


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def unusable_media(project: Project, folder: Path) -> dict[str, str]:
    """Asset id → why its file cannot be used, for every asset that cannot."""
    problems = {}
    for asset in project.assets.values():
        problem = media_problem(folder, asset)
        if problem is not None:
            problems[asset.id] = problem
    return problems


def media_outside(project: Project, folder: Path) -> list[Asset]:
    """Assets whose files (links followed) lie outside the project folder."""
    try:
        root = folder.resolve()
    except (OSError, RuntimeError):
        return []
    outside = []
    for asset in project.assets.values():
        path = resolved_media_path(folder, asset)
        if path is not None and not path.is_relative_to(root):
            outside.append(asset)
    return outside


def describe_outside(assets: list[Asset], limit: int = 3) -> str:
    """One line warning about media outside the project folder."""
    names = ", ".join(a.name or a.id for a in assets[:limit])
    more = f" and {len(assets) - limit} more" if len(assets) > limit else ""
    return (
        f"{len(assets)} media file(s) lie outside the project folder ({names}{more}); "
        "they are not kept with the project"
    )
