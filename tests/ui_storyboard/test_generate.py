"""Generating a shot's frame with the built-in title card: placed, picked, undone, fused."""

from __future__ import annotations

from studio.workflows.storyboard.storyboard import frame_clip

TIMEOUT = 15000


def _generate(panel, qtbot, row, button="generate"):
    panel.shots.setCurrentRow(row)
    shot_id = panel.shots.current_shot()
    with qtbot.waitSignal(panel.takes_placed, timeout=TIMEOUT) as placed:
        getattr(panel.box, button).click()
    assert placed.args[0] == shot_id
    return shot_id, placed.args[1]


def test_a_generated_frame_lands_at_its_shots_place_and_length(panel, qtbot):
    session = panel.session
    first, (take_a,) = _generate(panel, qtbot, 0)
    second, (take_b,) = _generate(panel, qtbot, 1)
    project = session.project
    clip_a, clip_b = frame_clip(project, first), frame_clip(project, second)
    assert (clip_a.start, clip_a.duration, clip_a.asset_id) == (0, 48, take_a)
    assert (clip_b.start, clip_b.duration, clip_b.asset_id) == (48, 24, take_b)
    asset = project.assets[take_b]
    assert asset.provenance["generator"] == "builtin.title-card"
    assert asset.name == "Shot 2 A gull on the rail, take 1"  # named as a person would
    assert asset.path.startswith("media/") and (asset.width, asset.height) == (704, 384)
    assert project.item("shots", second).picked == take_b
    # The new frame is what the timeline selects, and the strip shows the take in use.
    assert session.selection == {clip_b.id}
    assert panel.editor.takes.take_ids() == [take_b]

    session.undo()  # the whole placement is one step: the shot's placeholder is back
    back = frame_clip(session.project, second)
    assert (back.start, back.duration, back.asset_id) == (48, 24, None)
    assert take_b not in session.project.assets
    assert session.project.item("shots", second).takes == []
    assert frame_clip(session.project, first).asset_id == take_a


def test_variations_arrive_as_takes_and_a_click_picks_one(panel, qtbot):
    panel.box.count.setValue(3)
    shot_id, takes = _generate(panel, qtbot, 0, "generate")
    placed = [takes[0]]
    with qtbot.waitSignal(panel.jobs_queued) as queued:
        panel.box.variations.click()
    assert len(queued.args[1]) == 3  # the title card makes no batches: one job per take
    takes_now = lambda: panel.session.project.item("shots", shot_id).takes  # noqa: E731
    qtbot.waitUntil(lambda: len(takes_now()) == 4, timeout=TIMEOUT)
    shot = panel.session.project.item("shots", shot_id)
    seeds = {panel.session.project.assets[t].provenance["seed"] for t in shot.takes[1:]}
    assert len(seeds) == 3
    assert panel.editor.takes.take_ids() == shot.takes

    panel.editor.takes.click_take(placed[0])
    project = panel.session.project
    assert project.item("shots", shot_id).picked == placed[0]
    assert frame_clip(project, shot_id).asset_id == placed[0]
    assert len(project.item("shots", shot_id).takes) == 4  # every take is kept
    panel.session.undo()
    assert frame_clip(panel.session.project, shot_id).asset_id == shot.takes[-1]


def test_the_fused_prompt_is_shown_and_the_users_edit_is_what_runs(panel, qtbot):
    panel.shots.setCurrentRow(1)
    box = panel.box.prompt
    assert "A gull on the rail" in box.text()
    assert box.text().startswith("rough pencil storyboard sketch of")  # the default style
    assert "gull" in box.parts.text() and "Pencil storyboard" in box.parts.text()
    panel.box.style.setCurrentIndex(panel.box.style.findData("none"))
    assert box.text() == "A gull on the rail"

    box.prompt.setPlainText("THE GULL")
    assert box.is_edited()
    panel.box.aspect.setCurrentIndex(panel.box.aspect.findData("1:1"))  # fuses again...
    assert box.text() == "THE GULL"  # ...and keeps the user's words
    _shot, (take,) = _generate(panel, qtbot, 1)
    asset = panel.session.project.assets[take]
    assert asset.provenance["prompt"] == "THE GULL"
    assert (asset.width, asset.height) == (512, 512)

    box.reset.click()
    assert box.text() == "A gull on the rail" and not box.is_edited()


def test_regenerate_from_a_take_reuses_its_prompt_with_a_new_seed(panel, qtbot):
    panel.box.style.setCurrentIndex(panel.box.style.findData("none"))
    panel.box.prompt.prompt.setPlainText("FIRST WORDS")
    shot_id, (take,) = _generate(panel, qtbot, 0)
    panel.box.prompt.prompt.setPlainText("OTHER WORDS")
    _same, (again,) = _generate(panel, qtbot, 0, "regenerate")
    assets = panel.session.project.assets
    assert assets[again].provenance["prompt"] == "FIRST WORDS"
    assert assets[again].provenance["seed"] != assets[take].provenance["seed"]
    assert panel.session.project.item("shots", shot_id).takes == [take, again]
