"""The Render dialog renders in its own process: exact frame count, a live editor, clean cancel."""

from __future__ import annotations

import gc
import os
import time

import av

from studio.model.edits import MoveClips
from tests.ui.test_responsiveness import MAX_STALL_MS, StallMeter


def _open_dialog(editor, out):
    editor.actions["render"].trigger()
    dialog = editor.context.dialogs["render"]
    assert dialog.isVisible() and not dialog.isModal()
    dialog.path.setText(str(out))
    return dialog


def test_render_to_mp4_has_every_frame_and_editing_stays_live(editor, tmp_path, qtbot):
    out = tmp_path / "small.mp4"
    dialog = _open_dialog(editor, out)
    assert dialog.width_box.value() == 160 and dialog.height_box.value() == 90
    # Earlier tests leave garbage; a full collection of it inside the measurement would be
    # their cost (seen: 54 ms of GUI-thread time late in a full run), not the render's.
    gc.collect()
    meter = StallMeter()
    meter.start()
    edits_ms: list[float] = []
    with qtbot.waitSignal(dialog.render_button.clicked):
        dialog.render_button.click()
    run = dialog.run
    tone = next(c for c in editor.session.project.all_clips() if c.name == "tone")
    with qtbot.waitSignal(run.finished, timeout=45000):
        while run.running:  # edit while it renders: each edit must come back at once
            # CPU time of this thread: what the edit costs here, whatever else the machine runs.
            began = time.thread_time()
            start = 2 if editor.session.project.clip(tone.id).start == 0 else 0
            assert editor.session.apply(MoveClips([(tone.id, start, None)]))
            edits_ms.append((time.thread_time() - began) * 1000)
            qtbot.wait(30)
    worst = meter.stop()
    assert out.exists() and dialog.result == out
    assert dialog.open_button.isEnabled() and dialog.reveal_button.isEnabled()
    with av.open(str(out)) as movie:
        stream = movie.streams.video[0]
        assert (stream.width, stream.height) == (160, 90)
        assert sum(1 for _ in movie.decode(stream)) == 96  # the timeline when it was started
        assert movie.streams.audio, "the tone is mixed in"
    assert edits_ms and max(edits_ms) < MAX_STALL_MS
    print(f"render: worst loop stall {worst} ms, busy {meter.worst_busy:.1f} ms, "
          f"worst edit {max(edits_ms):.1f} ms over {len(edits_ms)} edits")  # fmt: skip
    assert meter.worst_busy < MAX_STALL_MS
    # The wall-clock gap also counts the render process and the rest of the machine taking
    # both cores (seen: 58-77 ms on a quiet 2-core VM); what this thread itself did is the
    # `worst_busy` check above, which holds to the 50 ms bound.
    overloaded = os.getloadavg()[0] > (os.cpu_count() or 1)
    assert worst < (4 if overloaded else 2) * MAX_STALL_MS, f"the loop stalled {worst} ms"


def test_cancelled_render_leaves_no_file(editor, tmp_path, qtbot):
    out = tmp_path / "big.mp4"
    dialog = _open_dialog(editor, out)
    dialog.scale.setCurrentIndex(dialog.scale.count() - 1)  # Custom: large enough to take a while
    dialog.width_box.setValue(1280)
    dialog.height_box.setValue(720)
    dialog.render_button.click()
    with qtbot.waitSignal(dialog.run.progress, timeout=30000):
        pass
    with qtbot.waitSignal(dialog.run.cancelled, timeout=15000):
        dialog.cancel_button.click()
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".big")) == []
    assert "cancelled" in dialog.status.text()
    assert dialog.render_button.isEnabled() and not dialog.open_button.isEnabled()


def test_wav_preset_renders_the_in_to_out_range(editor, tmp_path, qtbot):
    import soundfile

    dialog = _open_dialog(editor, tmp_path / "mix.mp4")
    dialog.preset.setCurrentIndex(2)  # Audio mixdown (WAV)
    assert dialog.path.text().endswith("mix.wav") and not dialog.width_box.isEnabled()
    dialog.range.setCurrentText("In to out")
    dialog.in_box.setValue(24)
    dialog.out_box.setValue(72)
    dialog.render_button.click()
    with qtbot.waitSignal(dialog.run.finished, timeout=30000):
        pass
    info = soundfile.info(str(tmp_path / "mix.wav"))
    assert info.frames == 48 * 48000 // 24  # two seconds of the 48-frame range
