"""The `storyreel` command line: headless commands, and the GUI launcher.

Nothing on this path imports Qt, torch, diffusers or transformers until a
subcommand that needs them runs (the GUI launcher imports Qt lazily).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="storyreel",
        description="Storyreel: a film workstation for local generative models. "
        "Without a command, opens the editor.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from studio.cli_commands.gui import launch

        return launch(None)
    try:
        return int(args.handler(args) or 0)
    except StoryreelError as exc:
        print(f"storyreel {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`storyreel info --json | head`): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"storyreel {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
