"""Files forwarded in chat: summarized with their header and deadlines, stored for the digests,
and offered to admins for the library (`/add`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from handlers.router import route
from handlers.services import FileLimits, Services
from handlers.types import Attachment, IncomingMessage, Reply
from retrieval.records.period import read_window
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from retrieval.summaries.files import MAX_ANALYSED_CHARS
from scheduler.digest import build_digest
from tests.databases import migrated_engine
from tests.official_documents import corpus, render
from tests.services import make_services

ADMIN, STAFF = "1", "2"
DOCUMENT = next(d for d in corpus() if d.expected.get("doc_type") == "Công văn")


@pytest.fixture
def services(tmp_path: Path) -> Services:
    """An empty BM25 library, an admin and a staff member, events, audit and pending files."""
    engine = migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}")
    library = Library(engine, tmp_path / "index.npz", SearchConfig(), None)
    services = make_services(library, files=FileLimits(parse_timeout_s=20))
    services.access.grant_role(f"telegram:{ADMIN}", "admin")
    services.access.grant_role(f"telegram:{STAFF}", "staff")
    return services


def said(reply: Reply) -> str:
    """All the text of a reply."""
    return "\n".join(block.text for block in reply.blocks)


async def forward(services: Services, user: str, name: str, data: bytes) -> Reply:
    """A file sent in a private Telegram chat."""

    async def fetch() -> bytes:
        return data

    attachment = Attachment(name, len(data), fetch)
    message = IncomingMessage(
        "", user_id=user, chat_id=user, platform="telegram", attachments=(attachment,)
    )
    return await route(message, services)


async def send(services: Services, user: str, words: str) -> str:
    """A text message in a private Telegram chat; the reply's text."""
    message = IncomingMessage(words, user_id=user, chat_id=user, platform="telegram")
    return said(await route(message, services))


@pytest.mark.asyncio
async def test_a_forwarded_dispatch_is_summarized_and_stored(services: Services) -> None:
    """Header fields, key points and resolved deadlines in the reply; the summary and its
    deadlines in the event log, where the digest finds them; an audit entry."""
    data, file_type = render(DOCUMENT, DOCUMENT.layouts[0])
    reply = await forward(services, STAFF, f"cong-van.{file_type}", data)
    text = said(reply)
    expected = DOCUMENT.expected
    assert f"Số, ký hiệu: {expected['number']}" in text
    assert "Trích yếu: " in text and "Người ký: " in text
    assert "Các ý chính:" in text
    assert "/add" not in text  # staff are not offered the library
    deadlines = [d for d in expected.get("deadlines", []) if d.get("date")]
    for deadline in deadlines:
        due = deadline["date"]
        # What is due, then the words that set the date: "dd/mm/yyyy: ... (trước ngày ...)".
        assert re.search(rf"{due:%d/%m/%Y}: [^\n]+ \({re.escape(deadline['text'])}\)", text)

    now = datetime.now(UTC)
    window = read_window(
        services.events.engine, now - timedelta(days=1), now + timedelta(minutes=1)
    )
    (summary,) = window.summaries
    assert summary.number == expected["number"]
    assert deadlines, "the chosen document must have a dated deadline"
    due = min(d["date"] for d in deadlines)
    # Read as of the day before the deadline, the digest lists it among the coming ones.
    before = datetime.combine(due - timedelta(days=1), datetime.min.time(), UTC)
    digest = build_digest(read_window(services.events.engine, before - timedelta(days=1), before))
    assert due in [d.due for d in digest.deadlines]
    assert [e.action for e in services.audit.query()] == ["file", "summary"]


@pytest.mark.asyncio
async def test_admins_may_add_a_summarized_file_to_the_library(services: Services) -> None:
    """The admin's summary carries `/add CODE`; adding makes the file searchable; the code is
    spent; staff may not add; unknown codes and bad usage get a clear reply."""
    data, file_type = render(DOCUMENT, DOCUMENT.layouts[0])
    text = said(await forward(services, ADMIN, f"cong-van.{file_type}", data))
    code = text.split("/add ", 1)[1].split()[0]
    assert "quản trị viên" in await send(services, STAFF, f"/add {code} van-ban-den")
    assert "Cách dùng" in await send(services, ADMIN, "/add")
    assert "Không còn tệp" in await send(services, ADMIN, "/add ffffffff van-ban-den")
    added = await send(services, ADMIN, f"/add {code} van-ban-den")
    assert "Đã thêm" in added and "van-ban-den" in added
    assert "Không còn tệp" in await send(services, ADMIN, f"/add {code} van-ban-den")
    (document,) = services.library.documents()
    assert document.collection == "van-ban-den"
    assert document.number == DOCUMENT.expected["number"]
    assert "ingest" in [e.action for e in services.audit.query()]
    # Nobody may read the new collection until an admin grants it; then staff find it.
    question = DOCUMENT.expected["subject"]
    asked = IncomingMessage(question, user_id=STAFF, chat_id=STAFF, platform="telegram")
    before = (await route(asked, services)).answer
    assert before is not None and not before.quotes and not before.nearest
    await send(services, ADMIN, "/grant role:staff van-ban-den")
    after = (await route(asked, services)).answer
    assert after is not None
    assert {q.citation.collection for q in [*after.quotes]} | {
        c.collection for c in after.nearest
    } == {"van-ban-den"}


@pytest.mark.asyncio
async def test_a_huge_text_is_summarized_from_its_beginning(services: Services) -> None:
    """Past MAX_ANALYSED_CHARS the summary says it read only the beginning; still a reply."""
    line = "Cơ quan tiếp nhận hồ sơ và trả kết quả đúng hạn cho người dân trong tháng.\n"
    data = (line * (MAX_ANALYSED_CHARS // len(line) + 2000)).encode()
    text = said(await forward(services, STAFF, "dai.txt", data))
    assert f"{MAX_ANALYSED_CHARS} ký tự đầu" in text


@pytest.mark.asyncio
async def test_a_workbook_is_described_not_dumped(services: Services, tmp_path: Path) -> None:
    """A spreadsheet sent in chat: sheet size, columns, totals, highest and lowest rows."""
    import openpyxl  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Hồ sơ"
    sheet.append(["Xã", "Hồ sơ nhận", "Hồ sơ trễ hạn"])
    for index, (received, late) in enumerate([(120, 3), (85, 0), (240, 12), (60, 1)], 1):
        sheet.append([f"Xã số {index}", received, late])
    path = tmp_path / "ho-so.xlsx"
    book.save(path)
    text = said(await forward(services, STAFF, "ho-so.xlsx", path.read_bytes()))
    assert text.startswith("Tóm tắt tệp ho-so.xlsx\n")
    assert "Trang tính “Hồ sơ”: 4 dòng × 3 cột" in text
    assert "Hồ sơ nhận 505" in text
    assert "Cao nhất" in text and "Xã số 3" in text
    assert "Xã số 2 | 85" not in text


def test_vanthu_summarize_prints_the_summary_and_json(tmp_path: Path) -> None:
    """`vanthu summarize FILE [--json]` on a real DOCX; an unreadable file exits 1."""
    data, file_type = render(DOCUMENT, DOCUMENT.layouts[0])
    path = tmp_path / f"cv.{file_type}"
    path.write_bytes(data)
    env = {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}
    runner = CliRunner()
    plain = runner.invoke(app, ["summarize", str(path)], env=env)
    assert plain.exit_code == 0, plain.output
    assert DOCUMENT.expected["number"] in plain.output and "Các ý chính:" in plain.output
    as_json = runner.invoke(app, ["summarize", "--json", str(path)], env=env)
    import json  # noqa: PLC0415

    found = json.loads(as_json.stdout)
    assert found["header"]["number"] == DOCUMENT.expected["number"]
    assert found["header"]["signer"] == DOCUMENT.expected["signer"]
    dated = [d for d in DOCUMENT.expected.get("deadlines", []) if d.get("date")]
    assert found["key_points"]
    assert [d["date"] for d in found["deadlines"] if d["date"]] == [
        d["date"].isoformat() for d in dated
    ]
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7 broken")
    failed = runner.invoke(app, ["summarize", str(broken)], env=env)
    assert failed.exit_code == 1 and "cannot read" in failed.output
