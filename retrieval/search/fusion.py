"""Combining rankings: weighted reciprocal rank fusion and standardised score fusion."""

from __future__ import annotations

import math
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


def _standardised_top(values: Sequence[float], depth: int) -> tuple[list[float], float, float]:
    top = sorted(values, reverse=True)[:depth]
    mean = sum(top) / len(top)
    spread = (sum((v - mean) ** 2 for v in top) / len(top)) ** 0.5 or 1.0
    return top, mean, spread


def peakedness(values: Sequence[float], depth: int = 100) -> float:
    """How sharply a list's best scores stand out: log n minus the entropy of the softmax
    of its top-`depth` z-scores (0 for a flat list, up to log n for one clear winner)."""
    if not values:
        return 0.0
    top, mean, spread = _standardised_top(values, depth)
    z = [(v - mean) / spread for v in top]
    peak = max(z)
    mass = [math.exp(x - peak) for x in z]
    total = sum(mass)
    entropy = -sum(m / total * math.log(m / total) for m in mass if m > 0)
    return max(0.0, math.log(len(top)) - entropy)


def adaptive_weights(
    scores: Sequence[Mapping[T, float]],
    weights: Sequence[float],
    depth: int = 100,
    power: float = 1.0,
) -> list[float]:
    """Weights scaled per query by each list's peakedness to `power` (their mean scale is
    kept), so the list surer of its top results counts more; unchanged when none is peaked."""
    peaks = [
        peakedness(list(m.values()), depth) ** power if w else 0.0
        for m, w in zip(scores, weights, strict=True)
    ]
    active = [p for p, w in zip(peaks, weights, strict=True) if w]
    if not active or sum(active) == 0:
        return list(weights)
    mean = sum(active) / len(active)
    return [w * p / mean for w, p in zip(weights, peaks, strict=True)]


def zscore_fusion(
    scores: Sequence[Mapping[T, float]],
    weights: Sequence[float] | None = None,
    depth: int = 100,
    *,
    adaptive: float = 0.0,
) -> list[tuple[T, float]]:
    """Fuse raw scores: each list is standardised by the mean and spread of its top `depth`.

    Every mapping should score every candidate; a candidate missing from a list counts as
    that list's lowest score. With `adaptive` above 0, the weights are first scaled by
    `adaptive_weights` for this query, with `adaptive` as the power.
    """
    if weights is None:
        weights = [1.0] * len(scores)
    if len(weights) != len(scores):
        raise ValueError("one weight per score list is needed")
    if adaptive:
        weights = adaptive_weights(scores, weights, depth, adaptive)
    candidates: dict[T, float] = {}
    for mapping in scores:
        for item in mapping:
            candidates.setdefault(item, 0.0)
    for mapping, weight in zip(scores, weights, strict=True):
        if not mapping or weight == 0:
            continue
        _, mean, spread = _standardised_top(list(mapping.values()), depth)
        floor = min(mapping.values())
        for item in candidates:
            candidates[item] += weight * (mapping.get(item, floor) - mean) / spread
    return sorted(candidates.items(), key=lambda pair: -pair[1])


def group_bonus(
    fused: Sequence[tuple[T, float]], groups: Mapping[T, Hashable], weight: float
) -> list[tuple[T, float]]:
    """Add to each item `weight` times the best score of another item of its group (clauses
    of one article), so that an article matched in two passages outranks one matched once."""
    ranked = sorted(fused, key=lambda pair: -pair[1])
    if weight == 0:
        return ranked
    leaders: dict[Hashable, list[tuple[T, float]]] = {}
    for item, score in ranked:
        if item in groups:
            tops = leaders.setdefault(groups[item], [])
            if len(tops) < 2:  # the best and the second best
                tops.append((item, score))
    boosted = []
    for item, score in ranked:
        others = (
            [s for i, s in leaders.get(groups[item], []) if i != item] if item in groups else []
        )
        boosted.append((item, score + weight * others[0] if others else score))
    return sorted(boosted, key=lambda pair: -pair[1])
