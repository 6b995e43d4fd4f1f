"""Manifest plugins: listed without being imported, imported on first use, broken in one line."""

from __future__ import annotations

import json
import re
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.cli import main
from studio.engine.discovery import default_repo_dir, discover
from studio.engine.plugin_manifest import ManifestError, parse_manifest, read_manifest
from studio.errors import UserError
from studio.plugins.api import Kind

CODE = """
import pathlib
from studio.plugins.api import Generator, Kind, Text

pathlib.Path(__file__).with_name("imported").touch()  # what the tests look for
{before}

class Gen(Generator):
    id = "{gid}"
    name = "Gen"
    version = "2.0"
    output = Kind.{output}
    accepts = (Kind.IMAGE,)

    def generate(self, request, ctx):
        return Text("ok")
"""

MANIFEST = """
api_version = "1.4"

[[generator]]
id = "{gid}"
name = "{name}"
version = "2.0"
output = "text"
accepts = ["image"]
entry = ".:Gen"
"""


def plugin(folder: Path, stem: str, *, before: str = "", output: str = "TEXT", **manifest) -> Path:
    """A plugin package `stem` whose manifest declares `acme.<stem>`."""
    pkg = folder / stem
    pkg.mkdir(parents=True)
    gid = f"acme.{stem}"
    (pkg / "__init__.py").write_text(CODE.format(gid=gid, before=before, output=output))
    text = MANIFEST.format(gid=gid, name=manifest.get("name", stem.title()))
    (pkg / "storyreel-plugin.toml").write_text(manifest.get("text", text))
    return pkg


def folder_registry(folder: Path, **kwargs):
    return discover(repo_dir=False, user_dirs=[folder], entry_points=False, **kwargs)


def test_slow_and_crashing_imports_do_not_reach_discovery(tmp_path):
    slow = plugin(tmp_path, "slow", before="import time; time.sleep(2)")
    boom = plugin(tmp_path, "boom", before="raise RuntimeError('boom at import')")
    started = time.monotonic()
    registry = folder_registry(tmp_path)  # probes on: a probe would wait 2 s for "slow"
    assert time.monotonic() - started < 1.0
    listed = {r.id: r for r in registry}
    assert [(r.status, r.name, r.output, r.accepts, r.version) for r in listed.values()] == [
        ("loaded", "Boom", "text", ["image"], "2.0"),
        ("loaded", "Slow", "text", ["image"], "2.0"),
    ]
    assert not (slow / "imported").exists() and not (boom / "imported").exists()
    assert not listed["acme.slow"].imported


def test_first_use_imports_a_manifest_plugin(tmp_path):
    pkg = plugin(tmp_path, "quick")
    registry = folder_registry(tmp_path, isolate=False)
    assert not (pkg / "imported").exists()
    cls = registry.get("acme.quick")
    assert (pkg / "imported").exists() and cls.__name__ == "Gen"
    assert cls.__module__ in sys.modules
    assert registry.record("acme.quick").imported
    assert registry.available(Kind.TEXT) == [cls] and registry.available(Kind.IMAGE) == []


def test_a_crash_on_first_use_is_one_line_and_the_plugin_is_listed_broken(tmp_path):
    plugin(tmp_path, "boom", before="raise RuntimeError('boom at import')")
    plugin(tmp_path, "fine")
    registry = folder_registry(tmp_path)  # isolated: probed in a process, then imported here
    with pytest.raises(UserError) as caught:
        registry.get("acme.boom")
    message = "acme.boom is broken: import failed: RuntimeError: boom at import"
    assert str(caught.value) == message
    record = registry.record("acme.boom")
    assert record.status == "broken" and "\n" not in record.error
    assert [cls.id for cls in registry.available()] == ["acme.fine"]  # the rest go on


def test_a_class_that_contradicts_its_manifest_is_broken_on_first_use(tmp_path):
    plugin(tmp_path, "liar", output="IMAGE")
    registry = folder_registry(tmp_path, isolate=False)
    assert registry.record("acme.liar").output == "text"
    assert registry.available() == []
    assert registry.record("acme.liar").error == "the manifest says output 'text', Gen says 'image'"


def test_class_attribute_plugins_without_a_manifest_still_load(tmp_path):
    plugin(tmp_path, "listed")
    old = tmp_path / "old_style.py"
    old.write_text(textwrap.dedent(CODE.format(gid="acme.old", before="", output="TEXT")))
    registry = folder_registry(tmp_path, isolate=False)
    record = registry.record("acme.old")
    assert record.status == "loaded" and record.imported and record.manifest is None
    assert registry.get("acme.old") is record.generator


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "api_version = ",
            "storyreel-plugin.toml: not valid TOML: Invalid value (at end of document)",
        ),
        ('api_version = 1\n[[generator]]\nid = "a"', "api_version must be a string MAJOR.MINOR"),
        ('api_version = "1.4"', "storyreel-plugin.toml: declares no [[generator]]"),
        ('api_version = "1.4"\nplugins = 1', "storyreel-plugin.toml: unknown key 'plugins'"),
        (
            MANIFEST.format(gid="acme.x", name="X").replace('"text"', '"picture"'),
            "generator 1: output: 'picture' is not one of text, image, audio, video",
        ),
        (
            MANIFEST.format(gid="acme.x", name="X").replace(".:Gen", "Gen"),
            "generator 1: entry must be MODULE:CLASS, got 'Gen'",
        ),
        (
            MANIFEST.format(gid="acme.x", name="X").replace('name = "X"', ""),
            "storyreel-plugin.toml: generator 1: name must be a non-empty string",
        ),
        (
            MANIFEST.format(gid="acme.x", name="X").replace("1.4", "2.0"),
            "needs plugin API 2.0; this Storyreel provides 1.",
        ),
    ],
)
def test_manifest_errors_are_one_line_each(tmp_path, text, error):
    pkg = plugin(tmp_path, "bad", text=text)
    registry = folder_registry(tmp_path, isolate=False)
    [record] = list(registry)
    assert record.status == "broken" and error in record.error and "\n" not in record.error
    assert not (pkg / "imported").exists()


KEYS = ["api_version", "id", "name", "version", "output", "accepts", "entry", "runs_on", "x"]
VALUES = (
    st.sampled_from(['"1.4"', '"text"', '"image"', '".:Gen"', '"m.n:A.B"', '"cpu"', "[]"])
    | st.lists(st.sampled_from([k.value for k in Kind] + ["sound"])).map(
        lambda kinds: "[" + ", ".join(f'"{k}"' for k in kinds) + "]"
    )
    | st.text(max_size=8).map(json.dumps)
    | st.integers().map(str)
)
LINES = st.tuples(st.sampled_from(KEYS), VALUES).map(" = ".join)
MANIFESTS = st.lists(LINES | st.just("[[generator]]") | st.just("[other]"), max_size=12).map(
    "\n".join
) | st.text(max_size=40)


@settings(max_examples=120, deadline=None)
@given(MANIFESTS)
def test_any_manifest_text_parses_or_fails_in_one_line(text):
    try:
        declared = parse_manifest(text)
    except ManifestError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("storyreel-plugin.toml: ")
    else:
        assert declared and all(isinstance(g.output, Kind) for g in declared)


FIRST_PARTY = {
    "audio_stable_audio",
    "builtin",
    "diffusers_image",
    "diffusers_video",
    "music_musicgen",
    "speech_tts",
    "transformers_text",
}


def test_first_party_manifests_match_their_classes():
    repo = default_repo_dir()
    registry = discover(repo_dir=repo, user_dirs=[], entry_points=False, isolate=False)
    with_manifests = {p.parent.name for p in repo.glob("*/storyreel-plugin.toml")}
    assert with_manifests >= FIRST_PARTY
    for record in registry:
        if record.manifest is None:
            continue  # a package without one yet: imported at discovery, as before
        assert not record.imported, record.id
        cls = registry.get(record.id)
        declared = record.manifest
        assert (cls.name, cls.version, cls.output, tuple(cls.accepts), cls.runs_on) == (
            declared.name,
            declared.version,
            declared.output,
            declared.accepts,
            declared.runs_on,
        ), record.id


def test_the_example_plugin_is_listed_from_its_entry_point_manifest():
    registry = discover(repo_dir=False, user_dirs=[], entry_points=True, isolate=False)
    record = registry.record("example.plasma")
    if record is None:
        pytest.skip("plugins/example-plugin is not installed")
    assert record.manifest is not None and not record.imported
    assert record.manifest.entry == "storyreel_example:PlasmaBackdrop"  # the entry point's
    assert registry.get("example.plasma").__name__ == "PlasmaBackdrop"
    path = Path(sys.modules["storyreel_example"].__file__).with_name("storyreel-plugin.toml")
    assert [g.id for g in read_manifest(path)] == ["example.plasma"]


def test_storyreel_plugins_lists_a_plugin_whose_import_crashes(tmp_path, monkeypatch, capsys):
    plugin(tmp_path / "user", "boom", before="raise SystemExit(3)")
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(tmp_path / "user"))
    assert main(["plugins"]) == 0
    assert "acme.boom" in capsys.readouterr().out
    assert main(["generate", "acme.boom", "--prompt", "x", "--out", str(tmp_path / "x.txt")]) == 1
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("acme.boom is broken: import failed: SystemExit: 3")
    )


def test_the_documented_manifest_matches_the_documented_plugin(tmp_path, monkeypatch):
    doc = (default_repo_dir().parent / "docs" / "plugins.md").read_text(encoding="utf-8")
    manifest = re.search(r"storyreel-plugin.toml`:\n\n```toml\n(.*?)```", doc, re.S)[1]
    code = re.search(r"src/acme_storyboard/__init__.py`:\n\n```python\n(.*?)```", doc, re.S)[1]
    package = tmp_path / "acme_storyboard"
    package.mkdir()
    (package / "__init__.py").write_text(code)
    (package / "storyreel-plugin.toml").write_text(manifest)
    registry = folder_registry(tmp_path, isolate=False)
    assert registry.record("acme.storyboard").name == "Storyboard frame (Stable Diffusion)"
    assert registry.get("acme.storyboard").__name__ == "StoryboardFrame"


def test_a_single_file_plugin_has_its_manifest_beside_it(tmp_path):
    (tmp_path / "one.py").write_text(CODE.format(gid="acme.one", before="", output="TEXT"))
    text = MANIFEST.format(gid="acme.one", name="One")
    (tmp_path / "one.storyreel-plugin.toml").write_text(text)
    registry = folder_registry(tmp_path, isolate=False)
    assert [(r.id, r.name, r.imported) for r in registry] == [("acme.one", "One", False)]
    assert not (tmp_path / "imported").exists()
    assert registry.get("acme.one").__name__ == "Gen" and (tmp_path / "imported").exists()


def test_a_contradiction_in_accepts_reads_as_kinds(tmp_path):
    plugin(
        tmp_path, "odd", text=MANIFEST.format(gid="acme.odd", name="Odd").replace("image", "audio")
    )
    registry = folder_registry(tmp_path, isolate=False)
    assert registry.available() == []
    assert (
        registry.record("acme.odd").error
        == "the manifest says accepts ['audio'], Gen says ['image']"
    )


def test_the_apps_own_plugins_are_imported_without_a_probe_process(tmp_path, monkeypatch):
    """A probe process cost every first use of a first-party generator half a second (most
    of a quick `storyreel reel score`); the app's own plugins ship with it and are tested
    with it. Any other folder's plugins are still probed first."""
    from studio.engine import discovery

    probed: list[list[str]] = []
    real = discovery._probe_some
    monkeypatch.setattr(
        discovery, "_probe_some", lambda todo: probed.append([e["key"] for e in todo]) or real(todo)
    )
    monkeypatch.setattr(discovery, "_probed", {})
    registry = discover(repo_dir=True, user_dirs=[], entry_points=False)
    assert registry.get("builtin.temp-score").id == "builtin.temp-score"
    assert probed == []
    plugin(tmp_path, "other")
    folder_registry(tmp_path).get("acme.other")
    assert len(probed) == 1 and "other" in probed[0][0]
