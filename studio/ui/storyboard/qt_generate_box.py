"""How a storyboard frame is made: style, aspect, the fused prompt, generator, seed, actions."""

from __future__ import annotations

import random

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.model.aspect import ASPECTS
from studio.plugins.api import Kind
from studio.ui.qt_generator_picker import GeneratorPicker
from studio.ui.qt_params import SEED_MAX, SeedField
from studio.ui.shots.qt_prompt_box import PromptBox
from studio.ui.shots.qt_style_combo import StyleCombo
from studio.workflows.reel.requests import FRAME_GENERATOR, FRAME_STYLE

DEFAULT_GENERATOR = FRAME_GENERATOR
DEFAULT_STYLE = FRAME_STYLE


class GenerateBox(QWidget):
    """`fusion_changed` when style or aspect change (the panel fuses again); the three
    buttons are the panel's to connect."""

    fusion_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = StyleCombo(DEFAULT_STYLE)
        self.aspect = QComboBox()
        for aspect in ASPECTS.values():
            self.aspect.addItem(aspect.name, aspect.id)
        self.prompt = PromptBox()
        self.generator = GeneratorPicker(Kind.IMAGE, DEFAULT_GENERATOR, memory="storyboard")
        self.seed = SeedField(random.randint(0, SEED_MAX))
        self.seed.setToolTip("The seed of the next take; a new one is rolled after each run")
        self.count = QSpinBox(minimum=2, maximum=8, value=4, prefix="× ")
        self.count.setToolTip("How many variations one click makes")
        self.generate = QPushButton("Generate")
        self.generate.setToolTip("Make a new take of this shot's frame")
        self.variations = QPushButton("Variations")
        self.variations.setToolTip("Make several takes at once, each with its own seed")
        self.regenerate = QPushButton("Regenerate from take")
        self.regenerate.setToolTip(
            "Run the chosen take's request again with a new seed "
            "(image generators start from the take's picture)"
        )
        looks = QFormLayout()
        looks.setContentsMargins(0, 0, 0, 0)
        looks.addRow("Style", self.style)
        looks.addRow("Aspect", self.aspect)
        looks.addRow("Seed", self.seed)
        # The generator's form is long: it goes last, so the prompt and buttons stay in view.
        engine = QFormLayout()
        engine.setContentsMargins(0, 0, 0, 0)
        engine.addRow("Generator", self.generator)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate)
        buttons.addWidget(self.variations)
        buttons.addWidget(self.count)
        buttons.addWidget(self.regenerate)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(looks)
        layout.addWidget(self.prompt)
        layout.addLayout(buttons)
        layout.addLayout(engine)
        self.style.currentIndexChanged.connect(self.fusion_changed)
        self.aspect.currentIndexChanged.connect(self.fusion_changed)

    def set_aspect(self, aspect_id: str) -> None:
        self.aspect.blockSignals(True)
        self.aspect.setCurrentIndex(max(self.aspect.findData(aspect_id), 0))
        self.aspect.blockSignals(False)

    def chosen_aspect(self):
        return ASPECTS[self.aspect.currentData()]
