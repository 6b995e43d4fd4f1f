"""How a shot's clip is made: from its frame or from text, camera move, style, prompt, generator."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QPushButton, QVBoxLayout, QWidget

from studio.plugins.api import Kind
from studio.ui.qt_generator_picker import GeneratorPicker
from studio.ui.qt_params import SEED_MAX, SeedField
from studio.ui.shots.qt_prompt_box import PromptBox
from studio.ui.shots.qt_style_combo import StyleCombo
from studio.workflows.clips.clips import CAMERA_MOVES
from studio.workflows.reel.requests import CLIP_GENERATOR

DEFAULT_GENERATOR = CLIP_GENERATOR
FROM_FRAME, FROM_TEXT = "frame", "text"


class ClipBox(QWidget):
    fusion_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QComboBox()
        self.source.addItem("From its storyboard frame (image → video)", FROM_FRAME)
        self.source.addItem("From text", FROM_TEXT)
        self.camera = QComboBox()
        for move, words in CAMERA_MOVES.items():
            self.camera.addItem(move.capitalize(), move)
            self.camera.setItemData(self.camera.count() - 1, words, role=3)  # Qt.ToolTipRole
        self.style = StyleCombo()
        self.prompt = PromptBox()
        self.generator = GeneratorPicker(Kind.VIDEO, DEFAULT_GENERATOR, memory="clips")
        self.seed = SeedField(random.randint(0, SEED_MAX))
        self.seed.setToolTip("The seed of the next clip; a new one is rolled after each run")
        self.generate = QPushButton("Generate Clip")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Source", self.source)
        form.addRow("Camera", self.camera)
        form.addRow("Style", self.style)
        form.addRow("Seed", self.seed)
        # The generator's form is long: it goes last, so the prompt and button stay in view.
        engine = QFormLayout()
        engine.setContentsMargins(0, 0, 0, 0)
        engine.addRow("Generator", self.generator)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.prompt)
        layout.addWidget(self.generate, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(engine)
        for combo in (self.source, self.camera, self.style):
            combo.currentIndexChanged.connect(self.fusion_changed)

    def from_frame(self) -> bool:
        return self.source.currentData() == FROM_FRAME

    def camera_move(self) -> str:
        return self.camera.currentData()
