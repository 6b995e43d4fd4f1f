"""A broken-down script with dialogue, and takes of its lines landed without a model."""

from __future__ import annotations

import numpy as np

from studio.model import Document, Project, Settings
from studio.model.entities import Asset, MediaKind, new_id
from studio.screenplay.fountain import parse
from studio.workflows.landing import Target, landing_edit
from studio.workflows.script.breakdown import breakdown_edit
from studio.workflows.voices import voices
from studio.workflows.voices.dialogue import plan_lines

SCRIPT = """\
INT. KITCHEN - NIGHT

Rain on the window.

MIRA
(quietly)
Is he back?

JONAH
Not yet.

MIRA
Then we wait.

EXT. QUAY - DAWN

The boat comes in.

JONAH
There!

MIRA ^
There!

JONAH
Told you.
"""


def broken_down(script: str = SCRIPT, shots: dict[int, list[str]] | None = None) -> Document:
    """A 24 fps, 48 kHz project with the script broken down (two shots in scene 1)."""
    doc = Document(Project(settings=Settings(sample_rate=48000)))
    shots = {0: ["Mira at the window", "Jonah at the door"]} if shots is None else shots
    assert doc.apply(breakdown_edit(doc.project, parse(script), shots, script_text=script))
    return doc


def fake_take(seconds: float, rate: int = 48000) -> Asset:
    """An audio asset as a voiced take of that length would be (no file needed to lay out)."""
    samples = round(seconds * rate)
    return Asset(new_id("a"), MediaKind.AUDIO, "take", "media/take.wav", sample_rate=rate,
                 samples=samples, channels=1)  # fmt: skip


def voice_all(doc: Document, seconds=lambda planned: 1.0) -> None:
    """Land a take for every line that needs one, as the command line does, one by one."""
    for planned in voices.to_voice(plan_lines(doc.project)):
        asset = fake_take(seconds(planned))
        target = Target(line=voices.line_take(doc.project, planned))
        result = doc.apply(landing_edit(doc.project, [asset], target))
        assert result, result.reason


def tone(seconds: float, rate: int, hz: float = 440.0, level: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)[:, None]
