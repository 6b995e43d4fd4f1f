"""Storyreel's built-in generators: procedural, no model, labelled as such in their names."""

from .ken_burns import KenBurns
from .temp_score import TempScore
from .title_card import TitleCard

GENERATORS = [TitleCard, KenBurns, TempScore]
