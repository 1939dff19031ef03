"""The digest rendered as a platform-free reply, in Vietnamese and English."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from handlers.digest_reply import digest_chart, render_digest
from handlers.types import Reply, Style
from retrieval.records.period import Counts, DeadlineRow, DocumentRow, SummaryRow
from retrieval.records.rounds import Progress, Round
from scheduler.digest import ChartWords, Digest, chart_figure
from scheduler.topics import Topic

START = datetime(2025, 3, 5, 1, tzinfo=UTC)  # 08:00 in Vietnam
END = datetime(2025, 3, 12, 1, tzinfo=UTC)  # Wednesday 12/03/2025 08:00 in Vietnam
TODAY = date(2025, 3, 12)
HOSTILE = "<b>@channel</b> *đậm* [bấm](http://x.invalid) <!everyone> &amp; `code`"


def _digest() -> Digest:
    return Digest(
        start=START,
        end=END,
        timezone="Asia/Ho_Chi_Minh",
        counts=Counts(questions=42, not_covered=9, summaries=2, documents=1, useful=5),
        previous=Counts(questions=37, not_covered=11, summaries=2, documents=0),
        gaps=[
            Topic("đăng ký tạm trú", 5, ["thu tuc dang ky tam tru", HOSTILE]),
            Topic("", 1, ["???"]),
        ],
        topics=[Topic("đăng ký khai sinh", 12, []), Topic("đăng ký tạm trú", 8, [])],
        summaries=[
            SummaryRow(START, "Kế hoạch kiểm tra văn thư", "12/KH-UBND", "UBND phường An Khánh"),
            SummaryRow(START, "Thông báo lịch tiếp dân", None, None),
        ],
        deadlines=[
            DeadlineRow(TODAY, "Báo cáo hôm nay", "Công văn A", "1/CV"),
            DeadlineRow(TODAY + timedelta(days=1), "Gửi danh sách", "Công văn B", None),
            DeadlineRow(TODAY + timedelta(days=5), "Hoàn thành rà soát", "Kế hoạch C", "3/KH"),
        ],
        documents=[
            DocumentRow(START, "changed", "Quy chế văn thư", "5/QĐ", "chung"),
            DocumentRow(START, "added", "Hướng dẫn tạm trú", None, "chung"),
        ],
        daily=[(START.date() + timedelta(days=n), 6, 1) for n in range(8)],
    )


def _texts(reply: Reply, style: Style) -> list[str]:
    return [block.text for block in reply.blocks if block.style is style]


def test_vietnamese_sections_in_order() -> None:
    """Title with the local period, counts with their change, then every section in order."""
    reply = render_digest(_digest(), "vi")
    assert reply.language == "vi"
    assert reply.blocks[0].style is Style.TITLE
    assert reply.blocks[0].text == "Bản tin vanthu 05/03/2025 08:00 – 12/03/2025 08:00"
    items = _texts(reply, Style.ITEM)
    assert "Câu hỏi: 42 (+5 so với kỳ trước)" in items
    assert "Tài liệu chưa trả lời được: 9 (-2 so với kỳ trước)" in items
    assert "Văn bản được tóm tắt: 2 (bằng kỳ trước)" in items
    assert "Góp ý về câu trả lời: 5 hữu ích, 0 chưa đúng" in items
    headings = _texts(reply, Style.NOTE)
    expected = [
        "Hoạt động trong kỳ:",
        "Câu hỏi tài liệu chưa trả lời được, theo chủ đề (cần bổ sung tài liệu):",
        "… và 3 câu hỏi chưa trả lời được khác.",
        "Chủ đề được hỏi nhiều nhất:",
        "Văn bản đã tóm tắt (2):",
        "Thời hạn trong 7 ngày tới (3):",
        "Thay đổi trong thư viện (2):",
    ]
    assert headings == expected
    assert "đăng ký tạm trú: 5 câu hỏi" in items
    assert "câu hỏi khác: 1 câu hỏi" in items
    assert "Kế hoạch kiểm tra văn thư (12/KH-UBND) — UBND phường An Khánh" in items
    assert "Thông báo lịch tiếp dân" in items
    assert "Thêm mới: Hướng dẫn tạm trú — chung" in items
    assert items.index("Thêm mới: Hướng dẫn tạm trú — chung") < items.index(
        "Cập nhật: Quy chế văn thư (5/QĐ) — chung"
    )


def test_deadlines_in_order_with_today_and_tomorrow_marked() -> None:
    """Deadlines keep the digest's order, with date, weekday and document; near ones marked."""
    vi = [t for t in _texts(render_digest(_digest(), "vi"), Style.ITEM) if "/03/2025" in t]
    assert vi == [
        "⚠ HÔM NAY, Thứ Tư, 12/03/2025: Báo cáo hôm nay — Công văn A (1/CV)",
        "⚠ NGÀY MAI, Thứ Năm, 13/03/2025: Gửi danh sách — Công văn B",
        "Thứ Hai, 17/03/2025: Hoàn thành rà soát — Kế hoạch C (3/KH)",
    ]
    en = [t for t in _texts(render_digest(_digest(), "en"), Style.ITEM) if "/03/2025" in t]
    assert en == [
        "⚠ TODAY, Wednesday 12/03/2025: Báo cáo hôm nay — Công văn A (1/CV)",
        "⚠ TOMORROW, Thursday 13/03/2025: Gửi danh sách — Công văn B",
        "Monday 17/03/2025: Hoàn thành rà soát — Kế hoạch C (3/KH)",
    ]


def test_english_channel() -> None:
    """Every heading and count is in English; document and question text is left as it is."""
    reply = render_digest(_digest(), "en")
    assert reply.blocks[0].text == "vanthu digest 05/03/2025 08:00 – 12/03/2025 08:00"
    items = _texts(reply, Style.ITEM)
    assert "Questions: 42 (+5 on the last period)" in items
    assert "Not answered by the documents: 9 (-2 on the last period)" in items
    assert "đăng ký tạm trú: 5 question(s)" in items
    assert "Changed: Quy chế văn thư (5/QĐ) — chung" in items
    assert "Questions the documents could not answer, by topic (documents to add):" in _texts(
        reply, Style.NOTE
    )


def test_question_text_stays_literal() -> None:
    """Markup, mentions and entities in a question are quoted as typed; edges escape them."""
    reply = render_digest(_digest(), "vi")
    quotes = _texts(reply, Style.QUOTE)
    assert quotes == ["thu tuc dang ky tam tru", HOSTILE, "???"]
    long = "Thủ tục " * 100
    quoted = _texts(
        render_digest(replace(_digest(), gaps=[Topic("x", 1, [long])]), "vi"), Style.QUOTE
    )
    assert len(quoted[0]) <= 300 and quoted[0].endswith("…")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Không có gì mới trong kỳ này"),
        ("en", "Nothing new in this period"),
    ],
)
def test_empty_digest_says_nothing_new(language: str, expected: str) -> None:
    """An empty period gets its title and one short paragraph, not silence."""
    empty = replace(
        _digest(),
        counts=Counts(),
        gaps=[],
        topics=[],
        summaries=[],
        deadlines=[],
        documents=[],
        daily=[(START.date(), 0, 0)],
    )
    assert empty.is_empty
    reply = render_digest(empty, language)
    assert [block.style for block in reply.blocks] == [Style.TITLE, Style.PARAGRAPH]
    assert reply.blocks[1].text.startswith(expected)
    assert digest_chart(empty, language) is None


def test_all_questions_answered_is_said() -> None:
    """Questions but no gaps: the digest says the documents answered everything."""
    reply = render_digest(replace(_digest(), gaps=[], counts=Counts(questions=3)), "vi")
    assert "Tài liệu đã trả lời được mọi câu hỏi trong kỳ." in _texts(reply, Style.NOTE)


def test_long_lists_are_cut_with_a_count() -> None:
    """Summaries beyond ten are counted, not listed, so the message stays readable."""
    many = [SummaryRow(START, f"Văn bản {n}", None, None) for n in range(14)]
    reply = render_digest(replace(_digest(), summaries=many), "en")
    items = _texts(reply, Style.ITEM)
    assert "Văn bản 9" in items and "Văn bản 10" not in items
    assert "… and 4 more" in _texts(reply, Style.NOTE)


def test_chart_in_the_channel_language() -> None:
    """The chart of a week is a PNG."""
    png = digest_chart(_digest(), "en")
    assert png is not None and png.startswith(b"\x89PNG")


def test_large_counts_use_the_language_separator() -> None:
    """10234 reads 10.234 in Vietnamese and 10,234 in English."""
    big = replace(_digest(), counts=Counts(questions=10_234), previous=Counts(questions=9_000))
    assert "Câu hỏi: 10.234 (+1.234 so với kỳ trước)" in _texts(
        render_digest(big, "vi"), Style.ITEM
    )
    assert "Questions: 10,234 (+1,234 on the last period)" in _texts(
        render_digest(big, "en"), Style.ITEM
    )


def test_no_noise_lines_one_question_topics_or_unnamed_verdicts() -> None:
    """Activity lines at zero now and before are left out; the answers marked wrong are named
    by their (masked) question."""
    quiet = replace(
        _digest(),
        counts=Counts(questions=3, not_covered=1, not_useful=1),
        previous=Counts(questions=2),
        marked_wrong=["Lệ phí cấp đổi căn cước cho số 0912 *** *** là bao nhiêu?"],
    )
    reply = render_digest(quiet, "vi")
    items = _texts(reply, Style.ITEM)
    assert not any(
        item.startswith(("Thay đổi trong thư viện", "Văn bản được tóm tắt")) for item in items
    )
    assert "Góp ý về câu trả lời: 0 hữu ích, 1 chưa đúng" in items
    assert "Lệ phí cấp đổi căn cước cho số 0912 *** *** là bao nhiêu?" in _texts(reply, Style.QUOTE)
    no_topics = render_digest(replace(quiet, topics=[]), "vi")
    assert "Chủ đề được hỏi nhiều nhất:" not in _texts(no_topics, Style.NOTE)


def test_the_chart_is_titled_labelled_and_left_out_when_empty() -> None:
    words = ChartWords("Questions per day", "Day", "Questions", "Questions", "Not covered")
    figure = chart_figure(_digest(), words)
    assert figure is not None
    [axes] = figure.axes
    assert (axes.get_title("left"), axes.get_xlabel(), axes.get_ylabel()) == (
        "Questions per day",
        "Day",
        "Questions",
    )
    # Nobody asked anything in the period (the week before had questions): no chart.
    idle = replace(_digest(), counts=Counts(summaries=1), previous=Counts(questions=40))
    assert digest_chart(idle, "vi") is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "vi",
            [
                "Báo cáo quý IV — hạn 15/03/2025: đã nộp 1/3",
                "Chưa nộp: UBND xã A; UBND xã C",
                "Báo cáo nhanh — hạn chưa đặt: đã nhận 2 tệp",
            ],
        ),
        (
            "en",
            [
                "Báo cáo quý IV — due 15/03/2025: 1/3 reported",
                "Not yet reported: UBND xã A; UBND xã C",
                "Báo cáo nhanh — due not set: 2 files received",
            ],
        ),
    ],
)
def test_open_report_rounds_with_the_units_not_yet_reported(
    language: str, expected: list[str]
) -> None:
    """Each open round: its deadline, n/m units reported, and the units still missing."""

    def round_of(title: str, deadline: date | None, expected: tuple[str, ...]) -> Round:
        return Round(1, "telegram:-1", False, title, deadline, expected, None, "open", "t:1", END)

    units = ("UBND xã A", "UBND xã B", "UBND xã C")
    rounds = [
        Progress(
            round_of("Báo cáo quý IV", date(2025, 3, 15), units), ("UBND xã B",), units[::2], (), 1
        ),
        Progress(round_of("Báo cáo nhanh", None, ()), (), (), ("Phòng X",), 2),
    ]
    empty = replace(_digest(), counts=Counts(), previous=Counts(), gaps=[], topics=[])
    quiet = replace(empty, summaries=[], deadlines=[], documents=[], rounds=rounds)
    reply = render_digest(quiet, language)
    assert [b.text for b in reply.blocks[1:] if b.style is Style.ITEM] == expected
