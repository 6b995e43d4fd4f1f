"""Export Mixdown writes the whole timeline's audio, sample-exact, as WAV or FLAC."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from studio.model.time import frames_to_samples
from studio.workflows.importer import import_files

from .conftest import write_tone


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_the_mixdown_has_the_timelines_exact_length(window, panel, qtbot, tmp_path, suffix):
    session = window.session
    write_tone(tmp_path / "tone.wav", 2.0)
    clip_ids, failed = import_files(session.doc, [tmp_path / "tone.wav"], at_frame=150)
    assert not failed
    project = session.project
    assert project.duration == 198  # the tone (48 frames at 150) ends after the picture
    out = tmp_path / f"mix{suffix}"
    with qtbot.waitSignal(panel.exported, timeout=30000) as exported:
        panel.export_mixdown(out)
    expected = frames_to_samples(198, 48000, project.settings.fps)
    assert exported.args == [str(out), expected]
    mix, rate = soundfile.read(str(out), dtype="float32")
    assert rate == 48000 and mix.shape == (expected, 2)
    tone_from = frames_to_samples(150, 48000, project.settings.fps)
    assert np.abs(mix[:tone_from]).max() == 0.0  # silence under the pictures
    assert 0.24 < np.abs(mix[tone_from:]).max() < 0.26
    assert "Exported" in panel.status.text()
