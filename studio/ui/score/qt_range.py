"""Choosing the stretch to score: typed timecodes, the timeline selection, or a scene."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from studio.ui.qt_params import ERROR_STYLE
from studio.workflows.score.prompt import scene_range
from studio.workflows.score.ranges import parse_timecode, sample_count, selection_range

WHOLE_REEL = "*reel*"  # the scenes list's entry for the timeline from start to end


class RangePicker(QWidget):
    """Frames [start, end); `changed` fires with a valid range, an error shows under it."""

    changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = None
        self._range: tuple[int, int] | None = None
        self.start_edit = QLineEdit(placeholderText="00:00:00:00")
        self.end_edit = QLineEdit(placeholderText="00:00:10:00")
        for edit in (self.start_edit, self.end_edit):
            edit.setStyleSheet("font-family: monospace;")
            edit.editingFinished.connect(self._typed)
        self.use_selection = QPushButton("Use Selection")
        self.use_selection.setToolTip("The span of the clips selected on the timeline")
        self.use_selection.clicked.connect(self.take_selection)
        self.scenes = QComboBox()
        self.scenes.setToolTip("Score a whole scene: the span of its shots on the timeline")
        self.scenes.activated.connect(self._scene_chosen)
        self.length = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("From"), 0, 0)
        grid.addWidget(self.start_edit, 0, 1)
        grid.addWidget(QLabel("to"), 0, 2)
        grid.addWidget(self.end_edit, 0, 3)
        grid.addWidget(self.use_selection, 1, 0, 1, 2)
        grid.addWidget(self.scenes, 1, 2, 1, 2)
        grid.addWidget(self.length, 2, 0, 1, 4)
        grid.addWidget(self.error, 3, 0, 1, 4)
        self.setEnabled(False)

    def set_session(self, session) -> None:
        self.session = session
        self._range = None
        self._follows = ""
        self.start_edit.clear()
        self.end_edit.clear()
        self.length.clear()
        self.setEnabled(session is not None)
        self.refresh_scenes()

    def range(self) -> tuple[int, int] | None:
        return self._range

    def follows(self) -> str:
        """What the range was taken from: "scene:ID", "shots:ID,ID", "reel" or ""."""
        return self._follows

    def set_range(self, start: int, end: int, follows: str = "") -> None:
        if self.session is None:
            return
        if end <= start:
            self._say(f"the range ends before it starts ({end} ≤ {start} frames)")
            return
        self._range = (start, end)
        self._follows = follows
        self.start_edit.setText(self.session.timecode(start))
        self.end_edit.setText(self.session.timecode(end))
        project = self.session.project
        seconds = (end - start) / float(project.settings.fps)
        samples = sample_count(project, start, end)
        self.length.setText(
            f"{self.session.timecode(end - start)} · {seconds:.2f} s · {samples:,} samples"
        )
        self._say("")
        self.changed.emit(start, end)

    def take_selection(self) -> None:
        if self.session is None:
            return
        span = selection_range(self.session.project, self.session.selection)
        if span is None:
            self._say("select clips on the timeline first")
            return
        project = self.session.project
        shots = [project.clip(c).shot_id for c in sorted(self.session.selection)]
        shots = [s for s in dict.fromkeys(shots) if s]
        self.set_range(*span, follows=f"shots:{','.join(shots)}" if shots else "")

    def refresh_scenes(self) -> None:
        """List the document's scenes (called when the script or the cut changes)."""
        wanted = [("Use scene…", None)]
        if self.session is not None:
            wanted.append(("The whole reel", WHOLE_REEL))
            wanted += [(s.heading or s.id, s.id) for s in self.session.project.scenes]
        combo = self.scenes
        have = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if have != wanted:
            self.scenes.clear()
            for text, scene_id in wanted:
                self.scenes.addItem(text, scene_id)

    def _scene_chosen(self, index: int) -> None:
        scene_id = self.scenes.itemData(index)
        self.scenes.setCurrentIndex(0)
        if scene_id is None or self.session is None:
            return
        if scene_id == WHOLE_REEL:
            end = self.session.project.duration
            if end <= 0:
                self._say("the timeline is empty")
            else:
                self.set_range(0, end, follows="reel")
            return
        span = scene_range(self.session.project, scene_id)
        if span is None:
            self._say(f"{self.scenes.itemText(index)} has no shots on the timeline")
        else:
            self.set_range(*span, follows=f"scene:{scene_id}")

    def _typed(self) -> None:
        if self.session is None or not self.start_edit.text() or not self.end_edit.text():
            return
        fps = self.session.project.settings.fps
        try:
            start = parse_timecode(self.start_edit.text(), fps)
            end = parse_timecode(self.end_edit.text(), fps)
        except ValueError as exc:
            self._say(str(exc))
            return
        if (start, end) != self._range:
            self.set_range(start, end)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
