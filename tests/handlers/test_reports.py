"""Report rounds in chat: opened, files from units read in the sandbox and counted (several at
once, Word tables too), progress, a unit corrected, closed into a checked workbook; the next round
of the same template compared with it; who may do what; a corrupt file told apart."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from handlers.reports import BadOpening, Opening, action_of, parse_opening
from handlers.router import route
from handlers.services import FileLimits, Services
from handlers.types import XLSX_MIME, Attachment, IncomingMessage, Reply
from retrieval.documents.ocr import OcrOptions
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.report_files import report_docx, report_xlsx, summary_rows
from tests.retrieval.reports.forms import Form
from tests.scans import needs_tesseract
from tests.services import make_services

ADMIN, LEADER, STAFF, OTHER_STAFF = "1", "2", "3", "4"
GROUP = "-100777"
UNITS = "UBND xã A; UBND xã B; UBND xã C; UBND xã D"
ZERO = [(0.0, 0.0, 0.0)] * 3
A = [(10.0, 8.0, 2.0), (5.0, 5.0, 0.0), (3.0, 2.0, 1.0)]
B = [(20.0, 18.0, 2.0), (6.0, 6.0, 0.0), (4.0, 4.0, 0.0)]
C = [(7.0, 7.0, 0.0), (2.0, 1.0, 1.0), (1.0, 1.0, 0.0)]
D = [(1.0, 1.0, 0.0), (1.0, 1.0, 0.0), (1.0, 0.0, 1.0)]


@pytest.fixture
def services(tmp_path: Path) -> Services:
    """An empty BM25 library; an admin, a leader and two staff members."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}")
    library = Library(engine, tmp_path / "index.npz", SearchConfig(), None)
    services = make_services(library, files=FileLimits(parse_timeout_s=30))
    for user, role in ((ADMIN, "admin"), (LEADER, "leader"), (STAFF, "staff")):
        services.access.grant_role(f"telegram:{user}", role)
    services.access.grant_role(f"telegram:{OTHER_STAFF}", "staff")
    return services


def said(reply: Reply) -> str:
    """All the text of a reply."""
    return "\n".join(block.text for block in reply.blocks)


async def say(services: Services, user: str, words: str, *files: tuple[str, bytes]) -> Reply:
    """A message in the office's Telegram group, with files sent at once."""

    def attachment(name: str, data: bytes) -> Attachment:
        async def fetch() -> bytes:
            return data

        return Attachment(name, len(data), fetch)

    message = IncomingMessage(
        words,
        user_id=user,
        chat_id=GROUP,
        platform="telegram",
        is_private=False,
        attachments=tuple(attachment(name, data) for name, data in files),
    )
    return await route(message, services)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            "Báo cáo TTHC quý IV, hạn 15/01/2027, đơn vị: UBND xã A; UBND xã B, UBND xã C",
            Opening(
                "Báo cáo TTHC quý IV",
                date(2027, 1, 15),
                ("UBND xã A", "UBND xã B", "UBND xã C"),
                None,
            ),
        ),
        (
            "Bao cao thang 3, han 5/4/2027, mau: TTHC quy, don vi: Phong A, Phong B",
            Opening("Bao cao thang 3", date(2027, 4, 5), ("Phong A", "Phong B"), "TTHC quy"),
        ),
        (
            "Quarterly report, due 31/03/2027",
            Opening("Quarterly report", date(2027, 3, 31), (), None),
        ),
        ("Chỉ có tên", Opening("Chỉ có tên", None, (), None)),
    ],
)
def test_an_opening_line_is_read(args: str, expected: Opening) -> None:
    """Title, deadline, units and template, with or without diacritics, in any order after
    the title."""
    assert parse_opening(args) == expected


def test_what_a_line_asks_for() -> None:
    """Sub-commands in Vietnamese (with or without diacritics) and English; a bad date."""
    assert action_of("tiến độ") == ("progress", "")
    assert action_of("dv UBND xã A") == ("unit", "UBND xã A")
    assert action_of("XONG") == ("close", "")
    assert action_of("hủy") == ("cancel", "")
    assert action_of("Báo cáo quý") == ("open", "Báo cáo quý")
    assert action_of("") == ("help", "")
    with pytest.raises(BadOpening):
        parse_opening("Báo cáo, hạn 31/02/2027")


@pytest.mark.asyncio
async def test_a_round_from_opening_to_workbook(services: Services) -> None:
    """Open -> two XLSX at once, a DOCX table, a file misnamed and corrected, a corrupt one ->
    progress -> close: the analysis, and a workbook whose "Tổng hợp" sheet holds the sums; the
    next round of the same template reads this one as its previous period."""
    services.reports.add_template("TTHC quý", "mau.xlsx", report_xlsx("UBND xã Mẫu", ZERO), "cli")
    opened = await say(
        services,
        ADMIN,
        f"/tonghop Báo cáo TTHC quý IV, hạn 15/01/2027, đơn vị: {UNITS}, mẫu: tthc quý",
    )
    assert "Đã mở đợt tổng hợp: Báo cáo TTHC quý IV" in said(opened)
    assert "15/01/2027" in said(opened) and "TTHC quý" in said(opened)

    # Two workbooks in one message (an album); B's stated total is wrong.
    both = await say(
        services,
        STAFF,
        "",
        ("bc-xa-a.xlsx", report_xlsx("UBND xã A", A)),
        ("bc-xa-b.xlsx", report_xlsx("UBND xã B", B, total=[31, 28, 2])),
    )
    text = said(both)
    assert "Đã nhận báo cáo của UBND xã A (1/4)." in text
    assert "Đã nhận báo cáo của UBND xã B (2/4)." in text
    assert "Chưa nộp: UBND xã C; UBND xã D" in text
    assert "tiêu đề văn bản" in text  # where the unit's name was read
    assert "Cần xem lại (1):" in text and "ghi 31, nhưng tính từ các số thành phần được 30" in text

    word = await say(services, OTHER_STAFF, "", ("baocao.docx", report_docx("UBND xã C", C)))
    assert "Đã nhận báo cáo của UBND xã C (3/4)." in said(word)

    misnamed = await say(
        services, OTHER_STAFF, "", ("phuong-x.xlsx", report_xlsx("UBND phường X", D))
    )
    assert "UBND PHƯỜNG X không có trong danh sách" in said(misnamed)
    corrected = await say(services, OTHER_STAFF, "/tonghop dv UBND xa D")
    assert "Đã ghi tệp phuong-x.xlsx cho UBND xã D." in said(corrected)
    assert "(4/4)" in said(corrected)

    corrupt = await say(services, STAFF, "", ("hong.xlsx", b"PK\x03\x04 not a workbook"))
    assert "Không đọc được tệp hong.xlsx" in said(corrupt)
    assert "các báo cáo đã nhận vẫn giữ nguyên" in said(corrupt)

    progress = said(await say(services, STAFF, "/tonghop tiendo"))
    assert "Đã nộp 4/4 đơn vị (4 tệp)" in progress
    assert "Ngoài danh sách" not in progress

    refused = await say(services, STAFF, "/tonghop xong")
    assert "Chỉ lãnh đạo hoặc quản trị viên" in said(refused) and not refused.files

    closed = await say(services, LEADER, "/tonghop xong")
    assert "Đã tổng hợp 4/4 đơn vị." in said(closed)
    (workbook,) = closed.files
    assert workbook.mime == XLSX_MIME and workbook.name == "tong-hop-bao-cao-tthc-quy-iv.xlsx"
    rows = summary_rows(workbook.data)
    assert rows["Hộ tịch"] == (38, 34, 4)
    assert rows["Chứng thực"] == (14, 13, 1)
    assert rows["Tổng cộng"] == (61, 54, 7)
    assert "Chưa có đợt" in said(await say(services, STAFF, "/tonghop tiendo"))
    actions = [e.detail for e in services.audit.query() if e.action == "report"]
    assert any("opened" in a for a in actions) and any("closed" in a for a in actions)
    assert any("phuong-x.xlsx UBND PHƯỜNG X -> UBND xã D" in a for a in actions)

    # The next quarter, same template: A's receptions five times as many as last time.
    await say(
        services, ADMIN, f"/tonghop Báo cáo quý I, hạn 15/04/2027, đơn vị: {UNITS}, mẫu: TTHC quý"
    )
    grown = [(50.0, 40.0, 10.0), (5.0, 5.0, 0.0), (3.0, 2.0, 1.0)]
    changed = await say(services, STAFF, "", ("a.xlsx", report_xlsx("UBND xã A", grown)))
    assert "kỳ trước 10: chênh lệch lớn" in said(changed)
    second = await say(services, ADMIN, "/tonghop xong")
    assert "so với kỳ trước" in said(second)
    assert "Chưa nộp: UBND xã B, UBND xã C, UBND xã D." in said(second)


@pytest.mark.asyncio
async def test_who_may_open_and_close(services: Services) -> None:
    """Staff can neither open nor cancel a round; without a round there is nothing to show."""
    refused = await say(services, STAFF, "/tonghop Báo cáo tháng, đơn vị: A; B")
    assert "Chỉ lãnh đạo hoặc quản trị viên" in said(refused)
    assert "Chưa có đợt" in said(await say(services, STAFF, "/tonghop tiendo"))
    await say(services, ADMIN, "/consolidate Monthly report, due 31/01/2027, units: A; B")
    assert "Chỉ lãnh đạo" in said(await say(services, STAFF, "/tonghop huy"))
    again = await say(services, ADMIN, "/tonghop Khác")
    assert "Đang có đợt «Monthly report» mở ở đây" in said(again)
    cancelled = await say(services, ADMIN, "/tonghop huy")
    assert "Đã hủy đợt «Monthly report»." in said(cancelled)
    unknown = await say(services, ADMIN, "/tonghop Quý, mẫu: không có")
    assert "Chưa có mẫu nào tên «không có»" in said(unknown)


@pytest.mark.asyncio
async def test_files_are_summarized_when_no_round_is_open(services: Services) -> None:
    """Without a round, a report file is summarized as before."""
    reply = await say(services, STAFF, "", ("bc.xlsx", report_xlsx("UBND xã A", A)))
    assert "Tóm tắt tệp bc.xlsx" in said(reply)


@pytest.mark.asyncio
async def test_the_first_file_is_the_template_without_a_registered_one(
    services: Services,
) -> None:
    """A round without a template checks later files against the first one received, and the
    unit named in a file's caption counts."""
    await say(services, ADMIN, "/tonghop Báo cáo nhanh, đơn vị: UBND xã A; UBND xã B")
    first = await say(services, STAFF, "", ("a.xlsx", report_xlsx("UBND xã A", A)))
    assert "(1/2)" in said(first)
    named = await say(
        services, STAFF, "/tonghop dv UBND xã B", ("khong-ten.xlsx", report_xlsx("", B))
    )
    assert "Đã nhận báo cáo của UBND xã B (2/2)." in said(named)
    assert "tên bạn ghi" in said(named)
    closed = await say(services, ADMIN, "/tonghop xong")
    assert summary_rows(closed.files[0].data)["Tổng cộng"] == (48, 43, 5)


def _renamed(data: bytes, old: str, new: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == old:
                cell.value = new
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.asyncio
async def test_labels_matched_by_similarity_are_shown_and_a_person_decides(
    services: Services,
) -> None:
    """A row written otherwise is listed with the file's reply; "khongkhop" leaves it out of
    the sums, "khop" pairs a label the engine could not."""
    await say(services, ADMIN, f"/tonghop Báo cáo quý IV, đơn vị: {UNITS}")
    await say(services, STAFF, "", ("a.xlsx", report_xlsx("UBND xã A", A)))
    odd = _renamed(report_xlsx("UBND xã B", B), "Hộ tịch", "Lĩnh vực hộ tịch (cũ)")
    odd = _renamed(odd, "Chứng thực", "Sao y")
    taken = said(await say(services, STAFF, "", ("b.xlsx", odd)))
    assert "«Lĩnh vực hộ tịch (cũ)» → «Hộ tịch»" in taken
    assert "/tonghop khongkhop" in taken
    refused = await say(services, STAFF, "/tonghop khongkhop Lĩnh vực hộ tịch (cũ)")
    assert "không phải nhãn nào của mẫu" in said(refused)
    paired = await say(services, STAFF, "/tonghop khop Sao y = Chứng thực")
    assert "«Sao y» là «Chứng thực» của mẫu" in said(paired)
    assert "Cách dùng" in said(await say(services, STAFF, "/tonghop khop Sao y"))
    closed = await say(services, ADMIN, "/tonghop xong")
    rows = summary_rows(closed.files[0].data)
    assert rows["Hộ tịch"] == (10, 8, 2)  # B's row refused: A's alone
    assert rows["Chứng thực"] == (11, 11, 0)  # B's "Sao y" paired by hand: 5 + 6


@needs_tesseract
@pytest.mark.asyncio
async def test_a_scanned_report_counts_and_is_consolidated_at_the_close(
    services: Services,
) -> None:
    """A photo of a printed form in a round: read by OCR and its ruled table when sent, and
    read so again when the round closes (a scan has no text for the shared child)."""
    reading = dataclasses.replace(
        services, files=dataclasses.replace(services.files, ocr=OcrOptions())
    )
    await say(reading, ADMIN, "/tonghop Báo cáo quý IV, đơn vị: UBND xã An Phú; UBND xã B")
    template = Form().xlsx()
    await say(reading, STAFF, "", ("mau.xlsx", template))
    figures = {"Hộ tịch": (10, 2, 8, 2), "Chứng thực": (5, 5, 5, 0), "Đất đai": (20, 1, 15, 5)}
    taken = said(await say(reading, STAFF, "", ("anh.png", Form("UBND XÃ AN PHÚ", figures).scan())))
    assert "UBND xã An Phú" in taken
    closed = await say(reading, ADMIN, "/tonghop xong")
    book = openpyxl.load_workbook(io.BytesIO(closed.files[0].data))
    total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert total[2] == 35  # the scan's 35 received (the template's own sheet holds none)
