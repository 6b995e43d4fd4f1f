"""A stand-in for the Hugging Face Hub on 127.0.0.1, serving model folders as repos.

It answers what `huggingface_hub` asks when it downloads: the repo's info with its files'
sizes and checksums (`/api/models/{repo}[/revision/{rev}]`, `/paths-info/`), and each file
(`/{repo}/resolve/{rev}/{path}`, HEAD and GET, with ETag, X-Repo-Commit, X-Linked-Etag and
Range for resuming). Point HF_ENDPOINT at `server.url`. Tests can make a repo gated, corrupt
a file's bytes (its checksum stays the true one), drop the connection part-way through a
file once, or slow every file down so a cancel lands mid-file.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".bin", ".ckpt", ".pt", ".pth", ".model", ".gguf")
CHUNK = 64 * 1024


def git_blob_sha1(data: bytes) -> str:
    """The id git (and the Hub) gives a file's content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class HubFile:
    path: str
    data: bytes

    @property
    def is_lfs(self) -> bool:
        return self.path.endswith(LFS_SUFFIXES)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def etag(self) -> str:
        return self.sha256 if self.is_lfs else git_blob_sha1(self.data)


@dataclass
class HubRepo:
    repo_id: str
    files: dict[str, HubFile]
    commit: str
    gated: bool = False
    corrupt: set[str] = field(default_factory=set)  # served with altered bytes


class FakeHub:
    """A running fake hub; use as a context manager (it stops on exit)."""

    def __init__(self) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Range header)
        self.delay_per_chunk = 0.0  # seconds, to make a download last
        self.drop_after: dict[str, int] = {}  # file path -> bytes served before one drop
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add_folder(self, repo_id: str, folder: Path, gated: bool = False) -> HubRepo:
        """Serve every file under `folder` as the repo `repo_id` (its commit: their hash)."""
        files = {
            p.relative_to(folder).as_posix(): HubFile(
                p.relative_to(folder).as_posix(), p.read_bytes()
            )
            for p in sorted(Path(folder).rglob("*"))
            if p.is_file()
        }
        return self.add_files(repo_id, {k: f.data for k, f in files.items()}, gated)

    def add_files(self, repo_id: str, files: dict[str, bytes], gated: bool = False) -> HubRepo:
        digest = hashlib.sha1(repo_id.encode())
        for name in sorted(files):
            digest.update(name.encode() + hashlib.sha1(files[name]).digest())
        repo = HubRepo(
            repo_id, {k: HubFile(k, v) for k, v in files.items()}, digest.hexdigest(), gated
        )
        self.repos[repo_id] = repo
        return repo

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


_RESOLVE = re.compile(r"^/(?:models/)?([^/]+/[^/]+)/resolve/([^/]+)/(.+)$")
_INFO = re.compile(r"^/api/models/([^/]+/[^/]+?)(?:/revision/([^/]+))?/?$")
_PATHS = re.compile(r"^/api/models/([^/]+/[^/]+)/paths-info/([^/]+)$")
_TREE = re.compile(r"^/api/models/([^/]+/[^/]+)/tree/([^/]+)(?:/(.*))?$")


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: tests read hub.requests instead
            pass

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
            self._route(body=False)

        def do_GET(self) -> None:  # noqa: N802
            self._route(body=True)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            self._form = self.rfile.read(length).decode() if length else ""
            self._route(body=True)

        def _route(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            hub.requests.append((self.command, path, self.headers.get("Range", "")))
            if m := _RESOLVE.match(path):
                return self._resolve(m.group(1), m.group(2), m.group(3), body)
            if m := _PATHS.match(path):
                return self._paths_info(m.group(1))
            if m := _TREE.match(path):
                return self._tree(m.group(1))
            if m := _INFO.match(path):
                return self._info(m.group(1))
            self._error(404, "EntryNotFound", f"no route for {path}")

        def _repo(self, repo_id: str) -> HubRepo | None:
            repo = hub.repos.get(repo_id)
            if repo is None:
                self._error(404, "RepoNotFound", f"Repository Not Found for url: {self.path}.")
                return None
            if repo.gated and not self.headers.get("Authorization"):
                self._error(
                    401,
                    "GatedRepo",
                    f"Access to model {repo_id} is restricted. You must have access to it "
                    "and be authenticated to access it. Please log in.",
                )
                return None
            return repo

        def _sibling(self, f: HubFile) -> dict:
            entry = {"rfilename": f.path, "size": len(f.data), "blobId": git_blob_sha1(f.data)}
            if f.is_lfs:
                entry["lfs"] = {"sha256": f.sha256, "size": len(f.data), "pointerSize": 134}
            return entry

        def _entry(self, f: HubFile) -> dict:
            entry = {"type": "file", "path": f.path, "size": len(f.data)}
            entry["oid"] = git_blob_sha1(f.data)
            if f.is_lfs:
                entry["lfs"] = {"oid": f.sha256, "size": len(f.data), "pointerSize": 134}
            return entry

        def _info(self, repo_id: str) -> None:
            repo = self._repo(repo_id)
            if repo is None:
                return
            info = {
                "id": repo.repo_id,
                "modelId": repo.repo_id,
                "sha": repo.commit,
                "private": False,
                "gated": "manual" if repo.gated else False,
                "disabled": False,
                "tags": [],
                "siblings": [self._sibling(f) for f in repo.files.values()],
                "usedStorage": sum(len(f.data) for f in repo.files.values()),
            }
            self._json(info, repo)

        def _paths_info(self, repo_id: str) -> None:
            repo = self._repo(repo_id)
            if repo is None:
                return
            from urllib.parse import parse_qs

            form = getattr(self, "_form", "")
            try:
                asked = json.loads(form).get("paths", [])
            except ValueError:
                asked = parse_qs(form).get("paths", [])
            self._json([self._entry(repo.files[p]) for p in asked if p in repo.files], repo)

        def _tree(self, repo_id: str) -> None:
            repo = self._repo(repo_id)
            if repo is not None:
                self._json([self._entry(f) for f in repo.files.values()], repo)

        def _resolve(self, repo_id: str, revision: str, name: str, body: bool) -> None:
            repo = self._repo(repo_id)
            if repo is None:
                return
            f = repo.files.get(name)
            if f is None or revision not in ("main", repo.commit):
                self._error(404, "EntryNotFound", f"{name} not found in {repo_id}")
                return
            data = f.data
            if name in repo.corrupt:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            start = 0
            asked = re.match(r"bytes=(\d+)-", self.headers.get("Range", ""))
            if asked:
                start = min(int(asked.group(1)), len(data))
            self.send_response(206 if asked else 200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data) - start))
            self.send_header("ETag", f'"{f.etag}"')
            self.send_header("X-Repo-Commit", repo.commit)
            self.send_header("Accept-Ranges", "bytes")
            if f.is_lfs:
                self.send_header("X-Linked-Etag", f'"{f.sha256}"')
                self.send_header("X-Linked-Size", str(len(f.data)))
            if asked:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            if not body:
                return
            drop = hub.drop_after.pop(name, None)
            sent = start
            while sent < len(data):
                end = min(len(data), sent + CHUNK)
                if drop is not None and end >= drop:
                    self.wfile.write(data[sent:drop])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)  # a dropped connection, part-way through
                    return
                self.wfile.write(data[sent:end])
                sent = end
                if hub.delay_per_chunk:
                    time.sleep(hub.delay_per_chunk)

        def _json(self, value, repo: HubRepo) -> None:
            data = json.dumps(value).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Repo-Commit", repo.commit)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _error(self, status: int, code: str, message: str) -> None:
            data = json.dumps({"error": message}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Error-Code", code)
            self.send_header("X-Error-Message", message)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

    return Handler
