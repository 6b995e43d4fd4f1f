"""The `storyreel` command line: headless commands, and the GUI launcher.

Nothing on this path imports Qt, torch, diffusers or transformers until a
subcommand that needs them runs (the GUI launcher imports Qt lazily).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from studio.errors import StoryreelError

# Each module registers its subcommands with `register(subparsers)`; a
# subcommand's handler takes the parsed args and returns an exit status.
SUBCOMMAND_MODULES = (
    "studio.cli_commands.project",
    "studio.cli_commands.gui",
    "studio.cli_commands.storyboard",
    "studio.cli_commands.plugins",
    "studio.cli_commands.delivery",
    "studio.cli_commands.relink",
    "studio.cli_commands.search",
    "studio.cli_commands.script",
    "studio.cli_commands.reel",
    "studio.cli_commands.cast",
    "studio.cli_commands.models",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="storyreel",
        description="Storyreel: a film workstation for local generative models. "
        "Without a command, opens the editor.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the Python traceback of a failure (it always goes to the log file)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


# Commands that run a generator in the engine's worker process: it is started before the
# command's own imports (studio.engine.worker_spawn), which its start and imports (0.2-0.4
# s) otherwise followed. For a quick generator that was most of the command's cost.
GENERATING = {("reel", "frames"), ("reel", "clips"), ("reel", "score")}


def _command_words(argv: Sequence[str]) -> tuple[str, ...]:
    """The command and its subcommand ("reel", "score"), options left out."""
    return tuple(a for a in argv if not a.startswith("-"))[:2]


def _generating(argv: Sequence[str]) -> bool:
    return _command_words(argv) in GENERATING


def _start_worker_early(argv: Sequence[str]) -> None:
    local = not any(a.startswith("--cluster") for a in argv) and not os.environ.get(
        "STORYREEL_CLUSTER"
    )
    if _generating(argv) and local and os.environ.get("STORYREEL_WORKERS") != "thread":
        from studio.cli_commands.reel import BUILTIN_PREFIX, DEFAULT_GENERATORS

        generator = _option(argv, "--generator") or DEFAULT_GENERATORS[_command_words(argv)[1]]
        if not generator.startswith(BUILTIN_PREFIX):  # the built-ins run in the command
            from studio.engine.worker_spawn import start_spare

            start_spare(prepare=generator)


def _option(argv: Sequence[str], name: str) -> str | None:
    for n, arg in enumerate(argv):
        if arg == name and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith(name + "="):
            return arg.partition("=")[2]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    _start_worker_early(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from studio.cli_commands.gui import launch

        args.command, args.handler = "", lambda _: launch(None)
    name = f"storyreel {args.command}".rstrip()
    _send_logs_to_file(args.debug)
    try:
        return int(args.handler(args) or 0)
    except StoryreelError as exc:
        return _fail(name, one_line(exc), exc, args.debug)
    except BrokenPipeError:
        # The reader went away (`storyreel info --json | head`): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        # A full or read-only disk, a file that vanished: expected, and said in one line.
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return _fail(name, f"{os_reason(exc)}{where}", exc, args.debug)
    except MemoryError as exc:
        return _fail(name, "out of memory", exc, args.debug)
    except Exception as exc:  # a bug, or a plugin's: one line here, the traceback in the log
        log = log_traceback(name, exc)
        hint = f"; details in {log}" if log else ""
        return _fail(
            name, f"unexpected {type(exc).__name__}: {one_line(exc)}{hint}", exc, args.debug
        )


def _fail(name: str, message: str, exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    else:
        log_traceback(name, exc)
    print(f"{name}: {message}", file=sys.stderr)
    return 1


def _send_logs_to_file(debug: bool) -> None:
    """Warnings and errors that the engine and plugins log (with their tracebacks) go to the
    log file, not the terminal: without a handler Python would print them on stderr. With
    --debug they go to both."""
    import logging

    root = logging.getLogger()
    if root.handlers:
        return  # the host (a test runner, an embedding app) has its own logging
    handler: logging.Handler
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    root.addHandler(handler)
    if debug:
        root.addHandler(logging.StreamHandler(sys.stderr))


def one_line(exc: BaseException) -> str:
    """An exception's message as one line: its first non-empty line, or its type's name."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[0] + (" ..." if len(lines) > 1 else "")


def os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "no such file or folder",
        errno.EEXIST: "it already exists",
        errno.ENOTDIR: "a file is in the way where a folder should be",
        errno.EISDIR: "it is a folder",
    }
    return reasons.get(exc.errno, exc.strerror or one_line(exc))


def log_file() -> Path:
    from studio.paths import user_data_dir

    return user_data_dir() / "logs" / "storyreel.log"


def log_traceback(name: str, exc: BaseException) -> Path | None:
    """Append the failure's traceback to the log file (kept under 1 MB, one old copy)."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 1_000_000:
            path.replace(path.with_suffix(".log.1"))  # rotated, not rewritten
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"--- {stamp} {name} (pid {os.getpid()})\n")
            file.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None  # no log on a read-only home: the one line on stderr still says it
    return path


def run() -> None:
    """The `storyreel` command: main(), then exit. A generating command has saved every take
    and told its worker to end by then, so it leaves without Python's teardown of its
    modules: 60-150 ms after the work was done (bench/bench_reel.py)."""
    argv = sys.argv[1:]
    code = main(argv)
    if _generating(argv):
        import logging

        logging.shutdown()  # the log file's last lines
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
