"""The work playback and delivery send to worker processes: composited frames, proxies, OTIO.

No Qt here: these run in the spawn pools of studio.ui.qt_workers, so a decode or a
composite never holds the GUI thread's GIL.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from studio.workflows.media_jobs import RawImage

# The worker keeps one compositor (its open video readers and decoded pictures) for the
# document version it was last asked about: consecutive batches of one playback reuse it.
_current: tuple[tuple, object] | None = None


def compose_frames(
    key: tuple,
    project_blob: bytes,
    folder: Path | None,
    size: tuple[int, int],
    use_proxies: bool,
    frames: list[int],
) -> list[RawImage]:
    """Timeline frames composited at `size`; `key` names the project version in the blob."""
    global _current
    from studio.media.compose import Compositor

    if _current is None or _current[0] != key:
        if _current is not None:
            _current[1].close()
        project = pickle.loads(project_blob)
        _current = (key, Compositor(project, folder, size, use_proxies=use_proxies))
    compositor = _current[1]
    return [RawImage(size[0], size[1], compositor.frame(n).tobytes()) for n in frames]


def make_proxy(source: Path, cache_dir: Path) -> bool:
    """Make the playback proxy of `source`; False when it existed already."""
    from studio.media.decode import existing_proxy
    from studio.media.decode import make_proxy as make

    if existing_proxy(cache_dir, source) is not None:
        return False
    make(source, cache_dir)
    return True


def new_project_from_otio(folder: Path, otio_file: Path) -> tuple[Path, list[str]]:
    """Create a project folder from an .otio file: its path (the document stays here) and
    what the import dropped or approximated, one line each."""
    from studio.media.otio_io import project_from_otio

    doc, warnings = project_from_otio(folder, otio_file)
    return doc.path, warnings


def export_otio(project_blob: bytes, folder: Path, out: Path) -> Path:
    from studio.media.otio_io import export_otio as export

    return export(pickle.loads(project_blob), folder, out)
