"""Extractive summaries over real files (samples, PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.documents.readers import Page, read_path
from retrieval.documents.structure import find_title, parse_document
from retrieval.summaries.extractive import LONG_CHARS, summarize
from retrieval.text import fold
from tests.conftest import SAMPLES
from tests.documents import write_pdf


def _sample(name: str) -> tuple[str, str]:
    text = read_path(SAMPLES / name).text
    return text, find_title(text.splitlines(), name)


def _in_document(point: str, text: str) -> int:
    """Where a point (list marker dropped, perhaps cut with an ellipsis) starts in the text."""
    return text.find(point.removesuffix("…"))


@pytest.mark.parametrize(
    "name",
    [
        "huong-dan-dang-ky-tam-tru.txt",
        "chung-thuc-ban-sao.html",
        "data-protection-policy.md",
        "qd-125-cap-giay-phep-xay-dung.txt",
    ],
)
def test_summary_fits_a_chat_message_in_document_order(name: str) -> None:
    """A gist and 3-7 points, all sentences of the file, in order, within the budget."""
    text, title = _sample(name)
    summary = summarize(text, title=title, budget_chars=900)
    assert summary.gist
    assert 3 <= len(summary.points) <= 7
    assert summary.chars <= 900
    places = [_in_document(point, text) for point in [summary.gist, *summary.points]]
    assert all(place >= 0 for place in places), summary
    assert places[1:] == sorted(places[1:])
    assert summary.gist not in summary.points
    # Titles and letterheads are shown elsewhere; they are not key sentences.
    assert all(point.upper() != point for point in summary.points)
    assert fold(title).lower() != fold(summary.gist).lower()


def test_summary_keeps_the_topic_and_drops_repeats() -> None:
    """The central sentence leads; a sentence said twice is kept once."""
    repeated = "Lệ phí đăng ký tạm trú khi nộp hồ sơ trực tuyến là 7.000 đồng mỗi lần đăng ký."
    text = "\n".join(
        [
            "Ủy ban nhân dân xã Tân Hiệp hướng dẫn thủ tục đăng ký tạm trú cho công dân.",
            repeated,
            "Hồ sơ đăng ký tạm trú gồm tờ khai thay đổi thông tin cư trú và giấy tờ về chỗ ở.",
            repeated,
            "Thời hạn giải quyết hồ sơ đăng ký tạm trú là 03 ngày làm việc kể từ khi nhận đủ.",
            "Trời hôm nay nắng đẹp, nhiều người đi dạo quanh hồ vào buổi chiều muộn.",
        ]
    )
    summary = summarize(text, max_points=3, min_points=2)
    everything = [summary.gist, *summary.points]
    assert everything.count(repeated) <= 1
    assert "tạm trú" in summary.gist
    assert not any("Trời hôm nay" in point for point in everything)


def test_small_budget_cuts_long_sentences() -> None:
    """With 300 characters, long sentences end in an ellipsis and the total still fits."""
    text, title = _sample("qd-12-2025-tiep-cong-dan.md")
    summary = summarize(text, title=title, budget_chars=300, min_points=3)
    assert summary.chars <= 300
    assert len(summary.points) >= 3
    assert all(len(point) <= 300 // 4 for point in [summary.gist, *summary.points])
    assert any(point.endswith("…") for point in summary.points)


def test_long_document_is_summarized_section_by_section(tmp_path: Path) -> None:
    """Three documents in one PDF: points come from each of them, not only the first."""
    names = ["huong-dan-dang-ky-tam-tru.txt", "qd-125-cap-giay-phep-xay-dung.txt"]
    names.append("quy-che-cong-tac-van-thu.md")
    texts = [_sample(name)[0] for name in names]
    pages = [[line for line in text.splitlines() if line.strip()] for text in texts]
    whole = read_path(write_pdf(tmp_path / "ba-van-ban.pdf", pages)).text
    assert len(whole) > LONG_CHARS
    summary = summarize(whole, budget_chars=1200, max_points=7)
    sources = {
        i
        for point in [summary.gist, *summary.points]
        for i, text in enumerate(texts)
        if _in_document(point[:40], " ".join(text.split())) >= 0
    }
    assert sources == {0, 1, 2}


def test_sections_from_the_structure_parser() -> None:
    """Articles given as sections: every point still comes from the document."""
    text, title = _sample("nd-45-2024-dang-ky-khai-sinh.md")

    parsed = parse_document([Page(None, text)], title)
    sections = [(chunk.heading, chunk.text) for chunk in parsed.chunks]
    summary = summarize(text, sections=sections, title=title)
    assert 3 <= len(summary.points) <= 7
    assert all(_in_document(point, text) >= 0 for point in summary.points)


@pytest.mark.parametrize("text", ["", "   \n", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập"])
def test_nothing_to_summarize(text: str) -> None:
    """Empty text or only headings: an empty summary, not an error."""
    summary = summarize(text)
    assert summary.gist == "" and summary.points == []
