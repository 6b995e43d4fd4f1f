"""The Script panel's fixtures (a real main window with a project), for the Voices menu."""

from tests.ui_script.conftest import panel, ui_home, window  # noqa: F401
from tests.voices.conftest import _one_torch_thread  # noqa: F401
