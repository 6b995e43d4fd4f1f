"""Level, fades and ducking of the selected audio clip; a slider drag is one undo step."""

from __future__ import annotations

import itertools
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSlider, QWidget

from studio.model import TrackKind
from studio.model.edits import SetClipFields

GAIN_STEPS = 10  # slider steps per dB
GAIN_RANGE = (-60.0, 24.0)  # the model's bounds
DUCK_RANGE = (-60.0, 0.0)  # how far the clip dips under dialogue (0: not at all)
_drags = itertools.count(1)


class ClipControls(QGroupBox):
    """Follows the session's selection: the first selected clip on an audio track."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Audio clip", parent)
        self.session = None
        self.clip_id: str | None = None
        self._drag: dict[str, int] = {}  # field → the merge serial of the drag in progress
        low, high = (round(db * GAIN_STEPS) for db in GAIN_RANGE)
        self.gain = self._slider("gain_db", low, high)
        self.fade_in = self._slider("fade_in", 0, 0)
        self.fade_out = self._slider("fade_out", 0, 0)
        self.duck = self._slider("duck_db", *(round(db * GAIN_STEPS) for db in DUCK_RANGE))
        self.duck.setToolTip("How far this clip dips under the Dialogue tracks' lines")
        self.gain_text, self.fade_in_text, self.fade_out_text = QLabel(), QLabel(), QLabel()
        self.duck_text = QLabel()
        self.note = QLabel("Select an audio clip on the timeline to set its level and fades.")
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.note)
        for label, slider, text in (
            ("Gain", self.gain, self.gain_text),
            ("Fade in", self.fade_in, self.fade_in_text),
            ("Fade out", self.fade_out, self.fade_out_text),
            ("Under dialogue", self.duck, self.duck_text),
        ):
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            text.setMinimumWidth(72)
            row.addWidget(text)
            form.addRow(label, row)
        self.gain.valueChanged.connect(lambda v: self._edit("gain_db", v / GAIN_STEPS))
        self.fade_in.valueChanged.connect(lambda v: self._edit("fade_in", v))
        self.fade_out.valueChanged.connect(lambda v: self._edit("fade_out", v))
        self.duck.valueChanged.connect(lambda v: self._edit("duck_db", v / GAIN_STEPS))
        self._show(None)

    def _slider(self, name: str, low: int, high: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(low, high)
        slider.sliderPressed.connect(partial(self._pressed, name))
        slider.sliderReleased.connect(partial(self._released, name))
        return slider

    def set_session(self, session) -> None:
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        """Show the selected audio clip's settings as the document has them now."""
        self._show(self._selected_clip())

    def _selected_clip(self):
        if self.session is None:
            return None
        project = self.session.project
        for clip_id in sorted(self.session.selection):
            clip = project.clip(clip_id)
            if clip is not None and project.track_of(clip_id).kind is TrackKind.AUDIO:
                return clip
        return None

    def _show(self, clip) -> None:
        self.clip_id = clip.id if clip is not None else None
        self.note.setVisible(clip is None)
        self.setTitle(f"Audio clip: {clip.name or clip.id}" if clip is not None else "Audio clip")
        for slider in (self.gain, self.fade_in, self.fade_out, self.duck):
            slider.setEnabled(clip is not None)
            slider.blockSignals(True)
        if clip is not None:
            self.fade_in.setRange(0, clip.duration)
            self.fade_out.setRange(0, clip.duration)
            self.gain.setValue(round(clip.gain_db * GAIN_STEPS))
            self.fade_in.setValue(clip.fade_in)
            self.fade_out.setValue(clip.fade_out)
            self.duck.setValue(round(clip.duck_db * GAIN_STEPS))
        for slider in (self.gain, self.fade_in, self.fade_out, self.duck):
            slider.blockSignals(False)
        self._label(clip)

    def _label(self, clip) -> None:
        if clip is None:
            for text in (self.gain_text, self.fade_in_text, self.fade_out_text, self.duck_text):
                text.clear()
            return
        fps = float(self.session.project.settings.fps)
        self.gain_text.setText(f"{clip.gain_db:+.1f} dB")
        self.fade_in_text.setText(f"{clip.fade_in / fps:.2f} s")
        self.fade_out_text.setText(f"{clip.fade_out / fps:.2f} s")
        self.duck_text.setText(f"{clip.duck_db:+.1f} dB" if clip.duck_db else "off")

    def _pressed(self, name: str) -> None:
        self._drag[name] = next(_drags)

    def _released(self, name: str) -> None:
        self._drag.pop(name, None)
        if self.session is not None:
            self.session.doc.close_merge()  # the next drag is a step of its own
        self.refresh()  # a refused value springs back to what the clip has

    def _edit(self, name: str, value) -> None:
        if self.session is None or self.clip_id is None:
            return
        serial = self._drag.get(name)
        key = ("clip-level", self.clip_id, name, serial) if serial is not None else None
        # While dragging, a refusal (fades overlapping) is normal: not worth a message each step.
        result = self.session.apply(
            SetClipFields(self.clip_id, {name: value}, merge_key=key), quiet=serial is not None
        )
        if not result.ok and serial is None:
            self.refresh()
