"""The Render dialog: preset, size, range and file; the render runs in its own process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from studio.errors import UserError
from studio.media.render import RenderJob, animatic_job
from studio.media.render_checks import (
    check_not_a_source,
    describe_offline,
    existing_outputs,
    offline_media,
    safe_file_stem,
)
from studio.ui.playback.qt_render_run import RenderRun
from studio.ui.qt_session import EditSession


@dataclass(frozen=True)
class Preset:
    name: str
    suffix: str
    animatic: bool = False
    pictures: bool = True  # False: sound only, the size does not apply


PRESETS = (
    Preset("H.264 / AAC (MP4)", ".mp4"),
    Preset("ProRes 422 / PCM (MOV)", ".mov"),
    Preset("Audio mixdown (WAV)", ".wav", pictures=False),
    Preset("PNG sequence", ".png"),
    Preset("Storyboard animatic with score (MP4)", ".mp4", animatic=True),
)
SCALES = (("Full", 1), ("Half", 2), ("Quarter", 4))
WHOLE, SELECTION, IN_OUT = "Whole timeline", "Selected clips", "In to out"
REPLACE, RENDER_ANYWAY, KEEP = "Replace", "Render anyway", "Don't render"


class RenderDialog(QDialog):
    def __init__(self, session: EditSession, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Render")
        self.setObjectName("render_dialog")
        self.session = session
        self.run: RenderRun | None = None
        self.result: Path | None = None
        settings = session.project.settings
        self.preset = QComboBox()
        self.preset.addItems([p.name for p in PRESETS])
        self.scale = QComboBox()
        for name, divisor in SCALES:
            w, h = _even(settings.width // divisor), _even(settings.height // divisor)
            self.scale.addItem(f"{name} ({w}×{h})", (w, h))
        self.scale.addItem("Custom", None)
        self.width_box, self.height_box = _size_box(settings.width), _size_box(settings.height)
        size_row = QHBoxLayout()
        for widget in (self.scale, self.width_box, QLabel("×"), self.height_box):
            size_row.addWidget(widget)
        size_row.addStretch(1)
        self.range = QComboBox()
        self.range.addItems([WHOLE, SELECTION, IN_OUT])
        duration = max(1, session.project.duration)
        self.in_box, self.out_box = _frame_box(duration), _frame_box(duration)
        self.in_box.setValue(min(session.playhead, duration - 1))
        self.out_box.setValue(duration)
        range_row = QHBoxLayout()
        for widget in (self.range, QLabel("in"), self.in_box, QLabel("out"), self.out_box):
            range_row.addWidget(widget)
        range_row.addStretch(1)
        self.path = QLineEdit(str(self._default_path(PRESETS[0])))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Preset", self.preset)
        form.addRow("Size", size_row)
        form.addRow("Range", range_row)
        form.addRow("Output", path_row)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.status = QLabel("Ready.")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.render_button = self.buttons.addButton("Render", role.AcceptRole)
        self.cancel_button = self.buttons.addButton("Cancel Render", role.ActionRole)
        self.reveal_button = self.buttons.addButton("Show in Folder", role.ActionRole)
        self.open_button = self.buttons.addButton("Open", role.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.render_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.reveal_button.clicked.connect(lambda: self._open(self.result.parent))
        self.open_button.clicked.connect(lambda: self._open(self.result))
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.scale.currentIndexChanged.connect(self._scale_changed)
        self.range.currentIndexChanged.connect(self._range_changed)
        self._scale_changed()
        self._range_changed()
        self._set_running(False)
        self.resize(620, self.sizeHint().height())

    # -- choices ---------------------------------------------------------------------------
    def chosen_preset(self) -> Preset:
        return PRESETS[self.preset.currentIndex()]

    def frame_range(self) -> tuple[int, int] | None:
        """None: the whole timeline (or, for an animatic, all shots)."""
        choice = self.range.currentText()
        if choice == SELECTION:
            clips = [self.session.project.clip(c) for c in self.session.selection]
            clips = [c for c in clips if c is not None]
            if clips:
                return min(c.start for c in clips), max(c.start + c.duration for c in clips)
        if choice == IN_OUT:
            return self.in_box.value(), self.out_box.value()
        return None

    def _preset_changed(self) -> None:
        preset = self.chosen_preset()
        self.path.setText(str(Path(self.path.text()).with_suffix(preset.suffix)))
        for widget in (self.scale, self.width_box, self.height_box):
            widget.setEnabled(preset.pictures)
        self._scale_changed()

    def _scale_changed(self) -> None:
        size = self.scale.currentData()
        custom = size is None and self.chosen_preset().pictures
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        if size is not None:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])

    def _range_changed(self) -> None:
        in_out = self.range.currentText() == IN_OUT
        self.in_box.setEnabled(in_out)
        self.out_box.setEnabled(in_out)
        if self.range.currentText() == SELECTION and not self.session.selection:
            self.status.setText("No clips are selected: the whole timeline will render.")

    def _default_path(self, preset: Preset) -> Path:
        doc = self.session.doc
        folder = doc.path.parent if doc.path is not None else Path.home()
        # The name comes from project.json: a crafted one ("../../x") must not pick the folder.
        return folder / f"{safe_file_stem(self.session.project.name)}{preset.suffix}"

    def _browse(self) -> None:
        preset = self.chosen_preset()
        path, _ = QFileDialog.getSaveFileName(
            self, "Render to", self.path.text(), f"{preset.name} (*{preset.suffix})"
        )
        if path:
            self.path.setText(str(Path(path).with_suffix(preset.suffix)))

    # -- running ---------------------------------------------------------------------------
    def start(self) -> None:
        if self.run is not None and self.run.running:
            return
        preset = self.chosen_preset()
        out = Path(self.path.text()).expanduser()
        if out.suffix.lower() != preset.suffix:
            out = out.with_suffix(preset.suffix)
            self.path.setText(str(out))
        size = (_even(self.width_box.value()), _even(self.height_box.value()))
        job = RenderJob(self.session.project, self.session.doc.path, size, self.frame_range())
        if not self._may_render(job, out, preset):
            return
        self.result = None
        self.run = RenderRun(job, out, preset.animatic, self)
        self.run.progress.connect(self._progress)
        self.run.finished.connect(self._finished)
        self.run.failed.connect(self._failed)
        self.run.cancelled.connect(self._cancelled)
        self.bar.setValue(0)
        self.status.setText(f"Rendering {out.name}…")
        self.run.start()
        self._set_running(True)

    def _may_render(self, job: RenderJob, out: Path, preset: Preset) -> bool:
        """Refuse a source of the project; ask before replacing a file or rendering slates."""
        folder = self.session.doc.path
        try:
            check_not_a_source(self.session.project, folder, out)
            rendered = animatic_job(job) if preset.animatic else job
            offline = offline_media(rendered.project, folder, rendered.frames())
        except UserError as exc:
            self.status.setText(f"Not rendered: {exc}")
            return False
        replaced = existing_outputs(out)
        if replaced and not self._confirm(
            "Replace existing file?",
            f"{replaced[0].name} already exists in {replaced[0].parent}."
            + (f" ({len(replaced)} files of the sequence)" if len(replaced) > 1 else ""),
            REPLACE,
        ):
            self.status.setText(f"Not rendered: {replaced[0].name} was kept.")
            return False
        if offline and not self._confirm(
            "Render with offline media?",
            f"{describe_offline(rendered.project, offline)}. They would render as "
            '"Media offline" slates; relink them in the media bin first to render them.',
            RENDER_ANYWAY,
        ):
            self.status.setText(f"Not rendered: {describe_offline(rendered.project, offline)}")
            return False
        return True

    def _confirm(self, title: str, text: str, accept: str) -> bool:
        """A modal question; tests answer it by clicking its buttons."""
        box = QMessageBox(self)
        box.setObjectName("renderQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # the safe answer is the default
        box.exec()
        return box.clickedButton() is yes

    def cancel(self) -> None:
        if self.run is not None and self.run.running:
            self.status.setText("Cancelling…")
            self.run.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(round(1000 * done / max(1, total)))
        self.status.setText(f"Rendering {self.run.out.name}: frame {done} of {total}")

    def _finished(self, path: str) -> None:
        self.result = Path(path)
        self.bar.setValue(1000)
        self.status.setText(f"Rendered {self.result}")
        self._set_running(False)

    def _failed(self, reason: str) -> None:
        self.status.setText(f"Render failed: {reason}")
        self._set_running(False)

    def _cancelled(self) -> None:
        self.bar.setValue(0)
        self.status.setText("Render cancelled; nothing was written.")
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.render_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.reveal_button.setEnabled(self.result is not None)
        self.open_button.setEnabled(self.result is not None)

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def closeEvent(self, event) -> None:
        self.cancel()  # closing the dialog is not a way to leave a render running unseen
        super().closeEvent(event)


def _even(n: int) -> int:
    return max(2, n // 2 * 2)  # H.264 in 4:2:0 needs even sides


def _size_box(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(16, 8192)
    box.setSingleStep(2)
    box.setValue(value)
    return box


def _frame_box(duration: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, duration)
    return box
