"""Voices benchmark: seconds of speech per second of compute, speech.tts on this CPU.

The real-size architecture (transformers' VitsConfig defaults: facebook/mms-tts-eng, 36 M
parameters, 16 kHz) with random weights and MMS-TTS's character vocabulary, saved and loaded
through the plugin exactly as a downloaded model is, then asked for the lines below (best of
--repeat). Random weights choose their own durations, so the figure is what matters: speech
made per second of compute, which for VITS grows with the length of the speech it decodes.

.venv/bin/python bench/bench_voices.py [--repeat 3] [--threads 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

LINES = [
    "The lamp has gone out. Father, the lamp!",
    "Not yet.",
    "Mira strikes a match; her hands shake, and the wick catches at last.",
]
# facebook/mms-tts-eng's vocabulary: 38 characters, the blank first.
VOCAB = ["_", *"kʼ'-ezgvmbpjuhrlisaonyxfcqwdt", " ", *"012345", "<unk>"]


def build(folder: Path) -> Path:
    from transformers import VitsConfig, VitsModel, VitsTokenizer

    from studio.testing._setup import go_offline_and_quiet, seeded

    go_offline_and_quiet()
    folder.mkdir(parents=True)
    vocab = folder / "vocab.json"
    tokens = list(dict.fromkeys(VOCAB))
    vocab.write_text(json.dumps({t: n for n, t in enumerate(tokens)}), encoding="utf-8")
    tokenizer = VitsTokenizer(str(vocab), pad_token="_", unk_token="<unk>", phonemize=False)
    with seeded(0):
        model = VitsModel(VitsConfig(vocab_size=len(tokens)))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: its default)")
    args = parser.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from speech_tts.generator import SpeechParams, SpeechTTS

    from studio.plugins.api import Context, Request

    with tempfile.TemporaryDirectory() as scratch:
        folder = build(Path(scratch) / "vits")
        generator = SpeechTTS()
        generator.load(Context())
        params = SpeechParams(model=str(folder))
        started = time.perf_counter()
        generator.generate(Request("Load.", params=params), Context())
        loaded = time.perf_counter() - started
        parameters = sum(p.numel() for p in generator._model.parameters())
        speech = compute = 0.0
        for n, line in enumerate(LINES):
            best = float("inf")
            for _ in range(args.repeat):
                request = Request(line, params=params, seed=n, fps=24.0, sample_rate=48000)
                started = time.perf_counter()
                out = generator.generate(request, Context())
                best = min(best, time.perf_counter() - started)
            seconds = len(out.samples) / out.sample_rate
            speech, compute = speech + seconds, compute + best
            print(f"{len(line):3d} characters: {seconds:5.2f} s of speech in {best:.3f} s "
                  f"({seconds / best:5.1f}x real time)")  # fmt: skip
    threads = torch.get_num_threads()
    print(f"speech.tts, {parameters / 1e6:.1f} M parameters, {threads} torch thread(s): "
          f"load + first line {loaded:.2f} s; {speech:.2f} s of speech in {compute:.3f} s: "
          f"{speech / compute:.1f} s of speech per second of compute")  # fmt: skip


if __name__ == "__main__":
    main()
