"""Versioned data: one upgrade chain per format (project, settings, side files), applied on read.

Each format names the field holding its version and a table of upgrades, `upgrades[n]`
turning version-n data into version n + 1. Data from a newer version than this Storyreel
knows is refused with one line and never rewritten (so nothing of it is lost).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Data = dict[str, Any]
Upgrade = Callable[[Data], Data]


class VersionError(ValueError):
    """The data is not a version this Storyreel can read."""


class NewerVersionError(VersionError):
    """The data was written by a newer Storyreel."""


@dataclass(frozen=True)
class Format:
    """How one kind of file says its version, and how to bring old ones up to date."""

    noun: str  # "project file": said in every error
    current: int
    upgrades: Mapping[int, Upgrade] = field(default_factory=dict)
    field: str = "version"
    tag: str = ""  # "Provenance.": the version is written "Provenance.1", OTIO's way
    missing: int | None = 1  # the version of data without the field; None: the field is required
    oldest: int = 1  # the lowest version number that exists
    error: type[Exception] = VersionError
    newer: type[Exception] = NewerVersionError
    owner: str = ""  # "this project": who "was saved by a newer Storyreel"; else "this NOUN"

    def version_of(self, data: Any) -> int:
        if not isinstance(data, dict):
            raise self.error(f"a {self.noun} must hold a JSON object")
        if self.field not in data and self.missing is not None:
            return self.missing
        value = data.get(self.field)
        if self.tag and isinstance(value, str) and value.startswith(self.tag):
            digits = value[len(self.tag) :]
            value = int(digits) if digits.isascii() and digits.isdigit() else value
        if isinstance(value, bool) or not isinstance(value, int) or value < self.oldest:
            raise self.error(f"no valid {self.field} number in the {self.noun} (found {value!r})")
        return value

    def stamp(self, version: int) -> Any:
        """The value of the version field for `version`."""
        return f"{self.tag}{version}" if self.tag else version

    def upgrade(self, data: Any) -> tuple[Data, int]:
        """Bring `data` up to the current version; returns it and the version it came with."""
        found = self.version_of(data)
        if found > self.current:
            owner = self.owner or f"this {self.noun}"
            raise self.newer(
                f"{owner} was saved by a newer Storyreel ({self.field} {found}; "
                f"this version reads up to {self.current}): update Storyreel to open it"
            )
        version = found
        while version < self.current:
            step = self.upgrades.get(version)
            if step is None:
                raise self.error(f"no migration from {self.field} {version} to {version + 1}")
            data = step(dict(data))
            version += 1
            data[self.field] = self.stamp(version)
        return data, found
