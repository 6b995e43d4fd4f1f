"""What the user keeps and rejects: picks, discards, favourites... per project and per user.

Each signal is one JSON line, appended to `taste.jsonl` in the project folder and to the
user's profile. Signals carry the prompts as well as the asset ids, because the profile
outlives any one project and ids mean nothing outside theirs. Nothing leaves the machine.

Each line says its `"version"`, since one profile gathers lines from many Storyreel
versions: an older line is upgraded as it is read (studio.versioning), a line without one
reads as version 1, and a line from a newer Storyreel is skipped, left in the file.
"""

from __future__ import annotations

import enum
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from studio.model import Project
from studio.paths import user_data_dir
from studio.settings import SettingsFile
from studio.versioning import Format, Upgrade, VersionError

PROJECT_FILE = "taste.jsonl"
VERSION = 1
# UPGRADES[n] turns a version-n signal line into version n + 1.
UPGRADES: dict[int, Upgrade] = {}
FORMAT = Format(noun="taste signal", current=VERSION, upgrades=UPGRADES)


class SignalKind(enum.StrEnum):
    PICK = "pick"  # a take chosen for its shot over the others
    DISCARD = "discard"
    FAVOURITE = "favourite"
    REGENERATE = "regenerate"  # none of the shot's takes was good enough
    STYLE_PRESET = "style_preset"  # a style preset used to generate
    PROMPT_EDIT = "prompt_edit"  # a suggested or fused prompt, changed and accepted


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    asset: str | None = None
    prompt: str = ""  # the asset's prompt; for PROMPT_EDIT, the accepted prompt
    others: tuple[str, ...] = ()  # the shot's other takes when it happened
    other_prompts: tuple[str, ...] = ()
    shot: str | None = None
    scene: str | None = None
    preset: str | None = None
    before: str = ""  # PROMPT_EDIT: the prompt as it was offered
    generator: str | None = None
    project: str = ""
    time: float = field(default_factory=time.time)

    def alternatives(self) -> list[tuple[str, str]]:
        """(asset id, prompt) of each other take; a hand-edited line may lack prompts."""
        return list(zip(self.others, self.other_prompts, strict=False))

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v not in (None, "", ())}
        data["kind"] = self.kind.value
        data["version"] = VERSION
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> Signal | None:
        """The signal on one line, or None for a damaged line, an unknown kind or a line
        from a newer Storyreel."""
        try:
            data, _ = FORMAT.upgrade(json.loads(line))
            kind = SignalKind(data.pop("kind"))
            data["others"] = tuple(data.get("others", ()))
            data["other_prompts"] = tuple(data.get("other_prompts", ()))
            return cls(kind, **{k: v for k, v in data.items() if k in _FIELDS})
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError, VersionError):
            return None


_FIELDS = frozenset(Signal.__dataclass_fields__) - {"kind"}


def profile_dir() -> Path:
    return user_data_dir() / "taste"


class TasteLog:
    """Records signals for one project and the user's profile; pause and clear both.

    `project_folder` None records to the profile only (a project not saved yet).
    Safe to call from any thread; listeners are called on the recording thread.
    """

    def __init__(
        self,
        project_folder: Path | None,
        profile_folder: Path | None = None,
        settings: SettingsFile | None = None,
    ) -> None:
        self.project_file = Path(project_folder) / PROJECT_FILE if project_folder else None
        self.profile_file = (profile_folder or profile_dir()) / "profile.jsonl"
        self.store = settings or SettingsFile()
        self.settings = self.store.read().taste
        self._lock = threading.Lock()
        self._listeners: list[Callable[[Signal], None]] = []

    @property
    def paused(self) -> bool:
        return self.settings.paused

    def set_paused(self, paused: bool) -> None:
        self.store.update(lambda s: setattr(s.taste, "paused", paused))
        self.settings.paused = paused

    def set_clip_model(self, name: str | None) -> None:
        """Use a CLIP model (a folder or repo id) for pictures, or None for text only."""
        self.store.update(lambda s: setattr(s.taste, "clip_model", name or None))
        self.settings.clip_model = name or None

    def subscribe(self, listener: Callable[[Signal], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def record(self, signal: Signal) -> bool:
        """Append `signal` to the project and the profile; False (nothing kept) when paused."""
        if self.paused:
            return False
        line = signal.to_json() + "\n"
        with self._lock:
            for target in (self.project_file, self.profile_file):
                if target is not None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "a", encoding="utf-8") as f:
                        f.write(line)
        for listener in list(self._listeners):
            listener(signal)
        return True

    def project_signals(self) -> list[Signal]:
        return _read(self.project_file)

    def profile_signals(self) -> list[Signal]:
        return _read(self.profile_file)

    def clear_project(self) -> None:
        with self._lock:
            if self.project_file is not None:
                self.project_file.unlink(missing_ok=True)

    def clear_profile(self) -> None:
        with self._lock:
            self.profile_file.unlink(missing_ok=True)


def _read(file: Path | None) -> list[Signal]:
    if file is None:
        return []
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    # A line cut short by a crash is skipped; the rest of the history still counts.
    return [s for line in lines if line.strip() and (s := Signal.from_json(line)) is not None]


# -- building signals from the document ---------------------------------------------------


def prompt_of(project: Project, asset_id: str | None) -> str:
    asset = project.assets.get(asset_id) if asset_id else None
    if asset is None:
        return ""
    return str((asset.provenance or {}).get("prompt") or "")


def generator_of(project: Project, asset_id: str | None) -> str | None:
    asset = project.assets.get(asset_id) if asset_id else None
    generator = (asset.provenance or {}).get("generator") if asset else None
    return str(generator) if generator else None


def shot_of(project: Project, asset_id: str):
    """The storyboard shot that has `asset_id` among its takes, or None."""
    return next((s for s in project.shots if asset_id in s.takes), None)


def about(project: Project, kind: SignalKind, asset_id: str | None = None, **extra) -> Signal:
    """A signal about `asset_id`, with its prompt, shot, scene and sibling takes filled in."""
    shot = None
    if "shot" in extra:
        shot = project.item("shots", extra.pop("shot"))
    elif asset_id is not None:
        shot = shot_of(project, asset_id)
    others = tuple(t for t in (shot.takes if shot else ()) if t != asset_id)
    signal = Signal(
        kind,
        asset=asset_id,
        prompt=prompt_of(project, asset_id),
        others=others,
        other_prompts=tuple(prompt_of(project, t) for t in others),
        shot=shot.id if shot else None,
        scene=shot.scene_id if shot else None,
        generator=generator_of(project, asset_id),
        project=project.name,
    )
    return replace(signal, **extra)


def pick(project: Project, asset_id: str, shot_id: str | None = None) -> Signal:
    """The user chose `asset_id` for its shot, over the shot's other takes."""
    extra = {"shot": shot_id} if shot_id else {}
    return about(project, SignalKind.PICK, asset_id, **extra)


def discard(project: Project, asset_id: str) -> Signal:
    return about(project, SignalKind.DISCARD, asset_id)


def favourite(project: Project, asset_id: str) -> Signal:
    return about(project, SignalKind.FAVOURITE, asset_id)


def regenerate(project: Project, shot_id: str) -> Signal:
    """The user asked for new takes of a shot: the ones it has were not kept."""
    return about(project, SignalKind.REGENERATE, None, shot=shot_id)


def style_preset_used(project: Project, preset: str, shot_id: str | None = None) -> Signal:
    extra = {"shot": shot_id} if shot_id else {}
    signal = about(project, SignalKind.STYLE_PRESET, None, **extra)
    # The shot's description stands in for a prompt: suggestions match shots by it.
    shot = project.item("shots", shot_id) if shot_id else None
    text = shot.description if shot else ""
    return replace(signal, preset=preset, prompt=text, others=(), other_prompts=())


def prompt_edit_accepted(
    project: Project, before: str, after: str, shot_id: str | None = None
) -> Signal:
    extra = {"shot": shot_id} if shot_id else {}
    signal = about(project, SignalKind.PROMPT_EDIT, None, **extra)
    return replace(signal, prompt=after, before=before, others=(), other_prompts=())
