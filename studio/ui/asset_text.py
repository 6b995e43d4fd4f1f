"""How an asset is described to people: kind, length, size and who made it (no Qt)."""

from __future__ import annotations

from fractions import Fraction

from studio.model import Asset, MediaKind
from studio.model.time import timecode

PROVENANCE_FIELDS = (
    ("generator", "Generator"),
    ("model", "Model"),
    ("prompt", "Prompt"),
    ("negative_prompt", "Negative prompt"),
    ("seed", "Seed"),
    ("params", "Parameters"),
    ("parents", "Made from"),
)


def duration_text(asset: Asset, fps: Fraction) -> str:
    frames = asset.length_frames(fps)
    if frames is None:
        return "still" if asset.kind is MediaKind.IMAGE else ""
    return timecode(frames, fps)


def summary(asset: Asset, fps: Fraction) -> str:
    """One line: kind, length and size."""
    parts = [str(asset.kind)]
    length = duration_text(asset, fps)
    if length:
        parts.append(length)
    if asset.width and asset.height:
        parts.append(f"{asset.width}×{asset.height}")
    if asset.offline:
        parts.append("OFFLINE")
    return " · ".join(parts)


def provenance_lines(asset: Asset) -> list[str]:
    """Who made it and how; imported media says so."""
    prov = asset.provenance or {}
    if not prov:
        return ["Imported file (no generator)"]
    lines = []
    for key, label in PROVENANCE_FIELDS:
        if prov.get(key) not in (None, "", [], {}):
            value = prov[key]
            if isinstance(value, dict):
                value = ", ".join(f"{k}={v}" for k, v in value.items())
            elif isinstance(value, list):
                value = ", ".join(map(str, value))
            lines.append(f"{label}: {value}")
    known = {key for key, _ in PROVENANCE_FIELDS}
    lines += [f"{k}: {v}" for k, v in prov.items() if k not in known]
    return lines


def match_text(score: float, verb: str = "match") -> str:
    """A similarity as people read it: cosine 0.62 → "62% match" (never below 0%)."""
    return f"{max(0, round(score * 100))}% {verb}"


def ranked_line(asset: Asset, fps: Fraction, score: float, verb: str = "match") -> str:
    """The bin's second line for a ranked result: the summary, then how well it matched."""
    return f"{summary(asset, fps)} · {match_text(score, verb)}"
