"""The one settings file: round trips, the three old stores migrated, newer files refused."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.errors import UserError
from studio.settings import (
    EditorSettings,
    EngineSettings,
    Settings,
    SettingsFile,
    TasteSettings,
)

# ui.ini as Storyreel's QSettings wrote it (recent projects, the window layout, the welcome).
OLD_UI_INI = r"""[General]
recent=/films/Night Ferry.storyreel, "/films/a, b.storyreel"

[welcome]
shown=true

[window]
geometry=@ByteArray(\x1\xd9\xd0\xcb\0\x3\0\0)
state=@ByteArray(\0\0\0\xff\0\0\0\x1)
"""
OLD_PLUGINS_JSON = '{\n  "disabled": [\n    "acme.slow",\n    "builtin.tone"\n  ]\n}'
OLD_TASTE_JSON = '{\n  "paused": true,\n  "clip_model": "/models/clip-vit"\n}'

texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
every_settings = st.builds(
    Settings,
    editor=st.builds(
        EditorSettings,
        recent=st.lists(texts, max_size=4),
        window_geometry=st.none() | st.binary(max_size=40),
        window_state=st.none() | st.binary(max_size=40),
        welcome_shown=st.booleans(),
    ),
    engine=st.builds(EngineSettings, disabled=st.sets(texts, max_size=4)),
    taste=st.builds(TasteSettings, paused=st.booleans(), clip_model=st.none() | texts.filter(bool)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(every_settings)
def test_every_setting_comes_back_as_it_was_saved(tmp_path, saved):
    store = SettingsFile(tmp_path / "settings.json")
    store.write(saved)
    assert SettingsFile(store.path).read() == saved
    assert json.loads(store.path.read_text())["version"] == 1


def test_a_first_read_migrates_the_three_old_stores(tmp_path):
    (tmp_path / "ui.ini").write_text(OLD_UI_INI, encoding="utf-8")
    (tmp_path / "plugins.json").write_text(OLD_PLUGINS_JSON, encoding="utf-8")
    (tmp_path / "taste.json").write_text(OLD_TASTE_JSON, encoding="utf-8")
    read = SettingsFile(tmp_path / "settings.json").read()
    assert read.editor == EditorSettings(
        recent=["/films/Night Ferry.storyreel", "/films/a, b.storyreel"],
        window_geometry=b"\x01\xd9\xd0\xcb\x00\x03\x00\x00",
        window_state=b"\x00\x00\x00\xff\x00\x00\x00\x01",
        welcome_shown=True,
    )
    assert read.engine.disabled == {"acme.slow", "builtin.tone"}
    assert read.taste == TasteSettings(paused=True, clip_model="/models/clip-vit")
    # From now on the one file holds them; the old files stay for an older Storyreel.
    assert json.loads((tmp_path / "settings.json").read_text())["version"] == 1
    assert (tmp_path / "plugins.json").read_text(encoding="utf-8") == OLD_PLUGINS_JSON
    (tmp_path / "taste.json").unlink()
    assert SettingsFile(tmp_path / "settings.json").read() == read


@pytest.mark.parametrize(
    "name, text, section, expected",
    [
        ("ui.ini", "[General]\nrecent=/one/film\n", "editor", EditorSettings(recent=["/one/film"])),
        ("plugins.json", OLD_PLUGINS_JSON, "engine", EngineSettings({"acme.slow", "builtin.tone"})),
        ("taste.json", '{"paused": false, "clip_model": null}', "taste", TasteSettings()),
    ],
)
def test_each_old_store_alone_is_migrated(tmp_path, name, text, section, expected):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert getattr(SettingsFile(tmp_path / "settings.json").read(), section) == expected


def test_a_damaged_old_store_gives_its_defaults_and_keeps_the_others(tmp_path):
    (tmp_path / "plugins.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "taste.json").write_text(OLD_TASTE_JSON, encoding="utf-8")
    read = SettingsFile(tmp_path / "settings.json").read()
    assert read.engine == EngineSettings() and read.taste.paused


def test_a_settings_file_from_a_newer_storyreel_is_read_as_defaults_and_never_overwritten(
    tmp_path,
):
    path = tmp_path / "settings.json"
    newer = '{"version": 9, "editor": {"recent": ["/kept"]}, "future": 1}'
    path.write_text(newer, encoding="utf-8")
    store = SettingsFile(path)
    assert store.read() == Settings()
    with pytest.raises(UserError) as refused:
        store.update(lambda s: s.engine.set_enabled("acme.p", False))
    assert str(refused.value) == (
        f"cannot save the settings: {path}: the settings file was saved by a newer Storyreel "
        "(version 9; this version reads up to 1): update Storyreel to open it"
    )
    assert "\n" not in str(refused.value)
    assert path.read_text(encoding="utf-8") == newer


def test_a_damaged_settings_file_reads_as_the_defaults(tmp_path):
    path = tmp_path / "settings.json"
    for damage in ("{not json", "[]", '{"version": "one"}', '{"version": 1, "editor": 5}'):
        path.write_text(damage, encoding="utf-8")
        assert SettingsFile(path).read() == Settings()


def test_updates_from_two_processes_keep_both(tmp_path):
    editor, cli = SettingsFile(tmp_path / "settings.json"), SettingsFile(tmp_path / "settings.json")
    editor.read()
    cli.update(lambda s: s.engine.set_enabled("acme.p", False))
    editor.update(lambda s: setattr(s.taste, "paused", True))
    read = SettingsFile(tmp_path / "settings.json").read()
    assert read.engine.disabled == {"acme.p"} and read.taste.paused


def test_recent_projects_keep_the_newest_first_and_only_those_still_there(tmp_path):
    folders = [tmp_path / f"film{n}" for n in range(12)]
    for folder in folders:
        folder.mkdir()
    editor = EditorSettings()
    for folder in folders:
        editor.remember(folder)
    assert editor.recent == [str(f.resolve()) for f in reversed(folders)][:10]
    folders[-1].rmdir()
    assert str(folders[-1].resolve()) not in editor.existing_recent()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_settings_folder_is_one_clear_line(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="could not write .*settings.json: permission denied"):
            SettingsFile(folder / "settings.json").update(lambda s: None)
    finally:
        folder.chmod(0o700)


def test_updates_from_many_threads_are_all_kept(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    store = SettingsFile(tmp_path / "settings.json")
    ids = [f"acme.p{n}" for n in range(16)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: store.update(lambda s: s.engine.set_enabled(i, False)), ids))
    assert SettingsFile(store.path).read().engine.disabled == set(ids)
