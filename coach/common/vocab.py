"""The shared vocabulary: pain areas, conditions, positions, categories (DOMAIN.md section 4)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from coach import data


@dataclass(frozen=True)
class Vocabulary:
    areas: dict[str, str]
    conditions: dict[str, str]
    condition_kinds: dict[str, str]
    positions: dict[str, str]
    categories: dict[str, str]
    intensities: dict[str, str]

    def conditions_of_kind(self, kind: str) -> list[str]:
        """Condition ids of one kind: standing, context or limitation."""
        return [c for c, k in self.condition_kinds.items() if k == kind]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``coach/data/vocab.yaml``."""
    raw = data.load("vocab")
    conditions = raw["conditions"]
    return Vocabulary(
        areas=dict(raw["areas"]),
        conditions={k: v["label"] for k, v in conditions.items()},
        condition_kinds={k: v["kind"] for k, v in conditions.items()},
        positions=dict(raw["positions"]),
        categories=dict(raw["categories"]),
        intensities=dict(raw["intensities"]),
    )
