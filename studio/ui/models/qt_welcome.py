"""The first-run welcome: what this machine has (GPU, memory, torch build), what works
offline at once, and one model per panel that fits the card, with a way to the Models window."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.engine.models.machine import Machine, detect_in_child
from studio.errors import StoryreelError
from studio.ui.qt_workers import BackgroundWork

OFFLINE_NOW = (
    "<b>Right away, offline, with no model:</b> title cards (Title Card), a temp score from a "
    "mood (Temp Score) and slow pans over a still (Ken Burns); the script editor and its "
    "breakdown into shots; the timeline, playback and rendering."
)
PANEL_NAMES = {
    "image": "Storyboard",
    "video": "Clips",
    "music": "Score",
    "text": "Script",
    "voices": "Voices",
    "embeddings": "Search",
}


class WelcomeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, machine: Machine | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyreel-welcome")
        self.setWindowTitle("Welcome to Storyreel")
        self.resize(640, 480)
        self.machine: Machine | None = None
        self.text = QLabel("Looking at this machine's GPU…")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.models_button = QPushButton("Open Models…")
        self.models_button.clicked.connect(self.open_models)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.models_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        if machine is not None:
            self.show_machine(machine)
        else:
            # torch's import and the CUDA query take seconds: in a child process, waited
            # on from a thread. A failed detection is shown as "unknown", not raised into Qt.
            self.work = BackgroundWork(parent=self)
            self.work.run_in_thread(
                detect_in_child,
                on_done=self.show_machine,
                on_error=self.show_machine,
                name="storyreel-gpu",
            )

    def show_machine(self, machine: object) -> None:
        if not isinstance(machine, Machine):
            machine = Machine("none")
        self.machine = machine
        self.text.setText(welcome_html(machine))

    def open_models(self) -> None:
        from studio.ui.models.qt_models_window import open_models_window

        open_models_window(self.parentWidget() or self)
        self.accept()


def welcome_html(machine: Machine) -> str:
    from studio.ui.models.qt_models_window import size_text

    parts = [f"<p><b>This machine:</b> {escape(machine.summary())}</p>"]
    advice = machine.torch_advice()
    if advice:
        parts.append(f"<p style='color:#d0a040'>{escape(advice)}</p>")
    parts.append(f"<p>{OFFLINE_NOW}</p>")
    rows = "".join(
        f"<tr><td>{PANEL_NAMES.get(panel, panel)}&nbsp;&nbsp;</td>"
        f"<td>{escape(r.title)}&nbsp;&nbsp;</td>"
        f"<td>{size_text(r.download_bytes)}&nbsp;&nbsp;</td>"
        f"<td>{size_text(r.gpu_memory_bytes) if r.gpu_memory_bytes else 'CPU'}</td></tr>"
        for panel, r in machine.suggestions().items()
    )
    parts.append(
        "<p><b>Suggested for this machine</b> (one per panel; download them in the Models "
        "window, Generate ▸ Models…):</p>"
        f"<table><tr><th align=left>Panel</th><th align=left>Model</th>"
        f"<th align=left>Download</th><th align=left>GPU</th></tr>{rows}</table>"
    )
    return "".join(parts)


def welcome_if_first_run(window: QWidget) -> WelcomeDialog | None:
    """Show the welcome once per user (the UI settings remember it)."""
    from studio.settings import SettingsFile

    settings = SettingsFile()
    if settings.read().editor.welcome_shown:
        return None
    try:
        settings.update(lambda s: setattr(s.editor, "welcome_shown", True))
    except StoryreelError:
        pass  # a read-only settings folder: the welcome shows again next time, no harm
    dialog = WelcomeDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
