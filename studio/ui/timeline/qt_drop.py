"""Drops onto the timeline: assets from the bin and files from the file manager, previewed."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent

from studio.model import Clip, Project, new_id
from studio.model.edits import InsertClip, Macro, check_placement
from studio.model.transaction import EditError
from studio.ui.mime import ASSET_MIME, decode_assets


@dataclass
class Ghost:
    """A clip-to-be drawn while dragging: where it would land and whether it may."""

    row: int
    start: int
    duration: int
    label: str
    ok: bool = True


def _accept_as_copy(event) -> None:
    # Always a copy: a "move" drop would make the asset bin drop the item it dragged.
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()


def local_files(event) -> list[str]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


def asset_clips(project: Project, asset_ids: list[str], start: int) -> list[Clip]:
    """Fresh clips for assets laid end to end from `start` (stills get the default length)."""
    clips, cursor = [], start
    fps = project.settings.fps
    for asset_id in asset_ids:
        asset = project.assets.get(asset_id)
        if asset is None:
            continue
        length = asset.length_frames(fps) or project.settings.still_frames
        clips.append(Clip(new_id("c"), asset.id, cursor, length, 0, asset.name))
        cursor += length
    return clips


class DropTarget:
    """The canvas delegates its drag events here."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas

    def accepts(self, event) -> bool:
        mime = event.mimeData()
        return mime.hasFormat(ASSET_MIME) or bool(local_files(event))

    def _where(self, event: QDragMoveEvent) -> tuple[int | None, int]:
        pos = event.position()
        geo = self.canvas.geo
        return geo.row_at(pos.y()), self.canvas.snap_frame(geo.frame_at(pos.x()))

    def preview(self, event: QDragMoveEvent) -> None:
        row, frame = self._where(event)
        project = self.canvas.session.project
        mime = event.mimeData()
        if mime.hasFormat(ASSET_MIME):
            ids = decode_assets(mime.data(ASSET_MIME).data())
            ghosts = self._asset_ghosts(project, row, asset_clips(project, ids, frame))
        else:
            count = len(local_files(event))
            label = f"import {count} file{'s' * (count != 1)}"
            row = 0 if row is None else row
            ghosts = [Ghost(row, frame, project.settings.still_frames, label)]
        self.canvas.show_ghosts(ghosts)
        _accept_as_copy(event)

    @staticmethod
    def _asset_ghosts(project: Project, row: int | None, clips: list[Clip]) -> list[Ghost]:
        if row is None:
            return []
        track = project.tracks[row]
        ghosts = []
        for clip in clips:
            try:
                check_placement(project, track, clip)
                ghosts.append(Ghost(row, clip.start, clip.duration, clip.name))
            except EditError as exc:
                ghosts.append(Ghost(row, clip.start, clip.duration, str(exc), ok=False))
        return ghosts

    def drop(self, event: QDropEvent) -> None:
        self.canvas.show_ghosts([])
        row, frame = self._where(event)
        session = self.canvas.session
        project = session.project
        track_id = project.tracks[row].id if row is not None else None
        mime = event.mimeData()
        _accept_as_copy(event)
        if mime.hasFormat(ASSET_MIME):
            if track_id is None:
                session.message.emit("Drop refused: drop media onto a track")
                return
            clips = asset_clips(project, decode_assets(mime.data(ASSET_MIME).data()), frame)
            if not clips:
                return
            label = f"Place {clips[0].name}" if len(clips) == 1 else f"Place {len(clips)} clips"
            edit = Macro(label, [InsertClip(track_id, clip) for clip in clips])
            if session.apply(edit):
                session.select(c.id for c in clips)
        else:
            self.canvas.importer.import_files(local_files(event), frame, track_id)
