"""Aspect ratio presets for frames and the generation sizes that fit them."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Aspect:
    id: str
    name: str
    ratio: Fraction  # width / height

    def size(self, area: int = 512 * 512, multiple: int = 64) -> tuple[int, int]:
        """Width and height of about `area` pixels at this ratio, each a multiple of `multiple`."""
        height = (area / self.ratio) ** 0.5
        width = height * self.ratio
        return _round(width, multiple), _round(height, multiple)


ASPECTS: dict[str, Aspect] = {
    a.id: a
    for a in (
        Aspect("2.39:1", "Scope 2.39:1", Fraction(239, 100)),
        Aspect("1.85:1", "Flat 1.85:1", Fraction(185, 100)),
        Aspect("16:9", "HD 16:9", Fraction(16, 9)),
        Aspect("9:16", "Vertical 9:16", Fraction(9, 16)),
        Aspect("1:1", "Square 1:1", Fraction(1)),
        Aspect("4:3", "Academy 4:3", Fraction(4, 3)),
    )
}


def nearest_aspect(width: int, height: int) -> Aspect:
    """The preset closest to a frame size (compared as log ratios: 2:1 is as far as 1:2)."""
    import math

    target = math.log(width / height)
    return min(ASPECTS.values(), key=lambda a: abs(math.log(a.ratio) - target))


def _round(value: float, multiple: int) -> int:
    return max(multiple, round(value / multiple) * multiple)
