"""The one registry of the main window's menus and actions: each declared once, by id.

A menu is declared with an id ("file", "file/recent"), its title, its place and its groups;
an action is registered with an id, its text, shortcuts, the menu id and group it goes in,
and when it is enabled. Nobody looks a menu up by its title: `menu("taste")` finds it.
Within a menu, actions are shown group by group (a separator between two groups), and in
a group by `order`, then in the order they were registered. A menu with nothing in it
in the menu bar is hidden, so a panel's menu (Generate, Taste) shows once its panel is
installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

Shortcut = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class MenuSpec:
    id: str  # "edit"; a submenu's id names its parent first: "file/recent"
    title: str  # "&Edit", mnemonic included
    groups: tuple[str, ...] = ("",)  # its groups, in the order they are shown
    order: int = 0  # its place in the menu bar (a submenu: in its parent's group)
    parent: str = ""  # a submenu's parent menu id; "" for the menu bar
    group: str = ""  # a submenu's group in its parent


@dataclass(frozen=True)
class ActionSpec:
    id: str  # "save"; also the QAction's objectName, "action_save"
    text: str
    menu: str = ""  # the menu id it is shown in; "" for none (a toolbar or shortcut only)
    group: str = ""  # one of its menu's groups
    order: int = 0  # its place in its group (ties: the order of registration)
    shortcuts: tuple[Shortcut, ...] = ()
    checkable: bool = False
    checked: bool = False
    status_tip: str = ""
    enabled_when: Callable[[], bool] | None = None  # asked by `refresh()`; None: always


@dataclass
class _Entry:
    key: tuple[int, int, int]  # group, order, registration
    group: str
    action: QAction


class ActionRegistry:
    """The window's menus and actions by id (`registry["save"]` is its QAction)."""

    def __init__(self, bar: QMenuBar, owner: QObject, menus: Iterable[MenuSpec] = ()) -> None:
        self._bar = bar
        self._owner = owner  # parent of the actions: they outlive any menu they are shown in
        self._menus: dict[str, QMenu] = {}
        self._menu_specs: dict[str, MenuSpec] = {}
        self._entries: dict[str, list[_Entry]] = {}
        self._separators: dict[str, list[QAction]] = {}
        self._actions: dict[str, QAction] = {}
        self._specs: dict[str, ActionSpec] = {}
        self._count = 0
        for spec in menus:
            self.declare(spec)

    # -- menus -----------------------------------------------------------------------------
    def declare(self, spec: MenuSpec) -> QMenu:
        """Make the menu `spec` describes (hidden until something is in it)."""
        if spec.id in self._menu_specs:
            raise ValueError(f"menu {spec.id!r} is declared twice")
        if spec.parent:
            self._check_group(spec.parent, spec.group)
        if spec.parent:
            menu = QMenu(spec.title, self._menus[spec.parent])
        else:
            menu = QMenu(spec.title, self._bar)
            later = [s for s in self._menu_specs.values() if not s.parent and s.order > spec.order]
            before = min(later, key=lambda s: s.order) if later else None
            if before is None:
                self._bar.addMenu(menu)
            else:
                self._bar.insertMenu(self._menus[before.id].menuAction(), menu)
        menu.setObjectName(f"menu_{spec.id.replace('/', '_')}")
        self._menus[spec.id] = menu
        self._menu_specs[spec.id] = spec
        self._entries[spec.id] = []
        if spec.parent:  # filled by its owner (recent projects): shown even when empty
            self._place(spec.parent, spec.group, spec.order, menu.menuAction())
        else:
            menu.menuAction().setVisible(False)
        return menu

    def menu(self, menu_id: str) -> QMenu:
        return self._menus[menu_id]

    def menu_specs(self) -> list[MenuSpec]:
        return list(self._menu_specs.values())

    # -- actions ---------------------------------------------------------------------------
    def add(
        self,
        spec: ActionSpec,
        slot: Callable | None = None,
        action: QAction | None = None,
    ) -> QAction:
        """Register `spec`: a new QAction calling `slot`, or `action` (one Qt made, such as
        a dock's toggle) shown where the spec says."""
        if spec.id in self._specs:
            raise ValueError(f"action {spec.id!r} is registered twice")
        if spec.menu:
            self._check_group(spec.menu, spec.group)
        if action is None:
            action = QAction(spec.text, self._owner)
            action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
            if spec.checkable:
                action.setCheckable(True)
                action.setChecked(spec.checked)
            if spec.status_tip:
                action.setStatusTip(spec.status_tip)
        action.setObjectName(f"action_{spec.id}")
        if slot is not None:
            action.triggered.connect(slot)
        self._specs[spec.id] = spec
        self._actions[spec.id] = action
        if spec.menu:
            self._place(spec.menu, spec.group, spec.order, action)
        if spec.enabled_when is not None:
            action.setEnabled(spec.enabled_when())
        return action

    def _check_group(self, menu_id: str, group: str) -> None:
        if menu_id not in self._menu_specs:
            raise ValueError(f"no menu {menu_id!r} is declared")
        groups = self._menu_specs[menu_id].groups
        if group not in groups:
            raise ValueError(f"menu {menu_id!r} has no group {group!r} (it has {groups})")

    def _place(self, menu_id: str, group: str, order: int, action: QAction) -> None:
        groups = self._menu_specs[menu_id].groups
        self._count += 1
        entry = _Entry((groups.index(group), order, self._count), group, action)
        entries = self._entries[menu_id]
        menu = self._menus[menu_id]
        if not entries or entries[-1].key < entry.key:  # the usual case: it goes last
            if entries and entries[-1].group != group:
                self._separators.setdefault(menu_id, []).append(menu.addSeparator())
            menu.addAction(action)
            entries.append(entry)
        else:
            entries.append(entry)
            entries.sort(key=lambda e: e.key)
            self._lay_out(menu_id)
        menu.menuAction().setVisible(True)

    def _lay_out(self, menu_id: str) -> None:
        """Show the menu's entries again, in their order, with separators between groups."""
        menu = self._menus[menu_id]
        for action in menu.actions():
            menu.removeAction(action)
        for separator in self._separators.pop(menu_id, []):
            separator.deleteLater()
        separators = []
        previous = None
        for entry in self._entries[menu_id]:
            if previous is not None and entry.group != previous:
                separators.append(menu.addSeparator())
            menu.addAction(entry.action)
            previous = entry.group
        self._separators[menu_id] = separators

    def refresh(self) -> None:
        """Enable each action whose `enabled_when` says so (after the document changes)."""
        for name, spec in self._specs.items():
            if spec.enabled_when is not None:
                self._actions[name].setEnabled(spec.enabled_when())

    # -- lookup ------------------------------------------------------------------------------
    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._actions

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def get(self, action_id: str) -> QAction | None:
        return self._actions.get(action_id)

    def specs(self) -> list[ActionSpec]:
        return list(self._specs.values())
