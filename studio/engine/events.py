"""Subscribers to job events: plain callbacks, called on the thread where the event happened.

The UI adapts them with one QObject bridge that re-emits each as a queued signal;
a subscriber must be quick and must not block (it runs on a worker thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from studio.engine.jobs import JobEvent

Subscriber = Callable[[JobEvent], None]

log = logging.getLogger(__name__)


class EventHub:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns the function that removes it."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, event: JobEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:
                # A broken view must not fail the job or starve the other subscribers.
                log.exception("job event subscriber %r failed on %s", callback, event.kind)
