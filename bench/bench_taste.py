"""Benchmark taste: ranking learned from simulated users' picks, search recall, GUI stalls.

Ranking: simulated users with a hidden, consistent taste pick one of four synthetic takes
per shot; after 5, 20 and 50 picks the ranker orders 100 held-out shots, scored by top-1
(its first take is the user's best) and pairwise accuracy, against random ordering and
"most recent style" (takes most like the last one kept first). Search: recall@5 on
bench/data/search_labels.json, the packaged text model against substring search. Stall:
the worst gap of a 5 ms ticking thread while 1,000 prompts are embedded on a worker.
Honest limits: the hidden tastes are in words the prompts carry (a text model's best case;
takes differing only by seed need CLIP), and the ranker's l2 was chosen on users 100-105,
not on the users reported here.

    .venv/bin/python bench/bench_taste.py [--users 10] [--only ranking|search|stall] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from studio.model import Asset, MediaKind, Project  # noqa: E402
from studio.taste.embeddings import (  # noqa: E402
    AssetEmbeddings,
    EmbeddingCache,
    Source,
    embed_assets,
    embed_texts,
)
from studio.taste.models import TextModel  # noqa: E402
from studio.taste.ranking import Ranker  # noqa: E402
from studio.taste.search import search, substring_search  # noqa: E402
from studio.taste.signals import Signal, SignalKind  # noqa: E402

CHECKPOINTS = (5, 20, 50)
POOL_SEED = 1000  # the synthetic takes; users are seeds 0..N-1
SHOTS, TRAIN = 150, 50
FAMILIES = ("dense", "words")
SUBJECTS = [
    "a lighthouse keeper climbs the spiral stairs",
    "two detectives argue in a parked car",
    "a child releases a red balloon over the city",
    "a fishing boat leaves the harbour",
    "an old woman feeds pigeons in the square",
    "a train crosses a steel bridge",
    "a soldier reads a letter in the trench",
    "a chef plates dessert in a busy kitchen",
    "a dog runs along an empty beach",
    "a scientist peers into a microscope",
    "a couple dances in an empty ballroom",
    "a cyclist races down a mountain road",
    "a thief climbs through an open window",
    "a farmer watches a storm approach",
    "a musician tunes a cello backstage",
    "a crowd gathers outside the cinema",
]
AXES = {
    "framing": ["extreme close-up", "medium shot", "wide establishing shot", "aerial view"],
    "light": ["golden hour sunlight", "moonlit night", "neon lights", "overcast daylight"],
    "palette": ["warm amber tones", "cold blue tones", "black and white", "pastel colours"],
    "medium": ["35mm film grain", "watercolour painting", "charcoal sketch", "anime style"],
}
TAKES_PER_SHOT = 4


@dataclass(frozen=True)
class Take:
    id: str
    prompt: str
    values: tuple[str, ...]  # one per axis


def make_shots(count: int, seed: int) -> list[list[Take]]:
    rng = np.random.default_rng(seed)
    shots = []
    for s in range(count):
        subject = SUBJECTS[rng.integers(len(SUBJECTS))]
        takes = []
        for t in range(TAKES_PER_SHOT):
            values = tuple(str(rng.choice(options)) for options in AXES.values())
            takes.append(Take(f"s{s}t{t}", ", ".join((subject, *values)), values))
        shots.append(takes)
    return shots


class User:
    """A hidden taste. "dense": every style value matters a little; "words": the user
    likes three values and dislikes two, and is indifferent to the rest."""

    def __init__(self, seed: int, family: str, noise: float = 0.5) -> None:
        rng = np.random.default_rng(seed)
        values = [v for options in AXES.values() for v in options]
        if family == "dense":
            self.utility = {v: float(rng.normal()) for v in values}
        else:
            chosen = rng.permutation(values)[:5]
            self.utility = dict.fromkeys(values, 0.0)
            self.utility.update({str(v): 1.5 for v in chosen[:3]})
            self.utility.update({str(v): -1.5 for v in chosen[3:]})
        self.noise = noise
        self.rng = np.random.default_rng(seed + 10_000)

    def value(self, take: Take) -> float:
        return sum(self.utility[v] for v in take.values)

    def pick(self, takes: list[Take]) -> Take:
        noisy = [self.value(t) + self.noise * self.rng.gumbel() for t in takes]
        return takes[int(np.argmax(noisy))]


def accuracy(user: User, shots: list[list[Take]], order) -> tuple[float, float]:
    """(top-1, pairwise) of `order(takes) -> takes best first` against the hidden taste."""
    top, agree, pairs = 0, 0, 0
    for takes in shots:
        ranked = order(takes)
        truth = [user.value(t) for t in ranked]
        top += truth[0] == max(truth)
        for i in range(len(ranked)):
            for j in range(i + 1, len(ranked)):
                if truth[i] != truth[j]:
                    pairs += 1
                    agree += truth[i] > truth[j]
    return top / len(shots), agree / max(pairs, 1)


# -- ranking ---------------------------------------------------------------------------------


def ranking_bench(users: int, model: TextModel, cache: Path) -> dict:
    shots = make_shots(SHOTS, POOL_SEED)
    takes = [t for shot in shots for t in shot]
    rows = embed_texts([t.prompt for t in takes], EmbeddingCache(cache, model.space), model)
    vectors = {t.id: row for t, row in zip(takes, rows, strict=True)}
    embeddings = AssetEmbeddings(model.space, vectors={model.space: vectors})
    results: dict = {}
    for family in FAMILIES:
        runs = [one_user(seed, family, shots, embeddings) for seed in range(users)]
        results[family] = {
            str(n): {
                method: {
                    metric: round(statistics.mean(r[n][method][i] for r in runs), 3)
                    for i, metric in enumerate(("top1", "pairwise"))
                }
                for method in runs[0][n]
            }
            for n in CHECKPOINTS
        }
    return {"pool_seed": POOL_SEED, "user_seeds": list(range(users)), "results": results}


def one_user(seed: int, family: str, shots, embeddings: AssetEmbeddings) -> dict:
    user = User(seed, family)
    order = np.random.default_rng(seed + 30_000).permutation(len(shots))
    train = [shots[i] for i in order[:TRAIN]]
    test = [shots[i] for i in order[TRAIN:]]
    shuffle = np.random.default_rng(seed + 20_000)
    vectors = embeddings.vectors[embeddings.text_space]
    ranker = Ranker(embeddings, project="bench")
    out = {}
    for count, takes in enumerate(train, 1):
        kept = user.pick(takes)
        others = [t for t in takes if t is not kept]
        # One signal at a time: the ranker learns incrementally, as it does in the app.
        ranker.learn(
            Signal(
                SignalKind.PICK,
                asset=kept.id,
                prompt=kept.prompt,
                others=tuple(t.id for t in others),
                other_prompts=tuple(t.prompt for t in others),
                project="bench",
            )
        )
        if count not in CHECKPOINTS:
            continue
        by_id = {t.id: t for shot in test for t in shot}
        last = vectors[kept.id]
        out[count] = {
            "learned": accuracy(
                user,
                test,
                lambda ts, by_id=by_id: [by_id[r.asset] for r in ranker.rank([t.id for t in ts])],
            ),
            "recent_style": accuracy(
                user,
                test,
                lambda ts, last=last: sorted(ts, key=lambda take: -(vectors[take.id] @ last)),
            ),
            "random": accuracy(
                user, test, lambda ts: [ts[i] for i in shuffle.permutation(len(ts))]
            ),
        }
    return out


# -- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    project: Project
    queries: list[tuple[str, set[str]]]


def load_labels() -> Labels:
    data = json.loads((HERE / "data" / "search_labels.json").read_text(encoding="utf-8"))
    project = Project()
    for item in data["assets"]:
        project.assets[item["id"]] = Asset(
            item["id"],
            MediaKind.IMAGE,
            f"{item['id']}.png",
            f"media/{item['id']}.png",
            provenance={"prompt": item["prompt"], "generator": "bench"},
        )
    return Labels(project, [(q["query"], set(q["expected"])) for q in data["queries"]])


def search_bench(model: TextModel, cache: Path) -> dict:
    labels = load_labels()
    assets = labels.project.assets.values()
    items = [Source(a.id, a.provenance["prompt"], None, a.kind) for a in assets]
    embeddings = embed_assets(items, cache, model)

    def recall(find) -> float:
        scores = []
        for query, expected in labels.queries:
            top = {h.asset for h in find(query)[:5]}
            scores.append(len(top & expected) / len(expected))
        return round(statistics.mean(scores), 3)

    def words(query: str):
        # A kinder baseline than the plain one: any query word found in the prompt counts.
        found = []
        for asset in labels.project.assets.values():
            text = asset.provenance["prompt"].lower()
            count = sum(w in text for w in query.lower().split() if len(w) > 2)
            if count:
                found.append((count, asset.id))
        return [type("H", (), {"asset": a}) for _, a in sorted(found, key=lambda f: -f[0])]

    return {
        "assets": len(labels.project.assets),
        "queries": len(labels.queries),
        "recall_at_5": {
            "text_model": recall(lambda q: search(labels.project, embeddings, q, model=model)),
            "substring": recall(lambda q: substring_search(labels.project, q)),
            "any_word_substring": recall(words),
        },
    }


# -- stall -----------------------------------------------------------------------------------


def stall_bench(model: TextModel, count: int = 1000) -> dict:
    """Embed `count` fresh prompts on the engine's CPU pool while a thread ticks every 5 ms."""
    import torch

    from studio.engine import Engine

    prompts = [
        t.prompt + f", take {i}"
        for i, t in enumerate(
            t for shot in make_shots(count // TAKES_PER_SHOT + 1, 7) for t in shot
        )
    ][:count]
    model.embed(["warm up"])  # load outside the measurement: loading is a one-off
    # The same ticker with nothing to do: what the rest of the machine costs it.
    idle = ticking(lambda: time.sleep(3))
    with Engine(cpu_workers=1) as engine:
        started = time.perf_counter()
        busy = ticking(lambda: engine.run_cpu(model.embed, prompts).result())
        seconds = time.perf_counter() - started
    return {
        "prompts": count,
        "seconds": round(seconds, 2),
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 1),
        "worst_stall_ms": busy["worst_ms"],
        "p99_gap_ms": busy["p99_ms"],
        "idle_worst_stall_ms": idle["worst_ms"],
    }


def ticking(work) -> dict:
    """Run `work` while a thread ticks every 5 ms; its worst and 99th-percentile lateness."""
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        work()
    finally:
        done.set()
        ticker.join()
    return {
        "worst_ms": round((max(gaps) - 0.005) * 1000, 1),
        "p99_ms": round((float(np.percentile(gaps, 99)) - 0.005) * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10, help="simulated users per taste family")
    parser.add_argument("--only", choices=("ranking", "search", "stall"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model = TextModel()
    report = {}
    with tempfile.TemporaryDirectory() as cache:
        if args.only in (None, "ranking"):
            report["ranking"] = ranking_bench(args.users, model, Path(cache))
        if args.only in (None, "search"):
            report["search"] = search_bench(model, Path(cache))
        if args.only in (None, "stall"):
            report["stall"] = stall_bench(model)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


def print_report(report: dict) -> None:
    if "ranking" in report:
        r = report["ranking"]
        print(f"ranking: takes seed {r['pool_seed']}, user seeds {r['user_seeds']}")
        for family, by_count in r["results"].items():
            for count, methods in by_count.items():
                cells = "  ".join(
                    f"{m} top1 {v['top1']:.2f} pair {v['pairwise']:.2f}" for m, v in methods.items()
                )
                print(f"  {family:5} after {count:>2} picks: {cells}")
    if "search" in report:
        s = report["search"]
        print(f"search: {s['assets']} assets, {s['queries']} queries, recall@5 {s['recall_at_5']}")
    if "stall" in report:
        print(f"stall: {report['stall']}  (goal: worst < 50 ms)")


if __name__ == "__main__":
    sys.exit(main())
