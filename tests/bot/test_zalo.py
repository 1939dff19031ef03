"""The Zalo edge over real HTTP against a loopback stand-in of the Zalo Bot API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import aiohttp
import pytest
import pytest_asyncio
from pydantic import SecretStr

from bot.render import ZALO_LIMIT
from bot.settings import Settings
from bot.web import serve, web_app
from bot.zalo import SECRET_HEADER, ZaloClient, ZaloEdge, ZaloSender, parse_update
from handlers.publish import DigestPublisher
from handlers.types import XLSX_MIME, OutFile, Reply, Style
from retrieval.records.events import Asked
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from scheduler.runner import DigestRunner
from tests.bot.conftest import SECRET, delivered, office_services, running
from tests.bot.zalo_api import BOT_NAME, TOKEN, ZaloApi, zalo_update

QUESTION = "Lệ phí chứng thực bản sao là bao nhiêu?"
STAFF = ("zalo:u501",)
Mode = Literal["polling", "webhook"]


@pytest_asyncio.fixture
async def api() -> AsyncIterator[ZaloApi]:
    """The Zalo Bot API stand-in on a free loopback port."""
    async with ZaloApi() as stand_in:
        yield stand_in


class Naps:
    """The client's sleep while a rate limit passes: recorded, not slept."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


def make_edge(api: ZaloApi, tmp_path: Path, library: Library, mode: Mode = "polling") -> ZaloEdge:
    """An edge over the sample library, its staff known, talking to the stand-in."""
    settings = Settings(
        data_dir=tmp_path,
        embedder="none",
        zalo_token=SecretStr(TOKEN),
        zalo_api_url=api.base,
        zalo_mode=mode,
        zalo_bot_name=BOT_NAME,
        zalo_poll_timeout_s=1,
        zalo_webhook_secret=SecretStr(SECRET),
    )
    services = office_services(library)
    for identity in STAFF:
        services.access.grant_role(identity, "staff")
    client = ZaloClient(api.base, TOKEN, sleep=Naps())
    return ZaloEdge(settings, client, services, Inbox(library.engine))


@pytest_asyncio.fixture
async def polling(api: ZaloApi, tmp_path: Path, bm25_library: Library) -> AsyncIterator[ZaloEdge]:
    """The bot long-polling the stand-in."""
    async with running(make_edge(api, tmp_path, bm25_library)) as edge:
        yield edge


async def handled(edge: ZaloEdge, *updates: dict[str, Any]) -> None:
    """Wait until the edge is done with each update (answered or ignored)."""
    keys = {update["message"]["message_id"] for update in updates}
    await delivered(edge.inbox.engine, "zalo", keys)


@pytest.mark.asyncio
async def test_private_question_gets_cited_plain_answer(api: ZaloApi, polling: ZaloEdge) -> None:
    """A private question: a plain-text answer citing the article, with a typing signal."""
    update = zalo_update(QUESTION)
    api.push(update)
    (sent,) = await api.wait_for("sendMessage", 1)
    assert sent.params["chat_id"] == "c501"
    assert "Điều" in sent.params["text"] and "↳" in sent.params["text"]
    assert "<" not in sent.params["text"], "Zalo shows markup literally"
    assert "parse_mode" not in sent.params
    (typing, *_) = api.sent("sendChatAction")
    assert typing.params == {"chat_id": "c501", "action": "typing"}
    assert typing.at <= sent.at
    events = polling.services.events
    assert events is not None
    (asked,) = events.questions()
    assert asked.covered and asked.platform == "zalo"
    assert sent.params["text"].endswith("Trả lời 1 nếu câu trả lời hữu ích, 0 nếu chưa đúng.")
    api.push(zalo_update("1"))
    _, thanks = await api.wait_for("sendMessage", 2)
    assert "Cảm ơn" in thanks.params["text"]
    assert events.feedback(asked.id) == {"u501": True}
    api.push(zalo_update("1"))  # nothing awaits a verdict now: "1" is a question
    (*_, third) = await api.wait_for("sendMessage", 3)
    assert "Cảm ơn" not in third.params["text"]


@pytest.mark.asyncio
async def test_unknown_person_gets_refusal_with_code(api: ZaloApi, polling: ZaloEdge) -> None:
    """Someone the office has not cleared gets the polite refusal naming their identity."""
    api.push(zalo_update(QUESTION, user_id="stranger9", chat_id="c9"))
    (sent,) = await api.wait_for("sendMessage", 1)
    assert "zalo:stranger9" in sent.params["text"]
    assert "Điều" not in sent.params["text"]


@pytest.mark.asyncio
async def test_group_answers_only_when_addressed(api: ZaloApi, polling: ZaloEdge) -> None:
    """Group chatter and other bots' commands get nothing; a mention or a command a reply."""
    ignored = [
        zalo_update(QUESTION, group=True, chat_id="g1"),
        zalo_update("/ban spammer", group=True, chat_id="g1"),
        zalo_update("", group=True, chat_id="g1", event="message.sticker.received"),
        zalo_update("chụp đây", group=True, chat_id="g1", event="message.image.received"),
    ]
    mention = zalo_update(f"@{BOT_NAME.upper()} {QUESTION}", group=True, chat_id="g1")
    command = zalo_update("/help", group=True, chat_id="g1")
    api.push(*ignored, mention, command)
    await handled(polling, *ignored, mention, command)
    # Handled side by side: the help may well go out first.
    helped, answered = sorted(api.texts(), key=lambda words: "Điều" in words)
    assert "Điều" in answered and "Điều" not in helped
    assert "/docs" in helped


@pytest.mark.asyncio
async def test_duplicates_answered_once_across_restart(
    api: ZaloApi, tmp_path: Path, bm25_library: Library
) -> None:
    """The same message_id delivered again, now or after a restart, is answered once."""
    update = zalo_update(QUESTION, message_id="dup-1")
    edge = make_edge(api, tmp_path, bm25_library)
    await edge.start()
    api.push(update, update)
    await api.wait_for("sendMessage", 1)
    await handled(edge, update)
    await edge.stop()
    again = make_edge(api, tmp_path, bm25_library)
    await again.start()
    try:
        later = zalo_update("/help")
        api.push(update, later)
        await handled(again, later)  # fetched after the duplicate, whose claim...
    finally:
        await again.stop()  # ...stop() waits for
    assert len(api.sent("sendMessage")) == 2  # the answer once, then the help


@pytest.mark.asyncio
async def test_long_answer_is_split_and_numbered(api: ZaloApi, polling: ZaloEdge) -> None:
    """A 5,000-character reply goes as numbered parts of at most 2,000 characters, whole."""
    paragraph = "Hồ sơ gồm bản sao giấy tờ và tờ khai theo mẫu quy định. " * 10
    reply = Reply("vi").add(Style.TITLE, "Trả lời")
    while sum(len(block.text) for block in reply.blocks) < 5000:
        reply.add(Style.PARAGRAPH, paragraph.strip())
    await polling.send("c501", reply)
    texts = api.texts()
    assert len(texts) >= 3
    assert all(len(part) <= ZALO_LIMIT for part in texts)
    assert [part.split(" ", 1)[0] for part in texts] == [
        f"({n}/{len(texts)})" for n in range(1, len(texts) + 1)
    ]
    words = " ".join(part.split(" ", 1)[1] for part in texts).split()
    assert words == " ".join(block.text for block in reply.blocks).split()
    naps = polling.client.sleep
    assert isinstance(naps, Naps)  # one chat, one part at a time, spaced
    assert len([nap for nap in naps.taken if nap > 0.5]) == len(texts) - 1


@pytest.mark.asyncio
async def test_a_reply_file_is_named_with_where_to_get_it(api: ZaloApi, polling: ZaloEdge) -> None:
    """Zalo's bot API sends no files: the workbook of a closed round is named in a note."""
    reply = Reply("vi").add(Style.PARAGRAPH, "Đã tổng hợp 2/3 đơn vị.")
    reply.files.append(OutFile("tong-hop.xlsx", b"PK", XLSX_MIME))
    await polling.send("c501", reply)
    (sent,) = api.texts()
    assert sent.startswith("Đã tổng hợp 2/3 đơn vị.")
    assert "tong-hop.xlsx" in sent and "vanthu reports" in sent
    assert not api.sent("sendDocument") and not api.sent("sendFile")


@pytest.mark.asyncio
async def test_webhook_secret_forms_and_duplicates(
    api: ZaloApi, tmp_path: Path, bm25_library: Library
) -> None:
    """Missing or wrong secret: 403, nothing done; bare and wrapped bodies both answered;
    malformed bodies never a 500 and never answered; a redelivered message answered once."""
    edge = make_edge(api, tmp_path, bm25_library, mode="webhook")
    await edge.start()
    runner = await serve(web_app(edge.settings, zalo=edge), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/zalo"
    bare = zalo_update(QUESTION)
    helped = zalo_update("/help")
    wrapped = {"ok": True, "result": helped}
    good = {SECRET_HEADER: SECRET}
    try:
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}):
                async with session.post(url, json=bare, headers=headers) as response:
                    assert response.status == 403
            async with session.post(url, data=b"{not json", headers=good) as response:
                assert response.status == 400
            for junk in (b"[]", b'"x"', b'{"message": {"chat": 5}}', b"null", b'{"ok": true}'):
                async with session.post(url, data=junk, headers=good) as response:
                    assert response.status == 200  # nothing to answer: acknowledged, dropped
            assert api.sent("sendMessage") == []
            for body in (bare, wrapped, bare, bare):
                async with session.post(url, json=body, headers=good) as response:
                    assert response.status == 200
            await handled(edge, bare, helped)
    finally:
        await runner.cleanup()
        await edge.stop()  # waits for the redeliveries' claims too
    assert len(api.sent("sendMessage")) == 2


@pytest.mark.asyncio
async def test_malformed_updates_do_not_stop_polling(api: ZaloApi, polling: ZaloEdge) -> None:
    """Updates without a message, chat or sender are dropped; the next one is answered."""
    broken: list[Any] = [
        None,
        [],
        "text",
        {"event_name": "message.text.received"},
        {"event_name": "message.text.received", "message": {"text": "hi", "chat": "c1"}},
        {"event_name": "message.text.received", "message": {"message_id": "x", "chat": {}}},
    ]
    assert all(parse_update(body) is None for body in broken)
    api.push(*broken, zalo_update(QUESTION))
    (sent,) = await api.wait_for("sendMessage", 1)
    assert "Điều" in sent.params["text"]


@pytest.mark.asyncio
async def test_photos_and_attachments_answered_clearly(api: ZaloApi, polling: ZaloEdge) -> None:
    """A photo (not read through Zalo yet) and an attachment Zalo withheld each get a reply
    saying where to send the file instead."""
    photo = zalo_update("", event="message.image.received")
    other = zalo_update("", event="message.unsupported.received")
    api.push(photo, other)
    await handled(polling, photo, other)
    # Handled side by side: either may go out first.
    about_file, about_photo = sorted(api.texts(), key=lambda words: "ảnh" in words)
    assert "chưa đọc được ảnh" in about_photo and "Telegram" in about_photo
    assert "đính kèm" in about_file and "Telegram" in about_file


@pytest.mark.asyncio
async def test_api_errors_logged_and_rate_limit_waited_out(
    api: ZaloApi, polling: ZaloEdge, caplog: pytest.LogCaptureFixture
) -> None:
    """`ok: false` is logged and the bot goes on; a 429 is waited out, not dropped."""
    api.failing["sendMessage"] = 2  # the answer and the apology both refused
    first = zalo_update(QUESTION)
    with caplog.at_level(logging.WARNING, logger="bot.zalo"):
        api.push(first)
        await handled(polling, first)
    assert any("sendMessage: 400 Bad chat" in record.getMessage() for record in caplog.records)
    assert TOKEN not in caplog.text
    api.busy["sendMessage"] = 2
    api.push(zalo_update(QUESTION))
    await api.wait_for("sendMessage", 5)  # two refused, two rate-limited, one delivered
    naps = polling.client.sleep
    assert isinstance(naps, Naps) and naps.taken[-2:] == [1.0, 2.0]


@pytest.mark.asyncio
async def test_a_digest_reaches_a_zalo_group_once(api: ZaloApi, polling: ZaloEdge) -> None:
    """A group subscribed from Zalo gets its digest as plain text, once, and no chart."""
    engine = polling.inbox.engine
    runner = DigestRunner(engine, DigestPublisher([ZaloSender(polling.client)]), "test")
    subscribe = zalo_update("/digest subscribe 17:00 office", group=True, chat_id="g7")
    subscribe["message"]["from"]["id"] = "lead1"
    polling.services.access.grant_role("zalo:lead1", "admin")
    api.push(subscribe)
    await handled(polling, subscribe)
    subscription = runner.subscriptions.find("zalo", "g7")
    assert subscription is not None
    runner.events.record_question(
        Asked("zalo", "g7", "u501", "vi", "Lệ phí cấp hộ chiếu là bao nhiêu?", False, [])
    )
    moment = datetime.now(UTC) + timedelta(minutes=1)  # the question within the period
    first = await runner.send_now(subscription, moment)
    assert first.status == "sent"
    posted = [call for call in api.sent() if call.params["chat_id"] == "g7"][1:]
    assert posted and "hộ chiếu" in " ".join(call.params["text"] for call in posted)
    again = await runner.send_now(subscription, moment)
    assert again.status == "already"
    assert api.sent("sendPhoto") == []
