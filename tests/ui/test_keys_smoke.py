from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.driving import track


def test_s_splits(editor):
    editor.session.set_playhead(30)
    QTest.keyClick(editor.timeline.canvas, Qt.Key.Key_S)
    assert len(track(editor, "V1").clips) == 3
