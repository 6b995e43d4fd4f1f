"""What the storyboard and clips panels share: following the document's shots."""

from __future__ import annotations

from studio.model import Change
from studio.workflows.reel import reel


class ShotPanelMixin:
    """For a QWidget with `shots` (a ShotList), `empty` and `_split`; it supplies
    `_show_current()`, and may extend `_connect`/`_disconnect`."""

    session = None

    def set_session(self, session) -> None:
        if self.session is not None:
            self._disconnect(self.session)
        self.session = session
        self._connect(session)
        self._rebuild()
        if self.shots.current_shot() is None and self.shots.count():
            self.shots.setCurrentRow(0)
        self._show_enabled()

    def _connect(self, session) -> None:
        session.changed.connect(self._changed)

    def _disconnect(self, session) -> None:
        session.changed.disconnect(self._changed)

    @property
    def project(self):
        return self.session.project

    def current_shot(self):
        shot_id = self.shots.current_shot()
        return self.project.item("shots", shot_id) if shot_id and self.session else None

    def _show_enabled(self) -> None:
        self.empty.setVisible(self.session is None)
        self._split.setVisible(self.session is not None)

    def _changed(self, change: Change) -> None:
        if change.items.get("shots") or change.clips or change.assets or change.cause == "load":
            self._rebuild()
        elif change.items.get("elements"):
            self._show_current()  # a cast member described anew: the prompt is fused again

    def _rebuild(self) -> None:
        shown = reel.spans(self.project)  # once per rebuild, not once per shot
        self.shots.show_project(
            self.project, lambda shot_id: c.asset_id if (c := shown.get(shot_id)) else None
        )
        self._show_current()
