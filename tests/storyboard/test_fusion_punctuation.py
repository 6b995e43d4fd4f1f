"""The fused prompt reads as sentences: no doubled full stops where parts meet."""

from __future__ import annotations

from studio.model import Project, Scene, Shot
from studio.workflows.storyboard.fusion import fuse_shot


def test_a_description_ending_in_a_full_stop_is_not_followed_by_another():
    project = Project(
        scenes=[Scene("s", "INT. LIGHTHOUSE - NIGHT", "Mira climbs.")],
        shots=[Shot("h", "s", "Mira climbs the iron spiral.")],
    )
    prompt = fuse_shot(project, "h").prompt
    assert ".." not in prompt and prompt.startswith("Mira climbs the iron spiral. interior")
