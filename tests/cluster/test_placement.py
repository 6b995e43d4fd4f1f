"""Which cluster worker takes a job (studio.engine.cluster.choose_lane), on the queues a
lane reports: jobs waiting, models held, models its queued jobs will load."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from studio.engine.cluster import LOAD_COST, choose_lane


class Queue:
    """What choose_lane reads of a RayLane, and what `put` changes there."""

    def __init__(self, held: tuple[str, ...] = (), pending: int = 0) -> None:
        self.pending = pending
        self.cache = set(held)
        self.coming: Counter[str] = Counter()

    def expects(self, key: str) -> bool:
        return key in self.cache or self.coming[key] > 0

    def loads_ahead(self) -> int:
        return sum(1 for key in self.coming if key not in self.cache)

    def put(self, key: str) -> None:
        self.pending += 1
        self.coming[key] += 1


@given(jobs=st.integers(1, 40), workers=st.integers(1, 8))
def test_a_batch_for_one_model_is_spread_evenly_over_fresh_workers(jobs, workers):
    lanes = [Queue() for _ in range(workers)]
    for _ in range(jobs):
        choose_lane(lanes, "sd").put("sd")
    counts = [lane.pending for lane in lanes]
    assert max(counts) - min(counts) <= 1  # every worker loads it at once, none idles


@given(holder_busy=st.integers(0, 10), other_busy=st.integers(0, 10))
def test_a_job_goes_to_the_worker_holding_its_model_unless_it_is_two_jobs_busier(
    holder_busy, other_busy
):
    holder = Queue(held=("sd",), pending=holder_busy)
    other = Queue(held=("wan",), pending=other_busy)
    chosen = choose_lane([other, holder], "sd")
    assert (chosen is holder) == (holder_busy < other_busy + LOAD_COST)


def test_jobs_for_two_models_follow_the_models_in_a_mixed_batch():
    one, two = Queue(held=("one",)), Queue(held=("two",))
    for key in ["one", "two", "two", "one", "one", "two"]:
        lane = choose_lane([one, two], key)
        assert lane is (one if key == "one" else two)
        lane.put(key)
