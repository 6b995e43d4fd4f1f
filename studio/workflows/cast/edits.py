"""Edits of the story graph: describe, rename, alias, add a prop, add or drop a reference.

Each function returns one Edit for `Document.apply` (one undo step), or raises UserError
saying why it cannot. Describing an element anew marks the takes of every shot it is in as
out of date; nothing is regenerated on its own.
"""

from __future__ import annotations

from pathlib import Path

from studio.errors import UserError
from studio.model import Asset, Element, ElementKind, MediaKind, Project, new_id
from studio.model.edits import AddAsset, AddItem, Edit, Macro, RemoveItem, UpdateItem
from studio.workflows.cast.graph import SyncElements, with_sync
from studio.workflows.cast.names import canonical


def find_element(project: Project, key: str) -> Element:
    """An element by id, name or alias (any case)."""
    found = project.item("elements", key)
    if found is not None:
        return found
    wanted = canonical(key)
    for element in project.elements:
        if wanted in {canonical(w) for w in (element.name, *element.aliases)}:
            return element
    raise UserError(f"no character, place or prop {key!r} in this project")


def describe(project: Project, element_id: str, text: str) -> Edit:
    """A new description; the takes of the element's shots are marked out of date."""
    element = find_element(project, element_id)
    edits: list[Edit] = [UpdateItem("elements", element.id, {"description": text.strip()})]
    if text.strip() == element.description:
        return Macro("Describe " + element.name, [])
    for shot_id in element.shots:
        shot = project.item("shots", shot_id)
        if shot is not None and shot.takes:
            stale = list(dict.fromkeys([*shot.outdated, *shot.takes]))
            if stale != shot.outdated:
                edits.append(UpdateItem("shots", shot.id, {"outdated": stale}))
    return Macro("Describe " + element.name, edits)


def rename(project: Project, element_id: str, name: str) -> Edit:
    """A new name; the old one becomes an alias, so the script's cues still find it."""
    element = find_element(project, element_id)
    new = canonical(name)
    if not new:
        raise UserError("a name cannot be empty")
    _check_free(project, new, element)
    aliases = [a for a in element.aliases if canonical(a) != new]
    if element.kind is not ElementKind.PROP and element.name not in aliases:
        aliases.append(element.name)
    edit = UpdateItem("elements", element.id, {"name": new, "aliases": aliases})
    edit.label = f"Rename {element.name}"
    return with_sync(edit)


def set_aliases(project: Project, element_id: str, aliases: list[str]) -> Edit:
    element = find_element(project, element_id)
    clean = list(dict.fromkeys(canonical(a) for a in aliases if a.strip()))
    for alias in clean:
        _check_free(project, alias, element)
    edit = UpdateItem("elements", element.id, {"aliases": clean})
    edit.label = f"Aliases of {element.name}"
    return with_sync(edit)


def add_element(project: Project, kind: ElementKind, name: str, description: str = "") -> Edit:
    """A prop (or a character or place the script does not name yet)."""
    key = canonical(name)
    if not key:
        raise UserError("a name cannot be empty")
    _check_free(project, key, None)
    element = Element(new_id("e"), ElementKind(kind), key, description.strip())
    return Macro(f"Add {element.kind.value} {key}", [AddItem("elements", element), SyncElements()])


def remove_element(project: Project, element_id: str) -> Edit:
    element = find_element(project, element_id)
    return Macro(f"Remove {element.name}", [RemoveItem("elements", element.id)])


def add_reference(project: Project, element_id: str, asset: Asset, main: bool = False) -> Edit:
    """Use a picture as the element's reference (the main one with `main`); a new asset (an
    imported still, a frame grab) is added to the project in the same step."""
    element = find_element(project, element_id)
    if asset.kind is not MediaKind.IMAGE:
        raise UserError(f"{asset.name} is {asset.kind.value}; a reference is a still image")
    edits: list[Edit] = []
    if asset.id not in project.assets:
        edits.append(AddAsset(asset))
    rest = [a for a in element.references if a != asset.id]
    references = [asset.id, *rest] if main else [*rest, asset.id]
    if references == element.references:
        return Macro("Add reference", edits)
    edits.append(UpdateItem("elements", element.id, {"references": references}))
    return Macro(f"Reference for {element.name}", edits)


def remove_reference(project: Project, element_id: str, asset_id: str) -> Edit:
    element = find_element(project, element_id)
    if asset_id not in element.references:
        raise UserError(f"{asset_id} is not a reference of {element.name}")
    references = [a for a in element.references if a != asset_id]
    return Macro(
        f"Drop reference of {element.name}",
        [UpdateItem("elements", element.id, {"references": references})],
    )


def _check_free(project: Project, key: str, owner: Element | None) -> None:
    for other in project.elements:
        if other is not owner and key in {canonical(w) for w in (other.name, *other.aliases)}:
            raise UserError(f"{key} already names {other.kind.value} {other.name}")


def reference_asset(folder: Path | None, source: Path, crop=None, at_seconds: float = 0.0):
    """An image asset for a reference, from an image or a video frame (at `at_seconds`),
    cropped to `crop` (left, top, width, height) when given, written into media/.
    Reads and writes files: call it off the GUI thread."""
    from studio.workflows.cast.references import still_from

    return still_from(folder, Path(source), crop, at_seconds)
