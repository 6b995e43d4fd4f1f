"""The plugin API's model_source: local folders first, the network only when allowed."""

from __future__ import annotations

import pytest

from studio.plugins.api import model_source


@pytest.mark.parametrize(
    ("value", "offline"), [("1", True), ("TRUE", True), ("0", False), ("", False)]
)
def test_hub_offline_reads_the_environment(monkeypatch, value, offline):
    monkeypatch.setenv("HF_HUB_OFFLINE", value)
    assert model_source.hub_offline() is offline


def test_a_folder_is_always_local(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    assert model_source.local_source(str(tmp_path), allow_download=True) == (str(tmp_path), True)


def test_a_path_that_is_no_folder_is_refused_in_one_line(tmp_path):
    with pytest.raises(ValueError, match="model not found: .*no such folder"):
        model_source.local_source(str(tmp_path / "missing"), allow_download=True)


def test_a_repo_id_downloads_only_when_allowed_and_not_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    assert model_source.local_source("org/model", allow_download=False) == ("org/model", True)
    assert model_source.local_source("org/model", allow_download=True) == ("org/model", False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # wins over the user's setting
    assert model_source.local_source("org/model", allow_download=True) == ("org/model", True)


def test_why_not_loaded_names_the_cause():
    error = OSError("Cannot find\n  the requested files")
    assert "is not installed" in model_source.why_not_loaded("org/model", True, error)
    assert model_source.why_not_loaded("org/model", False, error) == (
        "could not load org/model: Cannot find the requested files"
    )
