"""Each taste signal line says its version: old lines read, newer ones skipped and kept."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.taste import signals
from studio.taste.signals import Signal, SignalKind, TasteLog

texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
every_signal = st.builds(
    Signal,
    kind=st.sampled_from(SignalKind),
    asset=st.none() | texts.filter(bool),
    prompt=texts,
    others=st.lists(texts.filter(bool), max_size=3).map(tuple),
    other_prompts=st.lists(texts.filter(bool), max_size=3).map(tuple),
    shot=st.none() | texts.filter(bool),
    preset=st.none() | texts.filter(bool),
    time=st.floats(0, 2e9, allow_nan=False),
)

# A line as Storyreel appended it before lines said their version.
OLD_LINE = '{"kind":"pick","asset":"a1","prompt":"a harbour","others":["a2"],"time":1700000000.0}'


@settings(max_examples=60, deadline=None)
@given(every_signal)
def test_a_signal_comes_back_as_it_was_recorded(signal):
    line = signal.to_json()
    assert Signal.from_json(line) == signal
    assert json.loads(line)["version"] == 1


def test_an_old_line_reads_as_version_one_and_a_newer_one_is_skipped_and_kept(tmp_path):
    newer = '{"kind":"pick","asset":"a9","version":3,"why":"a field of the future"}'
    (tmp_path / "p").mkdir()
    project_file = tmp_path / "p" / signals.PROJECT_FILE
    project_file.write_text(f"{OLD_LINE}\n{newer}\n", encoding="utf-8")
    log = TasteLog(tmp_path / "p", tmp_path / "profile")
    assert [(s.kind, s.asset, s.others) for s in log.project_signals()] == [
        (SignalKind.PICK, "a1", ("a2",))
    ]
    assert project_file.read_text(encoding="utf-8") == f"{OLD_LINE}\n{newer}\n"


def test_the_upgrade_chain_runs_on_each_line(monkeypatch):
    def one_to_two(data):  # say, a field renamed
        data["asset"] = data.pop("take")
        return data

    fmt = replace(signals.FORMAT, current=2, upgrades={1: one_to_two})
    monkeypatch.setattr(signals, "FORMAT", fmt)
    assert Signal.from_json('{"kind":"discard","take":"a3"}').asset == "a3"
