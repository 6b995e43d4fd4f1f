"""A banner offering to refit a placed score whose cut has moved later."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from studio.workflows.score.refit import RefitOffer

STYLE = "QFrame#refit { background: #4a3f1e; border: 1px solid #8a7332; border-radius: 3px; }"


class RefitBanner(QFrame):
    """Hidden until there is an offer; Refit asks for a take over the new range."""

    refit = Signal(object)  # RefitOffer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refit")
        self.setStyleSheet(STYLE)
        self.offer: RefitOffer | None = None
        self._dismissed: set[tuple] = set()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.refit_button = QPushButton("Refit")
        self.refit_button.clicked.connect(lambda: self.refit.emit(self.offer))
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.refit_button)
        row.addWidget(self.dismiss_button)
        self.hide()

    def show_offers(self, offers: list[RefitOffer], describe) -> None:
        """Show the first offer not dismissed; `describe(offer)` words it."""
        waiting = [o for o in offers if _key(o) not in self._dismissed]
        self.offer = waiting[0] if waiting else None
        if self.offer is None:
            self.hide()
            return
        more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
        self.text.setText(describe(self.offer) + more)
        self.show()

    def dismiss(self) -> None:
        if self.offer is not None:
            self._dismissed.add(_key(self.offer))
        self.offer = None
        self.hide()


def _key(offer: RefitOffer) -> tuple:
    # Dismissing an offer is for this cut: if the clips move again, it comes back.
    return (offer.score_clip_id, offer.new_range)
