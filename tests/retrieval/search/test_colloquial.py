"""Rewriting chat Vietnamese for search: shorthand, fillers and everyday phrases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrieval.search.colloquial import (
    Glossary,
    GlossaryError,
    load_glossary,
    rewrite,
    shipped_glossary,
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


# --- shorthand, with and without diacritics ----------------------------------------------

EXPANDED = [
    ("ko có giấy tờ", "không có giấy tờ"),
    ("Ko co giay to", "không co giay to"),
    ("hok biết", "không biết"),
    ("khum đc", "không được"),
    ("dc ko", "được không"),
    ("k có sổ", "không có sổ"),
    ("bn tiền", "bao nhiêu tiền"),
    ("bnhiu tien", "bao nhiêu tien"),
    ("làm ntn", "làm như thế nào"),
    ("lam j", "lam gì"),
    ("sđt ubnd xã", "số điện thoại ủy ban nhân dân xã"),
    ("sdt ubnd xa", "số điện thoại ủy ban nhân dân xa"),
    ("SĐT UBND xã", "số điện thoại ủy ban nhân dân xã"),
    ("CMND cũ", "chứng minh nhân dân cũ"),
    ("cccd het han thi sao", "căn cước công dân het han thi sao"),
    ("vk ck", "vợ chồng"),
    ("ck em đánh em", "chồng em đánh em"),
    ("nộp phí bằng ck", "nộp phí bằng chuyển khoản"),  # the longer key wins over "ck"
    ("sổ hk", "sổ hộ khẩu"),
    ("xoá hk", "xóa hộ khẩu"),  # old tone placement
    ("tp.hcm", "thành phố hồ chí minh"),
    ("Sở TP", "sở tư pháp"),
    ("theo nđ 30/2020/NĐ-CP", "theo nghị định 30/2020/NĐ-CP"),
    ("ko?", "không?"),
    ("dang ki tam tru", "đăng ký tam tru"),  # documents write "ký"
]


@pytest.mark.parametrize(("question", "text"), EXPANDED)
def test_shorthand_is_expanded(glossary: Glossary, question: str, text: str) -> None:
    assert rewrite(question, glossary).text == text


# Whole words only, never inside a code or next to a number, and ambiguous ones left alone.
LEFT_AS_TYPED = [
    "kho bạc nhà nước",  # "ko" is not inside "kho"
    "Điều 5 khoản 2",
    "Điều 5 k 2",  # k = khoản
    "phí 50 k",  # k = nghìn
    "điểm k khoản 2",  # point k)
    "từ điểm a) đến k)",
    "(k)",
    "theo k1",
    "hk biết",  # không? hộ khẩu? học kỳ?
    "điểm hk 1",
    "Quyết định 15/QĐ-UBND",  # acronyms inside a number and symbol
    "Nghị định 30/2020/NĐ-CP",
    "so hong",  # "hong" may be "hồng": not expanded to "không"
    "cccd123",
]


@pytest.mark.parametrize("question", LEFT_AS_TYPED)
def test_words_that_are_not_shorthand_stay(glossary: Glossary, question: str) -> None:
    rewritten = rewrite(question, glossary)
    assert rewritten.text == question
    assert not [e for e in rewritten.fired if e.kind != "term"]


def test_an_acronym_stays_as_a_search_term_beside_its_expansion(glossary: Glossary) -> None:
    rewritten = rewrite("sđt UBND xã", glossary)
    assert rewritten.terms == ("UBND",)
    assert [(e.kind, e.source, e.target) for e in rewritten.fired] == [
        ("abbreviation", "sđt", ("số điện thoại",)),
        ("acronym", "UBND", ("ủy ban nhân dân",)),
    ]
    assert rewritten.query == "số điện thoại ủy ban nhân dân xã UBND"


# --- fillers -------------------------------------------------------------------------------

FILLED = [
    ("ad ơi cho em hỏi làm giấy khai sinh cần gì ạ?", "làm giấy khai sinh cần gì?"),
    ("cho mình hỏi, cccd hết hạn thì sao vậy", "căn cước công dân hết hạn thì sao"),
    ("xin hỏi lệ phí bao nhiêu z", "lệ phí bao nhiêu"),
    ("Dạ cho e hoi thu tuc tam tru", "thu tuc tam tru"),
    ("làm thẻ căn cước ở đâu thế", "làm thẻ căn cước ở đâu"),
    ("giúp em làm giấy tờ này với nhé", "giúp em làm giấy tờ này"),
    ("lệ phí bao nhiêu a", "lệ phí bao nhiêu"),
    ("dk tam tru can j vay ad", "đăng ký tạm trú can gì"),  # "ad": the admin; "j vay": gì vậy
    ("thu tuc vay von", "thu tuc vay von"),  # "vay" alone is a loan
]


@pytest.mark.parametrize(("question", "text"), FILLED)
def test_fillers_are_removed(glossary: Glossary, question: str, text: str) -> None:
    assert rewrite(question, glossary).text == text


FILLER_LOOKALIKES = [
    "vợ chồng bỏ nhau thì con ở với ai",  # "với" inside the clause
    "thế nào là hộ nghèo",  # "thế" at the start
    "lam the",  # "the" may be "thẻ", only "thế" is a filler
    "di vay",  # "vay" is a loan, only "vậy" is a filler
    "theo điểm a",  # a point, not "ạ"
    "bằng lái hạng a",  # a class
    "bảo hiểm có trả tiền đau dạ dày không",  # "dạ" only opens a clause
]


@pytest.mark.parametrize("question", FILLER_LOOKALIKES)
def test_words_like_fillers_stay(glossary: Glossary, question: str) -> None:
    rewritten = rewrite(question, glossary)
    assert rewritten.text == question
    assert not [e for e in rewritten.fired if e.kind == "filler"]


def test_a_question_of_fillers_only_is_not_emptied(glossary: Glossary) -> None:
    assert rewrite("vậy ạ", glossary).text == "vậy"
    assert rewrite("ạ", glossary).text == "ạ"


# --- everyday phrases ------------------------------------------------------------------------

PHRASES = [
    ("vợ chồng bỏ nhau thì con ở với ai", ["ly hôn", "quyền nuôi con"]),
    ("vo chong bo nhau thi con o voi ai", ["ly hôn", "quyền nuôi con"]),
    ("ko có sổ hộ khẩu thì làm giấy tờ gì", ["xác nhận thông tin về cư trú", "thành phần hồ sơ"]),
    ("lam giay khai sinh cho be can gi", ["đăng ký khai sinh", "thành phần hồ sơ"]),
    ("tiền nuôi con là bao nhiêu", ["cấp dưỡng"]),
    ("so do", ["giấy chứng nhận quyền sử dụng đất"]),
    ("SỔ HỒNG", ["giấy chứng nhận quyền sử dụng đất"]),
    ("nghỉ đẻ được mấy tháng", ["nghỉ thai sản"]),
    ("say xỉn lái xe phạt bn", ["nồng độ cồn"]),
    ("bị đuổi việc có được bồi thường không", ["sa thải", "buộc thôi việc"]),
    ("ăn trộm xe máy đi tù mấy năm", ["trộm cắp tài sản", "phạt tù"]),
    ("nhập hk cho con", ["đăng ký thường trú"]),
    ("bằng lái hết hạn", ["giấy phép lái xe"]),
    ("cccd het han thi sao", ["cấp đổi thẻ căn cước", "cccd"]),
    ("bn tien", ["lệ phí"]),
]


@pytest.mark.parametrize(
    "question",
    ["Không có giấy phép xây dựng thì bị phạt bao nhiêu tiền?", "ko dk tam tru bi phat bn"],
)
def test_a_fine_is_not_a_fee(glossary: Glossary, question: str) -> None:
    """ "bao nhiêu tiền" asks a fee, but "phạt bao nhiêu tiền" asks a fine."""
    terms = rewrite(question, glossary).terms
    assert "mức phạt tiền" in terms and "lệ phí" not in terms


@pytest.mark.parametrize(("question", "terms"), PHRASES)
def test_everyday_phrases_add_document_terms(
    glossary: Glossary, question: str, terms: list[str]
) -> None:
    rewritten = rewrite(question, glossary)
    assert set(terms) <= set(rewritten.terms)


def test_typed_diacritics_are_respected(glossary: Glossary) -> None:
    assert "phạt tù" in rewrite("di tu mấy năm", glossary).terms  # no diacritics: may be tù
    assert rewrite("đi tu", glossary).terms == ()  # a monk, not a prison


SMALL = Glossary(
    terms={
        "bỏ nhau": ("ly hôn",),
        "sổ đỏ": ("A",),
        "làm sổ đỏ": ("B",),
        "làm sổ": ("C",),
    }
)

WHOLE_WORDS = [
    ("cả hai bỏ nhau rồi", ("ly hôn",)),
    ("ca hai bo nhau roi", ("ly hôn",)),
    ("BỎ NHAU", ("ly hôn",)),
    ("bỏ nhậu", ()),  # other diacritics: another word
    ("bỏ, nhau", ()),  # not across punctuation
    ("bỏnhau", ()),
    ("bỏ nhauu", ()),
    ("làm sổ đỏ", ("B",)),  # the longest key wins, the shorter ones inside it do not fire
    ("làm sổ hộ khẩu", ("C",)),
    ("mất sổ đỏ", ("A",)),
]


@pytest.mark.parametrize(("question", "terms"), WHOLE_WORDS)
def test_phrases_match_whole_syllables_longest_first(question: str, terms: tuple[str]) -> None:
    assert rewrite(question, SMALL).terms == terms


def test_fired_rules_name_the_words_as_typed() -> None:
    fired = rewrite("cả hai BO NHAU, làm sổ đỏ", SMALL).fired
    assert [(e.kind, e.source, e.target) for e in fired] == [
        ("term", "BO NHAU", ("ly hôn",)),
        ("term", "làm sổ đỏ", ("B",)),
    ]


def test_a_term_already_in_the_question_is_not_added_again() -> None:
    glossary = Glossary(terms={"lừa đảo": ("lừa đảo chiếm đoạt tài sản",)})
    assert rewrite("lua dao qua mang", glossary).terms == ("lừa đảo chiếm đoạt tài sản",)
    assert rewrite("tội lừa đảo chiếm đoạt tài sản", glossary).terms == ()


# --- questions that need nothing -------------------------------------------------------------

FORMAL = [
    "Thủ tục đăng ký khai sinh cho trẻ em gồm những giấy tờ nào?",
    "Thời hạn giải quyết đăng ký thường trú là bao lâu?",
    "Lệ phí cấp giấy chứng nhận quyền sử dụng đất là bao nhiêu?",
    "Người lao động bị sa thải có được trợ cấp thôi việc không?",
    "Điều 5 Nghị định 30/2020/NĐ-CP quy định gì?",
    "Tội lừa đảo chiếm đoạt tài sản bị phạt tù bao nhiêu năm?",
]
ENGLISH = [
    "How do I register temporary residence?",
    "What is the fee for a passport, and can I pay by ck?",
    "Who signs decision 15/QĐ-UBND?",
]


@pytest.mark.parametrize("question", FORMAL + ENGLISH)
def test_formal_and_english_questions_pass_through(glossary: Glossary, question: str) -> None:
    rewritten = rewrite(f"  {question}  ", glossary)
    assert (rewritten.text, rewritten.terms, rewritten.fired) == (question, (), ())


def test_document_terms_of_the_glossary_expand_to_nothing_more(glossary: Glossary) -> None:
    targets = {t for terms in glossary.terms.values() for t in terms}
    assert {t: rewrite(t, glossary).terms for t in targets if rewrite(t, glossary).terms} == {}


def test_shipped_glossary_is_large_enough(glossary: Glossary) -> None:
    assert shipped_glossary() is shipped_glossary()  # read once
    assert shipped_glossary() == glossary
    assert len(glossary.terms) >= 80
    assert len(glossary.abbreviations) >= 30
    assert all(glossary.terms.values())


# --- an office's own glossary ----------------------------------------------------------------


def office(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_office_file_overrides_adds_and_removes(tmp_path: Path) -> None:
    path = office(
        tmp_path,
        '[terms]\n"bỏ nhau" = ["chấm dứt hôn nhân"]\n"giấy hồng" = ["giấy chứng nhận"]\n'
        '"sổ đỏ" = []\n[abbreviations]\n"đkkh" = "đăng ký kết hôn"\nck = ""\n',
    )
    merged = load_glossary(path)
    assert rewrite("bo nhau", merged).terms == ("chấm dứt hôn nhân",)
    assert rewrite("giay hong", merged).terms == ("giấy chứng nhận",)
    assert rewrite("đkkh", merged).text == "đăng ký kết hôn"
    assert rewrite("ck em", merged).text == "ck em"
    assert rewrite("sổ đỏ", merged).terms == ()
    assert rewrite("sổ hồng", merged).terms[0] == "giấy chứng nhận quyền sử dụng đất"  # shipped
    assert "ck" not in merged.abbreviations
    assert len(merged.terms) == len(load_glossary().terms)  # one added, one removed


BROKEN = [
    ('[terms]\n"a" = ["b"]\n"c" = \n', "line 3"),  # not TOML
    ('[terms]\n"a" = ["b"]\n[synonyms]\n"c" = "d"\n', "line 3"),  # unknown section
    ('ko = "không"\n', "line 1"),  # outside a section
    ('[terms]\n"a" = ["b"]\n"c" = 5\n', "line 3"),
    ('[terms]\n"a" = ["b", 5]\n', "line 2"),
    ('[fillers]\n"ạ" = "everywhere"\n', "line 2"),
    ('[abbreviations]\n"ko" = ["không"]\n', "line 2"),
    ('[abbreviations]\n"..." = "x"\n', "line 2"),  # a key without words
]


@pytest.mark.parametrize(("text", "line"), BROKEN)
def test_a_malformed_office_file_names_file_and_line(tmp_path: Path, text: str, line: str) -> None:
    path = office(tmp_path, text)
    with pytest.raises(ValueError) as caught:
        load_glossary(path)
    assert str(path) in str(caught.value)
    assert re.search(rf"\b{line}\b", str(caught.value))


def test_an_unreadable_office_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"missing\.toml"):
        load_glossary(tmp_path / "missing.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[terms]\n"b\xf5 nhau" = ["x"]\n')
    with pytest.raises(GlossaryError, match=r"latin1\.toml"):
        load_glossary(path)


# --- what the answerability judge reads ------------------------------------------------------

READINGS = [
    # An everyday word no document uses gives way to the document terms.
    ("Chuyển hộ khẩu sang nhà mới", "đăng ký thường trú, xóa đăng ký thường trú sang nhà mới"),
    ("vợ chồng bỏ nhau thì con ở với ai", "vợ chồng ly hôn thì quyền nuôi con, trực tiếp nuôi con"),
    # A phrase whose document terms the question already has is dropped, not repeated.
    (
        "Thời hạn giải quyết đăng ký thường trú là bao lâu?",
        "Thời hạn giải quyết đăng ký thường trú là ?",
    ),
    # "Bắt buộc" asks whether one must: documents write "phải".
    (
        "Đăng ký kết hôn có bắt buộc cả hai cùng có mặt không?",
        "Đăng ký kết hôn có phải cả hai cùng có mặt không?",
    ),
    # The acronym stays beside its expansion, as in the search.
    ("sđt UBND xã", "số điện thoại ủy ban nhân dân xã UBND"),
]


@pytest.mark.parametrize(("question", "reading"), READINGS)
def test_the_judge_reads_the_documents_words(
    glossary: Glossary, question: str, reading: str
) -> None:
    assert rewrite(question, glossary).reading == reading


def test_an_english_question_is_read_as_typed(glossary: Glossary) -> None:
    assert rewrite("How do I register temporary residence?", glossary).reading == (
        "How do I register temporary residence?"
    )
