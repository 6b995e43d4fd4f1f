"""The one generator picker: which generator a panel or dialog runs, and its parameter form.

Every panel that generates (storyboard, clips, score) and the Generate dialog use it:
- it lists the registry's generators of one output kind (and, if asked, that accept a kind)
  from what each plugin declares, so a manifest plugin is listed without being imported;
- disabled and broken plugins are listed greyed, with why in their tooltip;
- only the chosen generator is imported, off the GUI thread (the importer the hub hands
  over), and its form appears when it arrives; the others stay unimported until chosen;
- the choice and its parameters are kept in the project (`Document.remember`) when the panel
  generates (`remember`), and chosen again when the project is opened;
- one signal, `chosen`, when another generator is chosen or the chosen one's form arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from studio.plugins.api import Kind
from studio.ui.qt_params import ParamForm

if TYPE_CHECKING:
    from studio.engine import Registry
    from studio.engine.discovery import PluginRecord

# importer(ids, then): import those generators' plugins off the GUI thread, then call then().
Importer = Callable[[list[str], Callable[[], None]], None]

log = logging.getLogger(__name__)

DISABLED_WHY = "disabled: enable it in Generate ▸ Plugins…"


class GeneratorPicker(QWidget):
    """Until the registry is known (`set_registry`) only the default is offered, by id, so a
    panel looks ready without discovering plugins."""

    chosen = Signal(str)  # the generator id now chosen, or whose form just arrived

    def __init__(
        self,
        output: Kind | None = None,
        default_id: str = "",
        *,
        accepts: Kind | None = None,
        memory: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.output = output
        self.accepts = accepts
        self.default_id = default_id
        self.memory = memory  # the panel's key in the project's remembered choices
        self.registry: Registry | None = None
        self.session = None
        self._importer: Importer | None = None
        self._why: dict[str, str] = {}  # greyed generators: why they cannot be chosen
        self._forms: dict[str, ParamForm] = {}  # kept per generator: switching back keeps edits
        self._remembered: dict[str, dict] = {}  # params to set once that form is made
        self._importing: set[str] = set()
        self._waiting: list[Callable[[type | None], None]] = []
        self.form: ParamForm | None = None
        self.combo = QComboBox()
        if default_id:
            self.combo.addItem(default_id, default_id)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("font-size: 11px;")
        self.note.hide()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.combo)
        self.layout_.addWidget(self.note)
        self.combo.currentIndexChanged.connect(self._show_chosen)

    # -- what is offered -------------------------------------------------------------------
    @property
    def known(self) -> bool:
        """Whether the generators are listed (the registry was handed over)."""
        return self.registry is not None

    def set_registry(self, registry: Registry, importer: Importer) -> None:
        """List the registry's generators (nothing is imported); the default is chosen,
        or what the project remembers. A second call lists them again."""
        self.registry, self._importer = registry, importer
        current = self.generator_id()
        records = [r for r in _one_per_id(registry) if self._wanted(r)]
        records.sort(key=lambda r: (r.id != self.default_id, (r.name or r.id).lower()))
        self._why = {r.id: why for r in records if (why := _why_not(r))}
        self.combo.blockSignals(True)
        self.combo.clear()
        for record in records:
            self.combo.addItem(_label(record), record.id)
            if record.id in self._why:
                self._grey(self.combo.count() - 1, self._why[record.id])
        self.combo.blockSignals(False)
        if not self._select(current) and not self._select(self.default_id):
            self._select(next((r.id for r in records if r.id not in self._why), ""))
        self._restore()
        self._show_chosen()

    def choose(self, generator_id: str) -> bool:
        """Choose a generator that is listed and usable; False if it is not."""
        return self._select(generator_id)

    def generator_id(self) -> str:
        return self.combo.currentData() or ("" if self.known else self.default_id)

    def usable_count(self) -> int:
        return sum(1 for i in range(self.combo.count()) if self.combo.itemData(i) not in self._why)

    def declared(self):
        """What the chosen generator declares (id, name, output, accepts): its class once
        imported, else its manifest; None before the generators are listed."""
        record = self._record()
        return record.declared if record is not None else None

    def generator(self) -> type | None:
        """The chosen generator's class once imported (None until then)."""
        record = self._record()
        return record.generator if record is not None and self._usable(record) else None

    def params(self):
        """The form's validated values; raises InvalidParams (the form shows why), or
        RuntimeError while the generator is not imported yet."""
        if self.form is None:
            raise RuntimeError(f"{self.generator_id() or 'the generator'} is not loaded yet")
        return self.form.values()

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def why_not(self) -> str:
        """Why the chosen generator cannot run (empty when it can, or may once imported)."""
        if not self.known:
            return "the generators are not known yet"
        generator_id = self.generator_id()
        if not generator_id:
            return "no generator of this kind is enabled: see Generate ▸ Plugins…"
        return self._why.get(generator_id, "")

    # -- the chosen one's class ----------------------------------------------------------------
    def when_loaded(self, then: Callable[[type | None], None]) -> None:
        """`then(cls)` once the chosen generator is imported (now, if it is); `then(None)` if
        it cannot be (`why_not` says why). Call after `set_registry`."""
        record = self._record()
        if record is None or not self._usable(record) or self.form is not None:
            then(self.generator())
            return
        self._waiting.append(then)
        if record.generator is None or record.id in self._importing:
            self._import(record.id)
        else:  # imported meanwhile (by another picker, one package for several generators)
            self._show_chosen()

    def _import(self, generator_id: str) -> None:
        if generator_id in self._importing or self._importer is None:
            return
        self._importing.add(generator_id)
        self.set_note(f"Loading {generator_id}…")
        self._importer([generator_id], lambda: self._imported(generator_id))

    def _imported(self, generator_id: str) -> None:
        self._importing.discard(generator_id)
        record = self.registry.record(generator_id) if self.registry is not None else None
        if record is not None and (why := _why_not(record)):
            self._why[generator_id] = why  # its import failed: greyed from now on
            index = self.combo.findData(generator_id)
            if index >= 0:
                self._grey(index, why)
        if generator_id == self.generator_id():
            self._show_chosen()

    # -- the project's memory --------------------------------------------------------------
    def set_session(self, session) -> None:
        """The project whose remembered choice this picker follows (None: no project)."""
        self.session = session
        self._restore()

    def remember(self, params) -> None:
        """Keep the choice and `params` with the project (saved with it, no undo step)."""
        if self.session is not None and self.memory and self.generator_id():
            state = {"generator": self.generator_id(), "params": params.model_dump(mode="json")}
            self.session.doc.remember(self.memory, state)

    def _restore(self) -> None:
        """Choose what the project remembers, if listed; its params wait for its form."""
        if self.session is None or not self.memory or not self.known:
            return
        state = self.session.project.panels.get(self.memory) or {}
        generator_id, params = state.get("generator"), state.get("params")
        if not generator_id or generator_id in self._why:
            return
        if isinstance(params, dict):
            self._remembered[generator_id] = params
            form = self._forms.get(generator_id)
            if form is not None:
                _set_remembered(form, self._remembered.pop(generator_id))
        self._select(generator_id)

    # -- showing ---------------------------------------------------------------------------
    def _show_chosen(self, *_args) -> None:
        if self.form is not None:
            self.layout_.removeWidget(self.form)
            self.form.hide()
            self.form = None
        record = self._record()
        if record is None:
            self.set_note(self.why_not() if self.known else "")
            return
        if not self._usable(record):
            self.set_note(f"{record.name or record.id}: {self._why[record.id]}")
            self._answer()
            self.chosen.emit(record.id)
            return
        if record.generator is None:
            self._import(record.id)
            self.chosen.emit(record.id)  # what it declares is known already
            return
        self.set_note("")
        form = self._forms.get(record.id)
        made = form is None
        if form is None:
            form = self._forms[record.id] = ParamForm(record.generator.Params)
        self.layout_.addWidget(form)
        form.show()
        self.form = form
        self.chosen.emit(record.id)
        # What the project remembers wins over what a panel sets from the choice.
        if made and record.id in self._remembered:
            _set_remembered(form, self._remembered.pop(record.id))
        self._answer()

    def _answer(self) -> None:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(self.generator())

    def _record(self) -> PluginRecord | None:
        if self.registry is None:
            return None
        generator_id = self.combo.currentData()
        return self.registry.record(generator_id) if generator_id else None

    def _usable(self, record: PluginRecord) -> bool:
        return record.id not in self._why and not _why_not(record)

    def _wanted(self, record: PluginRecord) -> bool:
        declared = record.declared
        if declared is None:  # broken before it said what it makes
            return self.output is None or record.id == self.default_id
        if self.output is not None and declared.output is not self.output:
            return False
        return self.accepts is None or self.accepts in declared.accepts

    def _select(self, generator_id: str) -> bool:
        index = self.combo.findData(generator_id) if generator_id else -1
        if index < 0 or generator_id in self._why:
            return False
        self.combo.setCurrentIndex(index)
        return True

    def _grey(self, index: int, why: str) -> None:
        model = self.combo.model()
        if isinstance(model, QStandardItemModel):
            model.item(index).setEnabled(False)
        self.combo.setItemData(index, why, Qt.ItemDataRole.ToolTipRole)


def _one_per_id(registry: Registry) -> list[PluginRecord]:
    """One record per id: the one the registry hands out."""
    seen: dict[str, Any] = {}
    for record in registry:
        seen.setdefault(record.id, registry.record(record.id))
    return list(seen.values())


def _why_not(record: PluginRecord) -> str:
    from studio.engine.discovery import BROKEN, DISABLED

    if record.status == DISABLED:
        return DISABLED_WHY
    if record.status == BROKEN:
        return f"broken: {record.error}"
    return ""


def _label(record: PluginRecord) -> str:
    name = record.name or record.id
    why = _why_not(record)
    return f"{name} ({why.partition(':')[0]})" if why else name


def _set_remembered(form: ParamForm, params: dict) -> None:
    """The remembered parameters; those a plugin no longer takes stay at their defaults."""
    try:
        form.set_values(params)
    except (ValueError, TypeError, KeyError):  # the plugin's parameters changed since
        log.info("remembered parameters no longer fit", exc_info=True)
