"""A 2,000-page script is parsed off the GUI thread: the event loop keeps ticking meanwhile."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from tests.ui_script.conftest import wait_parsed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench_script import script_of  # noqa: E402

MOST_STALL_S = 0.050


def test_a_2000_page_script_parses_while_the_loop_stays_responsive(qtbot, panel):
    panel.editor.setPlainText(script_of(2000))  # loading the text is Qt's, not measured here
    wait_parsed(qtbot, panel)
    assert len(panel.navigator.rows) > 1000
    ticks: list[float] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(50)
    # Typing at the end starts a re-parse of the whole script.
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(panel.parser.parsed, timeout=20000):
        qtbot.keyClicks(panel.editor, "INT. LAST ROOM - DAY")
        started = time.perf_counter()
    wait_parsed(qtbot, panel)
    timer.stop()
    parsed_in = time.perf_counter() - started
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if a >= started]
    assert parsed_in > 0.1  # the parse really ran while we watched
    assert max(gaps) < MOST_STALL_S, f"longest stall {max(gaps) * 1000:.0f} ms"
    assert panel.navigator.rows[-1].heading.startswith("INT. LAST ROOM")
