"""Forward migrations of project data: schema N → N+1, applied in order on load.

Each upgrade takes the data of one schema and returns the data of the next. Files from a
newer schema than this version knows are refused, never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.model.serialize import SCHEMA, FormatError

Data = dict[str, Any]

# UPGRADES[n] turns schema n data into schema n + 1 data.
UPGRADES: dict[int, Callable[[Data], Data]] = {}


class NewerSchemaError(FormatError):
    """The file was written by a newer Storyreel."""


def schema_of(data: Any) -> int:
    if not isinstance(data, dict):
        raise FormatError("a project file must hold a JSON object")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise FormatError(f"no valid schema number in the project file (found {schema!r})")
    return schema


def migrate(data: Any, current: int = SCHEMA) -> tuple[Data, int]:
    """Upgrade data to the current schema; returns the data and the schema it came with."""
    found = schema_of(data)
    if found > current:
        raise NewerSchemaError(
            f"this project was saved by a newer Storyreel (schema {found}; "
            f"this version reads up to {current}): update Storyreel to open it"
        )
    schema = found
    while schema < current:
        upgrade = UPGRADES.get(schema)
        if upgrade is None:
            raise FormatError(f"no migration from schema {schema} to {schema + 1}")
        data = upgrade(dict(data))
        schema += 1
        data["schema"] = schema
    return data, found
