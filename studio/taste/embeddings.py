"""Embeddings of a project's assets, computed off the GUI thread and cached by content hash.

The cache lives in the project's disposable `cache/embeddings/`, one file per embedding
space. A text is keyed by the hash of the text and a picture by the hash of its file's
bytes, so an asset whose prompt or file changes gets a new key: its old vector is never
read again, and the next pass over the project drops it.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.atomic import write_with
from studio.errors import StoryreelError
from studio.model import Asset, MediaKind, Project
from studio.model.files import media_path
from studio.taste.models import ClipModel, TextModel, text_model

CACHE_SUBDIR = Path("cache") / "embeddings"
PICTURE_KINDS = (MediaKind.IMAGE, MediaKind.VIDEO)


def asset_text(asset: Asset) -> str:
    """What an asset says in words: its prompt, else its name made readable."""
    prompt = (asset.provenance or {}).get("prompt")
    if prompt:
        return str(prompt)
    return Path(asset.name).stem.replace("_", " ").replace("-", " ")


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_file_keys: dict[tuple[str, int, int], str] = {}


def file_key(path: Path) -> str:
    """The hash of a file's bytes, remembered while its size and mtime stay the same."""
    stat = path.stat()
    stamp = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    key = _file_keys.get(stamp)
    if key is None:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
        key = _file_keys[stamp] = digest.hexdigest()[:32]
    return key


class EmbeddingCache:
    """Vectors of one space, by key, in `folder/<space>.npz`. `folder` None keeps nothing."""

    def __init__(self, folder: Path | None, space: str) -> None:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in space)
        self.file = Path(folder) / f"{safe}.npz" if folder is not None else None
        self._lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] | None = None

    def _loaded(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            if self.file is not None and self.file.exists():
                try:
                    with np.load(self.file, allow_pickle=False) as data:
                        keys, rows = data["keys"].tolist(), data["vectors"]
                        self._vectors = dict(zip(keys, rows, strict=True))
                except (OSError, ValueError, KeyError):
                    pass  # a damaged cache is a cold cache
        return self._vectors

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            vectors = self._loaded()
            return {k: vectors[k] for k in keys if k in vectors}

    def update(self, new: dict[str, np.ndarray], keep: set[str] | None = None) -> None:
        """Add `new`; with `keep`, drop every other key not in it. Written atomically."""
        with self._lock:
            vectors = self._loaded()
            dropped = False
            if keep is not None:
                stale = [k for k in vectors if k not in keep and k not in new]
                for k in stale:
                    del vectors[k]
                dropped = bool(stale)
            vectors.update(new)
            if self.file is not None and (new or dropped):
                self._write(vectors)

    def _write(self, vectors: dict[str, np.ndarray]) -> None:
        keys = np.array(list(vectors), dtype=str)
        matrix = np.stack(list(vectors.values())) if vectors else np.zeros((0, 0), np.float32)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_with(
                self.file,
                lambda fh: np.savez(fh, keys=keys, vectors=matrix.astype(np.float32)),
                durable=False,
            )
        except (OSError, StoryreelError):
            pass  # the cache is an optimisation: losing a write is fine


def embed_texts(
    texts: Sequence[str], cache: EmbeddingCache, model: TextModel, keep: set[str] | None = None
) -> np.ndarray:
    """Rows for `texts`, embedding only those the cache does not hold."""
    keys = [text_key(t) for t in texts]
    found = cache.get(keys)
    missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
    new = dict(zip(missing, model.embed(list(missing.values())), strict=True)) if missing else {}
    cache.update(new, keep)
    vectors = {**found, **new}
    return np.stack([vectors[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)


@dataclass(frozen=True)
class Source:
    """What one asset is embedded from, read from the document on the GUI thread."""

    asset_id: str
    text: str
    picture: Path | None  # an image or video file to embed with CLIP, when there is one
    kind: MediaKind


def sources(project: Project, folder: Path | None) -> list[Source]:
    """A snapshot of the assets to embed: the worker never touches the live document."""
    out = []
    for asset in project.assets.values():
        picture = None
        if asset.kind in PICTURE_KINDS and not asset.offline and folder is not None:
            picture = media_path(Path(folder), asset)
        out.append(Source(asset.id, asset_text(asset), picture, asset.kind))
    return out


@dataclass
class AssetEmbeddings:
    """Unit vectors of assets in each space: text always, a CLIP space when configured."""

    text_space: str
    image_space: str | None = None
    vectors: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    clip: ClipModel | None = None  # to embed a query in the picture space

    def of(self, asset_id: str) -> dict[str, np.ndarray]:
        """The asset's vector in each space it has one in."""
        return {s: v[asset_id] for s, v in self.vectors.items() if asset_id in v}

    def text(self, asset_id: str) -> np.ndarray | None:
        return self.vectors.get(self.text_space, {}).get(asset_id)


def embed_assets(
    items: Sequence[Source],
    folder: Path | None,
    text: TextModel | None = None,
    clip: ClipModel | None = None,
) -> AssetEmbeddings:
    """Embed every source (cached ones are read back); runs on a worker thread."""
    text = text or text_model()
    cache_dir = Path(folder) / CACHE_SUBDIR if folder is not None else None
    texts = [s.text for s in items]
    keep = {text_key(t) for t in texts}
    rows = embed_texts(texts, EmbeddingCache(cache_dir, text.space), text, keep)
    result = AssetEmbeddings(text.space, clip.space if clip else None, clip=clip)
    result.vectors[text.space] = {s.asset_id: row for s, row in zip(items, rows, strict=True)}
    if clip is not None:
        pictures = EmbeddingCache(cache_dir, clip.space)
        result.vectors[clip.space] = _embed_pictures(items, pictures, clip)
    return result


def embed_pictures(
    items: Sequence[Source], folder: Path | None, clip: ClipModel
) -> dict[str, np.ndarray]:
    """CLIP rows of the sources' pictures by asset id (cached in the project's cache/);
    a source without a picture file has none. Runs on a worker thread."""
    cache_dir = Path(folder) / CACHE_SUBDIR if folder is not None else None
    # Some of the project's pictures only: the cache keeps the vectors of the others.
    return _embed_pictures(items, EmbeddingCache(cache_dir, clip.space), clip, prune=False)


def _embed_pictures(
    items: Sequence[Source], cache: EmbeddingCache, clip: ClipModel, prune: bool = True
) -> dict[str, np.ndarray]:
    keys: dict[str, str] = {}
    for s in items:
        if s.picture is not None and s.picture.exists():
            keys[s.asset_id] = file_key(s.picture)
    found = cache.get(list(keys.values()))
    todo = {a: k for a, k in keys.items() if k not in found}
    new: dict[str, np.ndarray] = {}
    if todo:
        by_id = {s.asset_id: s for s in items}
        pictures = [_picture(by_id[a]) for a in todo]
        new = dict(zip(todo.values(), clip.embed_images(pictures), strict=True))
    cache.update(new, set(keys.values()) if prune else None)
    vectors = {**found, **new}
    return {a: vectors[k] for a, k in keys.items()}


def _picture(source: Source):
    """The frame CLIP sees: the image itself, or a video's middle frame."""
    if source.kind is MediaKind.VIDEO:
        from studio.media.probe import probe
        from studio.media.thumbnails import thumbnail

        duration = float(probe(source.picture).duration or 0)
        return thumbnail(source.picture, at_seconds=duration / 2, height=224)
    from PIL import Image

    with Image.open(source.picture) as image:
        return image.convert("RGB")


def submit_embedding(
    engine, project: Project, folder: Path | None, clip: ClipModel | None = None
) -> Future:
    """Embed the project's assets on the engine's CPU pool; the Future gives AssetEmbeddings.

    Call it on the GUI thread: it snapshots the document there, and the pool does the rest.
    """
    return engine.run_cpu(embed_assets, sources(project, folder), folder, None, clip)
