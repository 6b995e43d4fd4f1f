"""Loaded generators kept between jobs, within a memory budget; least recently used go first."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from studio.plugins.api import Context, Generator

log = logging.getLogger(__name__)


class ModelCache:
    """The generators loaded on one device. Used by that device's lane thread only.

    `budget` is in bytes (None: no limit). Each generator's `memory_estimate` is read
    before loading (to make room) and again after (a plugin may measure it in load()).
    """

    def __init__(self, budget: int | None = None) -> None:
        self.budget = budget
        self._entries: OrderedDict[str, Generator] = OrderedDict()
        self._lock = threading.Lock()  # guards reads from other threads (the UI's listing)

    @property
    def loaded(self) -> list[str]:
        """Keys ("id" or "id@model") of loaded generators, least recently used first."""
        with self._lock:
            return list(self._entries)

    @property
    def used(self) -> int:
        with self._lock:
            return sum(int(g.memory_estimate) for g in self._entries.values())

    def __contains__(self, generator_id: object) -> bool:
        with self._lock:
            return generator_id in self._entries

    def acquire(self, cls: type[Generator], ctx: Context, key: str | None = None) -> Generator:
        """The loaded instance of `cls` for `key` (its id and model), loading it (and evicting
        others) if needed."""
        key = key or cls.id
        with self._lock:
            instance = self._entries.get(key)
            if instance is not None:
                self._entries.move_to_end(key)
                return instance
        self._make_room(int(cls.memory_estimate), keep=None)
        instance = cls()
        try:
            instance.load(ctx)
        except BaseException:
            unload_quietly(instance)
            raise
        with self._lock:
            self._entries[key] = instance
        self._make_room(0, keep=key)
        return instance

    def holds(self, generator_id: str) -> bool:
        """Whether any model of this generator is loaded."""
        with self._lock:
            return any(k == generator_id or k.startswith(generator_id + "@") for k in self._entries)

    def enforce(self, keep: str) -> None:
        """Evict others until within budget; after a job, since a generator that loads its
        model lazily in generate() (the model being a parameter) only then knows its size."""
        self._make_room(0, keep=keep)

    def discard(self, generator_id: str) -> None:
        """Unload one generator (after an out-of-memory error, or when disabled)."""
        with self._lock:
            instance = self._entries.pop(generator_id, None)
        if instance is not None:
            unload_quietly(instance)

    def clear(self) -> None:
        for generator_id in self.loaded:
            self.discard(generator_id)

    def _make_room(self, needed: int, keep: str | None) -> None:
        if self.budget is None:
            return
        while self.used + needed > self.budget:
            victims = [gid for gid in self.loaded if gid != keep]
            if not victims:
                if needed or self.used > self.budget:
                    log.warning("one generator alone exceeds the budget of %d bytes", self.budget)
                return
            log.info("unloading %s to stay within the memory budget", victims[0])
            self.discard(victims[0])


def unload_quietly(instance: Generator) -> None:
    try:
        instance.unload()
    except Exception:
        log.exception("%s.unload() failed", type(instance).__name__)
