"""The job engine: plugin discovery, jobs on worker threads, the model cache, outputs. No Qt."""

from studio.engine.discovery import PluginRecord, Registry, discover
from studio.engine.engine import Engine
from studio.engine.jobs import EventKind, Job, JobEvent, JobState
from studio.engine.provenance import Provenance, read_provenance

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
