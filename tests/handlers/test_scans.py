"""Scans and photos wherever a file enters: forwarded in chat, `vanthu summarize`, the library
(`vanthu ingest`); the reply says the text came from OCR, how confident it is, and which pages
could not be read; without Tesseract it names what to install."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from handlers.router import route
from handlers.services import FileLimits, Services
from handlers.summarize import page_list
from handlers.types import Attachment, IncomingMessage
from retrieval.documents.ocr import INSTALL_HINT, OcrOptions
from retrieval.documents.sandbox import read_isolated
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from retrieval.summaries.files import summarize_file
from tests.databases import migrated_engine
from tests.scans import (
    DECISION,
    NUMBER,
    SEALS,
    needs_tesseract,
    official_page,
    picture_bytes,
    scanned_pdf,
)
from tests.services import make_services

STAFF = "2"


def office(tmp_path: Path, ocr: OcrOptions) -> Services:
    """An empty BM25 library that reads scans in the sandboxed child, and a staff member."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}")
    reader = partial(read_isolated, max_pages=100, timeout_s=30, memory_mb=1024, ocr=ocr)
    library = Library(engine, tmp_path / "index.npz", SearchConfig(), None, ocr_reader=reader)
    services = make_services(library, files=FileLimits(parse_timeout_s=30, ocr=ocr))
    services.access.grant_role(f"telegram:{STAFF}", "staff")
    return services


async def forward(services: Services, name: str, data: bytes) -> str:
    """A file sent in a private Telegram chat; the reply's text."""

    async def fetch() -> bytes:
        return data

    attachment = Attachment(name, len(data), fetch)
    message = IncomingMessage(
        "", user_id=STAFF, chat_id=STAFF, platform="telegram", attachments=(attachment,)
    )
    reply = await route(message, services)
    return "\n".join(block.text for block in reply.blocks)


@needs_tesseract
@pytest.mark.asyncio
async def test_a_forwarded_scan_and_photo_are_summarized_with_ocr_noted(tmp_path: Path) -> None:
    """The header number read from the scan, OCR and its confidence said, a blank page named."""
    services = office(tmp_path, OcrOptions())
    said = await forward(services, "quyet-dinh.pdf", scanned_pdf(DECISION, [], SEALS))
    assert NUMBER in said
    assert "nhận dạng ký tự (OCR)" in said and "trang 1, 3;" in said
    assert "Không đọc được trang 2." in said
    photo = await forward(services, "anh.jpg", picture_bytes(DECISION, kind="JPEG"))
    assert NUMBER in photo and "(OCR)" in photo


@pytest.mark.asyncio
async def test_without_tesseract_a_forwarded_scan_names_what_to_install(tmp_path: Path) -> None:
    """The tesseract setting points at a missing binary: the reply gives the apt-get command."""
    services = office(tmp_path, OcrOptions(tesseract_cmd="/nonexistent/tesseract"))
    for name, data in (("scan.pdf", scanned_pdf(DECISION)), ("anh.png", picture_bytes(DECISION))):
        said = await forward(services, name, data)
        assert name in said and "cán bộ CNTT" in said and INSTALL_HINT in said


@needs_tesseract
def test_a_scanned_pdf_ingested_is_found_with_its_page(tmp_path: Path) -> None:
    """Through the library's path ingest: the scanned page's text is searchable, cited with
    the page it is on."""
    services = office(tmp_path, OcrOptions())
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(scanned_pdf(DECISION, SEALS))
    (result,) = services.library.ingest([path], "chung")
    assert result.status == "added", result.reason
    assert result.ocr is not None and result.ocr.pages == (1, 2)
    hits = services.library.search("văn thư quản lý con dấu trong tủ có khóa")
    assert hits and hits[0].page == 2 and "con dấu" in hits[0].text
    (document,) = services.library.documents()
    assert document.number == NUMBER


@needs_tesseract
def test_vanthu_summarize_reads_a_scan(tmp_path: Path) -> None:
    """`vanthu summarize` of a scanned PDF: the header from OCR, and OCR named in text and JSON."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(DECISION))
    env = {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}
    runner = CliRunner()
    plain = runner.invoke(app, ["summarize", str(path)], env=env)
    assert plain.exit_code == 0, plain.output
    assert NUMBER in plain.output and "OCR" in plain.output
    as_json = runner.invoke(app, ["summarize", "--json", str(path)], env=env)
    found = json.loads(as_json.output)
    assert found["header"]["number"] == NUMBER
    assert found["ocr"]["pages"] == [1] and found["ocr"]["confidence"] > 80
    missing = {**env, "VANTHU_TESSERACT_CMD": "/nonexistent/tesseract"}
    failed = runner.invoke(app, ["summarize", str(path)], env=missing)
    assert failed.exit_code == 1 and INSTALL_HINT in failed.output


def _summarize_on_a_terminal(path: Path, *options: str) -> tuple[str, bytes]:
    """`vanthu summarize` with its stderr on a terminal of 80 columns (a pseudo-terminal):
    what it printed on stdout, and what the terminal showed."""
    main, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "VANTHU_DATA_DIR": str(path.parent / "data"), "VANTHU_EMBEDDER": "none"}
    command = [sys.executable, "-m", "bot", "summarize", *options, str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=terminal, env=env) as child:
        os.close(terminal)
        shown = bytearray()
        with contextlib.suppress(OSError):  # EIO once the child, its last user, closed it
            while chunk := os.read(main, 4096):
                shown += chunk
        out, _ = child.communicate(timeout=120)
    os.close(main)
    return out.decode(), bytes(shown)


@needs_tesseract
def test_vanthu_summarize_shows_a_bar_of_the_ocr_pages_on_a_terminal_only(tmp_path: Path) -> None:
    """On a terminal stderr gets a bar of the pages read by OCR, gone once the file is read;
    with --json the terminal shows nothing."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(DECISION, SEALS))
    out, shown = _summarize_on_a_terminal(path)
    assert NUMBER in out
    assert b"\rOCR:" in shown and b"/2 [" in shown and shown.endswith(b"\r")
    out, shown = _summarize_on_a_terminal(path, "--json")
    assert json.loads(out)["ocr"]["pages"] == [1, 2] and shown == b""


@needs_tesseract
def test_the_two_column_official_header_survives_ocr() -> None:
    """Issuer left and national motto right on one line each: every header field is found."""
    buffer = io.BytesIO()
    official_page().save(buffer, "PNG")
    document = read_isolated(
        buffer.getvalue(), "image", max_pages=10, timeout_s=30, memory_mb=1024, ocr=OcrOptions()
    )
    header = summarize_file(document, "anh.png").header
    assert header.issuer == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    assert header.number == NUMBER and header.date == date(2024, 3, 12)
    assert header.doc_type == "Quyết định" and header.place == "An Bình"
    assert header.subject == "Về việc thành lập tổ công tác cải cách hành chính"


@needs_tesseract
def test_vanthu_ingest_says_what_ocr_read(tmp_path: Path) -> None:
    """`vanthu ingest` of a scan with a blank page: OCR, confidence and the unread page said."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(DECISION, []))
    env = {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}
    done = CliRunner().invoke(app, ["ingest", str(path), "--collection", "quet"], env=env)
    assert done.exit_code == 0, done.output
    assert "read by OCR, page(s) 1, confidence" in done.output
    assert "page(s) 2 not read" in done.output and "1 added" in done.output


def test_page_lists_are_ranges() -> None:
    """Pages named in replies: runs as ranges."""
    assert page_list((5, 1, 2, 3, 9)) == "1-3, 5, 9"
    assert page_list((4,)) == "4"
