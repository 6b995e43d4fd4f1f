"""How a run uses the references of the shot's cast and places (API 1.3 REFERENCE inputs).

With an IP-Adapter configured, every reference picture steers the picture through it
(diffusers' `load_ip_adapter`). Without one, the main reference (the first) becomes the
image-to-image input. A run that varies a take keeps its take as the input and leaves the
references out. Each run says which it did (`ReferenceUse.message`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.plugins.api import REFERENCE, Kind, Request

from .sources import ModelSourceError, hub_offline

IP_ADAPTER, IMAGE_TO_IMAGE, IGNORED, NONE = "ip-adapter", "image-to-image", "ignored", "none"


@dataclass(frozen=True)
class ReferenceUse:
    """What this run does with its references: `how` is one of the constants above."""

    how: str
    pictures: tuple = ()  # PIL images, the main one first
    labels: tuple[str, ...] = ()  # whose each picture is
    reason: str = ""

    @property
    def message(self) -> str:
        who = ", ".join(dict.fromkeys(self.labels)) or "the shot's cast"
        count = f"{len(self.pictures)} reference picture(s) of {who}"
        if self.how == IP_ADAPTER:
            return f"{count} through the IP-Adapter"
        if self.how == IMAGE_TO_IMAGE:
            return f"the main reference of {self.labels[0] or who} as image-to-image input " + (
                f"({self.reason})" if self.reason else ""
            )
        if self.how == IGNORED:
            return f"{count} not used: {self.reason}"
        return ""


def plan_references(request: Request, ip_adapter: str, has_init: bool, pipe: Any) -> ReferenceUse:
    """Decide how this run uses its REFERENCE inputs (the pictures are read here)."""
    refs = [m for m in request.inputs_of(Kind.IMAGE) if m.role == REFERENCE]
    if not refs:
        return ReferenceUse(NONE)
    pictures = tuple(m.image() for m in refs)
    labels = tuple(m.label for m in refs)
    if ip_adapter.strip():
        if hasattr(pipe, "load_ip_adapter"):
            return ReferenceUse(IP_ADAPTER, pictures, labels)
        reason = f"{type(pipe).__name__} takes no IP-Adapter"
    else:
        reason = "no IP-Adapter configured"
    if has_init:
        return ReferenceUse(IGNORED, pictures, labels, f"{reason}, and this run varies a take")
    return ReferenceUse(IMAGE_TO_IMAGE, pictures[:1], labels[:1], reason)


@dataclass(frozen=True)
class AdapterSpec:
    """Where an IP-Adapter's weights and image encoder are, as `load_ip_adapter` takes them."""

    location: str
    subfolder: str
    weight_name: str
    image_encoder_folder: str
    local_files_only: bool


def adapter_spec(text: str, allow_download: bool = False) -> AdapterSpec:
    """The IP-Adapter named by the `ip_adapter` parameter; ModelSourceError says what is wrong.
    A generation reads local files only (downloads are the Models window's)."""
    path = Path(text.strip()).expanduser()
    local_only = hub_offline() or not allow_download
    if path.is_file():
        if path.suffix != ".safetensors":
            raise ModelSourceError(f"{path.name}: an IP-Adapter is read from .safetensors only")
        return AdapterSpec(str(path.parent), "", path.name, "image_encoder", True)
    if path.is_dir():
        weights = sorted(path.glob("*.safetensors"))
        if len(weights) != 1:
            raise ModelSourceError(
                f"{path} holds {len(weights)} .safetensors files; name the IP-Adapter's file"
            )
        return AdapterSpec(str(path), "", weights[0].name, "image_encoder", True)
    parts = text.strip().split("/")
    if len(parts) >= 3 and parts[-1].endswith(".safetensors"):
        repo, sub = "/".join(parts[:2]), "/".join(parts[2:-1])
        encoder = f"{sub}/image_encoder" if sub else "image_encoder"
        return AdapterSpec(repo, sub, parts[-1], encoder, local_only)
    raise ModelSourceError(
        f"IP-Adapter not found: {text} "
        "(a .safetensors file, a folder, or repo/subfolder/file.safetensors)"
    )


class AdapterSlot:
    """Which pipeline view carries an IP-Adapter now. The views share one UNet, whose
    attention processors the adapter replaces: a run without references must not find it."""

    def __init__(self) -> None:
        self.pipe: Any = None
        self.spec: AdapterSpec | None = None

    def use(self, pipe: Any, spec: AdapterSpec | None, scale: float) -> None:
        if (self.pipe, self.spec) != (pipe, spec) and self.pipe is not None:
            self.pipe.unload_ip_adapter()
            self.pipe = self.spec = None
        if spec is not None and self.pipe is None:
            try:
                pipe.load_ip_adapter(
                    spec.location,
                    subfolder=spec.subfolder,
                    weight_name=spec.weight_name,
                    image_encoder_folder=spec.image_encoder_folder,
                    local_files_only=spec.local_files_only,
                )
            except (OSError, ValueError) as exc:
                raise ModelSourceError(
                    f"cannot load the IP-Adapter {spec.location}: {exc}"
                ) from None
            self.pipe, self.spec = pipe, spec
        if spec is not None:
            pipe.set_ip_adapter_scale(scale)
