"""Download a model repo into the Hugging Face cache, on request only, through huggingface_hub.

One `Download` fetches the files a generator needs (safetensors weights and configs, not
every checkpoint format a repo carries), reports progress in bytes and files, stops within
one network chunk of `cancel()`, resumes an unfinished file from where it stopped (the
cache keeps it as `blobs/<etag>.incomplete`), and checks each fetched file against the
checksum the Hub lists for it (sha256 for LFS files, the git blob id for the others).
A file that fails its checksum is deleted, so the next try fetches it afresh.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.errors import UserError
from studio.plugins.model_source import hub_offline

# Files a generator loads; everything else in a repo (other frameworks' weights, images,
# ONNX exports, full-precision originals beside a diffusers layout) is left on the Hub.
_WANTED_SUFFIXES = (".json", ".txt", ".model", ".safetensors", ".tiktoken", ".jinja")
_SKIPPED_PARTS = ("onnx", "openvino", "flax", "coreml", "tf_model", ".msgpack", ".h5")
_VARIANT_MARKS = (".fp16.", ".bf16.", "non_ema", ".ema.")


class DownloadError(UserError):
    """A download that cannot go on; the message is one line for the user."""


class DownloadCancelled(Exception):
    """The user stopped the download; what was fetched stays for a later resume."""


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None  # LFS files
    blob_id: str | None  # git's id of the content, for the others


@dataclass(frozen=True)
class Progress:
    repo_id: str
    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    current: str = ""  # the file being fetched, or "" between files
    stage: str = "downloading"  # "listing", "downloading", "verifying", "done"

    @property
    def fraction(self) -> float:
        return self.bytes_done / self.bytes_total if self.bytes_total else 0.0


def select_files(files: list[RemoteFile]) -> list[RemoteFile]:
    """The files a generator needs from a repo listing.

    A diffusers repo (model_index.json at its root) keeps its root JSON files and its
    component folders, not the single-file checkpoints beside them; half-precision variants
    are skipped where the full file is there too; pickles are never fetched.
    """
    names = {f.path for f in files}
    diffusers = "model_index.json" in names
    chosen = []
    for f in files:
        lower = f.path.lower()
        if not lower.endswith(_WANTED_SUFFIXES) or any(p in lower for p in _SKIPPED_PARTS):
            continue
        if diffusers and "/" not in f.path and lower.endswith(".safetensors"):
            continue  # the all-in-one checkpoint beside the components
        if any(mark in lower for mark in _VARIANT_MARKS) and _plain_name(f.path) in names:
            continue
        chosen.append(f)
    return chosen


def _plain_name(path: str) -> str:
    for mark in (".fp16.", ".bf16.", ".ema."):
        path = path.replace(mark, ".")
    return path


class Download:
    """Fetch `repo_id` (at `revision`) into the Hugging Face cache; `run()` blocks, so call
    it on a worker thread; `cancel()` may be called from any thread."""

    def __init__(
        self,
        repo_id: str,
        on_progress: Callable[[Progress], None] | None = None,
        revision: str = "main",
        token: str | None = None,
    ) -> None:
        self.repo_id = repo_id.strip()
        self.revision = revision
        self.token = token
        self._report = on_progress or (lambda _p: None)
        self._cancel = threading.Event()
        self.progress = Progress(self.repo_id, 0, 0, 0, 0, stage="listing")

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> Path:
        """Download what is missing; returns the snapshot folder. Raises DownloadError with
        one line (offline, gated, not found, no network, bad checksum) or DownloadCancelled."""
        if hub_offline():
            raise DownloadError(
                f"cannot download {self.repo_id}: HF_HUB_OFFLINE is set (unset it to download)"
            )
        self._emit(stage="listing")
        files, commit = self._listing()
        total = sum(f.size for f in files)
        done_bytes = 0
        self._emit(bytes_total=total, files_total=len(files), stage="downloading")
        snapshot = None
        for number, remote in enumerate(files):
            self._check_cancelled()
            self._emit(bytes_done=done_bytes, files_done=number, current=remote.path)
            path = self._fetch(remote, done_bytes, commit)
            done_bytes += remote.size
            self._emit(bytes_done=done_bytes, files_done=number + 1, stage="downloading")
            snapshot = path.parents[len(Path(remote.path).parts) - 1]
        self._emit(current="", stage="done")
        if snapshot is None:
            raise DownloadError(f"{self.repo_id} has no model files to download")
        return snapshot

    # -- steps -----------------------------------------------------------------------------
    def _listing(self) -> tuple[list[RemoteFile], str]:
        from huggingface_hub import HfApi

        try:
            info = HfApi(endpoint=_endpoint()).model_info(
                self.repo_id, revision=self.revision, files_metadata=True, token=self.token
            )
        except Exception as exc:  # noqa: BLE001 - sorted into one line below
            raise DownloadError(explain(self.repo_id, exc)) from exc
        files = [
            RemoteFile(
                s.rfilename,
                int(s.size or 0),
                _lfs_sha256(s.lfs),
                getattr(s, "blob_id", None),
            )
            for s in info.siblings or []
        ]
        return select_files(files), info.sha or self.revision

    def _fetch(self, remote: RemoteFile, before: int, commit: str) -> Path:
        """One file into the cache: resumed from its `.incomplete` part if an earlier try
        left one, checked against its checksum, then moved into place and linked."""
        from huggingface_hub import get_hf_file_metadata, hf_hub_url
        from huggingface_hub.file_download import http_get
        from huggingface_hub.utils import build_hf_headers

        from studio.engine.models.inventory import repo_folder

        folder = repo_folder(self.repo_id)
        link = folder / "snapshots" / commit / remote.path
        if link.exists():
            return link  # fetched (and checked) by an earlier run
        try:
            url = hf_hub_url(self.repo_id, remote.path, revision=commit, endpoint=_endpoint())
            meta = get_hf_file_metadata(url, token=self.token, endpoint=_endpoint())
            etag = (meta.etag or remote.sha256 or remote.blob_id or "").strip('"')
            blob = folder / "blobs" / etag
            if not blob.exists():
                blob.parent.mkdir(parents=True, exist_ok=True)
                part = blob.with_name(etag + ".incomplete")
                with open(part, "ab") as file:
                    resume = file.tell()
                    http_get(
                        meta.location,
                        _Watched(file, self, before, remote.size),
                        resume_size=resume,
                        headers=build_hf_headers(token=self.token),
                        expected_size=meta.size,
                    )
                self._emit(stage="verifying")
                self._verify(part, remote)
                os.replace(part, blob)
        except (DownloadCancelled, DownloadError):
            raise
        except Exception as exc:  # noqa: BLE001 - sorted into one line below
            if self.cancelled:
                raise DownloadCancelled() from exc
            raise DownloadError(explain(self.repo_id, exc, remote.path)) from exc
        _link(blob, link)
        _write_ref(folder, self.revision, commit)
        return link

    def _verify(self, path: Path, remote: RemoteFile) -> None:
        if remote.sha256:
            digest, want = _sha256(path, self._check_cancelled), remote.sha256
        elif remote.blob_id:
            digest, want = _git_blob_id(path), remote.blob_id
        else:
            return  # the Hub listed no checksum for it
        if digest != want:
            path.unlink(missing_ok=True)
            raise DownloadError(
                f"{self.repo_id}/{remote.path} failed its checksum (a damaged transfer); "
                "it was deleted: download again to fetch it afresh"
            )

    # -- reporting -------------------------------------------------------------------------
    def _emit(self, **changes) -> None:
        from dataclasses import replace

        self.progress = replace(self.progress, **changes)
        self._report(self.progress)

    def _check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise DownloadCancelled()


def _endpoint() -> str | None:
    """HF_ENDPOINT as it is now (huggingface_hub reads it once, at import)."""
    return os.environ.get("HF_ENDPOINT", "").rstrip("/") or None


class _Watched:
    """The file huggingface_hub writes a download into: each chunk it writes is our progress,
    and raising here stops the transfer with what was written kept for a resume."""

    def __init__(self, file, download: Download, offset: int, size: int) -> None:
        self._file = file
        self._download = download
        self._offset = offset  # bytes of the files before this one
        self._size = size

    def write(self, data: bytes) -> int:
        self._download._check_cancelled()
        written = self._file.write(data)
        position = self._file.tell()
        self._download._emit(bytes_done=self._offset + min(position, self._size))
        return written

    def __getattr__(self, name: str):
        return getattr(self._file, name)  # tell, seek, truncate, flush


def _link(blob: Path, link: Path) -> None:
    """The snapshot's entry for a blob: a relative symlink as huggingface_hub makes it,
    or a copy where the file system has no symlinks."""
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        link.symlink_to(os.path.relpath(blob, link.parent))
    except FileExistsError:
        pass
    except OSError:
        import shutil

        shutil.copyfile(blob, link)


def _write_ref(folder: Path, revision: str, commit: str) -> None:
    if revision == commit:
        return
    ref = folder / "refs" / revision
    ref.parent.mkdir(parents=True, exist_ok=True)
    if not ref.is_file() or ref.read_text(encoding="utf-8").strip() != commit:
        ref.write_text(commit, encoding="utf-8")


def _lfs_sha256(lfs) -> str | None:
    if lfs is None:
        return None
    if isinstance(lfs, dict):
        return lfs.get("sha256")
    return getattr(lfs, "sha256", None)


def _sha256(path: Path, check_cancelled: Callable[[], None]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(8 << 20):
            digest.update(chunk)
            check_cancelled()
    return digest.hexdigest()


def _git_blob_id(path: Path) -> str:
    data = path.read_bytes()  # only small files are not in LFS
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def explain(repo_id: str, exc: BaseException, file: str = "") -> str:
    """A huggingface_hub or network failure as one line a user can act on."""
    name = type(exc).__name__
    where = f"{repo_id}/{file}" if file else repo_id
    if name == "GatedRepoError":
        return (
            f"{repo_id} is gated: accept its licence on https://huggingface.co/{repo_id} and "
            "log in with `hf auth login` (or set HF_TOKEN)"
        )
    if name == "RepositoryNotFoundError":
        return f"{repo_id} is not on the Hub (or it is private and no token is set: HF_TOKEN)"
    if name in ("RevisionNotFoundError", "EntryNotFoundError", "RemoteEntryNotFoundError"):
        return f"{where} is not on the Hub"
    if name == "LocalEntryNotFoundError" or "offline" in str(exc).lower():
        return f"cannot download {where}: the Hub cannot be reached (offline?)"
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if status in (401, 403):
        return f"{repo_id} needs a Hugging Face token: log in with `hf auth login` or set HF_TOKEN"
    if isinstance(exc, OSError) and getattr(exc, "errno", None):
        from studio.atomic import reason

        return f"cannot save {where}: {reason(exc)}"
    text = " ".join(str(exc).split()) or name
    if "connect" in text.lower() or "timed out" in text.lower() or name.startswith("Connect"):
        return f"cannot download {where}: the Hub cannot be reached ({text[:120]})"
    return f"cannot download {where}: {text[:200]}"
