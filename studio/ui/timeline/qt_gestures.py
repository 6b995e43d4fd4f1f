"""Mouse gestures on the timeline as edits: a drag moves or trims through one merged undo step.

Each step of a drag applies an edit with the gesture's merge key, so the document stays
the truth while dragging and undo takes the whole drag back at once. No Qt here.
"""

from __future__ import annotations

import itertools

from studio.model.edits import TrimClip
from studio.ui.qt_session import EditSession
from studio.ui.timeline.snapping import nearest, snap_delta, snap_points
from studio.workflows.timeline.editing import move_edit, origins

_keys = itertools.count(1)


class _Gesture:
    def __init__(self, session: EditSession, tolerance: float, window: tuple[int, int]) -> None:
        self.session = session
        self.tolerance = tolerance  # frames
        self.window = window  # frames worth collecting snap points in
        self.merge_key = (type(self).__name__, next(_keys))
        self.refused = ""
        self.snapped_at: int | None = None
        self.changed = False

    def _points(self, exclude) -> list[int]:
        return snap_points(self.session.project, *self.window, exclude, self.session.playhead)

    def _apply(self, edit) -> bool:
        result = self.session.apply(edit, quiet=True)
        if result.ok:
            self.refused = ""
            self.changed = True
        else:
            self.refused = result.reason
            self.session.message.emit(f"{edit.label} refused: {result.reason}")
        return result.ok

    def finish(self) -> None:
        """End the drag: whatever it changed is one undo step."""
        self.session.doc.close_merge()
        self.snapped_at = None


class MoveGesture(_Gesture):
    """Drag selected clips in time and to other tracks of the same kind."""

    def __init__(
        self, session, clip_ids, press_frame, press_row, tolerance, window, linked=True
    ) -> None:
        super().__init__(session, tolerance, window)
        self.linked = linked  # Alt held at the press: the clips alone, not their links
        project = session.project
        self.moved = origins(project, clip_ids)
        self.press_frame = press_frame
        self.press_row = press_row
        self.edges = sorted(
            {o.start for o in self.moved}
            | {o.start + project.clip(o.clip_id).duration for o in self.moved}
        )
        self.points = self._points(clip_ids)
        self._point_set = set(self.points)
        self.at = (0, 0)

    def update(self, frame: float, row: int | None) -> None:
        delta = round(frame - self.press_frame)
        rows = self.at[1] if row is None else row - self.press_row
        self.snapped_at = None
        if self.session.snapping:
            snapped = snap_delta(self.points, self.edges, delta, self.tolerance)
            if snapped != delta:
                delta = snapped
                self.snapped_at = next(
                    (e + delta for e in self.edges if e + delta in self._point_set), None
                )
        if (delta, rows) == self.at:
            return
        project = self.session.project
        edit = move_edit(project, self.moved, delta, rows, self.merge_key, self.linked)
        if isinstance(edit, str):
            self.refused = edit
            return
        if self._apply(edit):
            self.at = (delta, rows)


class TrimGesture(_Gesture):
    """Drag one edge of a clip; the other edge stays."""

    def __init__(self, session, clip_id: str, edge: str, tolerance, window, linked=True) -> None:
        super().__init__(session, tolerance, window)
        self.linked = linked
        self.clip_id = clip_id
        self.edge = edge
        self.points = self._points([clip_id])
        clip = session.project.clip(clip_id)
        self.at = clip.start if edge == "start" else clip.end

    def update(self, cut: int) -> None:
        self.snapped_at = None
        if self.session.snapping:
            hit = nearest(self.points, cut, self.tolerance)
            if hit is not None:
                cut = self.snapped_at = hit
        if cut == self.at:
            return
        trim = TrimClip(self.clip_id, self.edge, cut, merge_key=self.merge_key, linked=self.linked)
        if self._apply(trim):
            self.at = cut
