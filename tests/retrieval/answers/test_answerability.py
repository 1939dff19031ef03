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
    about_first,
    about_other,
    asked_object,
    features,
    kind_first,
    names_asked,
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


@pytest.mark.parametrize(
    ("question", "text", "missing"),
    [
        ("Lệ phí đăng ký tạm trú là bao nhiêu?", "Điều 6. Lệ phí\nMức thu 20.000 đồng.", 0.0),
        ("Le phi dang ky tam tru", "Điều 6. Lệ phí\nĐược miễn lệ phí.", 0.0),
        (
            "Xin giấy xác nhận mất bao nhiêu tiền?",
            "Điều 4. Giấy xác nhận\nCó giá trị 6 tháng.",
            1.0,
        ),
        # "phí" named without an amount does not tell how much
        ("Phí chụp bản sao là bao nhiêu?", "Điều 3. Bản sao\nNgười yêu cầu trả phí chụp.", 1.0),
        ("Không đăng ký thì bị phạt bao nhiêu?", "Điều 2. Điều kiện\nCó chỗ ở hợp pháp.", 1.0),
        ("Không đăng ký thì bị phạt bao nhiêu?", "Điều 9. Xử lý\nPhạt tiền chủ nhà.", 0.0),
        ("Bao lâu thì có kết quả?", "Điều 5. Thời hạn\nTrong 3 ngày làm việc.", 0.0),
        ("Bao lâu thì có kết quả?", "Điều 2. Hồ sơ\nĐơn và bản sao.", 1.0),
        ("How much is the fee?", "Article 6. Fees\nThe request is free of charge.", 0.0),
        ("How much is the card?", "Article 7. Card\nThe fee is USD 145.", 0.0),
        ("How much is the card?", "Article 7. Card\nThe card is valid 2 years.", 1.0),
        ("Thủ tục đăng ký tạm trú?", "Điều 2. Hồ sơ\nĐơn và bản sao.", 0.0),  # asks no kind
        ("Kinh phí hoạt động do ai bảo đảm?", "Điều 2. Kinh phí\nDo ngân sách bảo đảm.", 0.0),
        ("Phạt tù bao nhiêu năm?", "Điều 9. Tội\nThì bị phạt tù từ 01 năm đến 05 năm.", 0.0),
        # folded "phat" is also "phát": issuing a card asks for no fine
        ("Cấp phát thẻ ở đâu?", "Điều 2. Nơi cấp\nTại Công an xã.", 0.0),
    ],
)
def test_a_kind_of_fact_asked_for_and_missing(question: str, text: str, missing: float) -> None:
    assert features(question, "vi", [passage(text)], idf)["kind_missing"] == missing


def test_the_passage_holding_the_kind_asked_for_is_judged_first() -> None:
    """The procedure article names no fee; the fee article just below it has the amount."""
    steps = passage("Điều 5. Trình tự\nNộp hồ sơ tại bộ phận một cửa.", chunk_id=1)
    fee = passage("Điều 6. Lệ phí\nLệ phí cấp đổi: 135.000 đồng/lần.", chunk_id=2)
    other = passage("Điều 7. Nơi nộp\nNộp trực tuyến.", chunk_id=3)
    assert kind_first("đổi bằng lái hết bao nhiêu tiền", [steps, other, fee]) == [fee, steps, other]
    # Asked nothing of a kind, or the top passage has it, or none near has it: as found.
    assert kind_first("đổi bằng lái ở đâu", [steps, fee]) == [steps, fee]
    assert kind_first("hết bao nhiêu tiền", [fee, steps]) == [fee, steps]
    assert kind_first("hết bao nhiêu tiền", [steps, other, other, fee]) == [
        steps,
        other,
        other,
        fee,
    ]


def test_the_kind_asked_for_is_read_in_the_question_as_typed() -> None:
    """The reading has "lệ phí" for "bao nhiêu tiền": the amount asked for is in the typed
    question only."""
    text = "Điều 7. Lệ phí đăng ký thường trú\nNộp lệ phí khi nộp hồ sơ."
    reading, typed = "Lệ phí tách hộ là?", "Lệ phí tách hộ là bao nhiêu tiền?"
    assert features(reading, "vi", [passage(text)], idf)["kind_missing"] == 0.0
    assert features(reading, "vi", [passage(text)], idf, asked=typed)["kind_missing"] == 1.0


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


@pytest.mark.parametrize(
    ("question", "language", "obtained"),
    [
        (
            "Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?",
            "vi",
            "giấy chứng nhận quyền sử dụng đất lần đầu",
        ),
        ("lam ho chieu can giay to gi", "vi", "ho chieu"),
        ("Thủ tục cấp hộ chiếu phổ thông cho trẻ em như thế nào?", "vi", "hộ chiếu phổ thông"),
        ("Gia hạn tạm trú cần nộp những giấy tờ gì?", "vi", "tạm trú"),
        (
            "Đổi giấy phép lái xe sang thẻ PET cần những giấy tờ gì?",
            "vi",
            "giấy phép lái xe sang thẻ pet",
        ),
        (
            "What documents do I need to apply for a Vietnamese passport?",
            "en",
            "vietnamese passport",
        ),
        (
            "What papers do I need to register my guest's temporary residence?",
            "en",
            "guest temporary residence",
        ),
        # Not how to obtain something: where files are kept, a time, a yes-or-no question.
        ("Hồ sơ đăng ký khai sinh được lưu tại kho lưu trữ nào?", "vi", ""),
        ("Xin giấy xác nhận tình trạng hôn nhân mất mấy ngày?", "vi", ""),
        ("Đăng ký kết hôn có bắt buộc cả hai người cùng có mặt không?", "vi", ""),
        ("Đi chứng thực chữ ký thì cần xuất trình những giấy tờ gì?", "vi", ""),
        ("Thủ tục cấp hộ chiếu hết bao nhiêu tiền?", "vi", ""),
        ("Làm hộ chiếu cần giấy tờ gì, nộp ở đâu?", "vi", ""),
        ("How long is a work permit valid?", "en", ""),
        ("How can I extend my tourist visa in Vietnam?", "en", ""),  # asks no papers
    ],
)
def test_what_the_question_asks_how_to_obtain(question: str, language: str, obtained: str) -> None:
    assert asked_object(question, language) == obtained.split()


LAND = "Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?"
PERMIT_TITLE = "Quyết định Ban hành quy trình cấp giấy phép xây dựng nhà ở riêng lẻ"
PERMIT_DOSSIER = (
    "Điều 3. Hồ sơ đề nghị cấp giấy phép xây dựng\n"
    "a) Đơn đề nghị cấp giấy phép xây dựng;\n"
    "b) Bản sao giấy chứng nhận quyền sử dụng đất."
)


def test_a_passage_that_only_lists_the_paper_asked_for_is_about_another_procedure() -> None:
    """The building-permit dossier lists the land certificate: its title and heading name
    the permit, so it does not say how to obtain the certificate."""
    dossier = passage(PERMIT_DOSSIER, title=PERMIT_TITLE)
    assert about_other(LAND, "vi", dossier, idf)
    assert not about_other("Hồ sơ đề nghị cấp giấy phép xây dựng gồm những gì?", "vi", dossier, idf)
    # Named by the document's title alone, or by the section, is enough.
    land_title = "Quy trình cấp giấy chứng nhận quyền sử dụng đất lần đầu"
    assert not about_other(LAND, "vi", passage("Điều 3. Hồ sơ\nĐơn.", title=land_title), idf)
    assert not about_other(
        LAND, "vi", passage("Điều 3. Hồ sơ\nĐơn.", title="Quyết định", section=land_title), idf
    )
    # The reading says what the documents say; a title may say it as people do.
    red_book = passage("Điều 2. Hồ sơ\nĐơn.", title="Quy trình cấp sổ đỏ")
    reading = "Thủ tục cấp giấy chứng nhận quyền sử dụng đất thế nào?"
    assert about_other(reading, "vi", red_book, idf)
    assert not about_other(reading, "vi", red_book, idf, typed="Thủ tục cấp sổ đỏ thế nào?")
    # A question that asks no such thing, or across languages: words cannot tell.
    assert not about_other("Đơn đề nghị theo mẫu nào?", "vi", dossier, idf)
    english = "What documents do I need to apply for a land use right certificate?"
    assert not about_other(english, "en", dossier, idf)
    guide = passage(
        "Article 2. Who must declare\nPresent a valid passport.", title="Guide: Residence"
    )
    assert about_other("What documents do I need to apply for a passport?", "en", guide, idf)


def test_what_must_be_named_and_when_words_cannot_tell() -> None:
    land_title = "Quy trình cấp Giấy chứng nhận quyền sử dụng đất lần đầu"
    land = passage("Điều 3. Hồ sơ\nĐơn.", title=land_title)
    # Each word as typed: with diacritics matched with them, without, folded.
    assert names_asked("Thủ tục cấp giay chung nhan quyen su dung đất", "vi", land, idf)
    assert names_asked("Thủ tục cấp hộ chiếu", "vi", land, idf) is False
    # A third of the object's weight is enough: one word of "giấy khai sinh", not one of
    # "giấy phép lái xe" (every word equally rare here).
    papers = passage("Điều 2. Hồ sơ\nĐơn.", title="Hướng dẫn cấp giấy")
    assert names_asked("Thủ tục cấp giấy khai sinh", "vi", papers, idf)
    assert names_asked("Thủ tục cấp giấy phép lái xe", "vi", papers, idf) is False
    # Words cannot tell: no article with a heading of its own (a window of a guide, headed
    # by its title), the other language, or a question that asks no such thing.
    window = dataclasses.replace(land, title="Cẩm nang", heading="Cẩm nang", article=None)
    assert names_asked("Thủ tục cấp hộ chiếu", "vi", window, idf) is None
    english = passage("Article 2. Papers\nA passport.", title="Guide: Work Permits")
    assert names_asked("Thủ tục cấp hộ chiếu", "vi", english, idf) is None
    assert names_asked("Hộ chiếu có giá trị bao lâu?", "vi", land, idf) is None


def test_the_passage_about_the_procedure_asked_for_is_judged_first_and_no_other_answers() -> None:
    always = Model({}, 10.0, 0.5, 0.2)  # the evidence alone would answer
    judge = Judge(always, always)
    dossier = passage(PERMIT_DOSSIER, title=PERMIT_TITLE, chunk_id=1)
    land = passage(
        "Điều 4. Hồ sơ\nĐơn đăng ký đất đai.",
        title=PERMIT_TITLE.replace(
            "giấy phép xây dựng nhà ở riêng lẻ", "giấy chứng nhận quyền sử dụng đất"
        ),
        chunk_id=2,
    )
    other = passage("Điều 5. Nơi nộp\nBộ phận một cửa.", title=PERMIT_TITLE, chunk_id=3)
    assert about_first(LAND, "vi", [dossier, other, land], idf) == [land, dossier, other]
    assert about_first(LAND, "vi", [dossier, other, other, land], idf)[0] == dossier  # too far
    # A passage words cannot judge (another language) is not taken for one that names it.
    english = passage("Article 2. Papers\nA passport.", title="Guide: Work Permits", chunk_id=4)
    assert about_first(LAND, "vi", [dossier, english, land], idf) == [land, dossier, english]
    refused = judge.judge(LAND, "vi", [dossier, land], idf)
    assert refused.verdict == Verdict.NOT_COVERED and refused.features["about_other"] == 1.0
    red_book = passage("Điều 2. Hồ sơ\nĐơn.", title="Quy trình cấp sổ đỏ")
    reading, typed = "Thủ tục cấp giấy chứng nhận quyền sử dụng đất?", "Thủ tục cấp sổ đỏ?"
    assert judge.judge(reading, "vi", [red_book], idf).verdict == Verdict.NOT_COVERED
    assert judge.judge(reading, "vi", [red_book], idf, asked=typed).verdict == Verdict.ANSWER
    answered = judge.judge(LAND, "vi", [land, dossier], idf)
    assert answered.verdict == Verdict.ANSWER and "about_other" not in answered.features
