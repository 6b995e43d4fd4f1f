"""The Script panel's Voices menu: each character's voice (with a sample to hear), the
scene's or the whole script's lines voiced onto the Dialogue track, shots timed to them.

Requests, landing and fitting are studio.workflows.voices.voices' (the command line's too); here
they are only started, and the takes land through the generation hub's one landing path.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from studio.errors import UserError
from studio.model.edits import Macro
from studio.workflows.landing import Target
from studio.workflows.script.scene_links import link_scenes
from studio.workflows.voices import voices
from studio.workflows.voices.character_voices import SPEECH_GENERATOR, set_voice_edit, voice_of
from studio.workflows.voices.dialogue import LineState, plan_lines

SAMPLE_LINE = "This is how {name} sounds, from the first line to the last."


class ScriptVoices(QObject):
    """Builds the Voices menu and runs its actions for a Script panel."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.menu = QMenu("Voices", panel)
        self.cast_action = self.menu.addAction("Cast Voices…", self.open_cast)
        self.cast_action.setToolTip("A voice for each character, with a sample to hear")
        self.menu.addSeparator()
        self.scene_action = self.menu.addAction("Voice the Scene", self.voice_scene)
        self.script_action = self.menu.addAction("Voice the Whole Script", self.voice_script)
        for action in (self.scene_action, self.script_action):
            action.setToolTip("Lines never voiced or changed since, onto the Dialogue track")
        self.fit_action = self.menu.addAction("Time Shots to Dialogue", self.fit_shots)
        self.fit_action.setToolTip("Grow each shot to hold its lines (one undo step)")
        self._queued: set[tuple[str, str, str]] = set()  # (scene, character, text) in flight
        self.dialog: CastDialog | None = None
        self._listening = False

    @property
    def session(self):
        return self.panel.session

    # -- voicing ---------------------------------------------------------------------------
    def voice_scene(self) -> None:
        row = self.panel.scene_at_cursor()
        if self.session is None or row is None:
            self.panel.say("Put the cursor in a scene to voice it")
            return
        links = link_scenes(self.session.project.scenes, self.panel.parser.latest.scenes)
        scene_id = next((sid for sid, i in links.items() if i == row.index), None)
        if scene_id is None:
            self.panel.say("Break the script down first: the scene has no shots yet", True)
            return
        self._voice(scene_id)

    def voice_script(self) -> None:
        if self.session is not None:
            self._voice(None)

    def _voice(self, scene_id: str | None) -> None:
        project = self.session.project
        if not project.scenes:
            self.panel.say("Break the script down first: there are no scenes yet", True)
            return
        planned = [p for p in plan_lines(project) if scene_id in (None, p.scene_id)]
        wanted = [
            p
            for p in voices.to_voice(planned)
            if (p.scene_id, p.speech.character, p.speech.text) not in self._queued
        ]
        if not planned:
            self.panel.say("No dialogue to voice there")
        elif not wanted:
            moved = voices.relayout_edit(project)  # its shots may have moved since
            if moved is not None and self.session.apply(moved):
                self.panel.say("Every line is voiced; laid out again under their shots")
            else:
                self.panel.say("Every line there is voiced and up to date")
        else:
            needed = sorted({voice_of(project, p.speech.character).generator for p in wanted})
            self.panel.hub.when_imported(needed, lambda _engine: self._submit(wanted))

    def _submit(self, wanted) -> None:
        hub, project = self.panel.hub, self.session.project
        changed = sum(p.state is LineState.CHANGED for p in wanted)
        base = random.randrange(2**31 - len(wanted))  # recorded with each take
        for seed, p in enumerate(wanted, start=base):
            voice = voice_of(project, p.speech.character)
            try:
                cls = hub.registry.get(voice.generator)
                params = voices.voice_params(cls, voice)
                request = voices.line_request(project, p.speech.text, params, seed)
                hub.submit(cls, request, target=Target(line=voices.line_take(project, p)))
            except (UserError, KeyError) as exc:
                self.panel.say(f"Cannot voice {p.speech.character}: {exc}", True)
                return
            key = (p.scene_id, p.speech.character, p.speech.text)
            self._queued.add(key)
        if not self._listening:
            hub.landed.connect(self._landed)
            self._listening = True
        again = f" ({changed} changed since they were voiced)" if changed else ""
        self.panel.say(f"Voicing {len(wanted)} line(s){again}")

    def _landed(self, _job, target, _ids) -> None:
        if target.line is not None:
            take = target.line
            self._queued.discard((take.scene_id, take.character, take.text))

    def fit_shots(self) -> None:
        if self.session is None:
            return
        project = self.session.project
        fitting = voices.fit_shots(project)
        short = len(fitting.short)
        note = f"; {short} shot(s) show a clip too short for their lines" if short else ""
        if fitting.edit is None:
            self.panel.say(f"Every shot already holds its lines{note}")
        elif self.session.apply(fitting.edit):
            self.panel.say(f"Grew {fitting.grown} shot(s) to their dialogue{note}")

    # -- the cast --------------------------------------------------------------------------
    def open_cast(self) -> None:
        if self.session is None:
            return
        names = voices.characters(self.session.project)
        if not names:
            self.panel.say("Break the script down first: no character speaks yet", True)
            return
        self.dialog = CastDialog(self, names, self.panel)
        self.dialog.show()


class CastDialog(QDialog):
    """One row per speaking character: model, speaker, pace, pitch and a sample to hear."""

    def __init__(self, owner: ScriptVoices, names: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("cast_voices")
        self.setWindowTitle("Cast Voices")
        self.owner = owner
        self.rows: dict[str, dict] = {}
        self._sample_job = None
        self._player = None
        grid = QGridLayout()
        for column, title in enumerate(("Character", "Model", "Speaker", "Pace", "Pitch", "")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        project = owner.session.project
        for row, name in enumerate(names, start=1):
            params = voice_of(project, name).params
            widgets = {
                "model": QLineEdit(str(params.get("model", ""))),
                "speaker": _spin(QSpinBox(), 0, 10_000, int(params.get("speaker", 0))),
                "speed": _spin(QDoubleSpinBox(), 0.5, 2.0, float(params.get("speed", 1.0)), 0.05),
                "pitch": _spin(QDoubleSpinBox(), -12.0, 12.0, float(params.get("pitch", 0.0)), 0.5),
            }
            widgets["model"].setPlaceholderText("facebook/mms-tts-eng")
            hear = QPushButton("Hear a Sample")
            hear.clicked.connect(lambda _=False, n=name: self.hear(n))
            grid.addWidget(QLabel(name), row, 0)
            for column, key in enumerate(("model", "speaker", "speed", "pitch"), start=1):
                grid.addWidget(widgets[key], row, column)
            grid.addWidget(hear, row, 5)
            self.rows[name] = widgets
        self.status = QLabel("Each character speaks every line in the voice chosen here.")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def params(self, name: str) -> dict:
        """The voice as the row sets it, kept apart from the generator's other defaults."""
        widgets = self.rows[name]
        params = {
            "speaker": widgets["speaker"].value(),
            "speed": round(widgets["speed"].value(), 3),
            "pitch": round(widgets["pitch"].value(), 3),
        }
        model = widgets["model"].text().strip()
        return {"model": model, **params} if model else params

    def apply(self) -> None:
        """Every changed voice, as one undo step; lines said in an old voice go out of date."""
        session = self.owner.session
        project = session.project
        edits = [
            set_voice_edit(project, name, SPEECH_GENERATOR, self.params(name))
            for name in self.rows
            if project.item("voices", name) is None
            or project.item("voices", name).params != self.params(name)
        ]
        if not edits or session.apply(Macro("Cast voices", edits)):
            self.accept()

    def hear(self, name: str) -> None:
        """Say a sample line in the row's voice (not a take: it is not kept)."""
        hub = self.owner.panel.hub
        self.status.setText(f"Making a sample of {name}…")
        hub.when_imported([SPEECH_GENERATOR], lambda _engine: self._say(name))

    def _say(self, name: str) -> None:
        hub, project = self.owner.panel.hub, self.owner.session.project
        try:
            cls = hub.registry.get(SPEECH_GENERATOR)
            voice = voice_of(project, name)
            voice = type(voice)(name, SPEECH_GENERATOR, self.params(name))
            request = voices.line_request(
                project, SAMPLE_LINE.format(name=name.title()), voices.voice_params(cls, voice), 0
            )
            out = Path(tempfile.mkdtemp(prefix="storyreel-voice-")) / f"{name}.wav"
            self._sample_job = hub.engine.submit(cls, request, out=out)
        except (UserError, KeyError) as exc:
            self.status.setText(f"Cannot make a sample: {exc}")
            return
        if self._player is None:
            hub.bridge.finished.connect(self._sample_done)
            hub.bridge.failed.connect(self._sample_failed)
            from studio.ui.score.qt_playback import TakeSoundPlayer

            self._player = TakeSoundPlayer(self)
            self._player.opened.connect(self._opened)

    def _sample_failed(self, job, reason: str) -> None:
        if job is self._sample_job:
            self.status.setText(f"The sample failed: {reason}")

    def _sample_done(self, job) -> None:
        if job is not self._sample_job or job.path is None:
            return
        audio = job.output
        self._player.play(job.path, audio.sample_rate, 0.0, len(audio.samples) / audio.sample_rate)
        self.status.setText(f"Playing the sample ({len(audio.samples) / audio.sample_rate:.1f} s)")

    def _opened(self, name: str, audible: bool, why: str) -> None:
        if not audible:
            self.status.setText(f"{self.status.text()}: no sound device ({why})")


def _spin(box, low, high, value, step=None):
    box.setRange(low, high)
    if step is not None:
        box.setSingleStep(step)
    box.setValue(value)
    return box
