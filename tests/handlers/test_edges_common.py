"""Behaviour every edge shares: files, the per-person rate limit, feedback, recorded questions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from handlers.router import record_feedback, route
from handlers.services import FileLimits, Services, UserRateLimit
from handlers.types import Attachment, IncomingMessage, Style
from retrieval.search.library import Library
from tests.documents import write_pdf
from tests.services import make_services, open_office


def _attachment(name: str, data: bytes | Exception, size: int | None = None) -> Attachment:
    async def fetch() -> bytes:
        if isinstance(data, Exception):
            raise data
        return data

    return Attachment(
        name=name, size=len(data) if size is None and isinstance(data, bytes) else size, fetch=fetch
    )


@pytest.fixture
def services(bm25_library: Library) -> Services:
    """Services over a copy of the samples (BM25 only): the Slack people are staff, the
    samples public."""
    services = make_services(bm25_library, files=FileLimits(max_bytes=200_000))
    open_office(services, ["slack:UA", "slack:UB", "slack:U1"])
    return services


@pytest.mark.asyncio
async def test_files_are_read_or_refused_with_a_reason(services: Services, tmp_path: Path) -> None:
    """Each file gets its summary, or why it could not be read; nothing is fetched when refused
    early."""
    pdf = write_pdf(tmp_path / "cv.pdf", [["CÔNG VĂN", "Số: 12/UBND-VP", "V/v họp giao ban"]])
    fetched: list[str] = []

    async def never() -> bytes:
        fetched.append("big")
        return b""

    message = IncomingMessage(
        text="",
        attachments=(
            _attachment("cv.pdf", pdf.read_bytes()),
            _attachment("anh.gif", b"GIF89a"),
            Attachment(name="lon.txt", size=10_000_000, fetch=never),
            _attachment("mat.txt", ConnectionError("reset")),
            _attachment("rong.txt", b"   "),
        ),
    )
    reply = await route(message, services)
    shown = "\n".join(block.text for block in reply.blocks)
    assert "12/UBND-VP" in shown and "1 trang" in shown
    assert "anh.gif" in shown and "chưa được hỗ trợ" in shown
    assert "quá lớn" in shown and fetched == []
    assert "không tải được" in shown
    assert "rong.txt" in shown and "rỗng" in shown


@pytest.mark.asyncio
async def test_rate_limit_is_per_person_and_polite(services: Services) -> None:
    """Over the limit a person gets a polite message; another person is unaffected."""
    services = dataclasses.replace(services, user_limit=UserRateLimit("2/minute"))
    ask = IncomingMessage(text="/help", user_id="UA", platform="slack")
    replies = [await route(ask, services) for _ in range(4)]
    assert [r.blocks[0].style for r in replies[:2]] == [Style.TITLE, Style.TITLE]
    assert "chờ một chút" in replies[2].blocks[0].text
    assert replies[3].blocks == [], "told once per window, then nothing is sent"
    other = await route(IncomingMessage(text="/help", user_id="UB", platform="slack"), services)
    assert other.blocks[0].style is Style.TITLE


@pytest.mark.asyncio
async def test_questions_are_recorded_and_feedback_stored(services: Services) -> None:
    """An answer carries the id of its recorded question; feedback on it is kept per person."""
    message = IncomingMessage(text="Lệ phí chứng thực bản sao là bao nhiêu?", user_id="u1")
    reply = await route(message, services)
    assert reply.feedback_id is not None
    (asked,) = services.events.questions()
    assert asked.covered and asked.user_id == "u1" and asked.documents
    asker = IncomingMessage(text="", user_id="u1")
    thanks = await record_feedback(
        reply.feedback_id, asker, useful=False, services=services, language="en"
    )
    assert thanks.startswith("Thank you")
    await record_feedback(reply.feedback_id, asker, useful=True, services=services, language="en")
    assert services.events.feedback(reply.feedback_id) == {"u1": True}
    unknown = await record_feedback(999, asker, useful=True, services=services, language="en")
    assert "no longer" in unknown


@pytest.mark.asyncio
async def test_questions_files_and_shown_documents_are_audited(
    services: Services, tmp_path: Path
) -> None:
    """Who asked, where, which documents were shown (also when not covered), files received."""
    asked = IncomingMessage(
        text="Lệ phí đăng ký tạm trú là bao nhiêu?",
        user_id="U1",
        chat_id="C9",
        platform="slack",
    )
    await route(asked, services)
    await route(IncomingMessage(text="Giá vàng hôm nay?", user_id="U1", platform="slack"), services)
    sent = IncomingMessage(
        text="", user_id="U1", attachments=(_attachment("a.txt", b"x"),), platform="slack"
    )
    await route(sent, services)
    first, missed, received, summarized = services.audit.query()
    assert (first.actor, first.chat, first.action) == ("slack:U1", "slack:C9", "question")
    assert any("03/HD-UBND" in d for d in first.documents)
    assert missed.documents, "the nearest documents shown for an uncovered question"
    assert (received.action, received.detail) == ("file", "a.txt")
    assert (summarized.action, summarized.documents) == ("summary", ["a.txt"])
