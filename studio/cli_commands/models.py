"""`storyreel models list|add|remove|download`: what is installed, and explicit downloads."""

from __future__ import annotations

import argparse
import json
import sys

from studio.errors import StoryreelError


def register(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="list, add, remove and download models")
    verbs = models.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="recommended models per panel, and what is here")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(handler=cmd_list)
    add = verbs.add_parser("add", help="add a local diffusers folder, .safetensors file or repo id")
    add.add_argument("model", metavar="PATH_OR_REPO_ID")
    add.add_argument("--json", action="store_true", help="print the model's row as JSON")
    add.set_defaults(handler=cmd_add)
    remove = verbs.add_parser(
        "remove", help="delete a downloaded repo from the cache, or forget an added model"
    )
    remove.add_argument("model", metavar="PATH_OR_REPO_ID")
    remove.add_argument("--json", action="store_true", help="print the outcome as JSON")
    remove.set_defaults(handler=cmd_remove)
    download = verbs.add_parser(
        "download", help="download a Hub repo into the Hugging Face cache (resumes a partial one)"
    )
    download.add_argument("model", metavar="REPO_ID")
    download.add_argument("--revision", default="main")
    download.add_argument("--json", action="store_true", help="progress as JSON lines on stdout")
    download.set_defaults(handler=cmd_download)


def cmd_list(args: argparse.Namespace) -> int:
    from studio.engine.models.listing import model_rows

    rows = model_rows()
    if args.json:
        json.dump([r.to_json() for r in rows], sys.stdout, indent=2)
        print()
        return 0
    table = [("PANEL", "MODEL", "STATE", "DOWNLOAD", "GPU", "LICENCE")]
    for r in rows:
        table.append(
            (
                r.panel or "-",
                r.name,
                r.state,
                _gb(r.download_bytes) if r.recommended else _gb(r.size_on_disk) + " here",
                _gb(r.gpu_memory_bytes)
                if r.gpu_memory_bytes
                else ("CPU" if r.recommended else "-"),
                (r.licence or "-") + (" (gated: log in first)" if r.gated else ""),
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    for row in table:
        print("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[5]]))
    for r in rows:
        if r.problem and r.state != "not installed":
            print(f"{r.name}: {r.problem}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from studio.engine.models.added import add_model
    from studio.engine.models.inventory import state_of

    name = add_model(args.model)
    state = state_of(name)
    if args.json:
        print(json.dumps(state.to_json(), indent=2))
    else:
        print(f"added {name}: {state.state}" + (f" ({state.problem})" if state.problem else ""))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from studio.engine.models.listing import remove_model

    done = remove_model(args.model)
    print(json.dumps({"model": args.model, "done": done}) if args.json else done)
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    from studio.engine.models.download import Download, DownloadCancelled

    printer = _json_progress if args.json else _progress_printer(args.model)
    download = Download(args.model, on_progress=printer, revision=args.revision)
    try:
        snapshot = download.run()
    except (KeyboardInterrupt, DownloadCancelled):
        raise StoryreelError(
            f"{args.model}: download stopped; run it again to resume where it stopped"
        ) from None
    if args.json:
        print(json.dumps({"stage": "installed", "repo_id": args.model, "path": str(snapshot)}))
    else:
        print(snapshot)
    return 0


def _json_progress(progress) -> None:
    from dataclasses import asdict

    print(json.dumps(asdict(progress)), flush=True)


def _progress_printer(label: str):
    tty = sys.stderr.isatty()
    last = [-1.0]

    def show(p) -> None:
        percent = int(p.fraction * 100)
        if p.stage not in ("done",) and percent == last[0] and p.stage == "downloading":
            return
        last[0] = percent
        line = (
            f"{label}: {percent:3d}% {_gb(p.bytes_done)} of {_gb(p.bytes_total)}, "
            f"file {min(p.files_done + 1, p.files_total)} of {p.files_total} {p.current}"
        ).rstrip()
        if p.stage in ("listing", "verifying"):
            line = f"{label}: {p.stage} {p.current}".rstrip()
        print(f"\r{line}\x1b[K" if tty else line, end="" if tty else "\n", file=sys.stderr)
        if tty and p.stage == "done":
            print(file=sys.stderr)

    return show


def _gb(n: int) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB"
