"""One-off work (reading, exporting a script) on a daemon thread, its answer on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class OffThread(QObject):
    """`run(fn, *args, on_done=..., on_error=...)`: the callbacks run on this object's thread."""

    _answer = Signal(object, object)  # callback, its argument

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._answer.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        name: str = "storyreel-script-io",
    ) -> None:
        def work() -> None:
            try:
                answer = (on_done, fn(*args))
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
                answer = (on_error, exc)
            try:
                self._answer.emit(*answer)
            except RuntimeError:
                pass  # the panel is gone: nobody is left to tell

        self.pending += 1
        threading.Thread(target=work, name=name, daemon=True).start()

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        self.pending -= 1
        callback(value)
