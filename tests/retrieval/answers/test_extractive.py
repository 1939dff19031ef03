"""Extractive answers: coverage, sentence picking and the covered / not covered decision."""

from __future__ import annotations

import dataclasses

import pytest

from retrieval.answers.answerability import Judge, Model
from retrieval.answers.extractive import (
    Answer,
    AnswerPolicy,
    Citation,
    Quote,
    best_sentences,
    coverage,
    extractive_answer,
)
from retrieval.search.results import Evidence

MARRIAGE = """Điều 18. Thủ tục đăng ký kết hôn
1. Hai bên nam, nữ nộp tờ khai đăng ký kết hôn cho cơ quan đăng ký hộ tịch. Hai bên phải có mặt khi đăng ký.
2. Ngay sau khi nhận đủ giấy tờ, công chức tư pháp xem xét hồ sơ. Thời hạn giải quyết đăng ký kết hôn là ngay trong ngày.
3. Trường hợp cần xác minh thì thời hạn giải quyết không quá 05 ngày làm việc.
4. Giấy chứng nhận kết hôn được cấp cho mỗi bên một bản chính.
5. Hai bên ký vào sổ hộ tịch."""  # noqa: E501

ARCHIVE = """Điều 9. Thời hạn nộp lưu hồ sơ
1. Hồ sơ được nộp lưu vào lưu trữ cơ quan trong thời hạn 01 năm kể từ ngày công việc kết thúc.
2. Hồ sơ xây dựng cơ bản nộp lưu trong thời hạn 03 tháng kể từ ngày quyết toán."""

DEADLINE_QUESTION = "Thời hạn giải quyết đăng ký kết hôn là bao lâu?"


def flat(terms: list[str]) -> list[float]:
    """Every term equally rare: coverage is the plain share of the question's terms."""
    return [1.0] * len(terms)


# A judge with known weights, so these tests do not move when the shipped model is refitted:
# with vectors, 10 x coverage + 10 x cosine - 16; without, 10 x coverage - 9.
JUDGE = Judge(
    hybrid=Model({"coverage": 10.0, "dense": 10.0}, -16.0, answer=0.5, partial=0.2),
    lexical=Model({"coverage": 10.0}, -9.0, answer=0.5, partial=0.2),
)
POLICY = AnswerPolicy(
    judge=JUDGE,
    max_quotes=2,
    max_sentences=3,
    second_quote_margin=0.1,
    whole_passage_chars=0,  # always trim, so the trimming is what these tests see
)


def evidence(
    text: str,
    *,
    chunk_id: int = 1,
    score: float = 1.0,
    dense_score: float | None = 0.9,
    article: str | None = "Điều 18",
    page: int | None = 4,
) -> Evidence:
    heading = text.splitlines()[0]
    return Evidence(
        chunk_id=chunk_id,
        text=text,
        heading=heading,
        article=article,
        section="Chương III",
        page=page,
        title=f"Nghị định văn bản {chunk_id}",
        number=f"{chunk_id}/2015/NĐ-CP",
        source=f"nghi-dinh-{chunk_id}.pdf",
        collection="ho-tich",
        sensitivity="public",
        score=score,
        bm25_score=score * 10,
        dense_score=dense_score,
    )


# --- coverage --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "passage", "expected"),
    [
        ("kết hôn", "Đăng ký KẾT HÔN tại xã", 1.0),
        ("ket hon", "Đăng ký kết hôn", 1.0),  # folded on both sides
        ("kết hôn", "ket hon", 1.0),
        ("kết hôn ly hôn", "Thủ tục kết hôn", 2 / 3),
        ("thời hạn nộp lưu hồ sơ", "Hồ sơ nộp lưu trong một năm", 4 / 6),
        ("giấy khai sinh", "Đăng ký kết hôn", 0.0),
        ("là gì vậy?", "Đăng ký kết hôn là gì", 0.0),  # no content terms
        ("", "Đăng ký kết hôn", 0.0),
    ],
)
def test_coverage(question: str, passage: str, expected: float) -> None:
    assert coverage(question, passage) == pytest.approx(expected)


def test_coverage_matches_whole_syllables_only() -> None:
    # "hon" must not match inside "honda"; "so" must not match inside "sol".
    assert coverage("hôn sổ", "honda sol") == 0.0


def test_coverage_of_english_question_uses_stems() -> None:
    question = "Which documents do citizens submit?"
    passage = "Each citizen submits one document."
    assert coverage(question, passage, "en") == 1.0
    assert coverage(question, passage, "vi") == pytest.approx(0.0)


# --- best_sentences --------------------------------------------------------------------------


def test_best_sentences_keeps_heading_and_marks_gaps() -> None:
    result = best_sentences(DEADLINE_QUESTION, MARRIAGE, 3)
    assert result.splitlines() == [
        "Điều 18. Thủ tục đăng ký kết hôn",
        "1. Hai bên nam, nữ nộp tờ khai đăng ký kết hôn cho cơ quan đăng ký hộ tịch.",
        "…",
        "Thời hạn giải quyết đăng ký kết hôn là ngay trong ngày.",
        "3. Trường hợp cần xác minh thì thời hạn giải quyết không quá 05 ngày làm việc.",
    ]


def test_best_sentences_keeps_clause_numbers_with_their_text() -> None:
    lines = best_sentences("giấy chứng nhận kết hôn bản chính", MARRIAGE, 1).splitlines()
    assert lines == [
        "Điều 18. Thủ tục đăng ký kết hôn",
        "…",
        "4. Giấy chứng nhận kết hôn được cấp cho mỗi bên một bản chính.",
    ]
    assert "4." not in lines  # the clause number is never a piece of its own


def test_best_sentences_gap_before_a_later_sentence_only() -> None:
    lines = best_sentences("ký vào sổ hộ tịch", MARRIAGE, 1).splitlines()
    assert lines == ["Điều 18. Thủ tục đăng ký kết hôn", "…", "5. Hai bên ký vào sổ hộ tịch."]


def test_best_sentences_first_sentence_needs_no_gap() -> None:
    lines = best_sentences("nộp tờ khai cho cơ quan hộ tịch", MARRIAGE, 1).splitlines()
    assert lines == [
        "Điều 18. Thủ tục đăng ký kết hôn",
        "1. Hai bên nam, nữ nộp tờ khai đăng ký kết hôn cho cơ quan đăng ký hộ tịch.",
    ]


def test_best_sentences_returns_short_passages_whole() -> None:
    assert best_sentences("bất kỳ câu hỏi nào", ARCHIVE, 3) == ARCHIVE


def test_best_sentences_splits_on_sentence_ends_only() -> None:
    passage = (
        "Điều 2. Hồ sơ\n"
        "Hồ sơ gồm: a) Tờ khai. b) Bản sao giấy tờ.\n"
        "Căn cứ Nghị định số 123/2015/NĐ-CP. Hồ sơ nộp trực tiếp! Có thể nộp qua mạng? Được.\n"
        "Thời hạn là 2.5 ngày."
    )
    lines = best_sentences("hồ sơ nộp trực tiếp", passage, 10).splitlines()
    assert lines == [
        "Điều 2. Hồ sơ",
        "Hồ sơ gồm: a) Tờ khai. b) Bản sao giấy tờ.",  # lower-case "b)" does not start one
        "Căn cứ Nghị định số 123/2015/NĐ-CP.",
        "Hồ sơ nộp trực tiếp!",
        "Có thể nộp qua mạng?",
        "Được.",
        "Thời hạn là 2.5 ngày.",
    ]


def test_best_sentences_does_not_split_after_tp_abbreviation() -> None:
    passage = (
        "Điều 1. Trụ sở\n"
        "Trụ sở chính đặt tại TP. Hồ Chí Minh.\n"
        "Chi nhánh đặt tại Hà Nội.\n"
        "Văn phòng đại diện đặt tại Đà Nẵng.\n"
        "Giờ làm việc từ 8 giờ."
    )
    lines = best_sentences("trụ sở chính ở đâu", passage, 1).splitlines()
    assert lines == ["Điều 1. Trụ sở", "Trụ sở chính đặt tại TP. Hồ Chí Minh."]


# --- extractive_answer ------------------------------------------------------------------------


def test_covered_answer_quotes_top_passage_with_its_citation() -> None:
    top = evidence(MARRIAGE)
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [top], flat, POLICY)
    assert isinstance(answer, Answer)
    assert answer.covered is True
    assert answer.question == DEADLINE_QUESTION
    assert answer.language == "vi"
    assert answer.kind == "answer" and answer.partial is False
    assert answer.evidence["coverage"] == pytest.approx(coverage(DEADLINE_QUESTION, MARRIAGE))
    assert answer.probability == pytest.approx(JUDGE.hybrid.probability(answer.evidence))
    assert answer.top == Citation.of(top)
    assert answer.nearest == []
    assert answer.generated is None
    (quote,) = answer.quotes
    assert quote == Quote(best_sentences(DEADLINE_QUESTION, MARRIAGE, 3), Citation.of(top))
    assert quote.citation == Citation(
        title="Nghị định văn bản 1",
        number="1/2015/NĐ-CP",
        heading="Điều 18. Thủ tục đăng ký kết hôn",
        article="Điều 18",
        page=4,
        source="nghi-dinh-1.pdf",
        collection="ho-tich",
        sensitivity="public",
    )
    assert "Thời hạn giải quyết đăng ký kết hôn là ngay trong ngày." in quote.text


def test_max_sentences_limits_the_quote() -> None:
    policy = AnswerPolicy(judge=JUDGE, max_sentences=1, whole_passage_chars=0)
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [evidence(MARRIAGE)], flat, policy)
    assert answer.quotes[0].text.splitlines() == [
        "Điều 18. Thủ tục đăng ký kết hôn",
        "…",
        "Thời hạn giải quyết đăng ký kết hôn là ngay trong ngày.",
    ]


def test_low_coverage_is_not_covered_and_lists_up_to_three_nearest() -> None:
    items = [evidence(ARCHIVE, chunk_id=i, score=1.0 - i / 10) for i in range(1, 6)]
    question = "Lệ phí cấp giấy khai sinh cho trẻ em là bao nhiêu?"
    answer = extractive_answer(question, "vi", items, flat, POLICY)
    assert answer.covered is False
    assert answer.quotes == []
    assert answer.nearest == [Citation.of(e) for e in items[:3]]
    assert [c.source for c in answer.nearest] == [
        "nghi-dinh-1.pdf",
        "nghi-dinh-2.pdf",
        "nghi-dinh-3.pdf",
    ]
    assert answer.kind == "not_covered"
    assert answer.evidence["coverage"] == pytest.approx(coverage(question, ARCHIVE))
    assert answer.probability < JUDGE.hybrid.partial


def test_nearest_names_each_document_once() -> None:
    """Three clauses of one decree and another decree: two lines, the best clause of each."""
    same = [dataclasses.replace(evidence(ARCHIVE, chunk_id=i), source="nd.pdf") for i in (1, 2, 3)]
    other = evidence(ARCHIVE, chunk_id=4)
    answer = extractive_answer("lệ phí khai sinh", "vi", [*same, other], flat, POLICY)
    assert answer.kind == "not_covered"
    assert answer.nearest == [Citation.of(same[0]), Citation.of(other)]


def test_nearest_lists_fewer_when_fewer_evidence() -> None:
    answer = extractive_answer("lệ phí khai sinh", "vi", [evidence(ARCHIVE)], flat, POLICY)
    assert answer.covered is False
    assert len(answer.nearest) == 1


@pytest.mark.parametrize(
    ("dense_score", "kind"),
    [(0.95, "answer"), (0.80, "answer"), (0.70, "partial"), (0.10, "not_covered")],
)
def test_the_judge_reads_the_cosine_too(dense_score: float, kind: str) -> None:
    """Coverage 8/9 with the test judge: 8.9 + 10 x cosine - 16 decides."""
    top = evidence(MARRIAGE, dense_score=dense_score)
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [top], flat, POLICY)
    assert answer.kind == kind
    assert answer.covered is (kind == "answer")
    assert answer.top == Citation.of(top)
    if kind == "not_covered":
        assert answer.quotes == []
        assert answer.nearest == [Citation.of(top)]
    else:  # an answer, or the closest provision quoted with a warning
        assert answer.quotes[0].citation == Citation.of(top)
        assert answer.nearest == []


def test_lexical_only_evidence_goes_to_the_lexical_model() -> None:
    question = "thời hạn giải quyết đăng ký khai sinh"  # 7 of 8 terms: "sinh" is missing
    assert coverage(question, MARRIAGE) == pytest.approx(7 / 8)
    with_dense = extractive_answer(question, "vi", [evidence(MARRIAGE)], flat, POLICY)
    without_dense = extractive_answer(
        question, "vi", [evidence(MARRIAGE, dense_score=None)], flat, POLICY
    )
    assert with_dense.kind == "answer"
    assert without_dense.kind == "partial"  # 8.75 - 9 < 0: p 0.44


def test_thresholds_of_the_policy_override_the_judge_s() -> None:
    strict = AnswerPolicy(judge=JUDGE, answer_threshold=0.99, partial_threshold=0.9)
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [evidence(MARRIAGE)], flat, strict)
    assert answer.kind == "not_covered"
    lenient = AnswerPolicy(judge=JUDGE, answer_threshold=0.0)
    answer = extractive_answer("lệ phí khai sinh", "vi", [evidence(ARCHIVE)], flat, lenient)
    assert answer.kind == "answer"


def test_a_named_article_is_answered_whatever_the_judge_says() -> None:
    named = dataclasses.replace(evidence(ARCHIVE), referenced=True)
    answer = extractive_answer("Điều 9 nói gì?", "vi", [named], flat, POLICY)
    assert answer.kind == "answer" and answer.probability == 1.0


def test_empty_evidence_is_not_covered() -> None:
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [], flat, POLICY)
    assert answer == Answer(DEADLINE_QUESTION, "vi", covered=False)
    assert answer.quotes == []
    assert answer.nearest == []
    assert answer.probability == 0.0 and answer.top is None and answer.kind == "not_covered"


SECOND = """Điều 37. Thời hạn giải quyết
Thời hạn giải quyết đăng ký kết hôn có yếu tố nước ngoài là 15 ngày làm việc."""


@pytest.mark.parametrize(
    ("second_score", "second_text", "quoted"),
    [
        (0.90, SECOND, 2),  # covers the question as well as the top passage
        (-3.0, SECOND, 2),  # fused scores have no fixed scale: a low score does not matter
        (0.95, ARCHIVE, 1),  # the passage does not cover the question
    ],
)
def test_second_passage_quoted_only_when_it_covers_as_well(
    second_score: float, second_text: str, quoted: int
) -> None:
    top = evidence(MARRIAGE, chunk_id=1, score=1.0)
    other = evidence(second_text, chunk_id=2, score=second_score, article="Điều 37", page=9)
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [top, other], flat, POLICY)
    assert answer.covered is True
    assert len(answer.quotes) == quoted
    assert answer.quotes[0].citation == Citation.of(top)
    if quoted == 2:
        assert answer.quotes[1] == Quote(SECOND, Citation.of(other))
        assert answer.quotes[1].citation.page == 9


def test_max_quotes_one_never_adds_a_second_passage() -> None:
    policy = AnswerPolicy(judge=JUDGE, max_quotes=1)
    items = [evidence(MARRIAGE, score=1.0), evidence(SECOND, chunk_id=2, score=0.99)]
    assert len(extractive_answer(DEADLINE_QUESTION, "vi", items, flat, policy).quotes) == 1


def test_third_passage_is_not_quoted_with_two_quotes_max() -> None:
    items = [
        evidence(MARRIAGE, chunk_id=1, score=1.0),
        evidence(ARCHIVE, chunk_id=2, score=0.99),  # not covering: skipped
        evidence(SECOND, chunk_id=3, score=0.98),  # covering, but only evidence[1:2] is tried
    ]
    answer = extractive_answer(DEADLINE_QUESTION, "vi", items, flat, POLICY)
    assert [q.citation.source for q in answer.quotes] == ["nghi-dinh-1.pdf"]


def test_short_passages_are_quoted_whole() -> None:
    """Points a), b) of a short article stay together: the article is quoted as it stands."""
    policy = AnswerPolicy(judge=JUDGE, whole_passage_chars=1000)
    answer = extractive_answer(DEADLINE_QUESTION, "vi", [evidence(MARRIAGE)], flat, policy)
    assert answer.covered is True
    quoted = answer.quotes[0].text
    assert "…" not in quoted
    assert quoted.replace("\n", " ") == " ".join(MARRIAGE.split())


def test_the_passage_about_the_procedure_asked_for_is_quoted() -> None:
    """The building-permit dossier lists the land certificate: the passage of the land
    procedure below it is judged and quoted; alone, the dossier is not covered."""
    question = "Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất gồm những gì?"
    permit = (
        "Điều 3. Hồ sơ đề nghị cấp giấy phép xây dựng\nBản sao giấy chứng nhận quyền sử dụng đất."
    )
    land = "Điều 4. Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất\nĐơn đăng ký đất đai."
    dossier = evidence(permit, chunk_id=1)
    answer = extractive_answer(question, "vi", [dossier, evidence(land, chunk_id=2)], flat, POLICY)
    assert answer.top is not None and answer.top.heading.startswith("Điều 4.")
    alone = extractive_answer(question, "vi", [dossier], flat, POLICY)
    assert alone.kind == "not_covered" and alone.evidence["about_other"] == 1.0
