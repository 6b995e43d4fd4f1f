"""The sample project the first launch opens: built by our code, complete, and self-healing."""

from __future__ import annotations

from studio.model import TrackKind
from studio.model.files import load_project
from studio.sample_project import ensure_sample_project


def test_sample_project_is_built_once_and_complete(tmp_path):
    folder = ensure_sample_project(tmp_path)
    doc = load_project(folder)
    project = doc.project
    assert not [a for a in project.assets.values() if a.offline]
    assert len(project.scenes) == 4 and len(project.shots) == 6
    v1 = [t for t in project.tracks if t.kind is TrackKind.VIDEO][-1]
    # Six storyboard cards laid end to end, each linked to its shot at the shot's length.
    assert [c.shot_id for c in v1.clips] == [s.id for s in project.shots]
    assert [c.duration for c in v1.clips] == [s.duration for s in project.shots]
    assert all(a.end == b.start for a, b in zip(v1.clips, v1.clips[1:], strict=False))
    score = next(t for t in project.tracks if t.kind is TrackKind.AUDIO).clips[0]
    assert score.duration == v1.end  # the temp score spans the cut
    assert "EXT. HARBOUR - DAWN" in project.script.text
    assert project.scenes[0].text.startswith("Fog rolls")
    stamp = (folder / "project.json").stat().st_mtime_ns
    assert ensure_sample_project(tmp_path) == folder
    assert (folder / "project.json").stat().st_mtime_ns == stamp  # not rebuilt


def test_damaged_sample_is_rebuilt(tmp_path):
    folder = ensure_sample_project(tmp_path)
    (folder / "project.json").write_text("{ damaged")
    ensure_sample_project(tmp_path)
    assert len(load_project(folder).project.shots) == 6
    # A changed project.json may be the user's work: kept under another name, not deleted.
    assert (tmp_path / "Sample (edited).storyreel" / "project.json").read_text() == "{ damaged"
