"""A parameter form built from any generator's pydantic `Params`, with inline validation."""

from __future__ import annotations

import enum
import json
import math
import random
import types
import typing
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

SEED_MAX = 2**31 - 1
INT_LIMIT = 2**31 - 1
FLOAT_LIMIT = 1e12
SLIDER_STEPS = 1000
LONG_TEXT = 200  # a str allowed more characters than this gets a multi-line editor
PROSE_NAMES = {"prompt", "negative_prompt", "text", "notes", "lyrics", "system_prompt", "script"}
PATH_NAMES = {"path", "file", "folder", "model"}
PATH_SUFFIXES = ("_path", "_file", "_dir", "_folder", "_model")
ERROR_STYLE = "color: #e06c60;"


class InvalidParams(ValueError):
    """The form's values do not validate; the messages are shown beside their fields."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {msg}" for name, msg in errors.items()))
        self.errors = errors


@dataclass
class FieldSpec:
    """What the form needs to know about one field, read from its annotation and metadata."""

    name: str
    annotation: Any
    optional: bool
    default: Any
    description: str
    lower: float | None = None
    upper: float | None = None
    max_length: int | None = None
    extra: dict | None = None

    @classmethod
    def read(cls, name: str, info: FieldInfo) -> FieldSpec:
        annotation, optional = _unwrap_optional(info.annotation)
        default = info.get_default(call_default_factory=True)
        spec = cls(name, annotation, optional, default, info.description or "")
        spec.extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        for rule in info.metadata:
            # annotated_types: Ge/Gt/Le/Lt/MaxLen; an exclusive bound still limits the slider.
            for attr in ("ge", "gt"):
                if getattr(rule, attr, None) is not None:
                    spec.lower = float(getattr(rule, attr))
            for attr in ("le", "lt"):
                if getattr(rule, attr, None) is not None:
                    spec.upper = float(getattr(rule, attr))
            if getattr(rule, "max_length", None) is not None:
                spec.max_length = rule.max_length
        return spec

    @property
    def choices(self) -> list | None:
        if typing.get_origin(self.annotation) is typing.Literal:
            return list(typing.get_args(self.annotation))
        if isinstance(self.annotation, type) and issubclass(self.annotation, enum.Enum):
            return list(self.annotation)
        return None

    @property
    def is_seed(self) -> bool:
        return self.annotation is int and (self.name == "seed" or self.name.endswith("_seed"))

    @property
    def is_path(self) -> bool:
        if isinstance(self.annotation, type) and issubclass(self.annotation, PurePath):
            return True
        if self.annotation is not str:
            return False
        hinted = self.extra.get("format") == "path" or self.extra.get("path")
        return bool(hinted) or self.name in PATH_NAMES or self.name.endswith(PATH_SUFFIXES)

    @property
    def is_long_text(self) -> bool:
        if self.annotation is not str:
            return False
        long_allowed = self.max_length is None or self.max_length > LONG_TEXT
        return bool(
            self.extra.get("multiline")
            or (long_allowed and self.name in PROSE_NAMES)
            or (self.max_length is not None and self.max_length > LONG_TEXT)
            or "\n" in str(self.default or "")
        )


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


# Editors: one per field, each a widget plus get/set of the raw value ----------------------


class _Editor:
    widget: QWidget

    def __init__(self, spec: FieldSpec, changed) -> None:
        self.spec = spec
        self._changed = changed

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError


class _Check(_Editor):
    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.widget = QCheckBox()
        self.widget.toggled.connect(changed)

    def get(self) -> bool:
        return self.widget.isChecked()

    def set(self, value) -> None:
        self.widget.setChecked(bool(value))


class _Choice(_Editor):
    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.choices = spec.choices or []
        self.widget = FormComboBox()
        for choice in self.choices:
            self.widget.addItem(str(choice.value if isinstance(choice, enum.Enum) else choice))
        self.widget.currentIndexChanged.connect(changed)

    def get(self) -> Any:
        index = self.widget.currentIndex()
        return self.choices[index] if index >= 0 else None

    def set(self, value) -> None:
        if value in self.choices:
            self.widget.setCurrentIndex(self.choices.index(value))


class _BoundedStepping:
    """Arrows and the wheel stop at the field's bounds; typing past them is allowed, so
    the validation message can say what the limit is instead of silently clamping."""

    lower: float | None = None
    upper: float | None = None

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        value = self.value() + steps * self.singleStep()
        if self.lower is not None:
            value = max(value, min(self.lower, self.value()))
        if self.upper is not None:
            value = min(value, max(self.upper, self.value()))
        self.setValue(value)


class _WheelNeedsFocus:
    """The wheel changes the value only once the field has focus (a click or Tab): over an
    unfocused field it scrolls the form, as the user scrolling past meant."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area behind gets it


class BoundedSpinBox(_WheelNeedsFocus, _BoundedStepping, QSpinBox):
    pass


class BoundedDoubleSpinBox(_WheelNeedsFocus, _BoundedStepping, QDoubleSpinBox):
    pass


class FormSlider(_WheelNeedsFocus, QSlider):
    pass


class FormComboBox(_WheelNeedsFocus, QComboBox):
    pass


class _Number(_Editor):
    """A spin box; with both bounds also a slider; for an optional field an "Auto" box."""

    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.is_int = spec.annotation is int
        self.spin = BoundedSpinBox() if self.is_int else BoundedDoubleSpinBox()
        self.spin.lower, self.spin.upper = spec.lower, spec.upper
        limit = INT_LIMIT if self.is_int else FLOAT_LIMIT
        self.spin.setRange(-limit, limit)
        self.spin.setKeyboardTracking(True)
        self.spin.setMinimumWidth(90)
        if not self.is_int:
            self.spin.setDecimals(_decimals(spec))
            self.spin.setSingleStep(_step(spec))
        self.slider: QSlider | None = None
        self.auto: QCheckBox | None = None
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        if spec.optional:
            self.auto = QCheckBox("Auto")
            self.auto.toggled.connect(self._auto_toggled)
            row.addWidget(self.auto)
        if spec.lower is not None and spec.upper is not None and spec.upper > spec.lower:
            self.slider = FormSlider(Qt.Orientation.Horizontal)
            self.slider.setRange(0, self._slider_steps())
            self.slider.valueChanged.connect(self._slid)
            row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        self.spin.valueChanged.connect(self._spun)

    def _slider_steps(self) -> int:
        span = self.spec.upper - self.spec.lower
        return int(span) if self.is_int and span <= SLIDER_STEPS else SLIDER_STEPS

    def _slid(self, position: int) -> None:
        fraction = position / self.slider.maximum()
        value = self.spec.lower + fraction * (self.spec.upper - self.spec.lower)
        self.spin.setValue(round(value) if self.is_int else value)

    def _spun(self, value: float) -> None:
        if self.slider is not None:
            span = self.spec.upper - self.spec.lower
            position = round((value - self.spec.lower) / span * self.slider.maximum())
            self.slider.blockSignals(True)  # the slider follows; it must not round the value
            self.slider.setValue(max(0, min(self.slider.maximum(), position)))
            self.slider.blockSignals(False)
        self._changed()

    def _auto_toggled(self, on: bool) -> None:
        self.spin.setEnabled(not on)
        if self.slider is not None:
            self.slider.setEnabled(not on)
        if not on:
            # Unticking Auto offers a value the field takes (it showed 0, at once an error).
            lower, upper = self.spec.lower, self.spec.upper
            value = self.spin.value()
            if lower is not None and value < lower:
                self.spin.setValue(lower)
            elif upper is not None and value > upper:
                self.spin.setValue(upper)
        self._changed()

    def get(self) -> Any:
        if self.auto is not None and self.auto.isChecked():
            return None
        return self.spin.value()

    def set(self, value) -> None:
        if self.auto is not None:
            self.auto.setChecked(value is None)
        if value is not None:
            if not self.is_int and _places(value) > self.spin.decimals():
                # A value set from a saved take must come back exactly, not rounded.
                self.spin.setDecimals(min(6, _places(value)))
            self.spin.setValue(value)
            self._spun(self.spin.value())


def _step(spec: FieldSpec) -> float:
    if spec.lower is None or spec.upper is None:
        return 0.1
    return 10.0 ** math.floor(math.log10(max(spec.upper - spec.lower, 1e-6) / 100))


def _decimals(spec: FieldSpec) -> int:
    from_step = max(1, -math.floor(math.log10(_step(spec))))
    return min(6, max(from_step, _places(spec.default)))


def _places(value: Any) -> int:
    """Digits after the point in a float's shortest repr (0 for anything else)."""
    text = repr(value) if isinstance(value, float) else ""
    return len(text.partition(".")[2]) if "e" not in text else 6


class _Text(_Editor):
    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        if spec.is_long_text:
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setFixedHeight(QFontMetrics(self.widget.font()).lineSpacing() * 4 + 12)
            self.widget.textChanged.connect(changed)
        else:
            self.widget = QLineEdit()
            self.widget.textChanged.connect(changed)
        if spec.optional:
            self.widget.setPlaceholderText("(none)")

    def text(self) -> str:
        if isinstance(self.widget, QPlainTextEdit):
            return self.widget.toPlainText()
        return self.widget.text()

    def get(self) -> Any:
        text = self.text()
        return None if self.spec.optional and not text else text

    def set(self, value) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.widget, QPlainTextEdit):
            self.widget.setPlainText(text)
        else:
            self.widget.setText(text)


class _PathField(_Text):
    """A line edit with a Browse… button; a field named like a folder asks for a folder."""

    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.line = self.widget
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        self.browse = QToolButton(text="Browse…")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.browse)

    def text(self) -> str:
        return self.line.text()

    def get(self) -> Any:
        text = self.text()
        if not text and self.spec.optional:
            return None
        return text  # pydantic turns it into a Path where the field is one

    def set(self, value) -> None:
        self.line.setText("" if value is None else str(value))

    def _browse(self) -> None:
        folder = self.spec.name.endswith(("_dir", "_folder")) or self.spec.name == "folder"
        if folder:
            chosen = QFileDialog.getExistingDirectory(self.widget, self.spec.name, self.text())
        else:
            chosen, _ = QFileDialog.getOpenFileName(self.widget, self.spec.name, self.text())
        if chosen:
            self.line.setText(chosen)


class _Json(_Editor):
    """Anything else (lists, unions, nested models) as JSON text, validated by pydantic."""

    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.widget = QLineEdit()
        self.widget.textChanged.connect(changed)
        self.widget.setPlaceholderText("JSON")

    def get(self) -> Any:
        try:
            return json.loads(self.widget.text())
        except ValueError:
            return self.widget.text()  # let pydantic say what it expected

    def set(self, value) -> None:
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        self.widget.setText(json.dumps(value, default=str))


class SeedField(QWidget):
    """A seed spin box and a dice button that rolls a new one; reused by the panels."""

    changed = Signal(int)

    def __init__(self, seed: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.spin = QSpinBox()
        self.spin.setRange(0, SEED_MAX)
        self.spin.setValue(seed)
        self.spin.setMinimumWidth(110)
        self.dice = QToolButton()
        # The die face where the font has it; offscreen and minimal fonts may not.
        has_die = QFontMetrics(self.dice.font()).inFontUcs4(0x2684)
        self.dice.setText("⚄" if has_die else "Roll")
        self.dice.setToolTip("Roll a new random seed")
        self.dice.clicked.connect(self.roll)
        row.addWidget(self.spin, 1)
        row.addWidget(self.dice)
        self.spin.valueChanged.connect(self.changed)

    def value(self) -> int:
        return self.spin.value()

    def setValue(self, seed: int) -> None:  # noqa: N802 - reads like the Qt widgets beside it
        self.spin.setValue(seed)

    def roll(self) -> int:
        current = self.spin.value()
        seed = current
        while seed == current:  # a roll that changes nothing would look broken
            seed = random.randint(0, SEED_MAX)
        self.spin.setValue(seed)
        return seed


class _Seed(_Editor):
    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.widget = SeedField()
        self.widget.changed.connect(changed)

    def get(self) -> int:
        return self.widget.value()

    def set(self, value) -> None:
        self.widget.setValue(int(value or 0))


def editor_for(spec: FieldSpec, changed) -> _Editor:
    if spec.annotation is str and spec.extra.get("models_for"):
        # The installed models of that generator, plus Add… (studio/ui/models).
        from studio.ui.models.qt_model_field import ModelChoiceEditor

        return ModelChoiceEditor(spec, changed)
    if spec.is_seed:
        return _Seed(spec, changed)
    if spec.choices is not None:
        return _Choice(spec, changed)
    if spec.annotation is bool:
        return _Check(spec, changed)
    if spec.annotation in (int, float):
        return _Number(spec, changed)
    if spec.is_path:
        return _PathField(spec, changed)
    if spec.annotation is str:
        return _Text(spec, changed)
    return _Json(spec, changed)


# The form ---------------------------------------------------------------------------------


class ParamForm(QWidget):
    """One row per field of `params_model`; `values()` gives a validated instance.

    Every edit is validated at once and each message appears under its field, so a
    dialog can keep its OK button in step with `validity_changed`.
    """

    changed = Signal()
    validity_changed = Signal(bool)

    def __init__(self, params_model: type[BaseModel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.params_model = params_model
        self.editors: dict[str, _Editor] = {}
        self._errors: dict[str, QLabel] = {}
        self._valid = True
        self._quiet = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        for name, info in params_model.model_fields.items():
            spec = FieldSpec.read(name, info)
            editor = editor_for(spec, self._edited)
            self.editors[name] = editor
            label = QLabel(_label(name))
            if spec.description:
                label.setToolTip(spec.description)
                editor.widget.setToolTip(spec.description)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self._errors[name] = error
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(editor.widget)
            cell.addWidget(error)
            form.addRow(label, cell)
        self.form_error = QLabel()  # errors of the model as a whole (its validators)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        footer = QHBoxLayout()
        footer.addStretch(1)
        self.reset_button = QPushButton("Reset to Defaults")
        self.reset_button.clicked.connect(self.reset)
        self.reset_button.setEnabled(bool(self.editors))
        footer.addWidget(self.reset_button)
        outer.addLayout(footer)
        if not self.editors:
            form.addRow(QLabel("This generator has no parameters."))
        self.reset()

    def editor(self, name: str) -> QWidget:
        return self.editors[name].widget

    def raw_values(self) -> dict[str, Any]:
        return {name: editor.get() for name, editor in self.editors.items()}

    def values(self) -> BaseModel:
        """The validated Params; raises InvalidParams (and shows why) if they are not."""
        params, errors = self._validate()
        self._show(errors)
        if params is None:
            raise InvalidParams(errors)
        return params

    def errors(self) -> dict[str, str]:
        return {name: label.text() for name, label in self._errors.items() if label.text()}

    def is_valid(self) -> bool:
        return self._valid

    def set_values(self, params: BaseModel | dict[str, Any]) -> None:
        data = params if isinstance(params, dict) else dict(params)
        self._quiet = True
        try:
            for name, value in data.items():
                if name in self.editors:
                    self.editors[name].set(value)
        finally:
            self._quiet = False
        self._edited()

    def reset(self) -> None:
        defaults = {}
        for name, info in self.params_model.model_fields.items():
            defaults[name] = info.get_default(call_default_factory=True)
        self.set_values(defaults)

    def _edited(self, *_args) -> None:
        if self._quiet:
            return
        _params, errors = self._validate()
        self._show(errors)
        self.changed.emit()

    def _validate(self) -> tuple[BaseModel | None, dict[str, str]]:
        try:
            return self.params_model.model_validate(self.raw_values()), {}
        except ValidationError as exc:
            errors: dict[str, str] = {}
            for error in exc.errors():
                where = str(error["loc"][0]) if error["loc"] else ""
                errors.setdefault(where, error["msg"])
            return None, errors

    def _show(self, errors: dict[str, str]) -> None:
        for name, label in self._errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
        general = [msg for where, msg in errors.items() if where not in self._errors]
        self.form_error.setText("; ".join(general))
        self.form_error.setVisible(bool(general))
        valid = not errors
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()
