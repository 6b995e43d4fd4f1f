"""Run one job on the current worker thread: load, generate, check, write, report."""

from __future__ import annotations

import logging
from pathlib import Path

from studio.engine.cache import ModelCache, unload_quietly
from studio.engine.devices import is_out_of_memory, limit_cpu_threads, release_device_memory
from studio.engine.jobs import Job
from studio.engine.outputs import new_media_path, write_output
from studio.engine.provenance import take_records
from studio.engine.validate import OutputError, validate_output
from studio.plugins.api import Cancelled, Context, Generator, Image, Output

log = logging.getLogger(__name__)


def run_job(
    job: Job,
    device: str,
    cache: ModelCache | None,
    cpu_threads: int | None,
    *,
    load_only: bool = False,
) -> None:
    """Run `job` to its end. With no cache, a fresh instance is loaded and unloaded.
    `load_only`: load its generator into the cache and stop there, still RUNNING and
    announcing nothing unless the load fails (a worker's "load" message)."""
    if not job._start(device):
        return  # cancelled while it waited in the queue
    cls = job.generator
    ctx = Context(
        device,
        on_progress=job._progress,
        on_preview=job._preview,
        cancel_event=job.cancel_event,
        log=logging.getLogger(f"storyreel.plugin.{cls.id}"),
        request=job.request,
    )
    instance: Generator | None = None
    try:
        if cache is not None:
            instance = cache.acquire(cls, ctx, model_key(cls, job.request))
            if load_only:
                return
        else:
            instance = cls()
            instance.load(ctx)
        if device == "cpu":
            limit_cpu_threads(cpu_threads)  # after load(): that is where torch gets imported
        output = instance.generate(job.request, ctx)
        if cache is not None:
            # It may have loaded its model inside generate(): only now is its size known.
            cache.enforce(keep=model_key(cls, job.request))
        if job.cancel_event.is_set():
            raise Cancelled  # it ignored the cancel and finished; the user no longer wants it
        validate_output(output, cls.output)
        paths = write_takes(job, output)
    except Cancelled:
        job._cancelled()
    except OutputError as exc:
        job._fail(f"{cls.id} broke the output contract: {exc}")
    except (Exception, SystemExit, KeyboardInterrupt) as exc:  # a plugin must not end the lane
        if is_out_of_memory(exc):
            if cache is not None:
                cache.discard(model_key(cls, job.request))
            release_device_memory(device)
            job._fail(
                f"out of memory on {device} running {cls.id}; its model was unloaded "
                "(try a smaller size, a shorter duration or fewer steps)"
            )
        else:
            log.warning("job %d (%s) failed", job.id, cls.id, exc_info=True)
            job._fail(_reason(cls, exc))
    else:
        job._finish(output, paths)
    finally:
        if cache is None and instance is not None:
            unload_quietly(instance)


def model_key(cls: type[Generator], request) -> str:
    """The cache entry a job needs: one per generator and model, since a generator whose
    model is a parameter holds different weights for different models."""
    model = getattr(request.params, "model", None) or cls.model
    return f"{cls.id}@{model}" if model else cls.id


def write_takes(job: Job, output: Output) -> list[Path]:
    """Write the output (and each image variation as a take of its own) where the job
    says; their paths. Also for outputs that came back from a worker on another machine."""
    if job.out is not None:
        path = job.out
    elif job.media_dir is not None:
        path = new_media_path(job.media_dir, job.generator.id, job.generator.output)
    else:
        return []  # the caller wants the object only (tests, previews)
    first, *others = take_records(job.generator, job.request, output, path)
    paths = [write_output(output, path, first)]
    variations = getattr(output, "variations", ())
    for number, (variation, record) in enumerate(zip(variations, others, strict=True), start=2):
        extra = path.with_name(f"{path.stem}-v{number}{path.suffix}")
        paths.append(write_output(Image(variation), extra, record))
    return paths


def _reason(cls: type[Generator], exc: BaseException) -> str:
    if isinstance(exc, SystemExit | KeyboardInterrupt):  # their text says nothing alone ("3")
        detail = str(exc).strip()
        return f"{cls.id} raised {type(exc).__name__}" + (f" ({detail})" if detail else "")
    return one_line(exc)


def one_line(exc: BaseException) -> str:
    """The exception's message on one line; its type name when it has none."""
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return text or type(exc).__name__
