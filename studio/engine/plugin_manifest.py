"""Plugin manifests: what a plugin declares in `storyreel-plugin.toml`, read without importing it.

A manifest lets discovery list a plugin (id, name, output, accepts, version) and import its
code only on first use, so one plugin's import cost or crash never reaches start-up:

    api_version = "1.4"

    [[generator]]
    id = "acme.storyboard"
    name = "Storyboard frame (Stable Diffusion)"
    version = "0.1.0"
    output = "image"
    accepts = ["image"]            # optional, default none
    entry = ".frames:Storyboard"   # MODULE:CLASS; ".frames" is relative to the plugin package
    runs_on = "accelerator"        # optional, the default
    model = "stabilityai/sd-turbo" # optional

Every problem is a ManifestError of one line naming the file and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from studio.plugins.api import Kind

MANIFEST_NAME = "storyreel-plugin.toml"
RUNS_ON = ("accelerator", "cpu")
_ENTRY = re.compile(r"(\.|\.?[A-Za-z_]\w*(\.[A-Za-z_]\w*)*):[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_TOP_KEYS = {"api_version", "generator"}
_KEYS = {"id", "name", "version", "output", "accepts", "entry", "runs_on", "model"}


class ManifestError(ValueError):
    """A manifest that cannot be used; its message is one line."""


@dataclass(frozen=True)
class GeneratorManifest:
    """One generator as its manifest declares it."""

    id: str
    name: str
    version: str
    output: Kind
    accepts: tuple[Kind, ...]
    entry: str  # "MODULE:CLASS"; a MODULE starting with "." is relative to the plugin
    api_version: str
    runs_on: str = "accelerator"
    model: str = ""


def manifest_beside(entry: Path) -> Path | None:
    """The manifest of a plugin package (inside it) or file (`NAME.storyreel-plugin.toml`)."""
    path = (
        entry / MANIFEST_NAME
        if entry.is_dir()
        else entry.with_name(f"{entry.stem}.{MANIFEST_NAME}")
    )
    return path if path.is_file() else None


def read_manifest(path: Path) -> list[GeneratorManifest]:
    """The generators a manifest file declares; raises ManifestError (one line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path.name}: cannot read it: {exc}") from None
    return parse_manifest(text, path.name)


def parse_manifest(text: str, where: str = MANIFEST_NAME) -> list[GeneratorManifest]:
    """The generators declared in a manifest's text; raises ManifestError (one line)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{where}: not valid TOML: {_one_line(exc)}") from None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ManifestError(f"{where}: unknown key {unknown[0]!r}")
    api = data.get("api_version")
    if not isinstance(api, str) or not re.fullmatch(r"\d+\.\d+", api):
        raise ManifestError(f"{where}: api_version must be a string MAJOR.MINOR, got {api!r}")
    tables = data.get("generator")
    if not isinstance(tables, list) or not tables:
        raise ManifestError(f"{where}: declares no [[generator]]")
    found = [_generator(table, api, f"{where}: generator {n}") for n, table in enumerate(tables, 1)]
    ids = [g.id for g in found]
    repeated = next((i for i in ids if ids.count(i) > 1), None)
    if repeated:
        raise ManifestError(f"{where}: id {repeated!r} is declared twice")
    return found


def _generator(table: object, api: str, where: str) -> GeneratorManifest:
    if not isinstance(table, dict):
        raise ManifestError(f"{where}: must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ManifestError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("id", "name", "version", "output", "entry"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ManifestError(f"{where}: {key} must be a non-empty string")
    if not _ENTRY.fullmatch(table["entry"]):
        raise ManifestError(f"{where}: entry must be MODULE:CLASS, got {table['entry']!r}")
    accepts = table.get("accepts", [])
    if not isinstance(accepts, list):
        raise ManifestError(f"{where}: accepts must be a list of kinds")
    runs_on = table.get("runs_on", "accelerator")
    if runs_on not in RUNS_ON:
        raise ManifestError(f"{where}: runs_on must be 'accelerator' or 'cpu', got {runs_on!r}")
    model = table.get("model", "")
    if not isinstance(model, str):
        raise ManifestError(f"{where}: model must be a string")
    return GeneratorManifest(
        id=table["id"],
        name=table["name"],
        version=table["version"],
        output=_kind(table["output"], f"{where}: output"),
        accepts=tuple(_kind(k, f"{where}: accepts") for k in accepts),
        entry=table["entry"],
        api_version=api,
        runs_on=runs_on,
        model=model,
    )


def _kind(value: object, where: str) -> Kind:
    try:
        return Kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(k.value for k in Kind)
        raise ManifestError(f"{where}: {value!r} is not one of {choices}") from None


def mismatch(manifest: GeneratorManifest, cls: type) -> str | None:
    """How the imported class contradicts its manifest, or None."""
    declared = {
        "id": manifest.id,
        "output": manifest.output,
        "accepts": manifest.accepts,
        "runs_on": manifest.runs_on,
    }
    for key, value in declared.items():
        actual = getattr(cls, key, None)
        if key == "accepts":
            actual = tuple(actual or ())
        if actual != value:
            return f"the manifest says {key} {_shown(value)}, {cls.__name__} says {_shown(actual)}"
    return None


def _shown(value: object) -> str:
    if isinstance(value, Kind):
        return repr(value.value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return repr(value)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
