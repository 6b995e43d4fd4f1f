"""The document: project, timeline, tracks, clips, assets, script, scenes and shots.

Pure Python: nothing here imports Qt or torch.
"""

from studio.model.change import Change
from studio.model.document import Document, Result
from studio.model.entities import (
    Asset,
    Clip,
    Element,
    ElementKind,
    Marker,
    MediaKind,
    Scene,
    ScoreRange,
    Script,
    Settings,
    Shot,
    Track,
    TrackKind,
    new_id,
)
from studio.model.project import Project
from studio.model.transaction import EditError

__all__ = [
    "Asset",
    "Change",
    "Clip",
    "Document",
    "Element",
    "ElementKind",
    "EditError",
    "Marker",
    "MediaKind",
    "Project",
    "Result",
    "Scene",
    "ScoreRange",
    "Script",
    "Settings",
    "Shot",
    "Track",
    "TrackKind",
    "new_id",
]
