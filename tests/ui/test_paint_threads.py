"""The editor paints on the GUI thread alone: Qt's paint threads, which a large fill waits
for, waited for a core beside busy processes, and the GUI thread with them."""

from __future__ import annotations

import os
import subprocess
import sys

PAINT_A_LARGE_FILL = """
from pathlib import Path
from PySide6.QtGui import QColor, QImage, QPainter
from studio.ui.qt_app import create_app  # studio.ui's import prepares the process

app = create_app()
image = QImage(1600, 1000, QImage.Format.Format_ARGB32_Premultiplied)
painter = QPainter(image)
painter.fillRect(image.rect(), QColor(10, 20, 30, 128))  # blended: Qt splits it by rows
painter.end()
print(sorted({(t / "comm").read_text().strip() for t in Path("/proc/self/task").iterdir()}))
"""


def test_a_large_fill_starts_no_paint_threads():
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", PAINT_A_LARGE_FILL],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    threads = done.stdout.strip().splitlines()[-1]
    assert "Thread (pooled)" not in threads, threads
