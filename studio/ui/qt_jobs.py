"""The Jobs dock: every generation job with its state, progress, latest preview and actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
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
MESSAGE_CHARS = 120  # a longer message (an error) is cut here; the tooltip has all of it
STATE_TEXT = {
    JobState.QUEUED: "Queued",
    JobState.RUNNING: "Running",
    JobState.DONE: "Done",
    JobState.FAILED: "Failed",
    JobState.CANCELLED: "Cancelled",
}
STATE_COLOUR = {JobState.FAILED: "#e06c60", JobState.DONE: "#7fbf7f", JobState.CANCELLED: "#999"}
# One style sheet for the whole dock: a row sets no styles of its own, because while a
# thread of this process holds the GIL (a preview converted, a job in thread isolation)
# every Qt call the GUI thread makes may wait for it.
DOCK_STYLE = """
QFrame#jobRow { border: 1px solid #33383e; border-radius: 3px; }
QLabel#jobThumb { background: #1b1e22; color: #777; font-size: 9px; }
QProgressBar { max-height: 6px; }
"""


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class JobRow:
    """One job, in few widgets. It reads the job when told something changed; it never waits.

    The text is one rich-text label, and Open and Place are made only once there is a
    take: a row is cheap to add while another job keeps the interpreter busy. It holds
    its frame rather than subclassing it, so Qt never calls into Python to paint it.

    The label does not wrap: its height is its three lines whatever the dock's width, so
    a new message lays out this label's text only. A wrapping label's height depends on
    the width, and every message then laid out the text of every row in the dock: with
    40 rows, 10-20 ms of the GUI thread per progress step, while the user scrolled.
    """

    def __init__(self, job: Job, actions: dict[str, Callable[[], None]]) -> None:
        self.frame = QFrame(objectName="jobRow")
        self.job = job
        self._actions = actions
        self.can_place = False
        self.state_text = ""
        self.message_text = ""  # as shown: one line, cut at MESSAGE_CHARS
        self._said = ""  # as given
        self.message_tip = ""
        self.error = False
        prompt = " ".join(job.request.prompt.split())
        self._prompt = prompt if len(prompt) <= PROMPT_CHARS else prompt[: PROMPT_CHARS - 1] + "…"
        self.thumb = QLabel(job.generator.output.value.upper(), objectName="jobThumb")
        self.thumb.setFixedSize(THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info = QLabel(textFormat=Qt.TextFormat.RichText)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar(textVisible=False, maximum=BAR_STEPS)
        self.action_button = QToolButton()  # Cancel while the job runs, Retry once it ended
        self.action_button.clicked.connect(self._act)
        self.open_button: QToolButton | None = None
        self.place_button: QToolButton | None = None
        # One grid: every layout and widget is one more object Qt asks Python about once.
        self.grid = QGridLayout(self.frame)
        self.grid.addWidget(self.thumb, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(self.info, 0, 1, 2, 1)
        self.grid.addWidget(self.bar, 2, 1)
        self.grid.addWidget(self.action_button, 0, 2)
        self.grid.setColumnStretch(1, 1)
        self.refresh()

    @property
    def cancel_button(self) -> QToolButton | None:
        return self.action_button if not self.job.state.finished else None

    @property
    def retry_button(self) -> QToolButton | None:
        return self.action_button if self.job.state.finished else None

    def refresh(self) -> None:
        job, state = self.job, self.job.state
        self.state_text = STATE_TEXT[state]
        # A cluster's job names the worker that ran it: which machine, GPU and process.
        on = f" · on {job.worker}" if job.worker else ""
        if state is JobState.DONE:
            self.bar.setValue(BAR_STEPS)
            self._say((job.path.name if job.path else "Done") + on, str(job.path or ""))
        elif state is JobState.FAILED:
            self._say((job.error or "Failed") + on, job.error or "", error=True)
        elif state is JobState.CANCELLED:
            self._say(f"Stopped at {round(job.fraction * 100)}%{on}", "")
        elif state is JobState.RUNNING and not self.message_text:
            self._say(f"Running on {job.worker or job.device}", "")
        else:
            self._show_text()
        self.action_button.setText("Retry" if state.finished else "Cancel")
        self.action_button.setToolTip(
            "Run the same request again (same seed)" if state.finished else "Stop this job"
        )
        if state is JobState.DONE and job.path is not None:
            if self.open_button is None:
                self.open_button = self._button("Open", "Open the generated file", "open")
            if self.place_button is None and self.can_place:
                self.place_button = self._button(
                    "Place", "Place the take at the playhead (one undo step)", "place"
                )

    def set_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(fraction * BAR_STEPS))
        if message and message != self._said:
            self._say(message, "")

    def set_picture(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.thumb.setPixmap(pixmap)

    def set_text_preview(self, text: str) -> None:
        self._say("…" + " ".join(text.split())[-PROMPT_CHARS:], text)

    def _say(self, text: str, tooltip: str, error: bool = False) -> None:
        self._said = text
        line = " ".join(text.split())
        if len(line) > MESSAGE_CHARS:
            line = line[: MESSAGE_CHARS - 1] + "…"
            tooltip = tooltip or text
        self.message_text, self.message_tip, self.error = line, tooltip, error
        self._show_text()

    def _show_text(self) -> None:
        job = self.job
        state_colour = STATE_COLOUR.get(job.state, "#d0d0d0")
        message_colour = "#e06c60" if self.error else "#aaaaaa"
        prompt = _escape(self._prompt) or "<i>no prompt</i>"
        self.info.setText(
            f"<b>{_escape(job.generator.name or job.generator_id)}</b>"
            f" <span style='color:#888'>#{job.id}</span>"
            f" · <span style='color:{state_colour}'>{self.state_text}</span><br>{prompt}"
            f"<br><span style='color:{message_colour}'>{_escape(self.message_text)}</span>"
        )
        tip = f"{job.generator_id}\n{job.request.prompt}"
        self.info.setToolTip(f"{tip}\n\n{self.message_tip}" if self.message_tip else tip)

    def _act(self) -> None:
        self._actions["retry" if self.job.state.finished else "cancel"]()

    def _button(self, text: str, tip: str, action: str) -> QToolButton:
        button = QToolButton(text=text, toolTip=tip)
        button.clicked.connect(self._actions[action])
        self.grid.addWidget(button, self.grid.count() - 3, 2)  # below the buttons so far
        return button


class JobsDock(QWidget):
    """Newest job first. Cancel and retry go to the engine without waiting for it."""

    place_requested = Signal(object)  # Job: a done take to put on the timeline
    message = Signal(str)

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(DOCK_STYLE)
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
            self.list_layout.removeWidget(row.frame)
            row.frame.deleteLater()
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
        actions = {
            "cancel": lambda: self.cancel(job),
            "retry": lambda: self.retry(job),
            "open": lambda: self.open_file(job.path),
            "place": lambda: self.place_requested.emit(job),
        }
        row = JobRow(job, actions)
        row.can_place = self.can_place
        row.refresh()
        self.rows[job] = row
        self.list_layout.insertWidget(0, row.frame)
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
