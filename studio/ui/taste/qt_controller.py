"""The open project's taste in the editor: records what the user keeps, ranks, searches, suggests.

Every slow call (embedding, learning, searching) runs on the engine's CPU pool and its
result comes back through BackgroundWork.when_done: the GUI thread never waits on an embedding.
The TasteSession is built once the engine is up; until then signals are still written
to the log, ranking keeps the given order and a search waits for the first refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.model import Change, MediaKind
from studio.taste import signals as taste
from studio.taste.inferred import inferred_signals, snapshot
from studio.taste.ranking import Ranked
from studio.taste.results import Filters, Hit
from studio.taste.session import TasteSession
from studio.taste.signals import Signal as TasteSignal
from studio.taste.signals import TasteLog
from studio.taste.suggest import Suggestion
from studio.ui.qt_workers import BackgroundWork

if TYPE_CHECKING:
    from studio.ui.qt_generation import GenerationHub
    from studio.ui.qt_session import EditSession

log = logging.getLogger(__name__)

REFRESH_DELAY_MS = 1500  # after the last asset change: one refresh for an import of many


class TasteController(QObject):
    """Owns the TasteSession of the document shown; the panels' one door to taste."""

    ranking_changed = Signal()  # refreshed or learned: ranked lists should be asked again
    recorded = Signal(object)  # a studio.taste.signals.Signal, written to the log
    message = Signal(str)

    def __init__(self, hub: GenerationHub | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.session: EditSession | None = None
        self.log: TasteLog | None = None
        self.taste: TasteSession | None = None
        self.ready = False  # the first refresh of this document has finished
        self._shots = {}
        self._waiting: list[Callable[[], None]] = []  # searches asked before `ready`
        self._work = BackgroundWork(parent=self)  # the pool's answers, on the GUI thread
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refreshing = False
        self._again = False
        if hub is not None:
            hub.engine_ready.connect(lambda _engine: self._build())

    # -- the document ----------------------------------------------------------------------
    def set_session(self, session: EditSession) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        session.changed.connect(self._changed)
        self.log = TasteLog(session.doc.path)
        self.taste, self.ready = None, False
        self._shots = snapshot(session.project)
        self._build()

    @property
    def engine(self):
        return self.hub.engine if self.hub is not None else None

    def start(self) -> None:
        """Start the engine if nobody has yet (searching and suggesting need it)."""
        if self.taste is None and self.hub is not None:
            self.hub.when_ready(lambda _engine: self._build())

    def _build(self) -> None:
        if self.session is None or self.engine is None or self.taste is not None:
            return
        doc = self.session.doc
        self.taste = TasteSession(self.engine, doc.path, doc.project.name, self.log)
        self.refresh()

    def _changed(self, change: Change) -> None:
        project = self.session.project
        if change.cause == "load":
            self._shots = snapshot(project)
            return
        if "shots" in change.items:
            for signal in inferred_signals(project, self._shots, change):
                self.record(signal)
            self._shots = snapshot(project)
        if change.assets and self.taste is not None:
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Embed the assets again and relearn from the whole history, on the pool."""
        if self.taste is None or self.taste.engine.closed:
            return  # nothing yet, or the window is closing and its engine has stopped
        if self._refreshing:  # one at a time; the last request wins
            self._again = True
            return
        self._refreshing = True
        self._run(self.taste.refresh(self.session.project), self._refreshed, self.taste)

    def _refreshed(self, future: Future, owner: TasteSession) -> None:
        self._refreshing = False
        if owner is not self.taste:
            return  # another document is shown now
        if self._again:
            self._again = False
            self.refresh()
            return
        if future.exception() is not None:
            self.message.emit(f"Taste: cannot embed the assets: {future.exception()}")
            return
        self.ready = True
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
        self.ranking_changed.emit()

    # -- recording: the panels call these, or the document's changes imply them ------------
    def record(self, signal: TasteSignal) -> bool:
        """Keep `signal` (learning from it on the pool); False while learning is paused."""
        if self.log is None:
            return False
        if self.taste is None:
            kept = self.log.record(signal)  # learnt from at the first refresh
        else:
            learning = self.taste.record(signal)
            kept = learning is not None
            if learning is not None:
                self._run(learning, self._learned, self.taste)
        if kept:
            self.recorded.emit(signal)
        return kept

    def _learned(self, future: Future, owner: TasteSession) -> None:
        if owner is self.taste and future.exception() is None and future.result():
            self.ranking_changed.emit()

    def record_pick(self, asset_id: str, shot_id: str | None = None) -> bool:
        return self.record(taste.pick(self.session.project, asset_id, shot_id))

    def record_discard(self, asset_id: str) -> bool:
        return self.record(taste.discard(self.session.project, asset_id))

    def record_favourite(self, asset_id: str) -> bool:
        return self.record(taste.favourite(self.session.project, asset_id))

    def record_regenerate(self, shot_id: str) -> bool:
        return self.record(taste.regenerate(self.session.project, shot_id))

    def record_style_preset(self, preset: str, shot_id: str | None = None) -> bool:
        return self.record(taste.style_preset_used(self.session.project, preset, shot_id))

    def record_prompt_edit(self, before: str, after: str, shot_id: str | None = None) -> bool:
        if before.strip() == after.strip():
            return False  # accepted as offered: nothing was edited
        project = self.session.project
        return self.record(taste.prompt_edit_accepted(project, before, after, shot_id))

    # -- reading: quick ones here, slow ones through callbacks -----------------------------
    def rank(self, take_ids: Sequence[str]) -> list[Ranked]:
        """Takes best first, each with its reason; the given order until the first refresh.
        Quick (no embedding): call it again on `ranking_changed`."""
        if self.taste is None or self.session is None:
            return [Ranked(t, 0.0) for t in take_ids]
        return self.taste.rank_takes(self.session.project, list(take_ids))

    def more_like_this(self, asset_id: str, kinds: Sequence[MediaKind] | None = None) -> list:
        """Assets nearest to `asset_id`, best first, as Hits; [] until the first refresh."""
        if self.taste is None or self.session is None:
            return []
        return self.taste.more_like_this(self.session.project, asset_id, kinds)

    def search(
        self, query: str, filters: Filters | None, on_done: Callable[[list[Hit]], None]
    ) -> None:
        """Assets by meaning; `on_done(hits)` runs on the GUI thread, best first."""

        def run() -> None:
            future = self.taste.search(self.session.project, query, filters)
            self._run(future, lambda done, _owner: on_done(_result(done, [])), self.taste)

        self._when_ready(run)

    def suggest(self, description: str, on_done: Callable[[list[Suggestion]], None]) -> None:
        """Style presets and prompt additions for a new shot, via `on_done` on the GUI thread."""

        def run() -> None:
            future = self.taste.suggest(self.session.project, description)
            self._run(future, lambda done, _owner: on_done(_result(done, [])), self.taste)

        self._when_ready(run)

    def _when_ready(self, then: Callable[[], None]) -> None:
        if self.taste is not None and self.taste.engine.closed:
            return  # the window closed (a search typed just before it, say): nobody is asking
        if self.ready:
            then()
            return
        self._waiting[:] = [then]  # only the latest question is still worth answering
        self.start()

    # -- settings --------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self.log is not None and self.log.paused

    def set_paused(self, paused: bool) -> None:
        if self.log is not None:
            self.log.set_paused(paused)
            self.message.emit("Taste learning paused" if paused else "Taste learning resumed")

    def clear_project(self) -> None:
        """Forget this project's signals (the profile keeps what it learned elsewhere)."""
        if self.log is not None:
            self.log.clear_project()
            self.message.emit("Cleared what Storyreel learned in this project")
            self.refresh()

    def clear_profile(self) -> None:
        if self.log is not None:
            self.log.clear_profile()
            self.message.emit("Cleared your taste profile")
            self.refresh()

    def set_clip_model(self, name: str | None) -> None:
        """Use a CLIP model (a folder) for pictures, or None for text only; re-embeds."""
        if self.log is None:
            return
        self.log.set_clip_model(name)
        self.message.emit(f"Taste pictures: {name}" if name else "Taste: text only")
        self.refresh()

    # -- delivery --------------------------------------------------------------------------
    def _run(self, future: Future, then: Callable[[Future, Any], None], owner: Any) -> None:
        """`then(future, owner)` on the GUI thread once `future` ends, however it ends."""
        self._work.when_done(
            future, on_done=lambda _: then(future, owner), on_error=lambda _: then(future, owner)
        )


def _result(future: Future, default):
    error = future.exception()
    if error is not None:
        log.warning("taste work failed: %s", error)
        return default
    return future.result()
