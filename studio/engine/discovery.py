"""Find generator plugins: the repo's plugins/, entry points, and the user plugin folder.

A plugin that fails to import, declares an incompatible API version, is not a
Generator subclass or repeats an id is listed as broken with its error; the rest
load. Nothing a plugin does at import time can stop the app from starting.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import inspect
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel, ValidationError

from studio.engine.runner import one_line
from studio.engine.settings import PluginSettings
from studio.errors import UserError
from studio.plugins.api import API_VERSION, Generator, Kind

ENTRY_POINT_GROUP = "storyreel.generators"
PLUGIN_PATH_ENV = "STORYREEL_PLUGIN_PATH"

LOADED, DISABLED, BROKEN = "loaded", "disabled", "broken"


@dataclass
class PluginRecord:
    """One plugin as the plugin manager and `storyreel plugins` show it."""

    id: str
    source: str  # "repo: PATH", "entry-point: DIST VERSION" or "user: PATH"
    status: str = LOADED
    error: str = ""
    generator: type[Generator] | None = None

    @property
    def name(self) -> str:
        return self.generator.name if self.generator else ""

    @property
    def version(self) -> str:
        return self.generator.version if self.generator else ""

    @property
    def output(self) -> str:
        return self.generator.output.value if self.generator else ""

    @property
    def accepts(self) -> list[str]:
        return [k.value for k in self.generator.accepts] if self.generator else []

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "output": self.output,
            "accepts": self.accepts,
            "version": self.version,
            "source": self.source,
            "status": self.status,
            "error": self.error or None,
        }


class Registry:
    """The discovered plugins; `get` hands out the loaded, enabled ones."""

    def __init__(self, records: list[PluginRecord], settings: PluginSettings) -> None:
        self.records = records
        self.settings = settings

    def __iter__(self):
        return iter(self.records)

    def record(self, generator_id: str) -> PluginRecord | None:
        matches = [r for r in self.records if r.id == generator_id]
        return next((r for r in matches if r.status != BROKEN), matches[0] if matches else None)

    def get(self, generator_id: str) -> type[Generator]:
        record = self.record(generator_id)
        if record is None:
            raise UserError(f"no generator {generator_id!r}; `storyreel plugins` lists them")
        if record.status == BROKEN:
            raise UserError(f"{generator_id} is broken: {record.error}")
        if record.status == DISABLED:
            raise UserError(f"{generator_id} is disabled; enable it in the plugin manager")
        assert record.generator is not None
        return record.generator

    def available(self) -> list[type[Generator]]:
        return [r.generator for r in self.records if r.status == LOADED and r.generator]

    def set_enabled(self, generator_id: str, enabled: bool) -> None:
        """Enable or disable a plugin, now and in the saved settings."""
        record = self.record(generator_id)
        if record is None or record.generator is None:
            raise UserError(f"no working generator {generator_id!r} to enable or disable")
        self.settings.set_enabled(generator_id, enabled)
        record.status = LOADED if enabled else DISABLED


def default_user_dirs() -> list[Path]:
    """$STORYREEL_PLUGIN_PATH (os.pathsep-separated), else plugins/ in the user data folder."""
    override = os.environ.get(PLUGIN_PATH_ENV)
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    from studio.paths import user_data_dir

    return [user_data_dir() / "plugins"]


def default_repo_dir() -> Path | None:
    """The first-party plugins/ folder next to the `studio` package, in a source checkout."""
    folder = Path(__file__).resolve().parents[2] / "plugins"
    return folder if folder.is_dir() else None


def discover(
    *,
    repo_dir: Path | None | bool = True,
    user_dirs: list[Path] | None = None,
    entry_points: bool = True,
    settings: PluginSettings | None = None,
) -> Registry:
    """Discover every plugin. `repo_dir=True` means the checkout's plugins/, False none."""
    settings = settings or PluginSettings()
    found: list[PluginRecord] = []
    if repo_dir is True:
        repo_dir = default_repo_dir()
    if repo_dir:
        found += _from_folder(Path(repo_dir), "repo")
    if entry_points:
        found += _from_entry_points()
    for folder in default_user_dirs() if user_dirs is None else user_dirs:
        found += _from_folder(Path(folder), "user")
    return Registry(_settle(found, settings.disabled()), settings)


def check_generator(obj: object) -> str | None:
    """Why `obj` cannot be used as a generator, or None if it can."""
    if not (inspect.isclass(obj) and issubclass(obj, Generator)):
        return f"{_describe(obj)} is not a Generator subclass"
    if not isinstance(obj.id, str) or not obj.id:
        return f"{obj.__name__} has no id"
    if inspect.isabstract(obj):
        return f"{obj.__name__} does not implement generate()"
    incompatible = _api_problem(obj.api_version)
    if incompatible:
        return incompatible
    if not isinstance(getattr(obj, "output", None), Kind):
        return f"{obj.__name__}.output must be a Kind, got {getattr(obj, 'output', None)!r}"
    if not all(isinstance(k, Kind) for k in obj.accepts):
        return f"{obj.__name__}.accepts must be a tuple of Kind"
    if obj.runs_on not in ("accelerator", "cpu"):
        return f"{obj.__name__}.runs_on must be 'accelerator' or 'cpu', got {obj.runs_on!r}"
    if not (inspect.isclass(obj.Params) and issubclass(obj.Params, BaseModel)):
        return f"{obj.__name__}.Params must be a pydantic BaseModel subclass"
    try:
        obj.Params()
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"])
        return f"{obj.__name__}.Params field {field!r} needs a default"
    return None


def _api_problem(declared: object) -> str | None:
    match = re.fullmatch(r"(\d+)\.(\d+)", str(declared))
    host_major, host_minor = (int(p) for p in API_VERSION.split("."))
    if match is None:
        return f"api_version {declared!r} is not MAJOR.MINOR"
    major, minor = int(match[1]), int(match[2])
    if major != host_major or minor > host_minor:
        return f"needs plugin API {declared}; this Storyreel provides {API_VERSION}"
    return None


def _describe(obj: object) -> str:
    return getattr(obj, "__qualname__", None) or type(obj).__name__


def _settle(found: list[PluginRecord], disabled: set[str]) -> list[PluginRecord]:
    """Mark duplicate ids broken (the first one found wins) and apply the disabled list."""
    owners: dict[str, PluginRecord] = {}
    for record in found:
        if record.status == BROKEN:
            continue
        first = owners.setdefault(record.id, record)
        if first is not record:
            record.status = BROKEN
            record.error = f"duplicate id {record.id!r}, already provided by {first.source}"
        elif record.id in disabled:
            record.status = DISABLED
    return found


def _from_entry_points() -> list[PluginRecord]:
    records = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        source = f"entry-point: {dist.name} {dist.version}" if dist else f"entry-point: {ep.value}"
        try:
            obj = ep.load()
        except (Exception, SystemExit) as exc:
            records.append(_broken(ep.name, source, f"import failed: {_error(exc)}"))
            continue
        records.append(_record(obj, ep.name, source))
    return records


def _from_folder(folder: Path, kind: str) -> list[PluginRecord]:
    if not folder.is_dir():
        return []
    records = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(("_", ".")):
            continue
        is_package = entry.is_dir() and (entry / "__init__.py").is_file()
        if not (is_package or (entry.is_file() and entry.suffix == ".py")):
            continue  # e.g. plugins/example-plugin: an installable package, found by entry point
        source = f"{kind}: {entry}"
        try:
            module = _import_path(entry, kind)
        except (Exception, SystemExit) as exc:
            records.append(_broken(entry.stem, source, f"import failed: {_error(exc)}"))
            continue
        classes = getattr(module, "GENERATORS", None)
        if classes is None:
            classes = [
                obj
                for obj in vars(module).values()
                if inspect.isclass(obj)
                and issubclass(obj, Generator)
                and obj.__module__.startswith(module.__name__)
                and obj.id  # a shared base class without an id is not a plugin
            ]
        if not classes:
            records.append(_broken(entry.stem, source, "defines no Generator subclass"))
        records += [_record(obj, entry.stem, source) for obj in classes]
    return records


def _record(obj: object, fallback_id: str, source: str) -> PluginRecord:
    problem = check_generator(obj)
    if problem:
        plugin_id = getattr(obj, "id", None)
        return _broken(
            plugin_id if isinstance(plugin_id, str) and plugin_id else fallback_id, source, problem
        )
    return PluginRecord(id=obj.id, source=source, generator=obj)  # type: ignore[attr-defined]


def _broken(plugin_id: str, source: str, error: str) -> PluginRecord:
    return PluginRecord(id=plugin_id, source=source, status=BROKEN, error=error)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {one_line(exc)}"


def _import_path(entry: Path, kind: str) -> ModuleType:
    """Import a plugin file or package under a name unique to its path (re-imports reuse it)."""
    digest = hashlib.sha1(str(entry.resolve()).encode()).hexdigest()[:8]
    stem = re.sub(r"\W", "_", entry.stem)
    name = f"storyreel_plugins_{kind}_{stem}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    if entry.is_dir():
        spec = importlib.util.spec_from_file_location(
            name, entry / "__init__.py", submodule_search_locations=[str(entry)]
        )
    else:
        spec = importlib.util.spec_from_file_location(name, entry)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before exec, so a package's relative imports resolve
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
