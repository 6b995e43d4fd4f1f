"""A small preference model: pairwise logistic regression on embeddings, one per space.

P(a kept over b) = sigmoid(w · (x_a - x_b)). It is refit after every signal from the
previous weights with a few Newton steps on all pairs seen (capped, newest kept), which
converges in one or two steps at these sizes and needs no learning rate to tune.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Features = dict[str, np.ndarray]  # embedding space -> unit vector


@dataclass
class PreferenceModel:
    # Pulls w toward 0, so a few picks move it little; chosen on simulated users 100-105
    # (bench_taste.py reports users 0-9): 0.03-0.1 did best, 1.0 lost 5-10 points.
    l2: float = 0.1
    max_pairs: int = 1500  # older pairs drop out first, so tastes can drift
    weights: dict[str, np.ndarray] = field(default_factory=dict)
    _pairs: dict[str, list[tuple[np.ndarray, float]]] = field(default_factory=dict)

    @property
    def pair_count(self) -> int:
        return max((len(p) for p in self._pairs.values()), default=0)

    def add_pair(self, winner: Features, loser: Features, weight: float = 1.0) -> None:
        """Record that `winner` was preferred to `loser` in each space both have."""
        for space in winner.keys() & loser.keys():
            pairs = self._pairs.setdefault(space, [])
            pairs.append((np.asarray(winner[space] - loser[space], np.float64), weight))
            del pairs[: -self.max_pairs]

    def fit(self, steps: int = 3) -> None:
        for space, pairs in self._pairs.items():
            diffs = np.stack([d for d, _ in pairs])
            sample_weights = np.array([w for _, w in pairs])
            w = self.weights.get(space)
            if w is None or w.shape[0] != diffs.shape[1]:
                w = np.zeros(diffs.shape[1])
            self.weights[space] = _newton(w, diffs, sample_weights, self.l2, steps)

    def score(self, features: Features) -> float:
        """Higher is more likely kept; 0 when nothing is known."""
        return float(sum(float(w @ features[s]) for s, w in self.weights.items() if s in features))


def _newton(w, diffs, sample_weights, l2, steps):
    # Minimises sum_i c_i * log(1 + exp(-w.d_i)) + l2/2 |w|^2, a strictly convex problem.
    n, d = diffs.shape
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(diffs @ w)))
        gradient = -(diffs.T @ (sample_weights * (1.0 - p))) + l2 * w
        curvature = sample_weights * p * (1.0 - p)
        if n < d:
            # Fewer pairs than dimensions (the usual case): solve the n x n system instead,
            # by Woodbury: (l2 I + A^T A)^-1 g = (g - A^T (l2 I + A A^T)^-1 A g) / l2.
            a = diffs * np.sqrt(curvature)[:, None]
            inner = np.linalg.solve(l2 * np.eye(n) + a @ a.T, a @ gradient)
            step = (gradient - a.T @ inner) / l2
        else:
            hessian = (diffs.T * curvature) @ diffs + l2 * np.eye(d)
            step = np.linalg.solve(hessian, gradient)
        w = w - step
    return w
