"""The job engine: plugin discovery, jobs on worker threads, the model cache, outputs. No Qt.

The names below are imported on first use (PEP 562): importing one submodule, as the
sample project's build and most commands do, must not load discovery and the engine
with it (139 ms of a first start's critical path).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.engine.discovery import PluginRecord, Registry, discover
    from studio.engine.engine import Engine
    from studio.engine.jobs import EventKind, Job, JobEvent, JobState
    from studio.engine.provenance import Provenance, read_provenance

_HOMES = {
    "Engine": "engine",
    "EventKind": "jobs",
    "Job": "jobs",
    "JobEvent": "jobs",
    "JobState": "jobs",
    "PluginRecord": "discovery",
    "Provenance": "provenance",
    "Registry": "discovery",
    "discover": "discovery",
    "read_provenance": "provenance",
}

__all__ = [
    "Engine",
    "EventKind",
    "Job",
    "JobEvent",
    "JobState",
    "PluginRecord",
    "Provenance",
    "Registry",
    "discover",
    "read_provenance",
]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'studio.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(f"studio.engine.{home}"), name)
