"""What the answerability judge reads of the top passage, and the shipped model."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from retrieval.answers.answerability import (
    FEATURES,
    LEXICAL_FEATURES,
    Judge,
    Model,
    Verdict,
    features,
    question_terms,
    scope_last,
    shipped_judge,
)
from retrieval.search.results import Evidence

RARE = {"ho": 4.0, "chieu": 4.0, "ho_chieu": 6.0, "pho": 2.0, "thong": 1.0, "pho_thong": 3.0}
RARE["\x00"] = 8.0  # a term no passage holds: a library of about 1,500 passages


def idf(terms: list[str]) -> list[float]:
    """Made-up rarities: "hộ chiếu" rare, procedure words common."""
    return [RARE.get(t, 0.2) for t in terms]


def passage(text: str, **changes: Any) -> Evidence:
    heading = text.split("\n", maxsplit=1)[0]
    base = Evidence(
        1, text, heading, "Điều 8", None, None, "Nghị định", "45/2024/NĐ-CP",
        "nd.md", "mau", "public", 1.5, 9.0, 0.86, bm25_rank=1, dense_rank=2,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


PASSPORT = "Thủ tục cấp hộ chiếu phổ thông cho trẻ em như thế nào?"
BIRTH = "Điều 8. Thủ tục cấp giấy khai sinh\nCha mẹ làm thủ tục cấp giấy khai sinh cho trẻ em."


@pytest.mark.parametrize(
    ("question", "terms", "pairs"),
    [
        (PASSPORT, ["thu", "tuc", "cap", "ho", "chieu", "pho", "thong", "tre"], None),  # em: you
        ("hộ chiếu là gì", ["ho", "chieu"], ["ho_chieu"]),
        ("ho chieu la gi", ["ho", "chieu"], ["ho_chieu"]),  # folded alike
        ("Điều 5 khoản 2", ["5", "2"][:0], []),  # structure words and numbers tell nothing
    ],
)
def test_question_terms(question: str, terms: list[str], pairs: list[str] | None) -> None:
    found_terms, found_pairs = question_terms(question)
    assert found_terms == terms
    if pairs is not None:
        assert found_pairs == pairs


def test_a_rare_missing_word_outweighs_common_ones_found() -> None:
    """Most of the question's words are in the birth article, but not the ones that decide."""
    found = features(PASSPORT, "vi", [passage(BIRTH)], idf)
    terms, _ = question_terms(PASSPORT)
    plain_share = sum(t in {"thu", "tuc", "cap", "tre", "em"} for t in terms) / len(terms)
    assert plain_share == 0.5
    assert found["coverage"] < 0.15
    assert found["rarest_missing"] == 1.0  # the rarest word of the question is missing
    assert found["pair_coverage"] < 0.1
    right = features(PASSPORT, "vi", [passage("Điều 3. Cấp hộ chiếu phổ thông cho trẻ em")], idf)
    assert right["coverage"] > 0.9 and right["rarest_missing"] < 0.2


def test_agreement_margin_and_length() -> None:
    top = passage(BIRTH, score=2.0, bm25_rank=1, dense_rank=4)
    second = passage(BIRTH, chunk_id=2, score=1.25)
    found = features("giấy khai sinh", "vi", [top, second], idf)
    assert found["agreement"] == pytest.approx((1 + 1 / 4) / 2)
    assert found["margin"] == pytest.approx(0.75)
    assert found["terms"] == pytest.approx(math.log1p(3))
    alone = features("giấy khai sinh", "vi", [dataclasses.replace(top, dense_rank=None)], idf)
    assert alone["agreement"] == 0.5 and alone["margin"] == 2.0


def test_english_words_meet_by_stem() -> None:
    text = "Article 4. Leave of civil servants\nCivil servants get twelve days of annual leave."
    found = features("annual leave for a civil servant", "en", [passage(text)], idf)
    assert found["coverage"] == 1.0


def test_model_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = Model({"coverage": 2.0, "dense": -1.0}, 0.5, answer=0.6, partial=0.3)
    z = 0.5 + 2.0 * 0.25 - 1.0 * 0.5
    assert model.probability({"coverage": 0.25, "dense": 0.5, "other": 9.0}) == pytest.approx(
        1 / (1 + math.exp(-z))
    )


def test_the_shipped_judge_reads_every_feature_and_orders_its_thresholds() -> None:
    judge = shipped_judge()
    assert set(judge.hybrid.weights) == set(FEATURES)
    assert set(judge.lexical.weights) == set(LEXICAL_FEATURES)
    for model in (judge.hybrid, judge.lexical):
        assert 0.0 < model.partial <= model.answer < 1.0


def test_the_passport_question_is_not_answered_with_the_birth_article() -> None:
    """The shipped model, on the case from the field: a birth article for a passport question."""
    verdict = shipped_judge().judge(PASSPORT, "vi", [passage(BIRTH)], idf).verdict
    assert verdict == Verdict.NOT_COVERED


def test_no_evidence_is_not_covered() -> None:
    judge = Judge(Model({}, 10.0, 0.5, 0.2), Model({}, 10.0, 0.5, 0.2))
    assert judge.judge(PASSPORT, "vi", [], idf).verdict == Verdict.NOT_COVERED


SCOPE = "Điều 1. Phạm vi áp dụng\nHướng dẫn này áp dụng cho việc cấp hộ chiếu phổ thông."


@pytest.mark.parametrize(
    ("question", "heading", "verdict"),
    [
        # A scope article matched on the topic answers nothing specific: the closest provision.
        ("Cấp hộ chiếu phổ thông mất bao nhiêu ngày?", "Điều 1. Phạm vi áp dụng", "partial"),
        ("lam ho chieu pho thong o dau", "Phạm vi điều chỉnh", "partial"),  # a BEIR title
        ("How long does a passport take?", "Article 1. Scope", "partial"),
        # A question about what applies to whom is answered by it.
        ("Hộ chiếu phổ thông: những ai phải làm?", "Phạm vi và đối tượng", "answer"),
        ("Hướng dẫn này áp dụng cho hộ chiếu nào?", "Điều 1. Phạm vi áp dụng", "answer"),
        ("Who does the passport guide cover?", "Article 1. Scope", "answer"),
        ("Does the passport guide apply to children?", "Article 1 – Scope", "answer"),
        # Scope articles however their headings are written.
        ("Cấp hộ chiếu phổ thông mất bao lâu?", "Điều 1 - Phạm vi điều chỉnh", "partial"),
        ("Cấp hộ chiếu phổ thông mất bao lâu?", "Đối tượng và phạm vi áp dụng", "partial"),
        # An article whose heading only begins like one is not a scope article.
        ("Phạm vi đại diện hộ chiếu phổ thông là gì?", "Điều 7. Phạm vi đại diện", "answer"),
        ("What is the scope of work for a passport?", "Article 3. Scope of work", "answer"),
        ("Mức phạt hộ chiếu áp dụng thế nào?", "Điều 9. Phạm vi áp dụng mức phạt", "answer"),
    ],
)
def test_a_scope_article_answers_only_a_question_about_scope(
    question: str, heading: str, verdict: str
) -> None:
    always = Model({}, 10.0, 0.5, 0.2)  # the evidence alone would answer
    judge = Judge(always, always)
    top = passage(SCOPE, heading=heading)
    assert judge.judge(question, "vi", [top], idf).verdict == verdict


def test_the_article_that_answers_is_judged_before_the_scope_article() -> None:
    """The scope article came first in both rankings: the others are judged first, each
    ranked as if it were not there, and it goes last; a question about scope keeps the order."""
    scope = passage(SCOPE, heading="Điều 1. Phạm vi áp dụng", bm25_rank=1, dense_rank=1)
    fee = passage("Điều 6. Lệ phí\nLệ phí cấp hộ chiếu là 200.000 đồng.", bm25_rank=2, dense_rank=3)
    other = passage("Điều 7. Thời hạn\nBa ngày làm việc.", bm25_rank=None, dense_rank=2)
    ordered = scope_last("Lệ phí cấp hộ chiếu bao nhiêu?", [scope, fee, other])
    assert [(e.heading, e.bm25_rank, e.dense_rank) for e in ordered] == [
        ("Điều 6. Lệ phí", 1, 2),
        ("Điều 7. Thời hạn", None, 1),
        ("Điều 1. Phạm vi áp dụng", 1, 1),
    ]
    about_scope = "Hướng dẫn này áp dụng cho ai?"
    assert scope_last(about_scope, [scope, fee, other]) == [scope, fee, other]
