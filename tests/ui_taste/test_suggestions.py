"""The Suggestions popup offers the presets and prompt words kept in similar scenes."""

from __future__ import annotations


def test_suggestions_for_a_new_harbour_shot(editor, qtbot):
    taste = editor.taste
    assert taste.record_style_preset("cinematic-still", "s1")
    before = "the harbour at dawn"
    assert taste.record_prompt_edit(before, "the harbour at dawn, long lens, drifting fog", "s1")
    assert not taste.record_prompt_edit(before, before, "s1")  # unedited: nothing learned
    popup = editor.context.taste_menu.show_suggestions("a harbour at sunrise with boats")
    qtbot.waitUntil(lambda: popup.presets.count() > 0, timeout=10000)
    assert popup.presets.item(0).text().startswith("cinematic-still")
    view = popup.additions
    additions = [view.item(i).text().split("\n")[0] for i in range(view.count())]
    assert "long lens" in additions and "drifting fog" in additions
    assert "scene 1" in popup.presets.item(0).text()
    popup.close()


def test_with_nothing_learned_the_popup_says_so(editor, qtbot):
    popup = editor.context.taste_menu.show_suggestions("a harbour at sunrise")
    qtbot.waitUntil(lambda: popup.note.text().startswith("Nothing yet"), timeout=10000)
    popup.close()
