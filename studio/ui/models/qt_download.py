"""One model download on a worker thread, its progress and its end as queued signals."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal

from studio.engine.models.download import Download, DownloadCancelled, Progress

PROGRESS_EVERY_S = 0.1  # the bar moves smoothly without flooding the event loop


class DownloadRunner(QObject):
    progress = Signal(object)  # Progress
    finished = Signal(str)  # the snapshot folder
    failed = Signal(str)  # one line
    cancelled = Signal()

    def __init__(self, repo_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo_id = repo_id
        self._last = 0.0
        self.download = Download(repo_id, on_progress=self._on_progress)
        self._thread = threading.Thread(target=self._run, name="storyreel-download", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.download.cancel()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def _on_progress(self, progress: Progress) -> None:
        # (worker thread) stage changes always, bytes at most every PROGRESS_EVERY_S
        now = time.monotonic()
        if progress.stage == "downloading" and now - self._last < PROGRESS_EVERY_S:
            return
        self._last = now
        self._emit(self.progress, progress)

    def _run(self) -> None:
        try:
            snapshot = self.download.run()
        except DownloadCancelled:
            self._emit(self.cancelled)
        except Exception as exc:  # noqa: BLE001 - shown as one line; the log has the rest
            import logging

            from studio.errors import UserError

            if not isinstance(exc, UserError):
                logging.getLogger(__name__).warning("download failed", exc_info=True)
            text = " ".join(str(exc).split()) or type(exc).__name__
            self._emit(self.failed, text)
        else:
            self._emit(self.finished, str(snapshot))

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            pass  # the window closed meanwhile: nobody is left to tell
