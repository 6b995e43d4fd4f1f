"""Lines of the script, where they go on the Dialogue track, and what is out of date."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.model.edits import MoveClips
from studio.model.entities import DIALOGUE_TRACKS
from studio.screenplay.fountain import parse
from studio.workflows.reel import reel
from studio.workflows.script.breakdown import breakdown_edit
from studio.workflows.voices import character_voices, voices
from studio.workflows.voices.dialogue import LineState, Speech, plan_lines, speeches

from .helpers import SCRIPT, broken_down, voice_all

NAMES = st.sampled_from(["MIRA", "JONAH", "OLD TOM", "McCLANE"])
WORDS = st.lists(st.sampled_from(["wait", "there", "the", "lamp", "is", "out", "no"]), min_size=1,
                 max_size=8).map(lambda w: " ".join(w).capitalize() + ".")  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, WORDS, st.booleans()), min_size=1, max_size=6))
def test_speeches_come_back_from_any_scene_as_written(lines):
    text = "INT. ROOM - DAY\n\nA room.\n"
    for name, words, hinted in lines:
        cue = name if name == name.upper() else f"@{name}"  # a mixed-case cue is forced
        text += f"\n{cue}\n" + ("(softly)\n" if hinted else "") + f"{words}\n"
    found = speeches(text)
    assert [(s.character, s.text, s.hint) for s in found] == [
        (name, words, "softly" if hinted else "") for name, words, hinted in lines
    ]


def test_extensions_markup_parentheticals_and_dual_dialogue():
    text = (
        "INT. A - DAY\n\nSTEEL (V.O.)\n(beat)\nHello *there*.\n(pause)\nWho?\n\n"
        "BRICK\nMe.\n\nSTEEL ^\nNo, me!\n\nAction.\n"
    )
    assert speeches(text) == [
        Speech("STEEL", "Hello there. Who?", "beat; pause"),
        Speech("BRICK", "Me.", "", 1),
        Speech("STEEL", "No, me!", "", 2),
    ]


def _placed(project):
    """(character, text, track name, start, end) of each dialogue clip, by start."""
    rows = []
    for clip in voices.dialogue_clips(project):
        line = next(x for x in project.lines if clip.asset_id in x.takes)
        rows.append((line.character, line.text, project.track_of(clip.id).name, clip.start,
                     clip.end))  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[2]))


def test_lines_land_in_order_at_their_shots_without_overlapping():
    doc = broken_down()
    voice_all(doc, seconds=lambda p: 2.0)  # 48 frames each
    project = doc.project
    rows = _placed(project)
    assert [(r[0], r[1]) for r in rows] == [
        ("MIRA", "Is he back?"),
        ("JONAH", "Not yet."),
        ("MIRA", "Then we wait."),
        ("JONAH", "There!"),
        ("MIRA", "There!"),
        ("JONAH", "Told you."),
    ]
    first, second, quay = (reel.span(project, s.id) for s in project.shots)
    main = [r for r in rows if r[2] == DIALOGUE_TRACKS[0]]
    assert main[0][3] == first[0]  # the scene's first line opens its first shot
    assert all(a[4] <= b[3] for a, b in zip(main, main[1:], strict=False))  # no overlaps
    assert all(r[4] - r[3] == 48 for r in rows)  # each as long as its take
    # Dual dialogue: MIRA's "There!" is said with JONAH's, on the second track.
    jonah, mira = rows[3], rows[4]
    assert (jonah[2], mira[2]) == DIALOGUE_TRACKS and jonah[3] == mira[3] >= quay[0]
    assert rows[5][3] == jonah[4]  # the next line waits for both
    assert reel.layout_problems(project) == []


def test_each_character_keeps_one_voice_and_characters_differ():
    doc = broken_down()
    voice_all(doc)
    project = doc.project
    by_character: dict[str, list] = {}
    for line in project.lines:
        by_character.setdefault(line.character, []).append(line.voice)
        assert project.assets[line.picked].name.startswith(f"{line.character}: ")
    assert {k: len(v) for k, v in by_character.items()} == {"MIRA": 3, "JONAH": 3}
    assert all(v == vs[0] for vs in by_character.values() for v in vs)
    assert by_character["MIRA"][0] != by_character["JONAH"][0]
    # The voice is kept in the project with the character from the first line on.
    assert {v.id for v in project.voices} == {"MIRA", "JONAH"}


def test_a_changed_line_is_out_of_date_and_only_it_is_voiced_again():
    doc = broken_down()
    voice_all(doc)
    project = doc.project
    assert voices.to_voice(plan_lines(project)) == []
    changed = SCRIPT.replace("Not yet.", "Not yet, love.").replace(
        "MIRA\nThen", "JONAH\nListen.\n\nMIRA\nThen"
    )
    assert doc.apply(breakdown_edit(project, parse(changed), None, script_text=changed))
    planned = plan_lines(project)
    states = {(p.speech.character, p.speech.text): p.state for p in planned}
    assert states[("JONAH", "Not yet, love.")] is LineState.CHANGED
    assert states[("JONAH", "Listen.")] is LineState.MISSING
    assert [p.speech.text for p in voices.to_voice(planned)] == ["Not yet, love.", "Listen."]
    assert sum(s is LineState.CURRENT for s in states.values()) == 5
    kept = {x.id: list(x.takes) for x in project.lines}
    voice_all(doc)
    # The changed line got a second take; the others kept theirs.
    again = {x.id: list(x.takes) for x in project.lines if x.id in kept}
    assert sum(len(again[k]) - len(v) for k, v in kept.items()) == 1
    assert voices.to_voice(plan_lines(project)) == []


def test_a_new_voice_outdates_that_characters_lines_only():
    doc = broken_down()
    voice_all(doc)
    project = doc.project
    params = dict(character_voices.voice_of(project, "MIRA").params, pitch=7.0)
    assert doc.apply(character_voices.set_voice_edit(project, "MIRA", "speech.tts", params))
    again = voices.to_voice(plan_lines(project))
    assert {p.speech.character for p in again} == {"MIRA"} and len(again) == 3
    doc.undo()
    assert voices.to_voice(plan_lines(project)) == []


def test_time_shots_to_dialogue_grows_spans_in_one_undo_step_and_keeps_the_rule():
    doc = broken_down()
    project = doc.project
    voice_all(doc, seconds=lambda p: 6.0)  # longer than the estimated shots
    before = [reel.span(project, s.id) for s in project.shots]
    fitting = voices.fit_shots(project)
    assert fitting.grown > 0 and fitting.short == []
    assert doc.apply(fitting.edit)
    after = [reel.span(project, s.id) for s in project.shots]
    assert reel.layout_problems(project) == []
    assert all(a[1] == b[0] for a, b in zip(after, after[1:], strict=False))  # still end to end
    assert all(b[1] - b[0] >= a[1] - a[0] for a, b in zip(before, after, strict=True))
    assert [s.duration for s in project.shots] == [e - s for s, e in after]
    rows = _placed(project)
    for shot in project.shots:  # every line now lies inside its shot's span
        start, end = reel.span(project, shot.id)
        assert any(start <= r[3] and r[4] <= end for r in rows)
    assert all(r[3] < reel.span(project, project.shots[-1].id)[1] for r in rows)
    assert voices.fit_shots(project).edit is None  # a second fit changes nothing
    doc.undo()
    assert [reel.span(project, s.id) for s in project.shots] == before
    assert reel.layout_problems(project) == []


def test_lines_follow_their_shots_when_laid_out_again():
    doc = broken_down()
    voice_all(doc)
    project = doc.project
    assert voices.relayout_edit(project) is None  # in place: nothing to do
    second = reel.span_clip(project, project.shots[2].id)
    assert doc.apply(MoveClips([(second.id, second.start + 48, None)]))  # the quay moves on
    assert doc.apply(voices.relayout_edit(project))
    quay = [r for r in _placed(project) if r[1] in ("There!", "Told you.")]
    assert min(r[3] for r in quay) == second.start + 48
    assert reel.layout_problems(project) == []
