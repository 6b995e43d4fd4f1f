"""The parameter form: a widget per field type, round trips, inline validation, the dice."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, Field
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QSpinBox,
    QToolButton,
)

from studio.ui.qt_params import InvalidParams, ParamForm, SeedField


class Mood(enum.Enum):
    CALM = "calm"
    TENSE = "tense"


class AllKinds(BaseModel):
    steps: int = Field(20, ge=1, le=100, description="Denoising steps")
    count: int = Field(3, description="How many")
    guidance: float = Field(7.5, ge=0.0, le=20.0, description="Guidance scale")
    temperature: float = Field(1.0, gt=0.0, description="Sampling temperature")
    style: Literal["title", "slate"] = Field("title", description="Card style")
    mood: Mood = Mood.CALM
    loop: bool = Field(False, description="Loop the clip")
    caption: str = Field("", max_length=80, description="One line")
    notes: str = Field("", max_length=2000, description="Long text")
    lora_path: Path | None = Field(None, description="A LoRA file")
    width: int | None = Field(None, ge=16, le=4096, description="Empty: the model's own")
    tags: list[str] = Field(default_factory=list, description="Free tags")
    seed: int = Field(0, ge=0, description="Noise seed")


@pytest.fixture
def form(qtbot):
    form = ParamForm(AllKinds)
    qtbot.addWidget(form)
    form.show()
    return form


def _children(form, name, kind):
    widget = form.editor(name)
    return [widget] if isinstance(widget, kind) else widget.findChildren(kind)


def test_every_field_type_gets_its_widget(form):
    expected = {
        "steps": (QSlider, QSpinBox),
        "count": (QSpinBox,),
        "guidance": (QSlider, QDoubleSpinBox),
        "temperature": (QDoubleSpinBox,),
        "style": (QComboBox,),
        "mood": (QComboBox,),
        "loop": (QCheckBox,),
        "caption": (QLineEdit,),
        "notes": (QPlainTextEdit,),
        "lora_path": (QLineEdit, QToolButton),
        "width": (QCheckBox, QSlider, QSpinBox),
        "tags": (QLineEdit,),
        "seed": (SeedField,),
    }
    for name, kinds in expected.items():
        for kind in kinds:
            assert _children(form, name, kind), f"{name} has no {kind.__name__}"
    assert not _children(form, "count", QSlider)  # no bounds, no slider
    assert not _children(form, "temperature", QSlider)  # one bound only
    assert [form.editor("mood").itemText(i) for i in range(2)] == ["calm", "tense"]
    assert form.editors["lora_path"].browse.text() == "Browse…"
    assert form.editors["width"].auto.isChecked()  # None shows as Auto
    for name, info in AllKinds.model_fields.items():
        if info.description:
            assert form.editor(name).toolTip() == info.description


def test_values_round_trip(form):
    assert form.values() == AllKinds()
    custom = AllKinds(
        steps=42,
        count=-7,
        guidance=12.25,
        temperature=0.7,
        style="slate",
        mood=Mood.TENSE,
        loop=True,
        caption="INT. KITCHEN",
        notes="line one\nline two",
        lora_path=Path("/tmp/style.safetensors"),
        width=512,
        tags=["noir", "rain"],
        seed=99,
    )
    form.set_values(custom)
    assert form.values() == custom
    assert form.editors["steps"].slider.value() == round((42 - 1) / 99 * 99)
    form.reset()
    assert form.values() == AllKinds()


def test_out_of_range_input_is_rejected_with_the_message(form, qtbot):
    spin = form.editors["steps"].spin
    spin.lineEdit().selectAll()
    with qtbot.waitSignal(form.validity_changed) as validity:
        qtbot.keyClicks(spin, "500")
    assert validity.args == [False]
    assert form.errors() == {"steps": "Input should be less than or equal to 100"}
    assert form._errors["steps"].isVisibleTo(form)
    with pytest.raises(InvalidParams) as raised:
        form.values()
    assert raised.value.errors == {"steps": "Input should be less than or equal to 100"}

    temperature = form.editors["temperature"].spin
    temperature.setValue(0.0)
    assert form.errors()["temperature"] == "Input should be greater than 0"
    form.editor("caption").setText("x" * 81)
    assert "at most 80 characters" in form.errors()["caption"]

    with qtbot.waitSignal(form.validity_changed) as validity:
        form.reset()
    assert validity.args == [True]
    assert form.errors() == {} and not form._errors["steps"].isVisibleTo(form)


def test_arrows_stop_at_the_bounds(form):
    spin = form.editors["steps"].spin
    spin.setValue(100)
    spin.stepBy(5)
    assert spin.value() == 100
    spin.setValue(1)
    spin.stepBy(-1)
    assert spin.value() == 1


def test_the_dice_rolls_a_new_seed(form, qtbot):
    seed = form.editor("seed")
    before = seed.value()
    qtbot.mouseClick(seed.dice, Qt.MouseButton.LeftButton)
    rolled = seed.value()
    assert rolled != before
    assert form.values().seed == rolled
    qtbot.mouseClick(seed.dice, Qt.MouseButton.LeftButton)
    assert seed.value() != rolled


def test_the_wheel_scrolls_past_a_field_until_it_has_focus(qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    form = ParamForm(AllKinds)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    slider = form.editor("steps").findChild(QSlider)
    combo = form.editor("style")
    before = (slider.value(), combo.currentIndex())

    def wheel(widget) -> bool:
        event = QWheelEvent(
            QPointF(5, 5), QPointF(widget.mapToGlobal(QPoint(5, 5))), QPoint(0, -120),
            QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        widget.wheelEvent(event)
        return event.isAccepted()

    assert not wheel(slider) and not wheel(combo)  # passed on to the scroll area
    assert (slider.value(), combo.currentIndex()) == before
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    wheel(slider)
    assert slider.value() != before[0]  # focused, the wheel is the field's


def test_unticking_auto_offers_a_value_the_field_takes(form):
    form.editors["width"].auto.setChecked(False)
    assert form.is_valid() and form.errors() == {}
    assert form.values().width == 16  # the least it takes, not 0
