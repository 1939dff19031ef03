"""Combining rankings: weighted reciprocal rank fusion and standardised score fusion."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[T]], weights: Sequence[float] | None = None, k: float = 60.0
) -> list[tuple[T, float]]:
    """Fuse best-first rankings: score(d) = sum of weight / (k + rank), rank from 1.

    Ties keep the order in which items were first seen, earlier rankings first.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking is needed")
    scores: dict[T, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


def zscore_fusion(
    scores: Sequence[Mapping[T, float]], weights: Sequence[float] | None = None, depth: int = 100
) -> list[tuple[T, float]]:
    """Fuse raw scores: each list is standardised by the mean and spread of its top `depth`.

    Every mapping should score every candidate; a candidate missing from a list counts as
    that list's lowest score.
    """
    if weights is None:
        weights = [1.0] * len(scores)
    if len(weights) != len(scores):
        raise ValueError("one weight per score list is needed")
    candidates: dict[T, float] = {}
    for mapping in scores:
        for item in mapping:
            candidates.setdefault(item, 0.0)
    for mapping, weight in zip(scores, weights, strict=True):
        if not mapping or weight == 0:
            continue
        top = sorted(mapping.values(), reverse=True)[:depth]
        mean = sum(top) / len(top)
        spread = (sum((v - mean) ** 2 for v in top) / len(top)) ** 0.5 or 1.0
        floor = min(mapping.values())
        for item in candidates:
            candidates[item] += weight * (mapping.get(item, floor) - mean) / spread
    return sorted(candidates.items(), key=lambda pair: -pair[1])
