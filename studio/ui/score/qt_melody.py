"""A melody for the take to follow: one of the project's audio assets, when the generator can.

MusicGen-Melody follows the tune's chroma; the fit gives each segment its own stretch of
it (the API's MELODY role). Generators that take no audio input grey it out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from studio.model import MediaKind
from studio.model.files import media_path
from studio.plugins.api import MELODY, Kind, Media


class MelodyChoice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = None
        self.combo = QComboBox()
        self.combo.setToolTip(
            "An audio clip from the media bin for the music to follow (musicgen-melody models)"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Melody"))
        row.addWidget(self.combo, 1)
        self.refresh()

    def set_session(self, session) -> None:
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        """List the project's audio assets, keeping the one chosen when it is still there."""
        chosen = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("None", None)
        assets = self.session.project.assets.values() if self.session is not None else ()
        for asset in sorted(assets, key=lambda a: a.name.lower()):
            if asset.kind is MediaKind.AUDIO and not asset.offline:
                self.combo.addItem(asset.name, asset.id)
        index = self.combo.findData(chosen)
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)

    def follow_generator(self, cls) -> None:
        """Only a generator that takes audio can follow a melody."""
        takes_audio = cls is not None and Kind.AUDIO in cls.accepts
        self.combo.setEnabled(takes_audio)
        if not takes_audio:
            self.combo.setCurrentIndex(0)

    def choose(self, asset_id: str) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(asset_id)))

    def inputs(self) -> tuple[Media, ...]:
        """The request's inputs: the chosen tune as a MELODY, or nothing."""
        asset_id = self.combo.currentData() if self.combo.isEnabled() else None
        if asset_id is None or self.session is None:
            return ()
        asset = self.session.project.assets.get(asset_id)
        if asset is None:
            return ()
        folder = self.session.doc.path or Path.cwd()
        return (Media(Kind.AUDIO, media_path(folder, asset), role=MELODY),)
