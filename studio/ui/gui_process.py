"""Process-wide tweaks of the editor's process, in one place, each with its reason.

`prepare_gui_process()` runs when `studio.ui` is first imported, before any Qt call;
`freeze_long_lived()` runs each time a project has been opened. No Qt here.

torch's thread cap is not set here: start-up imports no torch, and the cap can only be set
once torch is loaded, so it is set where that happens (`studio.engine.devices.
limit_cpu_threads`: by each job's runner, and by the taste models in this process).
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys

# A thread running Python code holds the GIL, and every Qt call the GUI thread makes may
# wait one switch interval for it (5 ms by default): adding one widget while plugins are
# discovered, a preview is converted or a file is decoded would be a visible stall. The
# interval only matters while threads compete for the GIL, so a short one costs little.
SWITCH_INTERVAL_S = 0.0002
_HUGE = 1 << 50  # a thousand void calls a microsecond would take 35 years to use it up


def prepare_gui_process() -> None:
    keep_singletons_alive()
    # Qt splits a large blended fill across its own paint threads and waits for them.
    # Beside busy processes those threads wait for a core, and the GUI thread with them;
    # on a quiet machine too, a timeline scroll step cost 2.4-2.9 ms of the GUI thread
    # with them and 1.5-1.6 ms without (bench/bench_stall.py). Qt reads it once, at the
    # first such fill; a user's own setting stays.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


def keep_singletons_alive() -> None:
    """Keeps PySide6 6.12 from crashing CPython 3.11: each void Qt call drops a reference to None.

    PySide 6.12 hands back None from C++ functions returning void without taking a reference:
    harmless on Python 3.12+, where None is immortal, but on 3.11 None's count falls by one
    per call (QPainter.fillRect, QWidget.update, ...) and after a few thousand calls the
    interpreter aborts with "none_dealloc". Functions returning bool do the same to True and
    False ("bool_dealloc", seen at exit). Giving these singletons a count no program can use
    up is what Python 3.12 does for them.
    """
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every PyObject.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HUGE:
            refcount.value += _HUGE


def freeze_long_lived() -> None:
    """Move what is alive now out of the cyclic collector's way: a project's clips, tracks
    and assets live as long as it is open, and the collector's full passes over them
    would stall a paint or a drag."""
    gc.freeze()
