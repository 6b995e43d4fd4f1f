"""Edits of the story graph: describe, rename, alias, add a prop, add or drop a reference.

Each function returns one Edit for `Document.apply` (one undo step) that reads the project
as it runs; a refusal (no such element, a name taken) is the refused Result of `apply`.
Describing an element anew marks the takes of every shot it is in as out of date; nothing
is regenerated on its own.
"""

from __future__ import annotations

from pathlib import Path

from studio.errors import UserError
from studio.model import Asset, Element, ElementKind, MediaKind, Project, new_id
from studio.model.edits import (
    AddAsset,
    AddItem,
    Composite,
    Edit,
    EditError,
    RemoveItem,
    UpdateItem,
)
from studio.model.transaction import Transaction
from studio.workflows.cast.graph import SyncElements
from studio.workflows.cast.names import canonical


def find_element(project: Project, key: str) -> Element:
    """An element by id, name or alias (any case)."""
    found = _lookup(project, key)
    if found is None:
        raise UserError(_no_such(key))
    return found


def describe(project: Project, element_id: str, text: str) -> Edit:
    """A new description; the takes of the element's shots are marked out of date."""

    def steps(tx: Transaction) -> None:
        project = tx.project
        element = _element(project, element_id)
        if text.strip() == element.description:
            return
        tx.run(UpdateItem("elements", element.id, {"description": text.strip()}))
        for shot_id in element.shots:
            shot = project.item("shots", shot_id)
            if shot is not None and shot.takes:
                stale = list(dict.fromkeys([*shot.outdated, *shot.takes]))
                if stale != shot.outdated:
                    tx.run(UpdateItem("shots", shot.id, {"outdated": stale}))

    return Composite("Describe " + _name(project, element_id), steps)


def rename(project: Project, element_id: str, name: str) -> Edit:
    """A new name; the old one becomes an alias, so the script's cues still find it."""

    def steps(tx: Transaction) -> None:
        element = _element(tx.project, element_id)
        new = canonical(name)
        if not new:
            raise EditError("a name cannot be empty")
        _check_free(tx.project, new, element)
        aliases = [a for a in element.aliases if canonical(a) != new]
        if element.kind is not ElementKind.PROP and element.name not in aliases:
            aliases.append(element.name)
        tx.run(UpdateItem("elements", element.id, {"name": new, "aliases": aliases}))
        tx.run(SyncElements())

    return Composite(f"Rename {_name(project, element_id)}", steps)


def set_aliases(project: Project, element_id: str, aliases: list[str]) -> Edit:
    def steps(tx: Transaction) -> None:
        element = _element(tx.project, element_id)
        clean = list(dict.fromkeys(canonical(a) for a in aliases if a.strip()))
        for alias in clean:
            _check_free(tx.project, alias, element)
        tx.run(UpdateItem("elements", element.id, {"aliases": clean}))
        tx.run(SyncElements())

    return Composite(f"Aliases of {_name(project, element_id)}", steps)


def add_element(project: Project, kind: ElementKind, name: str, description: str = "") -> Edit:
    """A prop (or a character or place the script does not name yet)."""
    key = canonical(name)

    def steps(tx: Transaction) -> None:
        if not key:
            raise EditError("a name cannot be empty")
        _check_free(tx.project, key, None)
        element = Element(new_id("e"), ElementKind(kind), key, description.strip())
        tx.run(AddItem("elements", element))
        tx.run(SyncElements())

    return Composite(f"Add {ElementKind(kind).value} {key}", steps)


def remove_element(project: Project, element_id: str) -> Edit:
    def steps(tx: Transaction) -> None:
        tx.run(RemoveItem("elements", _element(tx.project, element_id).id))

    return Composite(f"Remove {_name(project, element_id)}", steps)


def add_reference(project: Project, element_id: str, asset: Asset, main: bool = False) -> Edit:
    """Use a picture as the element's reference (the main one with `main`); a new asset (an
    imported still, a frame grab) is added to the project in the same step."""

    def steps(tx: Transaction) -> None:
        element = _element(tx.project, element_id)
        if asset.kind is not MediaKind.IMAGE:
            raise EditError(f"{asset.name} is {asset.kind.value}; a reference is a still image")
        if asset.id not in tx.project.assets:
            tx.run(AddAsset(asset))
        rest = [a for a in element.references if a != asset.id]
        references = [asset.id, *rest] if main else [*rest, asset.id]
        if references != element.references:
            tx.run(UpdateItem("elements", element.id, {"references": references}))

    return Composite(f"Reference for {_name(project, element_id)}", steps)


def remove_reference(project: Project, element_id: str, asset_id: str) -> Edit:
    def steps(tx: Transaction) -> None:
        element = _element(tx.project, element_id)
        if asset_id not in element.references:
            raise EditError(f"{asset_id} is not a reference of {element.name}")
        references = [a for a in element.references if a != asset_id]
        tx.run(UpdateItem("elements", element.id, {"references": references}))

    return Composite(f"Drop reference of {_name(project, element_id)}", steps)


def _lookup(project: Project, key: str) -> Element | None:
    found = project.item("elements", key)
    if found is not None:
        return found
    wanted = canonical(key)
    for element in project.elements:
        if wanted in {canonical(w) for w in (element.name, *element.aliases)}:
            return element
    return None


def _no_such(key: str) -> str:
    return f"no character, place or prop {key!r} in this project"


def _element(project: Project, key: str) -> Element:
    """The element, as the edit runs; a refusal of the edit if there is none."""
    found = _lookup(project, key)
    if found is None:
        raise EditError(_no_such(key))
    return found


def _name(project: Project, key: str) -> str:
    """The element's name for an edit's label (the undo menu), as it is when built."""
    found = _lookup(project, key)
    return found.name if found is not None else key


def _check_free(project: Project, key: str, owner: Element | None) -> None:
    for other in project.elements:
        if other is not owner and key in {canonical(w) for w in (other.name, *other.aliases)}:
            raise EditError(f"{key} already names {other.kind.value} {other.name}")


def reference_asset(folder: Path | None, source: Path, crop=None, at_seconds: float = 0.0):
    """An image asset for a reference, from an image or a video frame (at `at_seconds`),
    cropped to `crop` (left, top, width, height) when given, written into media/.
    Reads and writes files: call it off the GUI thread."""
    from studio.workflows.cast.references import still_from

    return still_from(folder, Path(source), crop, at_seconds)
