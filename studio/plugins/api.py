"""The generator plugin interface: the one module a plugin imports (versioned by API_VERSION).

Third parties rely on every name here: change it only compatibly, and bump the
minor version when adding; a new major version means old plugins are refused.
No Qt and no torch here: a plugin imports its model stack inside `load()`.
"""

from __future__ import annotations

import abc
import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

# Helpers for generators (API 1.1): exact frame arithmetic for video (segments, joins, fps
# resampling), audio at the project's rate and exact length, and where weights come from.
from studio.plugins import audio_tools, model_source, video_time

if TYPE_CHECKING:
    import PIL.Image

API_VERSION = "1.4"  # 1.1: Image.variations/seeds, Context.request; 1.2: input roles;
# 1.3: references of the shot's cast and places (REFERENCE, ELEMENT, Media.label);
# 1.4: a manifest (storyreel-plugin.toml, studio.engine.plugin_manifest) lists a plugin
# without importing it.

# Roles the app gives audio inputs of music generators (1.2): the tail of the previous
# segment to continue, and a tune to follow.
CONTINUE_FROM = "continue-from"
MELODY = "melody"

# Roles of what a shot's cast and places bring (1.3). REFERENCE: an image of a character,
# place or prop in the shot that the output should look like; the first is the main one.
# ELEMENT: a text input, that element's description. `Media.label` names the element.
REFERENCE = "reference"
ELEMENT = "element"

__all__ = [
    "API_VERSION",
    "CONTINUE_FROM",
    "ELEMENT",
    "MELODY",
    "REFERENCE",
    "Audio",
    "Cancelled",
    "Context",
    "Generator",
    "Image",
    "Kind",
    "Media",
    "NoParams",
    "Output",
    "Request",
    "Text",
    "Video",
    "audio_tools",
    "model_source",
    "video_time",
]


class Kind(enum.StrEnum):
    """What a generator makes, or what a conditioning input is."""

    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"


class Cancelled(Exception):  # noqa: N818 - the name says what happened, as the contract spells it
    """Raised by `Context.check_cancelled()`; let it propagate out of `generate()`."""


class NoParams(BaseModel):
    """The parameters of a generator that has none."""

    model_config = ConfigDict(extra="forbid")


# Outputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """A still image (any PIL mode; the engine stores RGB or RGBA).

    A batch of variations returns its first image as `image` and the rest as `variations`;
    `seeds` (API 1.1) gives the seed of each, `image` first, so each can be regenerated
    alone. The engine writes every variation as a take of its own.
    """

    image: PIL.Image.Image
    variations: tuple[PIL.Image.Image, ...] = ()
    seeds: tuple[int, ...] = ()
    kind: ClassVar[Kind] = Kind.IMAGE


@dataclass(frozen=True)
class Audio:
    """Audio samples: float32 array shaped [frames, channels], values in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int
    kind: ClassVar[Kind] = Kind.AUDIO

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class Video:
    """Video frames: uint8 array shaped [T, H, W, 3] (RGB), at `fps`, with optional audio."""

    frames: np.ndarray
    fps: float
    audio: Audio | None = None
    kind: ClassVar[Kind] = Kind.VIDEO


@dataclass(frozen=True)
class Text:
    """Generated text (a script, a shot description, a prompt)."""

    text: str
    kind: ClassVar[Kind] = Kind.TEXT


Output = Image | Audio | Video | Text


# Inputs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Media:
    """A conditioning input: a file on disk (image, audio, video) or a piece of text.

    `role` says what it is to this request, e.g. "previous-shot" or "first-frame";
    a generator that does not care ignores it. `label` (API 1.3) names what it shows or
    says, e.g. the character "MIRA" for a REFERENCE.
    """

    kind: Kind
    path: Path | None = None
    text: str | None = None
    role: str = ""
    label: str = ""

    def image(self) -> PIL.Image.Image:
        """The image, decoded as RGB (the first frame of a video)."""
        import PIL.Image

        if self.kind is Kind.VIDEO:
            return PIL.Image.fromarray(self.video().frames[0])
        self._require(Kind.IMAGE)
        import PIL.ImageOps

        with PIL.Image.open(self._file()) as im:
            # The right way up: a phone photo's EXIF orientation turns it.
            return (PIL.ImageOps.exif_transpose(im) or im).convert("RGB")

    def audio(self) -> Audio:
        """The audio as float32 [frames, channels]."""
        import soundfile

        self._require(Kind.AUDIO)
        samples, rate = soundfile.read(self._file(), dtype="float32", always_2d=True)
        return Audio(samples, rate)

    def video(self) -> Video:
        """All frames of a video as uint8 RGB (fine for the short clips a timeline slot holds)."""
        import av

        self._require(Kind.VIDEO)
        with av.open(str(self._file())) as container:
            stream = container.streams.video[0]
            frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
            fps = float(stream.average_rate or 24)
        return Video(np.stack(frames), fps)

    def _require(self, kind: Kind) -> None:
        if self.kind is not kind:
            raise TypeError(f"this input is {self.kind.value}, not {kind.value}")

    def _file(self) -> Path:
        if self.path is None:
            raise ValueError(f"this {self.kind.value} input has no file")
        return Path(self.path)


# Requests and the job context ------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """Everything a generator is asked for. Times are seconds here, at the edge of the app."""

    prompt: str = ""
    negative_prompt: str = ""
    params: BaseModel = field(default_factory=NoParams)
    seed: int = 0
    width: int = 1280
    height: int = 720
    duration: float = 4.0
    fps: float = 24.0
    sample_rate: int = 48000
    inputs: tuple[Media, ...] = ()

    @property
    def frame_count(self) -> int:
        """The number of video frames the request asks for."""
        return round(self.duration * self.fps)

    @property
    def sample_count(self) -> int:
        """The number of audio frames (samples per channel) the request asks for."""
        return round(self.duration * self.sample_rate)

    def inputs_of(self, kind: Kind) -> tuple[Media, ...]:
        return tuple(m for m in self.inputs if m.kind is kind)


class Context:
    """What a running job offers its generator. Plugin tests may build one directly.

    `progress` and `preview` are called on the worker thread; they are cheap, so call
    them every step. `check_cancelled()` raises `Cancelled` once the user has cancelled:
    call it at least once per step, so cancel takes effect within one step.
    """

    def __init__(
        self,
        device: str = "cpu",
        *,
        on_progress: Callable[[float, str], None] | None = None,
        on_preview: Callable[[Any], None] | None = None,
        cancel_event: threading.Event | None = None,
        log: logging.Logger | None = None,
        request: Request | None = None,
    ) -> None:
        self.device = device
        # The job's request (API 1.1), so load() can see which model the params name.
        self.request = request
        self.log = log or logging.getLogger("storyreel.plugin")
        self._on_progress = on_progress
        self._on_preview = on_preview
        self._cancel_event = cancel_event or threading.Event()

    def progress(self, fraction: float, message: str = "") -> None:
        """Report how far the job is, from 0 to 1 (clamped), with an optional short message."""
        if self._on_progress is not None:
            self._on_progress(min(1.0, max(0.0, float(fraction))), message)

    def preview(self, obj: Any) -> None:
        """Offer an intermediate result (a PIL image, an `Image`, a frame array) to the UI."""
        if self._on_preview is not None:
            self._on_preview(obj)

    @property
    def cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self._cancel_event.is_set():
            raise Cancelled("cancelled")


# The generator base class ---------------------------------------------------------------------


class Generator(abc.ABC):
    """Subclass this. One instance serves many jobs: it is loaded once and kept in a cache.

    Class attributes:
        id: "vendor.name", unique among installed plugins.
        name: shown in the UI; say plainly when no model is involved.
        version: the plugin's own version, recorded in every output's provenance.
        output: the Kind it makes; `accepts`: the Kinds it can take as `Request.inputs`.
        Params: a pydantic model whose fields carry defaults, bounds (ge/le) and
            descriptions; the UI form and the CLI's `--param` are built from it.
        api_version: the API this plugin was written against.
        model: the weights it runs ("" for none); a `model` field in Params overrides it.
        runs_on: "accelerator" (a device lane; the instance is cached between jobs) or
            "cpu" (the small CPU pool; a fresh instance per job, for light procedural work).
        memory_estimate: bytes the loaded generator holds on its device, for the cache
            budget; it may be an instance attribute set in `load()` once the model is known.
    """

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    version: ClassVar[str] = "0.1.0"
    output: ClassVar[Kind]
    accepts: ClassVar[tuple[Kind, ...]] = ()
    Params: ClassVar[type[BaseModel]] = NoParams
    api_version: ClassVar[str] = API_VERSION
    model: ClassVar[str] = ""
    runs_on: ClassVar[str] = "accelerator"
    memory_estimate: int = 0

    def load(self, ctx: Context) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Load weights onto `ctx.device`. Runs on a worker thread, once per cache entry."""

    @abc.abstractmethod
    def generate(self, request: Request, ctx: Context) -> Output:
        """Make one output for `request`, reporting progress and checking for cancel."""

    def unload(self) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Free what `load()` took; the cache calls it on eviction or out of memory."""
