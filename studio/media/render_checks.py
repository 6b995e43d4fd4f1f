"""What a render checks before it writes a byte.

Never onto a source of the project (a medium its timeline plays, its project file or
autosave); never over an existing file unless the user said so; never with offline media
unless the user said so. The command line and the render dialog ask the same questions.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from studio.errors import UserError
from studio.media.mix import audible_tracks
from studio.model import Project, TrackKind
from studio.model.files import PROJECT_FILE, autosave_file
from studio.model.media_files import media_problem, resolved_media_path

_SEQUENCE_SUFFIX = ".png"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _sequence_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(re.escape(out.stem) + r"_\d{5,}\.png", re.IGNORECASE)


def output_matches(out: Path, candidate: Path) -> bool:
    """Whether a render to `out` writes `candidate` (a PNG sequence writes out_00000.png...)."""
    out, candidate = _resolved(out), _resolved(candidate)
    if out.suffix.lower() == _SEQUENCE_SUFFIX:
        return candidate.parent == out.parent and bool(
            _sequence_pattern(out).fullmatch(candidate.name)
        )
    return candidate == out or (out.exists() and candidate.exists() and out.samefile(candidate))


def source_conflict(project: Project, folder: Path | None, out: Path) -> str | None:
    """What of the project a render to `out` would overwrite, or None."""
    if folder is not None:
        for own in (folder / PROJECT_FILE, autosave_file(folder)):
            if output_matches(out, own):
                return f"the project's own file {own.name}"
    base = folder if folder is not None else Path.cwd()
    for asset in project.assets.values():
        source = resolved_media_path(base, asset)
        if source is not None and output_matches(out, source):
            return f"the media of asset {asset.name or asset.id}"
    return None


def check_not_a_source(project: Project, folder: Path | None, out: Path) -> None:
    """UserError when rendering to `out` would replace a source of the project."""
    conflict = source_conflict(project, folder, out)
    if conflict is not None:
        raise UserError(f"cannot render to {out}: it is {conflict}, a source of the project")


def existing_outputs(out: Path) -> list[Path]:
    """The files a render to `out` would replace."""
    if out.suffix.lower() != _SEQUENCE_SUFFIX:
        return [out] if out.is_file() or out.is_symlink() else []
    if not out.parent.is_dir():
        return []
    pattern = _sequence_pattern(out)
    return sorted(p for p in out.parent.iterdir() if pattern.fullmatch(p.name))


def offline_media(project: Project, folder: Path | None, frames: tuple[int, int]) -> dict[str, str]:
    """Asset id → why it is offline, for the assets seen or heard in `frames`."""
    start, end = frames
    base = folder if folder is not None else Path.cwd()
    playing = [t for t in project.tracks if t.kind is not TrackKind.AUDIO and not t.hidden]
    playing += audible_tracks(project)
    problems: dict[str, str] = {}
    for track in playing:
        for clip in track.clips:
            if clip.asset_id is None or clip.asset_id in problems or not clip.enabled:
                continue
            if clip.start >= end or clip.start + clip.duration <= start:
                continue
            asset = project.assets.get(clip.asset_id)
            if asset is None:
                continue
            problem = "missing" if asset.offline else None
            problem = media_problem(base, asset) or problem
            if problem is not None:
                problems[asset.id] = problem
    return problems


def describe_offline(project: Project, problems: dict[str, str], limit: int = 3) -> str:
    """One line naming the offline assets: "2 media offline: a1 (intro.png: missing), ..."."""
    parts = []
    for asset_id, problem in list(problems.items())[:limit]:
        asset = project.assets[asset_id]
        parts.append(f"{asset_id} ({asset.name or asset.path}: {problem})")
    more = f" and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} media offline: {', '.join(parts)}{more}"


def safe_file_stem(name: str, fallback: str = "Untitled") -> str:
    """A project name made fit to be one file name in a chosen folder.

    No folder separators, no `..`, no control characters, no leading dot or dash, not
    too long: a crafted name ("../../etc/x") cannot point the default output elsewhere.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r'[\\/:*?"<>|]+', " ", text)
    text = re.sub(r"\s+", " ", text).lstrip(" .-").strip()
    text = text[:80].rstrip(" .")
    return text or fallback
