"""Provenance of a generated take: what made it, so it can be regenerated.

Stored three ways: a sidecar `NAME.provenance.json` next to the media (the
project's record), and embedded in the file itself where the format allows (PNG
text chunk, WAV iXML chunk, MP4 comment) so a file copied out of the project
still says where it came from.

Both carry `"schema": "Provenance.N"`; an older record is brought up to date through
UPGRADES on read (studio.versioning), one without a schema reads as Provenance.1, and one
from a newer Storyreel is refused in one line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio.atomic import write_text
from studio.errors import MediaError
from studio.plugins.api import Generator, Kind, Media, Request
from studio.versioning import Format, Upgrade, VersionError

VERSION = 1
SCHEMA = f"Provenance.{VERSION}"
# UPGRADES[n] turns Provenance.n data into Provenance.n+1 data.
UPGRADES: dict[int, Upgrade] = {}
FORMAT = Format(
    noun="provenance record",
    current=VERSION,
    upgrades=UPGRADES,
    field="schema",
    tag="Provenance.",
)
SIDECAR_SUFFIX = ".provenance.json"


class InputRecord(BaseModel):
    """One conditioning input as it was given (a file path or a piece of text)."""

    kind: Kind
    path: str | None = None
    text: str | None = None
    role: str = ""
    label: str = ""  # the character, place or prop a reference shows


class Provenance(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")

    schema_name: str = Field(default=SCHEMA, alias="schema")
    generator: str
    generator_version: str
    model: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    seed: int
    prompt: str = ""
    negative_prompt: str = ""
    inputs: list[InputRecord] = Field(default_factory=list)
    width: int
    height: int
    duration: float
    fps: float
    sample_rate: int
    created: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Provenance:
        """A record as a sidecar or a media file holds it, brought up to this version."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise MediaError("unreadable provenance: not valid JSON") from None
        try:
            data, _ = FORMAT.upgrade(data)
        except VersionError as exc:
            raise MediaError(str(exc)) from None
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise MediaError(f"unreadable provenance: {exc.errors()[0]['msg']}") from None

    def to_request(self, params_model: type[BaseModel]) -> Request:
        """The request that made this take, to run it again (same seed, same params)."""
        return Request(
            prompt=self.prompt,
            negative_prompt=self.negative_prompt,
            params=params_model.model_validate(self.params),
            seed=self.seed,
            width=self.width,
            height=self.height,
            duration=self.duration,
            fps=self.fps,
            sample_rate=self.sample_rate,
            inputs=tuple(
                Media(i.kind, Path(i.path) if i.path else None, i.text, i.role, i.label)
                for i in self.inputs
            ),
        )


def provenance_for(generator: type[Generator], request: Request) -> Provenance:
    model = getattr(request.params, "model", None) or generator.model
    return Provenance(
        generator=generator.id,
        generator_version=generator.version,
        model=str(model),
        params=request.params.model_dump(mode="json"),
        seed=request.seed,
        prompt=request.prompt,
        negative_prompt=request.negative_prompt,
        inputs=[
            InputRecord(
                kind=m.kind,
                path=str(m.path) if m.path else None,
                text=m.text,
                role=m.role,
                label=m.label,
            )
            for m in request.inputs
        ],
        width=request.width,
        height=request.height,
        duration=request.duration,
        fps=request.fps,
        sample_rate=request.sample_rate,
    )


def take_records(
    generator: type[Generator], request: Request, output: Any, first: Path
) -> list[Provenance]:
    """The provenance of each take a job wrote: the first file, then each image variation
    (named after `first`, with its own seed when the generator reported them)."""
    record = provenance_for(generator, request)
    seeds = getattr(output, "seeds", ())
    if seeds:
        record.seed = seeds[0]
    records = [record]
    for number in range(2, len(getattr(output, "variations", ())) + 2):
        extra = record.model_copy(update={"variation_of": first.name})
        if seeds:
            extra.seed = seeds[number - 1]
        records.append(extra)
    return records


def sidecar_path(media: Path) -> Path:
    return media.with_name(media.name + SIDECAR_SUFFIX)


def write_sidecar(media: Path, provenance: Provenance) -> Path:
    """Write the sidecar atomically (temp file, fsync, rename), as project files are."""
    return write_text(sidecar_path(media), provenance.to_json(), MediaError)


def read_provenance(media: Path) -> Provenance | None:
    """The provenance of a media file: its sidecar, else what the file embeds, else None."""
    from studio.engine.embed import read_embedded

    media = Path(media)
    sidecar = sidecar_path(media)
    if sidecar.exists():
        return Provenance.from_json(sidecar.read_text(encoding="utf-8"))
    text = read_embedded(media)
    return Provenance.from_json(text) if text else None


def dumps_compact(provenance: Provenance) -> str:
    """The one-line form embedded in media files."""
    return json.dumps(provenance.model_dump(mode="json", by_alias=True), separators=(",", ":"))
