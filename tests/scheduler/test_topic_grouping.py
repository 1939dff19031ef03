"""Grouping a realistic period: each matter asked many ways is one topic, other procedures that
share its words or frames stay apart, and questions of no matter stay alone."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from retrieval.records.period import QuestionRow
from retrieval.text import topic_terms
from scheduler.topics import cluster, gaps_and_topics, period_terms, term_weights
from tests.scheduler.topic_questions import MATTERS, NEAR_MATTERS, NO_MATTER

NOW = datetime(2025, 3, 12, 1, tzinfo=UTC)
ASKED = [(matter, q) for matter, questions in MATTERS.items() for q in questions] + [
    (q, q) for q in NEAR_MATTERS + NO_MATTER
]
"""Each question with what it is about: its matter, or itself when it is alone."""
TOPICS = len(MATTERS) + len(NEAR_MATTERS) + len(NO_MATTER)


@pytest.mark.parametrize(
    ("name", "order"),
    [
        ("as asked", list(range(len(ASKED)))),
        ("reversed", list(range(len(ASKED)))[::-1]),
        ("interleaved", sorted(range(len(ASKED)), key=lambda i: (i % 8, i))),
    ],
)
def test_each_matter_is_one_topic_and_no_topic_holds_two(name: str, order: list[int]) -> None:
    """Whatever order the questions come in, the period has one topic per matter, and one per
    other question: sixteen."""
    asked = [ASKED[i] for i in order]
    terms = period_terms(q for _, q in asked)
    sets = [frozenset(terms[q]) for _, q in asked]
    groups = cluster(sets, weight=term_weights(sets))
    matters_of: dict[int, set[str]] = defaultdict(set)
    groups_of: dict[str, set[int]] = defaultdict(set)
    for (matter, _), group in zip(asked, groups, strict=True):
        matters_of[group].add(matter)
        groups_of[matter].add(group)
    assert {matter: len(found) for matter, found in groups_of.items() if len(found) > 1} == {}
    assert [found for found in matters_of.values() if len(found) > 1] == []
    assert len(matters_of) == TOPICS


def test_the_digest_counts_each_matter_as_one_gap() -> None:
    """The knowledge gaps of the period: the eight matters, eight questions each, first, each
    shown by questions of its own matter; then questions asked once."""
    rows = [
        QuestionRow(q, tuple(topic_terms(q)), 1, 1, at, at, at)
        for hours, (_, q) in enumerate(ASKED)
        for at in [NOW - timedelta(hours=hours)]
    ]
    gaps, _ = gaps_and_topics(rows)
    matter_of = {q: matter for matter, q in ASKED}
    assert [gap.count for gap in gaps] == [8] * len(MATTERS) + [1, 1]
    shown = [{matter_of[q] for q in gap.examples} for gap in gaps[: len(MATTERS)]]
    assert sorted(m for found in shown for m in found) == sorted(MATTERS)
