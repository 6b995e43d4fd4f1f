"""Takes ordered by what this user keeps, each with the reason shown beside it.

A Ranker learns from signals (picks, favourites, discards, regenerates) through the
pairwise preference model, and remembers what was kept and discarded where, so that
a ranked take can say why: "similar to takes you kept in scene 3".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.model import Project
from studio.taste.embeddings import AssetEmbeddings
from studio.taste.preference import Features, PreferenceModel
from studio.taste.signals import Signal, SignalKind

SIMILAR = 0.6  # cosine above which two prompts read as "similar" to a person (MiniLM)
REGENERATE_WEIGHT = 0.3  # asking for new takes is a weak no to the old ones
ALONE_WEIGHT = 0.5  # a favourite or discard with no sibling takes: compared to the average


@dataclass(frozen=True)
class Ranked:
    asset: str
    score: float
    reason: str = ""


@dataclass(frozen=True)
class _Memory:
    features: Features
    kept: bool
    scene: str | None
    project: str


class Ranker:
    """Learns one user's preference in one project's embeddings, and ranks with reasons.

    `embed_text(texts) -> rows` embeds prompts of assets the embeddings do not hold
    (signals from the profile, deleted takes); learning is cheap otherwise. Use it from
    one thread at a time: the UI updates it on the CPU pool and reads the result.
    """

    def __init__(
        self,
        embeddings: AssetEmbeddings,
        embed_text: Callable[[Sequence[str]], np.ndarray] | None = None,
        model: PreferenceModel | None = None,
        project: str = "",
    ) -> None:
        self.embeddings = embeddings
        self.embed_text = embed_text
        self.model = model or PreferenceModel()
        self.project = project
        self.memories: list[_Memory] = []
        self._prompt_vectors: dict[str, np.ndarray] = {}
        self._centre: Features | None = None

    # -- learning ---------------------------------------------------------------------------
    def learn(self, signal: Signal) -> bool:
        """Update from one signal; True if it taught the preference model anything."""
        return self.learn_all([signal]) > 0

    def learn_all(self, signals: Iterable[Signal]) -> int:
        """Update from many signals with one refit; returns how many taught something."""
        signals = list(signals)
        self._centre = None  # the embeddings may have been refreshed since the last call
        self._embed_missing(signals)
        taught = sum(self._add_pairs(s) for s in signals)
        if taught:
            self.model.fit()
        return taught

    def _features(self, asset: str | None, prompt: str, signal: Signal) -> Features | None:
        if asset is not None and signal.project == self.project:
            found = self.embeddings.of(asset)
            if found:
                return found
        vector = self._prompt_vectors.get(prompt) if prompt else None
        return {self.embeddings.text_space: vector} if vector is not None else None

    def _embed_missing(self, signals: list[Signal]) -> None:
        wanted = set()
        for s in signals:
            for asset, prompt in [(s.asset, s.prompt), *s.alternatives()]:
                known = asset is not None and s.project == self.project
                if prompt and not (known and self.embeddings.of(asset)):
                    wanted.add(prompt)
        wanted -= self._prompt_vectors.keys()
        if wanted and self.embed_text is not None:
            texts = sorted(wanted)
            self._prompt_vectors.update(zip(texts, self.embed_text(texts), strict=True))

    def _add_pairs(self, s: Signal) -> bool:
        me = self._features(s.asset, s.prompt, s) if s.asset else None
        others = [self._features(a, p, s) for a, p in s.alternatives()]
        others = [o for o in others if o]
        if s.kind in (SignalKind.PICK, SignalKind.FAVOURITE) and me:
            pairs = [(me, o, 1.0) for o in others] or [(me, self._average(), ALONE_WEIGHT)]
            self._remember(me, True, s)
        elif s.kind is SignalKind.DISCARD and me:
            pairs = [(o, me, 1.0) for o in others] or [(self._average(), me, ALONE_WEIGHT)]
            self._remember(me, False, s)
        elif s.kind is SignalKind.REGENERATE:
            pairs = [(self._average(), o, REGENERATE_WEIGHT) for o in others]
        else:
            return False
        for winner, loser, weight in pairs:
            self.model.add_pair(winner, loser, weight)
        return bool(pairs)

    def _average(self) -> Features:
        """The centre of the project's assets: what an ordinary take looks like."""
        if self._centre is None:
            self._centre = {
                space: np.mean(np.stack(list(vectors.values())), axis=0)
                for space, vectors in self.embeddings.vectors.items()
                if vectors
            }
        return self._centre

    def _remember(self, features: Features, kept: bool, s: Signal) -> None:
        self.memories.append(_Memory(features, kept, s.scene, s.project))
        del self.memories[:-2000]

    # -- ranking ----------------------------------------------------------------------------
    def rank(self, asset_ids: Sequence[str], project: Project | None = None) -> list[Ranked]:
        """Best first; ties (nothing learned yet) keep the given order."""
        ranked = []
        for asset in asset_ids:
            features = self.embeddings.of(asset)
            score = self.model.score(features)
            ranked.append(Ranked(asset, score, self.reason(features, score, project)))
        return sorted(ranked, key=lambda r: -r.score)

    def reason(self, features: Features, score: float, project: Project | None) -> str:
        best, similarity = None, SIMILAR
        for memory in self.memories:
            sim = _cosine(features, memory.features)
            if sim >= similarity:
                best, similarity = memory, sim
        if best is not None:
            verb = "kept" if best.kept else "discarded"
            return f"similar to takes you {verb} {self._where(best, project)}".rstrip()
        if self.model.pair_count and abs(score) > 0.5:
            return "like what you usually keep" if score > 0 else "unlike what you usually keep"
        return ""

    def _where(self, memory: _Memory, project: Project | None) -> str:
        if memory.project and memory.project != self.project:
            return f"in {memory.project}"
        scene = project.item("scenes", memory.scene) if project and memory.scene else None
        if scene is None:
            return ""
        return f"in scene {scene.number}" if scene.number else f"in {scene.heading}"

    def more_like_this(
        self, asset_id: str, candidates: Iterable[str] | None = None, limit: int = 10
    ) -> list[Ranked]:
        """Assets nearest to `asset_id` (pictures and prompts together, when both exist)."""
        target = self.embeddings.of(asset_id)
        pool = (
            candidates
            if candidates is not None
            else self.embeddings.vectors.get(self.embeddings.text_space, {})
        )
        hits = [
            Ranked(a, _cosine(target, self.embeddings.of(a)), "similar to the chosen asset")
            for a in pool
            if a != asset_id
        ]
        return sorted(hits, key=lambda r: -r.score)[:limit]


def _cosine(a: Features, b: Features) -> float:
    """Mean cosine over the spaces both have (vectors are unit length); -1 if none."""
    shared = [float(a[s] @ b[s]) for s in a.keys() & b.keys()]
    return sum(shared) / len(shared) if shared else -1.0
