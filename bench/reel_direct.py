"""(bench_reel.py's baseline, run as a fresh process) One generator called directly for the
requests in a JSON file, each output written with its provenance, as an engine worker
would: the process imports only what that needs.

    python bench/reel_direct.py GENERATOR FIT(0|1) REQUESTS.json OUT_FOLDER
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from studio.engine.discovery import discover
from studio.engine.outputs import write_output
from studio.engine.protocol import request_from_wire
from studio.engine.provenance import provenance_for
from studio.plugins.api import Context
from studio.workflows.score.fit import fitted

SUFFIX = {"image": ".png", "video": ".mp4", "audio": ".wav"}


def generate_all(cls, requests, out: Path) -> None:
    instance = cls()
    ctx = Context("cpu")
    instance.load(ctx)
    for n, request in enumerate(requests):
        output = instance.generate(request, ctx)
        path = out / f"direct-{n}{SUFFIX[cls.output.value]}"
        write_output(output, path, provenance_for(cls, request))
    instance.unload()


def main(generator: str, fit: str, wire_file: str, out: str) -> None:
    cls = discover().get(generator)
    cls = fitted(cls) if fit == "1" else cls
    wire = json.loads(Path(wire_file).read_text(encoding="utf-8"))
    requests = [request_from_wire(data, cls) for data in wire]
    # On a thread of its own, as the engine runs a job: torch's CPU threads behave
    # differently on the main thread (a main-thread baseline ran 7x slower under load).
    worker = threading.Thread(target=generate_all, args=(cls, requests, Path(out)))
    worker.start()
    worker.join()


if __name__ == "__main__":
    main(*sys.argv[1:5])
