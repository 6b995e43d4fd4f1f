"""Test-wide settings: offscreen Qt, no model hub, and user folders in a temp place."""

import logging
import os
import tempfile

# Set before anything imports Qt or huggingface_hub.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# Playback runs its whole audio path against a paced output that plays nothing.
os.environ.setdefault("STORYREEL_AUDIO", "silent")
# Generators run on threads of the test process (a worker process that imports torch costs
# seconds); tests/reliability/test_plugin_workers.py and test_plugin_imports.py use processes.
os.environ.setdefault("STORYREEL_WORKERS", "thread")
# Per-user files (settings, plugin folder, sample project) never touch the real home.
os.environ.setdefault("STORYREEL_HOME", tempfile.mkdtemp(prefix="storyreel-test-home-"))

# Tiny random-weight models, built once per session and shared by every test that needs one.
pytest_plugins = ["studio.testing.fixtures"]


class _LoggersSnapshot(dict):
    """pytest's log capture walks the logger dict without logging's lock as each test phase
    starts; a logger made meanwhile on a thread (a plugin or a library imported by a job or an
    import thread) failed that phase with "dictionary changed size during iteration". A
    snapshot of the values is taken in one step, under the GIL."""

    def values(self):
        return list(super().values())


logging.Logger.manager.loggerDict = _LoggersSnapshot(logging.Logger.manager.loggerDict)
