"""Answer, partial or not covered on the sample library, with the real model and the shipped
judge: the cases of tests/data/sample_answerability.toml (answerable questions typed every way
people type them, topics the library does not hold, and questions it only nearly answers)."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from handlers.ask import answer_question
from handlers.services import Services
from retrieval.answers.extractive import Answer
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.services import make_services

CASES = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "data" / "sample_answerability.toml").read_text(
        encoding="utf-8"
    )
)["case"]


@pytest.fixture(scope="module")
def services(sample_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Services:
    """Default services over the sample library."""
    folder = tmp_path_factory.mktemp("answerability")
    return make_services(sample_library, migrated_engine(f"sqlite:///{folder / 'records.db'}"))


def test_the_table_has_thirty_of_each() -> None:
    kinds = Counter(case["expect"] for case in CASES)
    assert kinds["answer"] >= 30 and kinds["absent"] >= 30 and kinds["partial"] >= 5


def _cites(heading: str, article: str) -> bool:
    """ "Điều 1" is a whole label: it does not match "Điều 10"."""
    return heading == article or heading.startswith((f"{article}.", f"{article} "))


def _right(case: dict[str, str], answer: Answer) -> bool:
    if case["expect"] == "answer":
        return (
            answer.kind == "answer"
            and answer.quotes[0].citation.number == case["document"]
            and _cites(answer.quotes[0].citation.heading, case["article"])
        )
    if case["expect"] == "absent":
        return answer.kind == "not_covered" and bool(answer.nearest) and not answer.quotes
    return answer.kind in {"partial", "not_covered"}  # never a confident answer


# How many of each kind the shipped judge must get right (measured: 53 of 58, 40 of 40 and
# 7 of 11 on 2026-12-05, with the judge reading what procedure is asked for; 53, 38 and 7
# before; see docs/measurements.md). Every absent topic must be told "not covered", as issue
# 12 asks. A judge that does worse fails here.
FLOORS = {"answer": 52, "absent": 40, "partial": 6}


def test_sample_cases(services: Services) -> None:
    wrong: dict[str, list[str]] = {kind: [] for kind in FLOORS}
    for case in CASES:
        answer = answer_question(case["question"], services)
        if not _right(case, answer):
            cited = answer.quotes[0].citation.heading[:40] if answer.quotes else "-"
            wrong[case["expect"]].append(
                f"{case['question']!r}: {answer.kind} p={answer.probability:.2f} {cited}"
            )
    for kind, floor in FLOORS.items():
        total = sum(case["expect"] == kind for case in CASES)
        assert total - len(wrong[kind]) >= floor, "\n".join(wrong[kind])


def test_the_passport_question_is_not_covered(services: Services) -> None:
    """The case from the field: a birth-registration article cited for a passport question."""
    answer = answer_question(
        "Thủ tục cấp hộ chiếu phổ thông cho trẻ em dưới 14 tuổi như thế nào?", services
    )
    assert answer.kind == "not_covered", (answer.probability, answer.evidence)
    assert answer.nearest and not answer.quotes
