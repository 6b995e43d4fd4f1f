"""Shared pieces of the disk caches: keys from a file's identity, and atomic writes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from studio.atomic import reason, write_with
from studio.errors import MediaError


def source_key(path: str | os.PathLike[str], *parts: object) -> str:
    """A hex digest naming `path` as it is now (absolute path, size, mtime) plus `parts`.

    Any change to the file (touch, rewrite, replace) gives a new key, so stale cache
    entries are never read; they are simply left for a cache sweep to delete.
    """
    source = Path(path).resolve()
    try:
        stat = source.stat()
    except OSError as error:
        raise MediaError(f"Cannot read media file {os.fspath(path)}: {_reason(error)}") from None
    identity = [str(source), stat.st_size, stat.st_mtime_ns, *parts]
    return hashlib.sha256(repr(identity).encode()).hexdigest()[:32]


def write_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write `target` through `write(file)` so readers see the old file or the whole new one.

    Two threads writing the same entry both succeed and the last one wins.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MediaError(f"cannot write the cache at {target.parent}: {reason(error)}") from None
    write_with(target, write, MediaError, durable=False)  # a cache: no need to wait on fsync


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
