"""Keeps PySide6 6.12 from crashing CPython 3.11: each void Qt call drops a reference to None.

PySide 6.12 hands back None from C++ functions returning void without taking a reference:
harmless on Python 3.12+, where None is immortal, but on 3.11 None's count falls by one
per call (QPainter.fillRect, QWidget.update, ...) and after a few thousand calls the
interpreter aborts with "none_dealloc". Functions returning bool do the same to True and
False ("bool_dealloc", seen at exit). Giving these singletons a count no program can use up is
what Python 3.12 does for them.
"""

from __future__ import annotations

import ctypes
import sys

_HUGE = 1 << 50  # a thousand void calls a microsecond would take 35 years to use it up


def keep_none_alive() -> None:
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every PyObject.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HUGE:
            refcount.value += _HUGE
