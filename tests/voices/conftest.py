"""Voices tests: torch on one thread (tiny models on a busy 2-core machine run faster)."""

from tests.torch_threads import _one_torch_thread  # noqa: F401 - an autouse fixture
