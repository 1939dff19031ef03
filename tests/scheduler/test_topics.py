"""Grouping a period's questions into topics: one matter meets, a shared frame does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from retrieval.records.period import QuestionRow
from retrieval.text import topic_terms
from scheduler.topics import Topic, cluster, gaps_and_topics, period_terms, term_weights
from tests.scheduler.office_questions import OFFICE_QUESTIONS

NOW = datetime(2025, 3, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        (0, 1, True),  # the same question without diacritics
        (0, 2, True),  # tạm trú: papers and fee
        (3, 4, True),  # thường trú: fee and time
        (5, 7, True),  # khai sinh
        (8, 9, True),  # kết hôn
        (10, 12, True),  # giấy phép xây dựng
        (13, 14, True),  # nghỉ phép năm
        (15, 16, True),  # khai báo tạm trú for foreigners
        (2, 3, False),  # the fee of tạm trú is not the fee of thường trú
        (0, 8, False),  # papers for tạm trú and for kết hôn
        (17, 18, False),
        (17, 0, False),
    ],
)
def test_grouping_of_office_questions(first: int, second: int, together: bool) -> None:
    """Questions about one matter meet whatever they ask of it; a shared frame is not a topic."""
    terms = period_terms(OFFICE_QUESTIONS)
    sets = [frozenset(terms[question]) for question in OFFICE_QUESTIONS]
    groups = cluster(sets, weight=term_weights(sets))
    assert (groups[first] == groups[second]) is together


def _row(question: str, asked: int, missed: int, hours_ago: int) -> QuestionRow:
    at = NOW - timedelta(hours=hours_ago)
    return QuestionRow(
        question, tuple(topic_terms(question)), asked, missed, at, at, at if missed else None
    )


def test_gaps_and_topics_are_named_counted_and_shown_by_their_questions() -> None:
    """The biggest group first, named by the matter with diacritics from a question that has
    them; gaps count only what was not answered, examples the most recent first."""
    rows = [
        _row("thu tuc dang ky tam tru can giay to gi", 2, 2, 1),
        _row("Lệ phí đăng ký tạm trú là bao nhiêu?", 3, 2, 5),
        _row("Đăng ký kết hôn cần những giấy tờ gì?", 4, 0, 2),
        _row("Giá vàng hôm nay bao nhiêu?", 1, 1, 3),
    ]
    gaps, topics = gaps_and_topics(rows)
    assert gaps[0] == Topic(
        "đăng ký tạm trú",
        4,
        ["thu tuc dang ky tam tru can giay to gi", "Lệ phí đăng ký tạm trú là bao nhiêu?"],
    )
    assert [(gap.count, gap.examples) for gap in gaps[1:]] == [(1, ["Giá vàng hôm nay bao nhiêu?"])]
    assert [(topic.label, topic.count) for topic in topics[:2]] == [
        ("đăng ký tạm trú", 5),
        ("đăng ký kết hôn", 4),
    ]
    assert [topic.count for topic in topics[2:]] == [1]
