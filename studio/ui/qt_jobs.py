"""The Jobs dock: every generation job with its state, progress, latest preview and actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.engine.jobs import Job, JobState
from studio.ui.qt_bridge import EngineBridge

THUMB = QSize(96, 54)
BAR_STEPS = 1000
PROMPT_CHARS = 80
STATE_TEXT = {
    JobState.QUEUED: "Queued",
    JobState.RUNNING: "Running",
    JobState.DONE: "Done",
    JobState.FAILED: "Failed",
    JobState.CANCELLED: "Cancelled",
}
STATE_COLOUR = {JobState.FAILED: "#e06c60", JobState.DONE: "#7fbf7f", JobState.CANCELLED: "#999"}


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class JobRow(QFrame):
    """One job. It reads the job's state when told something changed; it never asks the engine."""

    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.thumb = QLabel(job.generator.output.value.upper())
        self.thumb.setFixedSize(THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("background: #1b1e22; color: #777; font-size: 9px;")
        prompt = " ".join(job.request.prompt.split())
        if len(prompt) > PROMPT_CHARS:
            prompt = prompt[: PROMPT_CHARS - 1] + "…"
        self.title = QLabel(
            f"<b>{_escape(job.generator.name or job.generator_id)}</b>"
            f"  <span style='color:#999'>#{job.id}</span>"
        )
        self.title.setToolTip(f"{job.generator_id}\n{job.request.prompt}")
        self.prompt = QLabel(_escape(prompt) or "<i>no prompt</i>")
        self.state = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = _button("Cancel", "Stop this job (within one step)")
        self.retry_button = _button("Retry", "Run the same request again (same seed)")
        self.open_button = _button("Open", "Open the generated file")
        self.place_button = _button("Place", "Place the take at the playhead (one undo step)")
        text = QVBoxLayout()
        text.setSpacing(2)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.state)
        text.addLayout(heading)
        text.addWidget(self.prompt)
        text.addWidget(self.bar)
        text.addWidget(self.message)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        for button in (self.cancel_button, self.retry_button, self.open_button, self.place_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        row.addLayout(buttons)
        self.can_place = False
        self.refresh()

    def refresh(self) -> None:
        job, state = self.job, self.job.state
        colour = STATE_COLOUR.get(state, "")
        self.state.setText(STATE_TEXT[state])
        self.state.setStyleSheet(f"color: {colour};" if colour else "")
        if state is JobState.DONE:
            self.bar.setValue(BAR_STEPS)
            self._say(job.path.name if job.path else "Done", str(job.path or ""))
        elif state is JobState.FAILED:
            self._say(job.error or "Failed", job.error or "", error=True)
        elif state is JobState.CANCELLED:
            self._say("Cancelled", "")
        elif state is JobState.RUNNING and not self.message.text():
            self._say(f"Running on {job.device}", "")
        self.cancel_button.setVisible(not state.finished)
        self.retry_button.setVisible(state.finished)
        has_file = state is JobState.DONE and job.path is not None
        self.open_button.setVisible(has_file)
        self.place_button.setVisible(has_file and self.can_place)

    def set_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(fraction * BAR_STEPS))
        if message:
            self._say(message, "")

    def set_picture(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.thumb.setPixmap(pixmap)

    def set_text_preview(self, text: str) -> None:
        self._say("…" + " ".join(text.split())[-PROMPT_CHARS:], text)

    def _say(self, text: str, tooltip: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setToolTip(tooltip)
        self.message.setStyleSheet("color: #e06c60;" if error else "color: #aaa;")


class JobsDock(QWidget):
    """Newest job first. Cancel and retry go to the engine without waiting for it."""

    place_requested = Signal(object)  # Job: a done take to put on the timeline
    message = Signal(str)

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.rows: dict[Job, JobRow] = {}
        self.open_file: Callable[[Path], None] = open_file
        self.can_place = False
        self.summary = QLabel()
        self.clear_button = QPushButton("Clear Finished")
        self.clear_button.clicked.connect(self.clear_finished)
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        header.addWidget(self.clear_button)
        self.empty = QLabel("No jobs yet. Generate… in the Generate menu starts one.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #888;")
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(4)
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)
        bridge.queued.connect(self._add)
        for signal in (bridge.started, bridge.finished, bridge.cancelled):
            signal.connect(self._refresh)
        bridge.failed.connect(lambda job, _reason: self._refresh(job))
        bridge.progress.connect(self._progress)
        bridge.preview.connect(self._picture)
        bridge.text_preview.connect(self._text)
        self._update_summary()

    def row(self, job: Job) -> JobRow | None:
        return self.rows.get(job)

    def set_can_place(self, on: bool) -> None:
        self.can_place = on
        for row in self.rows.values():
            row.can_place = on
            row.refresh()

    def clear_finished(self) -> None:
        for job in [job for job in self.rows if job.state.finished]:
            row = self.rows.pop(job)
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self._update_summary()

    def cancel(self, job: Job) -> None:
        job.cancel()  # a queued job ends now, a running one within a step: nothing to wait for

    def retry(self, job: Job) -> Job | None:
        engine = self.bridge.engine
        if engine is None:
            self.message.emit("Cannot retry: the engine has shut down")
            return None
        try:
            return engine.retry(job)
        except Exception as exc:  # noqa: BLE001 - e.g. the plugin was disabled meanwhile
            self.message.emit(f"Cannot retry job #{job.id}: {exc}")
            return None

    def _add(self, job: Job) -> None:
        if job in self.rows:
            return
        row = JobRow(job)
        row.can_place = self.can_place
        row.refresh()
        row.cancel_button.clicked.connect(lambda: self.cancel(job))
        row.retry_button.clicked.connect(lambda: self.retry(job))
        row.open_button.clicked.connect(lambda: job.path and self.open_file(job.path))
        row.place_button.clicked.connect(lambda: self.place_requested.emit(job))
        self.rows[job] = row
        self.list_layout.insertWidget(0, row)
        self._update_summary()

    def _refresh(self, job: Job) -> None:
        row = self.rows.get(job)
        if row is not None:
            row.refresh()
            self._update_summary()

    def _progress(self, job: Job, fraction: float, message: str) -> None:
        row = self.rows.get(job)
        if row is not None:
            row.set_progress(fraction, message)

    def _picture(self, job: Job, image: QImage) -> None:
        row = self.rows.get(job)
        if row is not None:
            row.set_picture(image)

    def _text(self, job: Job, text: str) -> None:
        row = self.rows.get(job)
        if row is not None:
            row.set_text_preview(text)

    def _update_summary(self) -> None:
        states = [job.state for job in self.rows]
        running = states.count(JobState.RUNNING)
        queued = states.count(JobState.QUEUED)
        finished = sum(state.finished for state in states)
        self.summary.setText(f"{running} running · {queued} queued · {finished} finished")
        self.clear_button.setEnabled(finished > 0)
        self.empty.setVisible(not self.rows)


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton(text=text)
    button.setToolTip(tip)
    button.setMinimumWidth(60)
    return button


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
