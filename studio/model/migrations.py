"""Forward migrations of project data: schema N → N+1, applied in order on load.

Each upgrade takes the data of one schema and returns the data of the next. Files from a
newer schema than this version knows are refused, never rewritten. The mechanism is the one
every versioned file shares (studio.versioning); this module holds the project's table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.model.serialize import SCHEMA, FormatError
from studio.versioning import Format

Data = dict[str, Any]

# UPGRADES[n] turns schema n data into schema n + 1 data.
UPGRADES: dict[int, Callable[[Data], Data]] = {}


class NewerSchemaError(FormatError):
    """The file was written by a newer Storyreel."""


def project_format(current: int = SCHEMA) -> Format:
    return Format(
        noun="project file",
        owner="this project",
        current=current,
        upgrades=UPGRADES,
        field="schema",
        missing=None,  # every project file says its schema
        error=FormatError,
        newer=NewerSchemaError,
    )


def schema_of(data: Any) -> int:
    return project_format().version_of(data)


def migrate(data: Any, current: int = SCHEMA) -> tuple[Data, int]:
    """Upgrade data to the current schema; returns the data and the schema it came with."""
    return project_format(current).upgrade(data)
