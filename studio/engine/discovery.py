"""Find generator plugins: the repo's plugins/, entry points, and the user plugin folder.

A plugin with a manifest (`storyreel-plugin.toml`, studio.engine.plugin_manifest) is listed
from it and imported only on first use (`Registry.get`, `Registry.available`): its import
cost or crash reaches only the job that first needs it, and a failure then marks it broken
with one line, as if discovery had found it. Plugins without a manifest are imported here:
a plugin that fails to import, declares an incompatible API version, is not a
Generator subclass or repeats an id is listed as broken with its error; the rest
load. Nothing a plugin does at import time can stop the app from starting: each new
or changed plugin is first imported in a probe process (a worker, studio.engine.workers),
so one that crashes, exits or hangs at import is listed as broken without ever being
imported here, and what plugins print at import goes to stderr, never to stdout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import inspect
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel, ValidationError

from studio.engine.plugin_manifest import (
    MANIFEST_NAME,
    GeneratorManifest,
    ManifestError,
    manifest_beside,
    mismatch,
    read_manifest,
)
from studio.engine.protocol import import_file
from studio.engine.runner import one_line
from studio.errors import UserError
from studio.plugins.api import API_VERSION, Generator, Kind
from studio.settings import SettingsFile

ENTRY_POINT_GROUP = "storyreel.generators"
PLUGIN_PATH_ENV = "STORYREEL_PLUGIN_PATH"
IMPORT_TIMEOUT_ENV = "STORYREEL_IMPORT_TIMEOUT"  # seconds one plugin's import may take

log = logging.getLogger(__name__)

LOADED, DISABLED, BROKEN = "loaded", "disabled", "broken"


@dataclass
class PluginRecord:
    """One plugin as the plugin manager and `storyreel plugins` show it."""

    id: str
    source: str  # "repo: PATH", "entry-point: DIST VERSION" or "user: PATH"
    status: str = LOADED
    error: str = ""
    generator: type[Generator] | None = None
    manifest: GeneratorManifest | None = None  # set: imported on first use
    where: dict | None = None  # how to import it: a probe entry (see `probe`)

    @property
    def declared(self) -> type[Generator] | GeneratorManifest | None:
        """The class once imported, else its manifest: both name what the plugin is."""
        return self.generator or self.manifest

    @property
    def name(self) -> str:
        return self.declared.name if self.declared else ""

    @property
    def version(self) -> str:
        return self.declared.version if self.declared else ""

    @property
    def output(self) -> str:
        return self.declared.output.value if self.declared else ""

    @property
    def accepts(self) -> list[str]:
        return [k.value for k in self.declared.accepts] if self.declared else []

    @property
    def imported(self) -> bool:
        return self.generator is not None

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
    """The discovered plugins; `get` hands out the enabled, working ones, importing a
    manifest plugin the first time it is asked for."""

    def __init__(
        self, records: list[PluginRecord], settings: SettingsFile, *, isolate: bool = True
    ) -> None:
        self.records = records
        self.settings = settings
        self.isolate = isolate  # probe a manifest plugin in a process before importing it
        self._importing = threading.Lock()  # one first import at a time, from any thread

    def __iter__(self):
        return iter(self.records)

    def record(self, generator_id: str) -> PluginRecord | None:
        matches = [r for r in self.records if r.id == generator_id]
        return next((r for r in matches if r.status != BROKEN), matches[0] if matches else None)

    def get(self, generator_id: str) -> type[Generator]:
        record = self.record(generator_id)
        if record is None:
            raise UserError(f"no generator {generator_id!r}; `storyreel plugins` lists them")
        if record.status == DISABLED:
            raise UserError(f"{generator_id} is disabled; enable it in the plugin manager")
        self._import([record])
        if record.status == BROKEN:
            raise UserError(f"{generator_id} is broken: {record.error}")
        assert record.generator is not None
        return record.generator

    def available(self, kind: Kind | None = None) -> list[type[Generator]]:
        """The enabled, working generators (of `kind`), importing those not imported yet."""
        wanted = [
            r
            for r in self.records
            if r.status == LOADED and (kind is None or r.output == kind.value)
        ]
        self._import(wanted)
        return [r.generator for r in wanted if r.status == LOADED and r.generator]

    def set_enabled(self, generator_id: str, enabled: bool) -> None:
        """Enable or disable a plugin, now and in the saved settings."""
        record = self.record(generator_id)
        if record is None or record.status == BROKEN:
            raise UserError(f"no working generator {generator_id!r} to enable or disable")
        self.settings.update(lambda s: s.engine.set_enabled(generator_id, enabled))
        record.status = LOADED if enabled else DISABLED

    def _import(self, records: list[PluginRecord]) -> None:
        """Import the manifest plugins among `records` (first use); one that fails is broken."""
        with self._importing:
            todo = [r for r in records if r.generator is None and r.status != BROKEN and r.where]
            if not todo:
                return
            # A package declaring several generators is one import: probe it once.
            entries = list({r.where["key"]: r.where for r in todo}.values())
            strangers = [e for e in entries if not ships_with_app(e)]
            failures = probe(strangers) if self.isolate and strangers else {}
            with _stdout_to_stderr():
                for record in todo:
                    error = failures.get(record.where["key"]) or _import_manifested(record)
                    if error:
                        record.status, record.error = BROKEN, error


def _import_manifested(record: PluginRecord) -> str | None:
    """Import a manifest plugin's class into `record.generator`; why it failed, or None."""
    assert record.manifest is not None and record.where is not None
    try:
        cls = _load_entry(record.where, record.manifest.entry)
    except (Exception, SystemExit) as exc:
        return f"import failed: {_error(exc)}"
    problem = check_generator(cls) or mismatch(record.manifest, cls)
    if problem:
        return problem
    record.generator = cls
    return None


def _load_entry(where: dict, entry: str) -> object:
    """The object an entry names: "MODULE:CLASS", MODULE relative to the plugin if it starts
    with "." (the plugin's own module when it is just ".")."""
    if "entry_point" in where:
        name, value = where["entry_point"]
        points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        return next(ep for ep in points if ep.name == name and ep.value == value).load()
    module_name, _, qualname = entry.partition(":")
    module = _import_path(Path(where["path"]), where["kind"])
    if module_name.startswith("."):
        if module_name != ".":
            module = importlib.import_module(module.__name__ + module_name)
    else:
        module = importlib.import_module(module_name)
    obj: object = module
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def default_user_dirs() -> list[Path]:
    """$STORYREEL_PLUGIN_PATH (os.pathsep-separated), else plugins/ in the user data folder."""
    override = os.environ.get(PLUGIN_PATH_ENV)
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    from studio.paths import user_data_dir

    return [user_data_dir() / "plugins"]


def ships_with_app(entry: dict) -> bool:
    """Whether a plugin entry is one of the app's own plugins/: tested with it, imported
    without a probe (the probe's process start cost every first use half a second)."""
    if entry.get("kind") != "repo" or "path" not in entry:
        return False
    return Path(entry["path"]).resolve().parent == default_repo_dir()


def default_repo_dir() -> Path | None:
    """The first-party plugins/ folder next to the `studio` package, in a source checkout."""
    folder = Path(__file__).resolve().parents[2] / "plugins"
    return folder if folder.is_dir() else None


def discover(
    *,
    repo_dir: Path | None | bool = True,
    user_dirs: list[Path] | None = None,
    entry_points: bool = True,
    settings: SettingsFile | None = None,
    isolate: bool = True,
) -> Registry:
    """Discover every plugin. `repo_dir=True` means the checkout's plugins/, False none.
    `isolate=False` skips the probe process (only for plugins known to be safe)."""
    settings = settings or SettingsFile()
    if repo_dir is True:
        repo_dir = default_repo_dir()
    repo = [Path(repo_dir)] if repo_dir else []
    users = [Path(f) for f in (default_user_dirs() if user_dirs is None else user_dirs)]
    points = list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)) if entry_points else []
    # Plugins with a manifest are listed from it; only the others are probed and imported.
    listed = {
        key: _from_manifest(path, where, source)
        for key, path, where, source in _manifests(repo, users, points)
    }
    probes = [
        {"key": _key(kind, entry), "path": str(entry), "kind": kind}
        for folders, kind in ((repo, "repo"), (users, "user"))
        for folder in folders
        for entry in _plugin_entries(folder)
    ]
    probes += [{"key": _ep_key(ep), "entry_point": [ep.name, ep.value]} for ep in points]
    probes = [p for p in probes if p["key"] not in listed]
    failures = probe(probes) if isolate else {}
    found: list[PluginRecord] = []
    with _stdout_to_stderr():
        for folder in repo:
            found += _from_folder(folder, "repo", failures, listed)
        found += _from_entry_points(points, failures, listed)
        for folder in users:
            found += _from_folder(folder, "user", failures, listed)
    return Registry(_settle(found, settings.read().engine.disabled), settings, isolate=isolate)


# Manifests: plugins listed without importing them -----------------------------------------


def _manifests(repo: list[Path], users: list[Path], points: list) -> Iterator[tuple]:
    """(probe key, manifest path, probe entry, source) of each plugin that has a manifest."""
    for folders, kind in ((repo, "repo"), (users, "user")):
        for folder in folders:
            for entry in _plugin_entries(folder):
                path = manifest_beside(entry)
                if path is not None:
                    key = _key(kind, entry)
                    yield key, path, {"key": key, "path": str(entry), "kind": kind}, key
    for ep in points:
        path = _entry_point_manifest(ep)
        if path is not None:
            where = {"key": _ep_key(ep), "entry_point": [ep.name, ep.value]}
            yield _ep_key(ep), path, where, _ep_source(ep)


def _entry_point_manifest(ep: importlib.metadata.EntryPoint) -> Path | None:
    """The manifest in the top-level package an entry point names, found without importing."""
    root = ep.value.partition(":")[0].partition(".")[0].strip()
    try:
        spec = importlib.util.find_spec(root) if root else None
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / MANIFEST_NAME
        if path.is_file():
            return path
    return None


def _from_manifest(path: Path, where: dict, source: str) -> list[PluginRecord]:
    """The records a manifest declares (not imported yet), or one broken record."""
    fallback = Path(where.get("path", "")).stem or where.get("entry_point", ["?"])[0]
    try:
        declared = read_manifest(path)
    except ManifestError as exc:
        return [_broken(fallback, source, str(exc))]
    if "entry_point" in where:  # an entry point names one class: the generator of its name
        name, value = where["entry_point"]
        declared = [g for g in declared if g.id == name]
        if not declared:
            return [_broken(name, source, f"{path.name} declares no generator {name!r}")]
        declared = [dataclasses.replace(declared[0], entry=value)]
    records = []
    for generator in declared:
        problem = _api_problem(generator.api_version)
        if problem:
            records.append(_broken(generator.id, source, problem))
        else:
            records.append(PluginRecord(generator.id, source, manifest=generator, where=where))
    return records


# The probe: each plugin imported first in a process of its own ---------------------------

# What earlier probes found, by plugin and file version: (stamp, error or None).
_probed: dict[str, tuple[object, str | None]] = {}


def probe(entries: list[dict]) -> dict[str, str]:
    """Import each entry in a probe process, with a deadline each; {key: error} for those
    that failed. Entries probed before, unchanged since, are not probed again."""
    todo = [e for e in entries if e["key"] not in _probed or _probed[e["key"]][0] != _stamp(e)]
    while todo:
        todo = _probe_some(todo)
    return {e["key"]: error for e in entries if (error := _probed.get(e["key"], (0, None))[1])}


def _probe_some(todo: list[dict]) -> list[dict]:
    """Probe until the list is done or one plugin ends the probe; what is left to probe."""
    from studio.engine.protocol import message
    from studio.engine.workers import POLL_S, WorkerGone, WorkerProcess

    timeout = float(os.environ.get(IMPORT_TIMEOUT_ENV, 30))
    try:
        worker = WorkerProcess(
            message(
                "hello",
                sys_path=list(sys.path),
                device="cpu",
                budget=None,
                cpu_threads=None,
                cached=False,
            )
        )
    except WorkerGone as exc:  # no process to probe in: import here, as before probes
        log.warning("cannot probe plugins in a separate process: %s", exc)
        return []
    by_key = {e["key"]: e for e in todo}
    current: str | None = None
    started = time.monotonic()
    try:
        worker.send(message("discover", entries=todo))
        while True:
            if current is not None and time.monotonic() - started > timeout:
                _settle_probe(by_key, current, f"import did not finish within {timeout:g} s")
                return list(by_key.values())
            try:
                if not worker.conn.poll(POLL_S):
                    continue
                msg = worker.receive()
            except (EOFError, OSError):
                if current is not None:
                    _settle_probe(
                        by_key, current, f"import ended the probe process: it {worker.ended()}"
                    )
                return list(by_key.values()) if current is not None else []
            if msg["type"] == "importing":
                current, started = msg["key"], time.monotonic()
            elif msg["type"] == "imported":
                _settle_probe(by_key, msg["key"], msg["error"])
                current = None
            elif msg["type"] == "probed":
                return []
    finally:
        worker.kill()


def _settle_probe(by_key: dict[str, dict], key: str, error: str | None) -> None:
    entry = by_key.pop(key)
    _probed[key] = (_stamp(entry), error)


def probe_import(entry: dict) -> str | None:
    """(in the probe process) Import one plugin; why it failed, or None."""
    try:
        if "entry_point" in entry:
            name, value = entry["entry_point"]
            points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
            next(ep for ep in points if ep.name == name and ep.value == value).load()
        else:
            _import_path(Path(entry["path"]), entry["kind"])
    except (Exception, SystemExit, KeyboardInterrupt) as exc:
        return f"import failed: {_error(exc)}"
    return None


def _stamp(entry: dict) -> object:
    if "entry_point" in entry:
        return tuple(entry["entry_point"])
    path = Path(entry["path"])
    if path.is_dir():
        path = path / "__init__.py"
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def _key(kind: str, entry: Path) -> str:
    return f"{kind}: {entry}"


def _ep_key(ep: importlib.metadata.EntryPoint) -> str:
    return f"entry-point: {ep.name} = {ep.value}"


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """What plugins print at import goes to stderr: stdout may be a command's JSON."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:
        saved = None
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


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


def _ep_source(ep: importlib.metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return f"entry-point: {dist.name} {dist.version}" if dist else f"entry-point: {ep.value}"


def _from_entry_points(
    points: list[importlib.metadata.EntryPoint],
    failures: dict[str, str],
    listed: dict[str, list[PluginRecord]],
) -> list[PluginRecord]:
    records = []
    for ep in points:
        source = _ep_source(ep)
        if _ep_key(ep) in listed:
            records += listed[_ep_key(ep)]
            continue
        if _ep_key(ep) in failures:
            records.append(_broken(ep.name, source, failures[_ep_key(ep)]))
            continue
        try:
            obj = ep.load()
        except (Exception, SystemExit) as exc:
            records.append(_broken(ep.name, source, f"import failed: {_error(exc)}"))
            continue
        records.append(_record(obj, ep.name, source))
    return records


def _plugin_entries(folder: Path) -> list[Path]:
    """The plugin files and packages in a folder."""
    if not folder.is_dir():
        return []
    entries = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(("_", ".")):
            continue
        is_package = entry.is_dir() and (entry / "__init__.py").is_file()
        if is_package or (entry.is_file() and entry.suffix == ".py"):
            entries.append(entry)
        # else e.g. plugins/example-plugin: an installable package, found by entry point
    return entries


def _from_folder(
    folder: Path, kind: str, failures: dict[str, str], listed: dict[str, list[PluginRecord]]
) -> list[PluginRecord]:
    records = []
    for entry in _plugin_entries(folder):
        source = _key(kind, entry)
        if source in listed:
            records += listed[source]
            continue
        if source in failures:
            records.append(_broken(entry.stem, source, failures[source]))
            continue
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
    if entry.is_dir():
        return import_file(name, entry / "__init__.py", package=True)
    return import_file(name, entry)
