"""Forwarded files summarized: official documents, plain texts and workbooks, as JSON too."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest

from retrieval.documents.readers import read_bytes
from retrieval.summaries.files import summarize_file
from tests.official_documents import FIELDS, render, renderings

RENDERINGS = renderings()


@pytest.mark.parametrize(
    ("doc", "layout"), RENDERINGS, ids=[f"{d.name}-{layout}" for d, layout in RENDERINGS]
)
def test_official_documents_summarized_without_their_frame(doc: object, layout: str) -> None:
    """Every own official document: a gist and points from the body, never the motto, the
    number line, the addressees or the recipients; deadlines and the header carried along."""
    data, file_type = render(doc, layout)  # type: ignore[arg-type]
    found = summarize_file(read_bytes(data, file_type), f"{layout}.{file_type}")
    assert found.header.is_official
    assert found.summary.gist
    shown = [found.summary.gist, *found.summary.points]
    assert found.summary.chars <= 900 + 2  # the budget, ellipses included
    for line in shown:
        assert "Độc lập" not in line and not line.startswith(("Số:", "Kính gửi", "Nơi nhận"))
        assert "Lưu: VT" not in line
    assert found.title.startswith(found.header.doc_type or "")


def test_json_has_every_field() -> None:
    """`--json` output: header fields, gist, key points, deadlines with dates, amounts."""
    doc, layout = RENDERINGS[0]
    data, file_type = render(doc, layout)
    found = summarize_file(read_bytes(data, file_type), "qd.docx").as_json()
    decoded = json.loads(json.dumps(found, ensure_ascii=False))
    assert set(decoded["header"]) == {*FIELDS, "recipients_resolved"}
    assert decoded["official"] is True and decoded["key_points"]
    assert all(set(d) == {"text", "date", "context", "task"} for d in decoded["deadlines"])


def test_a_plain_text_is_summarized_whole() -> None:
    """A text that is not an official document: no header, a gist and points all the same."""
    text = (
        "Báo cáo nhanh tình hình tiếp nhận hồ sơ tháng 11.\n"
        "Trong tháng, bộ phận một cửa tiếp nhận 1.240 hồ sơ, tăng 12% so với tháng trước.\n"
        "Hồ sơ đăng ký tạm trú chiếm nhiều nhất với 410 hồ sơ.\n"
        "Có 35 hồ sơ trễ hạn, chủ yếu do thiếu giấy tờ chứng minh chỗ ở hợp pháp.\n"
        "Đề nghị các phòng chuyên môn rà soát và hoàn thành trước ngày 05/12/2026.\n"
        "Kinh phí in phiếu hẹn bổ sung là 15 triệu đồng.\n"
        "Thời gian chờ trung bình giảm còn 18 phút nhờ hệ thống lấy số tự động.\n"
    )
    found = summarize_file(read_bytes(text.encode(), "txt"), "bao-cao.txt")
    assert not found.header.is_official
    assert found.summary.gist and len(found.summary.points) >= 2
    assert [d.date for d in found.deadlines] == [date(2026, 12, 5)]
    assert found.amounts == ["15 triệu đồng"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quy-che-6.txt", "Quy chế phối hợp tiếp nhận hồ sơ\n\n1. Bộ phận một cửa tiếp nhận."),
        ("quy-che-6.md", "Ghi chú nội bộ\n\n## Quy chế phối hợp tiếp nhận hồ sơ\n\nNội dung."),
    ],
)
def test_a_text_without_a_type_line_is_titled_by_its_first_heading(name: str, text: str) -> None:
    found = summarize_file(read_bytes(text.encode(), name.rsplit(".", maxsplit=1)[-1]), name)
    assert found.title == "Quy chế phối hợp tiếp nhận hồ sơ"  # a Markdown heading first


def test_a_text_repeated_many_times_gives_each_point_and_deadline_once() -> None:
    """A long file that repeats its paragraphs (a report pasted again and again): every key
    point and every deadline is listed once."""
    block = (
        "Các phòng chuyên môn rà soát hồ sơ tồn đọng và gửi báo cáo về Văn phòng trước ngày "
        "15/12/2026.\nBộ phận một cửa tiếp nhận 1.240 hồ sơ trong tháng, tăng 12% so với tháng "
        "trước.\nHồ sơ đăng ký tạm trú chiếm nhiều nhất với 410 hồ sơ trong tháng này.\n"
        "Có 35 hồ sơ trễ hạn, chủ yếu do thiếu giấy tờ chứng minh chỗ ở hợp pháp.\n"
        "Trung tâm hoàn thành việc số hóa hồ sơ trong quý I/2027 theo kế hoạch của tỉnh.\n\n"
    )
    found = summarize_file(read_bytes((block * 400).encode(), "txt"), "lap-lai.txt")
    shown = [found.summary.gist, *found.summary.points]
    assert len(shown) >= 3 and len(set(shown)) == len(shown)
    assert [(d.date, d.context) for d in found.deadlines] == [
        (
            date(2026, 12, 15),
            "Các phòng chuyên môn rà soát hồ sơ tồn đọng và gửi báo cáo về Văn "
            "phòng trước ngày 15/12/2026.",
        ),
        (
            date(2027, 3, 31),
            "Trung tâm hoàn thành việc số hóa hồ sơ trong quý I/2027 theo kế hoạch của tỉnh.",
        ),
    ]


def test_a_workbook_is_described_sheet_by_sheet_never_dumped() -> None:
    """Each sheet: size, columns, totals and notable rows; no summary sentences."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kinh phí"
    sheet.append(["Đơn vị", "Số hồ sơ", "Kinh phí (đồng)"])
    for index in range(1, 41):
        sheet.append([f"Xã {index}", index * 3, index * 1_000_000])
    sheet.append(["Tổng cộng", sum(i * 3 for i in range(1, 41)), 820_000_000])
    buffer = io.BytesIO()
    book.save(buffer)
    found = summarize_file(read_bytes(buffer.getvalue(), "xlsx"), "kinh-phi.xlsx")
    (described,) = found.sheets
    assert described.name == "Kinh phí"
    assert described.columns == 3 and described.rows >= 40
    assert dict(described.totals)["Kinh phí (đồng)"] == 820_000_000
    assert found.summary.gist == "" and found.amounts == []
    as_json = found.as_json()
    assert as_json["sheets"][0]["header"] == ["Đơn vị", "Số hồ sơ", "Kinh phí (đồng)"]
    assert "Xã 17" not in json.dumps(as_json, ensure_ascii=False)  # not a dump
