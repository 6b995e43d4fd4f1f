"""Files and folders written whole or not at all: every writer in Storyreel goes through here.

A file is written under a hidden temporary name beside its target (same folder, so the
rename is atomic; same suffix, because encoders pick their format from it), flushed to the
disk, then renamed over the target. Any failure - a full or read-only disk, an encoder
error, a cancel - removes the temporary file, leaves the old target exactly as it was, and
is reported as a one-line error. A kill leaves the old target too; what it leaves besides
is a hidden temporary file or folder, swept by the next write of the same target.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from studio.errors import StoryreelError

# The middle of a temporary folder's name, .NAME.building-PID-TOKEN or .NAME.removing-PID-TOKEN
_BUILDING = ".building-"
_REMOVING = ".removing-"


def reason(exc: OSError) -> str:
    """An OSError said the way a user can act on it."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file is too large for this disk or account",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied (is the folder read-only?)",
        errno.EPERM: "permission denied",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


def temporary_name(target: Path) -> Path:
    """A hidden name beside `target`, unique to this writer, keeping the target's suffix."""
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    return target.with_name(f".{target.stem}.writing-{token}{target.suffix}")


@contextmanager
def replacing(
    target: str | os.PathLike[str],
    error: type[StoryreelError] = StoryreelError,
    durable: bool = True,
) -> Iterator[Path]:
    """Yield a temporary path to write the whole file to; it replaces `target` on success.

    An OSError while writing (or renaming) becomes `error("could not write TARGET: why")`;
    any other exception (a cancel, an encoder's own error) passes through. Either way the
    temporary file is gone and `target` is untouched. `durable=False` skips the fsyncs, for
    disposable caches.
    """
    target = Path(target)
    temp = temporary_name(target)
    if durable:
        _sweep_files(target)
    try:
        yield temp
        if durable:
            _fsync_file(temp)
        _keep_mode(target, temp)
        os.replace(temp, target)
    except InterruptedError:  # a cancel said with an OSError subclass: not a disk problem
        _remove(temp)
        raise
    except OSError as exc:
        _remove(temp)
        raise error(f"could not write {target}: {reason(exc)}") from None
    except BaseException:
        _remove(temp)
        raise
    if durable:
        fsync_folder(target.parent)


def _sweep_files(target: Path) -> None:
    """Remove temporary files that killed writers of `target` left beside it."""
    prefix = f".{target.stem}.writing-"
    try:
        leftovers = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for path in leftovers:
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if path.name.endswith(target.suffix) and pid.isdigit() and not _alive(int(pid)):
            _remove(path)


def write_bytes(
    target: str | os.PathLike[str], payload: bytes, error: type[StoryreelError] = StoryreelError
) -> Path:
    """Write `payload` as the whole of `target`, atomically."""
    target = Path(target)
    with replacing(target, error) as temp, open(temp, "wb") as fh:
        fh.write(payload)
    return target


def write_text(
    target: str | os.PathLike[str], text: str, error: type[StoryreelError] = StoryreelError
) -> Path:
    return write_bytes(target, text.encode("utf-8"), error)


def write_with(
    target: str | os.PathLike[str],
    write: Callable[[IO[bytes]], None],
    error: type[StoryreelError] = StoryreelError,
    durable: bool = True,
) -> Path:
    """Write `target` through `write(open binary file)`, atomically."""
    target = Path(target)
    with replacing(target, error, durable) as temp, open(temp, "wb") as fh:
        write(fh)
    return target


def copy_file(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    error: type[StoryreelError] = StoryreelError,
) -> Path:
    """Copy `source` to `target`, atomically (a media copy is whole or absent)."""
    target = Path(target)
    with replacing(target, error) as temp:
        shutil.copyfile(source, temp)
    return target


def _keep_mode(target: Path, temp: Path) -> None:
    # A replaced file keeps its permissions (a private file stays private).
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return  # a new file: the umask decides, as for any file
    os.chmod(temp, mode)


def _fsync_file(path: Path) -> None:
    # Flushes what an encoder wrote and closed; a rename of unflushed data can survive a
    # power cut as an empty file. (Windows flushes only a handle open for writing.)
    fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; not possible on every platform, harmless to skip."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # nothing more can be done; the target itself is untouched


# -- folders --------------------------------------------------------------------------------


@contextmanager
def new_folder(
    final: str | os.PathLike[str], error: type[StoryreelError] = StoryreelError
) -> Iterator[Path]:
    """Yield a hidden temporary folder beside `final` to build in; renamed to `final` when the
    block ends without an error, removed when it fails. A kill leaves no `final` at all.

    `final` must not exist (an empty folder is allowed: it is replaced). Folders that killed
    builds of the same `final` left behind are removed first.
    """
    final = Path(final)
    if final.is_dir() and not _is_empty_dir(final):
        raise error(f"{final} already exists and is not empty")
    if final.exists() or final.is_symlink():
        raise error(f"{final} already exists and is not a folder")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        sweep_abandoned(final)
        temp = _temporary_folder(final, _BUILDING)
        temp.mkdir()
    except OSError as exc:
        raise error(f"cannot create {final}: {reason(exc)}") from None
    try:
        yield temp
        fsync_tree(temp)
        os.rename(temp, final)  # replaces an empty folder; refuses a non-empty one
    except OSError as exc:
        _remove(temp)
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise error(f"{final} already exists and is not empty") from None
        raise error(f"cannot create {final}: {reason(exc)}") from None
    except BaseException:
        _remove(temp)
        raise
    fsync_folder(final.parent)


def remove_folder(folder: Path) -> None:
    """Remove `folder` so that it is gone at once: renamed to a hidden name, then deleted (a
    kill during the deletion leaves only the hidden folder, swept by the next build)."""
    doomed = _temporary_folder(folder, _REMOVING)
    os.rename(folder, doomed)
    _remove(doomed)


def _temporary_folder(final: Path, kind: str) -> Path:
    return final.with_name(f".{final.name}{kind}{os.getpid()}-{secrets.token_hex(4)}")


def _is_empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and not any(path.iterdir())
    except OSError:
        return False


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder`, so its rename publishes data on disk."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                _fsync_file(Path(root) / name)
            except OSError:
                pass  # a file we cannot open to flush was not written by us
        fsync_folder(Path(root))


def sweep_abandoned(final: Path) -> list[Path]:
    """Remove the temporary folders of builds (and removals) of `final` whose process is gone."""
    removed = []
    prefixes = (f".{final.name}{_BUILDING}", f".{final.name}{_REMOVING}")
    try:
        siblings = list(final.parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        prefix = next((p for p in prefixes if path.name.startswith(p)), None)
        if prefix is None:
            continue
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue  # another process is building it right now
        _remove(path)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # os.kill(pid, 0) would end the process there; leave the folder
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
