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
from bot.zalo import (
    CHART_KEEP_S,
    CHARTS_PATH,
    PHOTO_FIELDS,
    SECRET_HEADER,
    ChartShelf,
    ZaloClient,
    ZaloEdge,
    ZaloSender,
    parse_update,
)
from handlers.publish import DigestPublisher
from handlers.services import FileLimits
from handlers.types import XLSX_MIME, OutFile, Reply, Style
from retrieval.documents.ocr import OcrOptions
from retrieval.records.events import Asked
from retrieval.records.inbox import Inbox
from retrieval.records.period import read_window
from retrieval.search.library import Library
from scheduler.runner import DigestRunner
from tests.bot.conftest import SECRET, delivered, office_services, running
from tests.bot.zalo_api import BOT_NAME, TOKEN, ZaloApi, zalo_update
from tests.scans import DECISION, NUMBER, needs_tesseract, picture_bytes

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


def make_edge(
    api: ZaloApi,
    tmp_path: Path,
    library: Library,
    mode: Mode = "polling",
    ocr: OcrOptions | None = None,
) -> ZaloEdge:
    """An edge over the sample library, its staff known, talking to the stand-in; photos read
    with `ocr` (None: as on a server without Tesseract)."""
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
    services = office_services(library, files=FileLimits(parse_timeout_s=30, ocr=ocr))
    for identity in STAFF:
        services.access.grant_role(identity, "staff")
    client = ZaloClient(api.base, TOKEN, sleep=Naps())
    return ZaloEdge(settings, client, services, Inbox(library.engine))


@pytest_asyncio.fixture
async def polling(api: ZaloApi, tmp_path: Path, bm25_library: Library) -> AsyncIterator[ZaloEdge]:
    """The bot long-polling the stand-in."""
    async with running(make_edge(api, tmp_path, bm25_library)) as edge:
        yield edge


async def handled(edge: ZaloEdge, *updates: dict[str, Any], timeout: float = 30.0) -> None:
    """Wait until the edge is done with each update (answered or ignored)."""
    keys = {update["message"]["message_id"] for update in updates}
    await delivered(edge.inbox.engine, "zalo", keys, timeout)


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
async def test_feedback_survives_a_restart(
    api: ZaloApi, tmp_path: Path, bm25_library: Library
) -> None:
    """A "0" sent after the bot restarted still judges the answer before it: stored like a
    click and counted in the digest's figures; in another chat it is a question."""
    async with running(make_edge(api, tmp_path, bm25_library)) as edge:
        api.push(zalo_update(QUESTION))
        await api.wait_for("sendMessage", 1)
        asked = edge.services.events.questions()[-1]
    async with running(make_edge(api, tmp_path, bm25_library)) as again:
        elsewhere = zalo_update("0", chat_id="c777")
        api.push(elsewhere)
        await handled(again, elsewhere)
        api.push(zalo_update("0"))
        *_, thanks = await api.wait_for("sendMessage", 3)
    assert "Cảm ơn" in thanks.params["text"]
    assert "Cảm ơn" not in api.texts()[1]
    assert again.services.events.feedback(asked.id) == {"u501": False}
    now = datetime.now(UTC)
    window = read_window(bm25_library.engine, now - timedelta(days=1), now, chat=("zalo", "c501"))
    assert (window.counts.useful, window.counts.not_useful) == (0, 1)


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
async def test_photo_without_ocr_and_attachment_answered_clearly(
    api: ZaloApi, polling: ZaloEdge
) -> None:
    """Without Tesseract a photo is fetched and answered with what the IT officer must
    install; a photo whose URL is missing asks to send it again; an attachment Zalo withheld
    gets how to send the file instead."""
    url = api.photo_url("p1.jpg", picture_bytes(["Số: 45/2024/QĐ-UBND"], kind="JPEG"))
    photo = zalo_update("", event="message.image.received", photo=url)
    lost = zalo_update("", event="message.image.received", photo="", chat_id="c2")
    other = zalo_update("", event="message.unsupported.received", chat_id="c3")
    api.push(photo, lost, other)
    await handled(polling, photo, lost, other)
    said = {call.params["chat_id"]: call.params["text"] for call in api.sent()}
    assert "anh-" in said["c501"] and "tesseract-ocr-vie" in said["c501"]
    assert [call.params for call in api.sent("photo")] == [{"name": "p1.jpg"}]
    assert "tải được" in said["c2"]
    assert "chụp ảnh" in said["c3"] and "Telegram" in said["c3"]


@pytest.mark.parametrize("field", PHOTO_FIELDS)
def test_every_documented_photo_field_is_read(field: str) -> None:
    """The photo's URL is found under each name the sources give it."""
    update = zalo_update("xem", event="message.image.received", photo_field=field)
    found = parse_update(update)
    assert found is not None
    assert found.photo == "https://example.invalid/p.jpg" and found.text == "xem"


@needs_tesseract
@pytest.mark.asyncio
async def test_a_photo_of_a_page_is_read_and_summarized(
    api: ZaloApi, tmp_path: Path, bm25_library: Library
) -> None:
    """A photo of an official page, sent as a Zalo photo, is downloaded, read by OCR in the
    sandboxed child and summarized in plain text with the words of the page."""
    edge = make_edge(api, tmp_path, bm25_library, ocr=OcrOptions())
    url = api.photo_url("page.jpg", picture_bytes(DECISION, kind="JPEG"))
    photo = zalo_update("", event="message.image.received", photo=url, photo_field="photo")
    async with running(edge):
        api.push(photo)
        await handled(edge, photo, timeout=120)
    said = "\n".join(api.texts())
    assert NUMBER in said
    assert "cải cách hành chính" in said
    assert "OCR" in said and "<" not in said


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


async def digest_to_group(api: ZaloApi, polling: ZaloEdge, sender: ZaloSender) -> list[str]:
    """A leader subscribes a Zalo group, a question is asked there, its digest is posted
    once (a second try finds it done); the texts the group got."""
    runner = DigestRunner(polling.inbox.engine, DigestPublisher([sender]), "test")
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
    again = await runner.send_now(subscription, moment)
    assert again.status == "already"
    return [call.params["text"] for call in api.sent() if call.params["chat_id"] == "g7"][1:]


@pytest.mark.asyncio
async def test_a_digest_reaches_a_zalo_group_once(api: ZaloApi, polling: ZaloEdge) -> None:
    """Without a public address for the charts, a Zalo group gets its digest as plain text,
    once, the chart left out with a one-line note."""
    posted = await digest_to_group(api, polling, ZaloSender(polling.client))
    assert posted and "hộ chiếu" in " ".join(posted)
    assert "zalo_public_url" in posted[-1].splitlines()[-1]
    assert api.sent("sendPhoto") == []


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.asyncio
async def test_a_digest_chart_goes_as_a_photo_zalo_fetches(api: ZaloApi, polling: ZaloEdge) -> None:
    """With a public address, the chart is served by the bot's web server and sent as a
    photo by its URL, which Zalo fetches; an hour later the URL serves nothing."""
    clock = Clock()
    charts = ChartShelf("http://127.0.0.1", clock=clock)
    runner = await serve(web_app(polling.settings, charts=charts), "127.0.0.1", 0)
    # The bot's web server as Zalo reaches it: here directly, its port known once served.
    charts.base = f"http://127.0.0.1:{runner.addresses[0][1]}{CHARTS_PATH}"
    try:
        posted = await digest_to_group(api, polling, ZaloSender(polling.client, charts))
        assert "zalo_public_url" not in " ".join(posted)
        (photo,) = api.sent("sendPhoto")
        assert photo.params["chat_id"] == "g7"
        assert photo.params["photo"].startswith(charts.base + "/")
        (fetched,) = api.sent("fetched")
        assert fetched.params == {"status": 200, "png": True}
        clock.now += CHART_KEEP_S
        async with aiohttp.ClientSession() as session, session.get(photo.params["photo"]) as got:
            assert got.status == 404
    finally:
        await runner.cleanup()
