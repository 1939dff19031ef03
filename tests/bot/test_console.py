"""The console: plain-text rendering for the terminal, files sent and saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console import chat, render_plain
from handlers.services import FileLimits
from handlers.types import Reply, Style
from retrieval.documents.ocr import OcrOptions
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.report_files import FIGURES, report_xlsx, summary_rows
from tests.scans import DECISION, NUMBER, SEALS, needs_tesseract, scanned_pdf
from tests.services import make_services


def test_render_plain_prefixes_and_strips_control_characters() -> None:
    """Quotes keep their bar on every line; terminal escapes in document text are dropped."""
    reply = Reply("vi")
    reply.add(Style.TITLE, "Theo tài liệu:")
    reply.add(Style.QUOTE, "Điều 3. Hồ sơ\n1. Tờ khai \x1b[31mđỏ\x1b[0m")
    reply.add(Style.SOURCE, "Hướng dẫn (03/HD-UBND), Điều 3")
    reply.add(Style.ITEM, "một\nhai")
    assert render_plain(reply) == (
        "Theo tài liệu:\n"
        "  │ Điều 3. Hồ sơ\n"
        "  │ 1. Tờ khai [31mđỏ[0m\n"
        "  ↳ Hướng dẫn (03/HD-UBND), Điều 3\n"
        "  • một\n"
        "    hai"
    )


@pytest.mark.asyncio
async def test_a_report_round_at_the_console(tmp_path: Path) -> None:
    """Files named at the start of a line are sent; the closed round's workbook is saved in
    the folder and its path printed."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}")
    services = make_services(Library(engine, tmp_path / "index.npz", SearchConfig(), None))
    reports = []
    for unit in ("UBND xã A", "UBND xã B"):
        path = tmp_path / f"{unit[-1].lower()}.xlsx"
        path.write_bytes(report_xlsx(unit, FIGURES))
        reports.append(str(path))
    lines = iter(
        [
            "/tonghop Báo cáo tháng, đơn vị: UBND xã A; UBND xã B",
            " ".join(reports),
            "/tonghop xong",
            "/quit",
        ]
    )
    out: list[str] = []
    folder = tmp_path / "out"
    folder.mkdir()
    await chat(services, lambda _prompt: next(lines), out.append, folder)
    said = "\n".join(out)
    assert "Đã nhận báo cáo của UBND xã B (2/2)." in said
    saved = folder / "tong-hop-bao-cao-thang.xlsx"
    assert f"Đã lưu tệp: {saved}" in said
    assert summary_rows(saved.read_bytes())["Tổng cộng"] == (36, 30, 6)


@needs_tesseract
@pytest.mark.asyncio
async def test_a_scan_named_at_the_console_prints_its_reading_before_the_summary(
    tmp_path: Path,
) -> None:
    """The first page line is printed at once, then the summary (pages sooner than the edit
    interval are not printed)."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}")
    library = Library(engine, tmp_path / "index.npz", SearchConfig(), None)
    services = make_services(library, files=FileLimits(ocr=OcrOptions()))
    scan = tmp_path / "quet.pdf"
    scan.write_bytes(scanned_pdf(DECISION, SEALS))
    lines = iter([str(scan), "/quit"])
    out: list[str] = []
    await chat(services, lambda _prompt: next(lines), out.append, tmp_path)
    assert out[1] == "Đang đọc trang 1/2 bằng OCR…"
    assert "quet.pdf" in out[-2] and NUMBER in out[-2]
