"""One open project's taste: the calls the UI makes, none of them Qt, the slow ones on the
engine's CPU pool (they return Futures; the UI hands their results to the GUI thread)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import numpy as np

from studio.model import MediaKind, Project
from studio.taste.embeddings import (
    AssetEmbeddings,
    EmbeddingCache,
    embed_assets,
    embed_texts,
    sources,
)
from studio.taste.models import clip_model, text_model
from studio.taste.ranking import Ranked, Ranker
from studio.taste.search import Filters, Hit, rank_by_meaning
from studio.taste.signals import Signal, TasteLog, profile_dir
from studio.taste.suggest import suggest_for_shot


class TasteSession:
    """Signals, embeddings and the ranker for the project in `folder` (None: unsaved).

    Until `refresh()` has finished, ranking keeps the takes' order and search finds nothing.
    """

    def __init__(
        self, engine, folder: Path | None, project_name: str, log: TasteLog | None = None
    ) -> None:
        self.engine = engine  # a studio.engine.Engine: its CPU pool does the slow work
        self.folder = Path(folder) if folder else None
        self.project_name = project_name
        self.log = log or TasteLog(self.folder)
        self.embeddings: AssetEmbeddings | None = None
        self.ranker: Ranker | None = None
        self._learning = threading.Lock()  # one learner at a time; readers never wait

    def embed_text(self, texts: Sequence[str]) -> np.ndarray:
        """Prompts that are not assets here (signals from other projects), cached per user."""
        model = text_model()
        cache = EmbeddingCache(profile_dir() / "cache", model.space)
        return embed_texts(texts, cache, model)

    # -- slow work, on the pool --------------------------------------------------------------
    def refresh(self, project: Project) -> Future:
        """Embed the assets and relearn from every signal; the Future gives the Ranker."""
        items = sources(project, self.folder)  # snapshot on the calling (GUI) thread
        clip = clip_model(self.log.settings.clip_model)
        return self.engine.run_cpu(self._rebuild, items, clip)

    def _rebuild(self, items, clip) -> Ranker:
        embeddings = embed_assets(items, self.folder, text_model(), clip)
        ranker = Ranker(embeddings, self.embed_text, project=self.project_name)
        with self._learning:
            ranker.learn_all(self.history())
            self.embeddings, self.ranker = embeddings, ranker
        return ranker

    def history(self) -> list[Signal]:
        """The profile's signals and this project's, once each, oldest first."""
        seen, out = set(), []
        for s in sorted(self.log.profile_signals() + self.log.project_signals(), key=_when):
            key = (s.time, s.kind, s.asset, s.project)
            if key not in seen:
                seen.add(key)
                out.append(s)
        return out

    def record(self, signal: Signal) -> Future | None:
        """Keep a signal and learn from it on the pool; None when recording is paused."""
        if not self.log.record(signal):
            return None
        return self.engine.run_cpu(self._learn, signal)

    def _learn(self, signal: Signal) -> bool:
        with self._learning:
            return self.ranker.learn(signal) if self.ranker is not None else False

    def search(self, project: Project, query: str, filters: Filters | None = None) -> Future:
        """Assets by meaning, as a Future of Hits (embedding the query takes ~10 ms)."""
        embeddings = self.embeddings
        if embeddings is None:
            done: Future = Future()
            done.set_result([])
            return done
        # The filters read the live document, so they run here; the pool gets only ids.
        ids = [a.id for a in (filters or Filters()).allowed(project)]
        return self.engine.run_cpu(rank_by_meaning, ids, embeddings, query)

    def suggest(self, project: Project, description: str) -> Future:
        """Presets and prompt additions for a new shot, as a Future of Suggestions."""
        # Reasons name scenes: the worker gets a copy of them, not the live document.
        scenes = Project(scenes=[replace(s) for s in project.scenes], name=project.name)
        history = self.history()
        return self.engine.run_cpu(suggest_for_shot, description, history, self.embed_text, scenes)

    # -- quick reads, on any thread ----------------------------------------------------------
    def rank_takes(self, project: Project, take_ids: Sequence[str]) -> list[Ranked]:
        """A shot's takes, best first, with reasons; the given order until refreshed."""
        if self.ranker is None:
            return [Ranked(t, 0.0) for t in take_ids]
        return self.ranker.rank(take_ids, project)

    def more_like_this(
        self, project: Project, asset_id: str, kinds: Sequence[MediaKind] | None = None
    ) -> list[Hit]:
        if self.ranker is None:
            return []
        allowed = Filters(frozenset(kinds) if kinds else None).allowed(project)
        hits = self.ranker.more_like_this(asset_id, [a.id for a in allowed])
        return [Hit(h.asset, h.score) for h in hits]


def _when(signal: Signal) -> float:
    return signal.time
