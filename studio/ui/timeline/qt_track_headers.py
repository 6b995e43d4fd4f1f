"""Track headers beside the canvas: name and the mute, solo, lock and hide switches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from studio.model import Track, TrackKind
from studio.model.edits import SetTrackFlags
from studio.ui.timeline.geometry import HEADER_WIDTH, TimelineGeometry

# (flag, button text, tooltip); audio tracks mute, picture tracks hide.
FLAGS = {
    TrackKind.VIDEO: (("hidden", "H", "Hide"), ("solo", "S", "Solo"), ("locked", "L", "Lock")),
    TrackKind.AUDIO: (("muted", "M", "Mute"), ("solo", "S", "Solo"), ("locked", "L", "Lock")),
    TrackKind.TEXT: (("hidden", "H", "Hide"), ("locked", "L", "Lock")),
}
KIND_COLORS = {TrackKind.VIDEO: "#3b679c", TrackKind.AUDIO: "#3f7f4e", TrackKind.TEXT: "#6d5596"}


class TrackHeader(QFrame):
    def __init__(self, track: Track, session, parent=None) -> None:
        super().__init__(parent)
        self.track_id = track.id
        self.session = session
        self.setObjectName("trackHeader")
        self.setStyleSheet(
            f"#trackHeader {{ background: #2b2d32; border-bottom: 1px solid #17181a;"
            f" border-left: 4px solid {KIND_COLORS[track.kind]}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.setSpacing(1)
        self.name = QLabel(track.name)
        self.name.setStyleSheet("color: #e6e6e6; font-weight: 600; background: transparent;")
        layout.addWidget(self.name)
        row = QHBoxLayout()
        row.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for flag, text, tip in FLAGS[track.kind]:
            button = QToolButton(text=text, checkable=True, toolTip=f"{tip} {track.name}")
            button.setFixedSize(22, 18)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda on, f=flag: self._toggle(f, on))
            row.addWidget(button)
            self.buttons[flag] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh(track)

    def refresh(self, track: Track) -> None:
        self.name.setText(track.name)
        for flag, button in self.buttons.items():
            button.setChecked(bool(getattr(track, flag)))

    def _toggle(self, flag: str, on: bool) -> None:
        if not self.session.apply(SetTrackFlags(self.track_id, {flag: on})):
            track = self.session.project.track(self.track_id)
            if track is not None:
                self.refresh(track)


class TrackHeaders(QWidget):
    def __init__(self, geo: TimelineGeometry, parent=None) -> None:
        super().__init__(parent)
        self.geo = geo
        self.session = None
        self.headers: dict[str, TrackHeader] = {}
        self.setFixedWidth(HEADER_WIDTH)
        self.setObjectName("trackHeaders")
        self.setStyleSheet("#trackHeaders { background: #1d1e21; }")
        # A plain QWidget subclass ignores a style sheet background unless asked; without it
        # the empty space below the last header kept whatever was drawn there before (a
        # stale "Timeline | Score" tab bar in screenshots).
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def rebuild(self) -> None:
        for header in self.headers.values():
            header.deleteLater()
        self.headers = {}
        if self.session is None:
            return
        for track in self.session.project.tracks:
            header = TrackHeader(track, self.session, self)
            header.show()
            self.headers[track.id] = header
        self.place()

    def refresh(self, track_ids: set[str]) -> None:
        for track_id in track_ids:
            track = self.session.project.track(track_id)
            if track is not None and track_id in self.headers:
                self.headers[track_id].refresh(track)

    def place(self) -> None:
        """Line the headers up with their rows (after a scroll or a relayout)."""
        if self.session is None:
            return
        for row, track in enumerate(self.session.project.tracks):
            header = self.headers.get(track.id)
            if header is not None:
                header.setGeometry(0, self.geo.row_top(row), self.width(), self.geo.heights[row])
