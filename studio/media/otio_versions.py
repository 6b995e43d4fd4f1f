"""The version of what Storyreel writes under an OTIO timeline's `metadata["storyreel"]`.

The timeline's own entry carries `"version"`; it covers every Storyreel entry in the file
(tracks, clips, markers). Older metadata is brought up to date through UPGRADES on import
(studio.versioning); metadata without a version reads as version 1, and metadata from a
newer Storyreel is refused in one line, the file left as it is.
"""

from __future__ import annotations

from typing import Any

from studio.errors import UserError
from studio.versioning import Format, Upgrade, VersionError

VERSION = 1
# UPGRADES[n] turns version-n timeline metadata into version n + 1.
UPGRADES: dict[int, Upgrade] = {}
FORMAT = Format(
    noun="timeline's Storyreel metadata",
    owner="this OTIO file's Storyreel metadata",
    current=VERSION,
    upgrades=UPGRADES,
)


def current_metadata(ours: Any) -> dict[str, Any]:
    """The timeline's Storyreel metadata at this version; {} where the file has none."""
    if ours is None or ours == {}:
        return {}  # a timeline from another tool
    try:
        data, _ = FORMAT.upgrade(ours)
    except VersionError as exc:
        raise UserError(str(exc)) from None
    return data
