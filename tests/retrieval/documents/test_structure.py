"""Splitting legal texts along Phần, Chương, Mục, Điều and khoản."""

from __future__ import annotations

import pytest

from retrieval.documents.readers import Page
from retrieval.documents.structure import ChunkDraft, ParsedDocument, parse_document

DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 30/2020/NĐ-CP
Hà Nội, ngày 05 tháng 3 năm 2020
NGHỊ ĐỊNH
Về công tác văn thư
Phần thứ nhất
NHỮNG QUY ĐỊNH CHUNG
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về công tác văn thư.
Điều 2. Đối tượng áp dụng
Nghị định này áp dụng đối với cơ quan, tổ chức.
Điều kiện áp dụng được hướng dẫn riêng.
Chương II. VĂN BẢN HÀNH CHÍNH
Mục 1. THỂ THỨC
Điều 3. Thể thức văn bản
1. Quốc hiệu và Tiêu ngữ.
2. Tên cơ quan ban hành văn bản.
"""


def parse(text: str, *, page: int | None = 1, max_chars: int = 1800) -> ParsedDocument:
    return parse_document([Page(page, text)], "tep.pdf", max_chars=max_chars)


def articles(parsed: ParsedDocument) -> list[ChunkDraft]:
    return [c for c in parsed.chunks if c.article]


# --- parse_document: hierarchy -------------------------------------------------------------


def test_decree_title_number_and_articles() -> None:
    parsed = parse(DECREE)
    assert parsed.title == "Nghị định Về công tác văn thư"
    assert parsed.number == "30/2020/NĐ-CP"
    assert [c.article for c in articles(parsed)] == ["Điều 1", "Điều 2", "Điều 3"]
    assert [c.heading for c in articles(parsed)] == [
        "Điều 1. Phạm vi điều chỉnh",
        "Điều 2. Đối tượng áp dụng",
        "Điều 3. Thể thức văn bản",
    ]


def test_decree_preamble_feeds_title_and_number_but_is_not_a_passage() -> None:
    parsed = parse(DECREE)
    assert all(c.article for c in parsed.chunks)
    assert not any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in c.text for c in parsed.chunks)


def test_sections_join_part_chapter_and_section() -> None:
    sections = [c.section for c in articles(parse(DECREE))]
    assert sections == [
        # A heading's title on the next line is joined at every level.
        "Phần thứ nhất. NHỮNG QUY ĐỊNH CHUNG / Chương I. QUY ĐỊNH CHUNG",
        "Phần thứ nhất. NHỮNG QUY ĐỊNH CHUNG / Chương I. QUY ĐỊNH CHUNG",
        "Phần thứ nhất. NHỮNG QUY ĐỊNH CHUNG / Chương II. VĂN BẢN HÀNH CHÍNH / Mục 1. THỂ THỨC",
    ]


def test_chapter_title_on_the_next_line_is_joined() -> None:
    parsed = parse("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.")
    (chunk,) = parsed.chunks
    assert chunk.section == "Chương I. QUY ĐỊNH CHUNG"
    assert "QUY ĐỊNH CHUNG" not in chunk.text


def test_chapter_directly_followed_by_article_has_no_title() -> None:
    (chunk,) = parse("Chương IV\nĐiều 9. Hiệu lực\nNghị định có hiệu lực.").chunks
    assert chunk.section == "Chương IV"
    assert chunk.article == "Điều 9"


def test_new_chapter_resets_section() -> None:
    text = "Chương I\nA\nMục 1\nĐiều 1. X\nx.\nChương II\nB\nĐiều 2. Y\ny."
    assert [c.section for c in parse(text).chunks] == ["Chương I. A / Mục 1", "Chương II. B"]


def test_article_body_and_heading_text() -> None:
    chunk = articles(parse(DECREE))[2]
    assert chunk.text == (
        "Điều 3. Thể thức văn bản\n1. Quốc hiệu và Tiêu ngữ.\n2. Tên cơ quan ban hành văn bản."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Điều kiện áp dụng được hướng dẫn riêng.",
        "Điều chỉnh lịch họp sang thứ Sáu.",
        "Điều này được thực hiện ngay.",
        "Chương trình công tác năm 2024.",
        "Mục tiêu của kế hoạch là nâng cao hiệu quả.",
    ],
)
def test_ordinary_sentences_starting_like_headings_stay_in_the_body(line: str) -> None:
    parsed = parse(f"Điều 2. Đối tượng áp dụng\nCơ quan, tổ chức.\n{line}")
    (chunk,) = parsed.chunks
    assert chunk.article == "Điều 2"
    assert chunk.text.endswith(line)
    assert chunk.section is None


@pytest.mark.parametrize(
    ("line", "label", "heading"),
    [
        ("Điều 3. Thể thức", "Điều 3", "Điều 3. Thể thức"),
        ("ĐIỀU 3: PHẠM VI", "Điều 3", "Điều 3. PHẠM VI"),
        ("Điều 3a. Bổ sung", "Điều 3a", "Điều 3a. Bổ sung"),
        ("**Điều 12. Hiệu lực**", "Điều 12", "Điều 12. Hiệu lực"),
        ("## Điều 7. Trách nhiệm", "Điều 7", "Điều 7. Trách nhiệm"),
        ("Article 2. Scope", "Article 2", "Article 2. Scope"),
        ("Article 4", "Article 4", "Article 4"),
    ],
)
def test_article_labels(line: str, label: str, heading: str) -> None:
    (chunk,) = parse(f"{line}\nNội dung điều.").chunks
    assert chunk.article == label
    assert chunk.heading == heading


def test_markdown_bold_label_is_cleaned_from_heading() -> None:
    (chunk,) = parse("**Điều 12.** Hiệu lực\nNghị định có hiệu lực từ ngày ký.").chunks
    assert chunk.article == "Điều 12"
    assert chunk.heading == "Điều 12. Hiệu lực"


def test_english_chapters_and_articles() -> None:
    text = (
        "# Office Rules\nChapter 1\nGENERAL PROVISIONS\nArticle 1. Purpose\nThese rules apply.\n"
        "Article 2. Scope\nAll staff.\nSection 2\nArticle 3: Leave\nStaff may take leave."
    )
    parsed = parse(text, page=None)
    assert parsed.title == "Office Rules"
    assert [(c.article, c.heading, c.section, c.page) for c in parsed.chunks] == [
        ("Article 1", "Article 1. Purpose", "Chapter 1. GENERAL PROVISIONS", None),
        ("Article 2", "Article 2. Scope", "Chapter 1. GENERAL PROVISIONS", None),
        ("Article 3", "Article 3. Leave", "Chapter 1. GENERAL PROVISIONS / Section 2", None),
    ]


# --- long articles split by clause ------------------------------------------------------------

CLAUSE = "{i}. Khoản {i} quy định việc lập hồ sơ công việc và nộp lưu tài liệu vào lưu trữ cơ quan."


def long_article(label: str = "Điều 5. Trách nhiệm lưu trữ", clauses: int = 6) -> str:
    return label + "\n" + "\n".join(CLAUSE.format(i=i) for i in range(1, clauses + 1))


def test_long_article_is_split_by_clause() -> None:
    chunks = parse(long_article(), max_chars=250).chunks
    assert [c.heading for c in chunks] == [
        "Điều 5. Trách nhiệm lưu trữ, khoản 1",
        "Điều 5. Trách nhiệm lưu trữ, khoản 3",
        "Điều 5. Trách nhiệm lưu trữ, khoản 5",
    ]
    assert {c.article for c in chunks} == {"Điều 5"}
    for chunk in chunks:
        assert chunk.text.startswith("Điều 5. Trách nhiệm lưu trữ\n")  # header repeated
    assert chunks[1].text.splitlines()[1:] == [CLAUSE.format(i=3), CLAUSE.format(i=4)]


def test_split_keeps_every_clause_exactly_once() -> None:
    chunks = parse(long_article(clauses=9), max_chars=300).chunks
    body = [line for c in chunks for line in c.text.splitlines()[1:]]
    assert body == [CLAUSE.format(i=i) for i in range(1, 10)]


def test_long_english_article_uses_clause_word() -> None:
    text = "Article 8. Records\n" + "\n".join(
        f"{i}. Clause {i} keeps the records of the office for ten years at least."
        for i in range(1, 6)
    )
    headings = [c.heading for c in parse(text, max_chars=160).chunks]
    assert headings[0] == "Article 8. Records, clause 1"
    assert all(h.startswith("Article 8. Records, clause ") for h in headings)
    assert len(headings) > 1


def test_short_article_is_not_split() -> None:
    (chunk,) = parse(long_article(clauses=2)).chunks
    assert chunk.heading == "Điều 5. Trách nhiệm lưu trữ"


# --- pages --------------------------------------------------------------------------------------


def test_pages_come_from_page_numbers() -> None:
    pages = [
        Page(1, "QUY CHẾ\nCông tác văn thư\nĐiều 1. Phạm vi\nQuy chế này quy định."),
        Page(2, "tiếp theo của điều 1.\nĐiều 2. Đối tượng\nCán bộ, công chức."),
        Page(3, "Điều 3. Hiệu lực\nCó hiệu lực từ ngày ký."),
    ]
    parsed = parse_document(pages, "quy-che.pdf")
    assert parsed.title == "Quy chế Công tác văn thư"
    assert [(c.article, c.page) for c in parsed.chunks] == [
        ("Điều 1", 1),
        ("Điều 2", 2),
        ("Điều 3", 3),
    ]
    # An article running onto the next page keeps the page where it starts.
    assert parsed.chunks[0].text.endswith("tiếp theo của điều 1.")


def test_pages_of_paragraph_windows() -> None:
    parsed = parse_document([Page(3, "một dòng"), Page(4, "hai dòng")], "Ghi chú", max_chars=10)
    assert [(c.text, c.page) for c in parsed.chunks] == [("một dòng", 3), ("hai dòng", 4)]


def test_clause_chunks_cite_the_page_where_their_clause_is() -> None:
    pages = [
        Page(2, "Điều 5. Trách nhiệm lưu trữ\n" + CLAUSE.format(i=1) + "\n" + CLAUSE.format(i=2)),
        Page(3, CLAUSE.format(i=3) + "\n" + CLAUSE.format(i=4)),
    ]
    chunks = parse_document(pages, "x.pdf", max_chars=250).chunks
    assert [(c.heading, c.page) for c in chunks] == [
        ("Điều 5. Trách nhiệm lưu trữ, khoản 1", 2),
        ("Điều 5. Trách nhiệm lưu trữ, khoản 3", 3),
    ]


# --- text without articles -------------------------------------------------------------------


def test_text_without_articles_falls_back_to_paragraph_windows() -> None:
    text = "\n\n".join(f"Đoạn {i} nói về công tác văn thư của cơ quan." for i in range(10))
    parsed = parse(text, page=None, max_chars=120)
    assert parsed.title == "tep.pdf"
    assert [c.text.count("\n") + 1 for c in parsed.chunks] == [2, 2, 2, 2, 2]
    assert all(len(c.text) <= 120 for c in parsed.chunks)
    assert all(c.heading == "tep.pdf" and c.article is None for c in parsed.chunks)
    joined = "\n".join(c.text for c in parsed.chunks).splitlines()
    assert joined == [f"Đoạn {i} nói về công tác văn thư của cơ quan." for i in range(10)]


def test_empty_pages_give_no_chunks() -> None:
    parsed = parse_document([Page(1, "\n  \n")], "rong.txt")
    assert parsed.title == "rong.txt"
    assert parsed.number is None
    assert parsed.chunks == []


def test_preamble_is_dropped() -> None:
    parsed = parse("QUY CHẾ\nĐiều 1. Phạm vi\nNội dung.")
    assert [c.article for c in parsed.chunks] == ["Điều 1"]


# --- bugs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Phần mềm quản lý văn bản được cài đặt tại bộ phận văn thư.",
        "Phần lớn hồ sơ được lưu trữ điện tử.",
        "Part of the budget is reserved for training.",
    ],
)
def test_body_line_starting_with_phan_is_not_a_part_heading(line: str) -> None:
    parsed = parse(f"Điều 1. Trang bị\n{line}\nĐiều 2. Khác\nNội dung.")
    assert parsed.chunks[0].text == f"Điều 1. Trang bị\n{line}"
    assert parsed.chunks[1].section is None


def test_section_title_on_the_next_line_is_joined() -> None:
    text = "Điều 2. Đối tượng\nCơ quan, tổ chức.\nMục 1\nTHỂ THỨC\nĐiều 3. Thể thức\nNội dung."
    first, second = parse(text).chunks
    assert first.text == "Điều 2. Đối tượng\nCơ quan, tổ chức."
    assert second.section == "Mục 1. THỂ THỨC"


def test_wrapped_cross_reference_is_not_an_article() -> None:
    text = (
        "Điều 6. Hồ sơ\n1. Hồ sơ thực hiện theo quy định tại\nĐiều 7 Nghị định này.\n"
        "2. Nộp tại bộ phận một cửa.\nĐiều 7. Thời hạn\nNăm ngày làm việc."
    )
    assert [c.article for c in parse(text).chunks] == ["Điều 6", "Điều 7"]


def test_huge_text_without_structure_is_cut_to_size_quickly() -> None:
    """A hostile 2 MB single line or 40,000 lines without clauses stay bounded in size."""
    one_line = parse_document([Page(None, "chữ " * 500_000)], "f", max_chars=1800).chunks
    assert max(len(c.text) for c in one_line) <= 1800
    many = "Điều 1. Tên\n" + "\n".join(f"dòng {i} không có khoản" for i in range(40_000))
    chunks = parse_document([Page(None, many)], "f", max_chars=1800).chunks
    assert len(chunks) > 100
    assert max(len(c.text) for c in chunks) <= 2 * 1800 + 100
