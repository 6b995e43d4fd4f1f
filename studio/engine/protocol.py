"""The worker protocol: the messages between the engine and a generator worker process.

Every message is a plain dict with a "type" key; its values are str, int, float, bool,
None, lists and dicts, except where a result or preview carries numpy arrays or PIL
images (plain picklable data). So it travels over a `multiprocessing` pipe as here,
and a remote worker (a Ray actor) can speak it unchanged: Ray pickles the same dicts,
and a JSON transport only needs arrays sent alongside.

engine → worker
    hello     {sys_path, device (None: detect), budget (None: from the device),
               cpu_threads, cached (keep models loaded between jobs),
               nice (optional: lower the worker's CPU priority by this much)}
    load      {job, generator (a generator_ref), request (request_to_wire)}
              load the job's generator and model into the worker's cache (sent before
              "generate" when the cache does not hold them), reporting progress for
              the job meanwhile; answered by "loaded", or by "error" if it failed
    generate  {job, generator, request, out, media_dir}
              run the job (loading first if the cache does not hold its generator);
              answered by "result" or "error"
    cancel    {job}
    shutdown  {}
    discover  {entries: [{key, path, kind} | {key, entry_point}]}   (the discovery probe)

worker → engine
    ready     {device, budget, pid}
    log       {level, name, text, trace}   the worker's log records, for the editor's log
    loaded    {job, loaded, used}     what the cache holds now (keys, bytes)
    progress  {job, fraction, message}
    preview   {job, preview}      a PIL image, an array, an Image or text
    result    {job, output, paths, loaded, used}   the Output object and the files written
    error     {job, message, cancelled, loaded, used}   cancelled: it ended by cancel
    importing {key}, imported {key, error}, probed {}   (the discovery probe)

A result carries the output itself as well as the files the worker wrote, so a remote
worker without the project's folder is sent out=None and media_dir=None and its arrays
are written on the engine's side (a Ray cluster's workers: studio.engine.cluster_lane).

A worker runs one job at a time; "cancel" may arrive at any moment and is honoured at
the generator's next `check_cancelled()`. The engine, not the worker, enforces deadlines:
a worker that dies, or stays silent too long, is ended and replaced.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.plugins.api import Generator, Request

Message = dict[str, Any]


def message(kind: str, **fields: Any) -> Message:
    return {"type": kind, **fields}


# Generators by reference -------------------------------------------------------------------


class UnreachableGenerator(Exception):  # noqa: N818 - says what the class is
    """A generator class another process cannot import (defined inside a function)."""


MADE_BY = "made_by"  # a class attribute (factory, args): how a class made at run time is remade


def generator_ref(cls: type[Generator]) -> dict[str, Any]:
    """How another process finds `cls`: its module and qualified name, and the file of its
    top-level module (plugins from a folder are imported under a made-up name). A class
    made by a function (a wrapper such as score_fit.fitted) names that function and its
    arguments in its `made_by` attribute, and is made again there."""
    made_by = cls.__dict__.get(MADE_BY)
    if made_by is not None:
        factory, args = made_by
        return {"factory": _where(factory), "args": [_arg_ref(a) for a in args]}
    if "<locals>" in cls.__qualname__:
        raise UnreachableGenerator(
            f"{cls.id} is defined inside a function, so a worker process cannot import it"
        )
    return _where(cls)


def resolve_ref(ref: dict[str, Any]) -> type[Generator]:
    """The class a `generator_ref` names, importing its module if needed."""
    if "factory" in ref:
        factory = resolve_ref(ref["factory"])
        args = [
            resolve_ref(a["generator"]) if "generator" in a else a["value"] for a in ref["args"]
        ]
        return factory(*args)
    name = ref["module"]
    root = name.partition(".")[0]
    if root == "__main__" or (root not in sys.modules and not _importable(root)):
        if not ref.get("origin"):
            raise UnreachableGenerator(f"cannot find the module {name!r}")
        module = import_file(root, Path(ref["origin"]), package=ref.get("package", False))
        if root != name:
            module = importlib.import_module(name)
    else:
        module = importlib.import_module(name)
    obj: Any = module
    for part in ref["qualname"].split("."):
        obj = getattr(obj, part)
    return obj


def _where(obj: Any) -> dict[str, Any]:
    root = sys.modules.get(obj.__module__.partition(".")[0])
    return {
        "module": obj.__module__,
        "qualname": obj.__qualname__,
        "origin": getattr(root, "__file__", None),
        "package": bool(getattr(root, "__path__", None)),
    }


def _arg_ref(arg: Any) -> dict[str, Any]:
    from studio.plugins.api import Generator

    if isinstance(arg, type) and issubclass(arg, Generator):
        return {"generator": generator_ref(arg)}
    return {"value": arg}  # plain picklable data (settings)


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def import_file(name: str, origin: Path, *, package: bool = False):
    """Import a module from its file under `name` (a script run as __main__ gets a name of its
    own, so its `if __name__ == "__main__"` block does not run again)."""
    if name == "__main__":
        name = "storyreel_main_" + "".join(c if c.isalnum() else "_" for c in origin.stem)
    if name in sys.modules:
        return sys.modules[name]
    locations = [str(origin.parent)] if package else None
    spec = importlib.util.spec_from_file_location(
        name, origin, submodule_search_locations=locations
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before exec, so a package's relative imports resolve
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


# Requests ----------------------------------------------------------------------------------


def request_to_wire(request: Request) -> dict[str, Any]:
    """The request as JSON-able data: params as their JSON form, inputs as dicts."""
    return {
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "params": request.params.model_dump(mode="json"),
        "seed": request.seed,
        "width": request.width,
        "height": request.height,
        "duration": request.duration,
        "fps": request.fps,
        "sample_rate": request.sample_rate,
        "inputs": [
            {
                "kind": m.kind.value,
                "path": None if m.path is None else str(m.path),
                "text": m.text,
                "role": m.role,
                "label": m.label,
            }
            for m in request.inputs
        ],
    }


def request_from_wire(data: dict[str, Any], cls: type[Generator]) -> Request:
    from studio.plugins.api import Kind, Media, Request

    fields = dict(data)
    fields["params"] = cls.Params.model_validate(data["params"])
    fields["inputs"] = tuple(
        Media(
            Kind(m["kind"]),
            None if m["path"] is None else Path(m["path"]),
            m["text"],
            m["role"],
            m.get("label", ""),
        )
        for m in data["inputs"]
    )
    return Request(**fields)
