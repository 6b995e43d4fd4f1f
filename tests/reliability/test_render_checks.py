"""`storyreel render` never destroys a source, never replaces a file unasked, and never
delivers "Media offline" slates unasked."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.cli import main
from studio.errors import UserError
from studio.media.render import RenderJob, render
from studio.media.render_checks import safe_file_stem
from studio.model.files import PROJECT_FILE, load_project

from .conftest import picture, read_data, write_data


def _source(doc) -> Path:
    asset = next(iter(doc.project.assets.values()))
    return doc.path / asset.path


def _render(doc, out: Path, *flags: str) -> int:
    return main(["render", str(doc.path), "--out", str(out), "--quiet", *flags])


def test_render_onto_a_source_of_the_timeline_is_refused_even_with_overwrite(with_video, capsys):
    source = _source(with_video)
    assert source.name == "clip.mp4"
    before = source.read_bytes()
    for flags in ((), ("--overwrite",)):
        assert _render(with_video, source, *flags) == 1
        err = capsys.readouterr().err
        assert "source of the project" in err and err.count("\n") == 1
    assert source.read_bytes() == before


def test_render_onto_a_source_through_another_spelling_is_refused(with_video, capsys):
    source = _source(with_video)
    before = source.read_bytes()
    sneaky = with_video.path / "media" / ".." / "media" / source.name
    assert _render(with_video, sneaky, "--overwrite") == 1
    link = with_video.path.parent / "alias.mp4"
    link.symlink_to(source)
    assert _render(with_video, link, "--overwrite") == 1
    hard = with_video.path.parent / "hard.mp4"
    os.link(source, hard)
    assert _render(with_video, hard, "--overwrite") == 1
    assert source.read_bytes() == before


def test_a_png_sequence_that_would_write_over_a_source_is_refused(tmp_path, capsys):
    from .conftest import project_with_picture

    doc = project_with_picture(tmp_path / "Seq", picture(tmp_path / "shot_00000.png"))
    source = _source(doc)
    assert source.name == "shot_00000.png"
    before = source.read_bytes()
    assert _render(doc, source.parent / "shot.png", "--overwrite") == 1
    assert "source of the project" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_render_onto_the_project_file_is_refused(saved, capsys):
    before = (saved.path / PROJECT_FILE).read_bytes()
    with pytest.raises(UserError, match="project's own file"):
        render(RenderJob(saved.project, saved.path), saved.path / PROJECT_FILE)
    assert (saved.path / PROJECT_FILE).read_bytes() == before


def test_the_render_function_itself_refuses_a_source(with_video):
    # The render dialog's process calls render() directly: the refusal lives there too.
    source = _source(with_video)
    before = source.read_bytes()
    with pytest.raises(UserError, match="source of the project"):
        render(RenderJob(with_video.project, with_video.path), source)
    assert source.read_bytes() == before


def test_an_existing_file_is_replaced_only_with_overwrite(saved, tmp_path, capsys):
    out = tmp_path / "cut.wav"
    out.write_bytes(b"precious")
    assert _render(saved, out) == 1
    err = capsys.readouterr().err
    assert "--overwrite" in err and err.count("\n") == 1
    assert out.read_bytes() == b"precious"
    assert _render(saved, out, "--overwrite") == 0
    assert out.read_bytes()[:4] == b"RIFF"


def test_an_existing_png_sequence_is_replaced_only_with_overwrite(saved, tmp_path, capsys):
    frame = tmp_path / "board_00003.png"
    frame.write_bytes(b"precious")
    assert _render(saved, tmp_path / "board.png") == 1
    assert str(frame) in capsys.readouterr().err
    assert frame.read_bytes() == b"precious"
    assert _render(saved, tmp_path / "board.png", "--overwrite") == 0
    assert frame.read_bytes()[:4] == b"\x89PNG"


def test_offline_media_refuses_the_render_and_names_the_asset(saved, tmp_path, capsys):
    asset = next(iter(saved.project.assets.values()))
    _source(saved).unlink()
    out = tmp_path / "cut.mp4"
    assert _render(saved, out) == 1
    err = capsys.readouterr().err
    assert asset.id in err and "offline" in err and "--allow-offline" in err
    assert err.count("\n") == 1
    assert not out.exists()
    assert _render(saved, out, "--allow-offline") == 0
    assert out.stat().st_size > 0


def test_offline_media_outside_the_range_does_not_refuse(saved, tmp_path):
    data = read_data(saved.path)
    clip = next(t for t in data["tracks"] if t["clips"])["clips"][0]
    clip["start"] = 48  # the missing picture starts at 2 s; the range ends at 1 s
    data["tracks"][0]["clips"] = [{"id": "title", "asset": None, "start": 0, "duration": 24}]
    write_data(saved.path, data)
    _source(saved).unlink()
    args = ["--range", "0", "1"]
    assert _render(saved, tmp_path / "head.wav", *args) == 0


@pytest.mark.skipif(os.name != "posix", reason="a device")
def test_a_device_named_as_media_is_never_opened_by_render(saved, tmp_path):
    # A document loaded before the file was swapped still says online: render checks again.
    data = read_data(saved.path)
    data["assets"][0]["path"] = "/dev/zero"
    write_data(saved.path, data)
    project = load_project(saved.path).project
    for asset in project.assets.values():
        asset.offline = False  # as if loaded earlier, when it was a picture
    out = tmp_path / "cut.mp4"
    done = []
    worker = threading.Thread(
        target=lambda: done.append(render(RenderJob(project, saved.path), out)), daemon=True
    )
    worker.start()
    worker.join(timeout=60)
    assert done == [out] and out.stat().st_size > 0


def test_a_frame_size_beyond_the_limit_is_refused_before_any_work(saved, tmp_path):
    job = replace(RenderJob(saved.project, saved.path), size=(200_000, 200_000))
    with pytest.raises(UserError, match="8192"):
        render(job, tmp_path / "huge.mp4")
    assert not [p for p in tmp_path.iterdir() if "huge" in p.name]


def test_media_outside_the_project_gets_a_warning(saved, tmp_path, capsys):
    outside = picture(tmp_path / "outside.png", (0, 90, 0))
    data = read_data(saved.path)
    data["assets"][0]["path"] = str(outside)
    write_data(saved.path, data)
    assert _render(saved, tmp_path / "cut.wav") == 0
    err = capsys.readouterr().err
    assert "warning" in err and "outside the project folder" in err


@given(st.text(max_size=300))
def test_any_project_name_becomes_one_plain_file_name(name):
    stem = safe_file_stem(name)
    assert stem and len(stem) <= 80 and stem.isprintable()
    assert not any(ch in stem for ch in '/\\:*?"<>|')
    assert not stem.startswith((".", "-", " ")) and Path(stem).name == stem
