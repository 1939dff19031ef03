"""The real python-telegram-bot Application against a loopback stand-in of the Bot API."""

from __future__ import annotations

import asyncio
import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Message

from bot.render import TELEGRAM_LIMIT, visible_length
from bot.telegram import SECRET_HEADER, TelegramEdge, telegram_application
from bot.web import serve, web_app
from handlers.services import FileLimits
from handlers.types import Reply, Style
from retrieval.documents.ocr import OcrOptions
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.conftest import (
    SECRET,
    CountingInbox,
    handled,
    make_edge,
    make_settings,
    office_services,
    running,
)
from tests.bot.telegram_api import TelegramApi, callback_update, message_update
from tests.documents import write_docx
from tests.report_files import FIGURES, report_xlsx, summary_rows
from tests.scans import DECISION, NUMBER, SEALS, needs_tesseract, picture_bytes, scanned_pdf

QUESTION = "Lệ phí chứng thực bản sao là bao nhiêu?"
GROUP = -100123


@pytest.mark.asyncio
async def test_private_question_gets_cited_answer_and_feedback(
    api: TelegramApi, polling: TelegramEdge
) -> None:
    """A question in a private chat: a cited HTML answer quoting it, with feedback buttons."""
    update = message_update(QUESTION)
    api.push(update)
    (sent,) = await api.wait_for("sendMessage", 1)
    assert sent.params["parse_mode"] == "HTML"
    assert "Điều" in sent.params["text"]
    assert sent.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert sent.params["link_preview_options"] == {"is_disabled": True}
    assert api.sent("sendChatAction"), "no typing signal"
    buttons = sent.params["reply_markup"]["inline_keyboard"][0]
    data = buttons[0]["callback_data"]
    assert data.startswith("fb:1:")
    api.push(callback_update(data))
    (answered,) = await api.wait_for("answerCallbackQuery", 1)
    assert "Cảm ơn" in answered.params["text"]
    events = polling.services.events
    assert events is not None
    assert events.feedback(int(data.split(":")[2])) == {"501": True}
    # Someone else, unknown to the office, clicking the same button from another chat.
    api.push(callback_update(data.replace("fb:1", "fb:0"), user_id=777, chat_id=-100777))
    (_, refused) = await api.wait_for("answerCallbackQuery", 2)
    assert "không được tính" in refused.params["text"]
    assert events.feedback(int(data.split(":")[2])) == {"501": True}
    (asked,) = events.questions()
    assert asked.covered and asked.platform == "telegram"


@pytest.mark.asyncio
async def test_group_answers_only_when_addressed(api: TelegramApi, polling: TelegramEdge) -> None:
    """Chatter and other bots' commands get nothing; mentions, replies and commands get a reply."""
    ignored = [
        message_update(QUESTION, chat_id=GROUP),
        message_update("/help@other_bot", chat_id=GROUP),
        message_update("/ban spammer", chat_id=GROUP),
        message_update("/tmp/x is full", chat_id=GROUP),
    ]
    mention = message_update(f"@vanthu_test_bot {QUESTION}", chat_id=GROUP, thread_id=77)
    reply = message_update("Còn tạm vắng thì sao?", chat_id=GROUP, reply_to_bot=True)
    command = message_update("/help@vanthu_test_bot", chat_id=GROUP)
    bare = message_update("/help", chat_id=GROUP)
    api.push(*ignored, mention, reply, command, bare)
    sent = await api.wait_for("sendMessage", 4)
    await handled(polling, *ignored, mention, reply, command, bare)
    assert len(api.sent("sendMessage")) == 4
    by_reply = {call.params["reply_parameters"]["message_id"]: call for call in sent}
    expected = {u["message"]["message_id"] for u in (mention, reply, command, bare)}
    assert set(by_reply) == expected
    threaded = by_reply[mention["message"]["message_id"]]
    assert int(threaded.params["message_thread_id"]) == 77
    assert "Điều" in threaded.params["text"]


@pytest.mark.asyncio
async def test_files_get_a_reply(api: TelegramApi, polling: TelegramEdge, tmp_path: Path) -> None:
    """A readable file is acknowledged with what was read; a broken one with the reason."""
    path = tmp_path / "qd.docx"
    write_docx(path, ["UỶ BAN NHÂN DÂN", "Số: 125/QĐ-UBND", "QUYẾT ĐỊNH", "Về việc thử nghiệm"])
    api.files["good"] = path.read_bytes()
    api.files["bad"] = b"PK\x03\x04 this is not a real archive"
    for file_id, name in (("good", "qd.docx"), ("bad", "hong.docx")):
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": name,
            "file_size": len(api.files[file_id]),
        }
        api.push(message_update("", document=document))
    sent = await api.wait_for("sendMessage", 2)
    texts = " ".join(call.params["text"] for call in sent)
    assert "qd.docx" in texts and "125/QĐ-UBND" in texts
    assert "hong.docx" in texts and "hỏng" in texts
    assert len(api.sent("download")) == 2


@pytest.mark.asyncio
async def test_webhook_secret_and_duplicates(
    api: TelegramApi, tmp_path: Path, bm25_library: Library
) -> None:
    """Wrong or missing secret: 403 and nothing done; a redelivered update is answered once."""
    edge = make_edge(api, tmp_path, bm25_library, mode="webhook")
    counting = edge.inbox = CountingInbox(edge.inbox.engine)
    await edge.start()
    runner = await serve(web_app(edge.settings, telegram=edge), "127.0.0.1", 0)
    port = runner.addresses[0][1]
    url = f"http://127.0.0.1:{port}/telegram"
    update = message_update(QUESTION)
    try:
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}):
                async with session.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
            good = {SECRET_HEADER: SECRET}
            async with session.post(url, data=b"{not json", headers=good) as response:
                assert response.status == 400
            # Refused before anything was queued: nothing can follow.
            assert api.sent("sendMessage") == []
            for _ in range(3):
                async with session.post(url, json=update, headers=good) as response:
                    assert response.status == 200
            await api.wait_for("sendMessage", 1)
            await handled(edge, update)
            while counting.claims < 3:  # the redeliveries were looked up and dropped
                await asyncio.sleep(0.02)
            assert len(api.sent("sendMessage")) == 1
    finally:
        await runner.cleanup()
        await edge.stop()
    # After a restart the same update is still known.
    again = make_edge(api, tmp_path, bm25_library, mode="webhook")
    assert not again.inbox.claim("telegram", str(update["update_id"]))


@pytest.mark.asyncio
async def test_retry_after_delays_but_delivers(api: TelegramApi, polling: TelegramEdge) -> None:
    """A 429 with retry_after is waited out and the answer still arrives, once."""
    api.busy["sendMessage"] = 1
    update = message_update(QUESTION, chat_id=777, user_id=777)
    api.push(update)
    refused, delivered = await api.wait_for("sendMessage", 2)
    assert delivered.at - refused.at >= api.retry_after - 0.05
    await handled(polling, update)
    assert len(api.sent("sendMessage")) == 2


class _Html(HTMLParser):
    """Checks that tags balance and collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.asyncio
async def test_long_answer_arrives_whole_and_well_formed(
    api: TelegramApi, polling: TelegramEdge
) -> None:
    """A 5,000-character answer is split at the limit, every part valid HTML, nothing lost."""
    sentence = "Điều {n}. Hồ sơ gồm tờ khai <mẫu CT01> & giấy tờ chứng minh chỗ ở hợp pháp. "
    long_text = "".join(sentence.format(n=n) for n in range(80))[:5000]
    reply = Reply("vi").add(Style.TITLE, "Theo tài liệu:").add(Style.QUOTE, long_text)
    reply.add(Style.SOURCE, "Luật Cư trú (68/2020/QH14), Điều 28")
    message = Message.de_json(message_update("?")["message"], polling.application.bot)
    assert message is not None
    await polling.send(message, reply)
    sent = api.sent("sendMessage")
    assert len(sent) >= 2
    shown = []
    for call in sent:
        parser = _Html()
        parser.feed(call.params["text"])
        parser.close()
        assert parser.stack == []
        visible = "".join(parser.text)
        assert visible_length(visible) <= TELEGRAM_LIMIT
        shown.append(visible)
    words = " ".join(shown).split()
    for expected in (long_text + " Luật Cư trú (68/2020/QH14), Điều 28").split():
        assert expected in words


@pytest.mark.asyncio
async def test_cloud_api_size_limit_is_explained(api: TelegramApi, polling: TelegramEdge) -> None:
    """Over the Bot API's download limit a file is refused with the reason, never fetched."""
    document = {
        "file_id": "f",
        "file_unique_id": "u",
        "file_name": "big.pdf",
        "file_size": 30 << 20,
    }
    api.push(message_update("", document=document))
    (sent,) = await api.wait_for("sendMessage", 1)
    assert "20 MB" in sent.params["text"]
    assert not api.sent("getFile") and not api.sent("download")


@pytest.mark.asyncio
async def test_other_media_in_a_private_chat_gets_a_reply(
    api: TelegramApi, polling: TelegramEdge
) -> None:
    """A sticker or voice note is not silence: the bot says what it can take."""
    update = message_update("")
    message = update["message"]
    del message["text"]
    message["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "s1u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    api.push(update)
    (sent,) = await api.wait_for("sendMessage", 1)
    assert "văn bản" in sent.params["text"]


@pytest.mark.asyncio
async def test_a_photo_is_taken_as_a_page_to_read(api: TelegramApi, polling: TelegramEdge) -> None:
    """A photo in a private chat is fetched in its largest size and read as a file (these
    services have no OCR, so the reply names what the IT officer must install)."""
    api.files["big"] = picture_bytes(["Số: 45/2024/QĐ-UBND"], kind="JPEG")
    update = message_update("")
    message = update["message"]
    del message["text"]
    message["photo"] = [
        {"file_id": size, "file_unique_id": f"u{size}", "width": w, "height": h, "file_size": n}
        for size, w, h, n in (("small", 90, 120, 2000), ("big", 2480, 3508, len(api.files["big"])))
    ]
    api.push(update)
    (sent,) = await api.wait_for("sendMessage", 1)
    assert "anh-ubig.jpg" in sent.params["text"]
    assert "tesseract-ocr-vie" in sent.params["text"]
    (fetched,) = api.sent("getFile")
    assert fetched.params["file_id"] == "big"


@pytest.mark.asyncio
async def test_a_report_round_in_a_group_ends_with_the_workbook(
    api: TelegramApi, polling: TelegramEdge
) -> None:
    """A leader opens a round in a group; two files sent at once without addressing the bot are
    counted; `/tonghop xong` answers with the analysis and the workbook through sendDocument."""
    services = polling.services
    services.access.grant_role("telegram:900", "leader")
    opening = message_update(
        "/tonghop Báo cáo quý IV, hạn 15/01/2027, đơn vị: UBND xã A; UBND xã B; UBND xã C",
        chat_id=GROUP,
        user_id=900,
    )
    api.push(opening)
    await handled(polling, opening)
    files = []
    for unit, figures in (("UBND xã A", FIGURES), ("UBND xã B", FIGURES)):
        file_id = f"bc-{unit[-1]}"
        api.files[file_id] = report_xlsx(unit, figures)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": f"{file_id}.xlsx",
            "file_size": len(api.files[file_id]),
        }
        files.append(message_update("", chat_id=GROUP, document=document))
    api.push(*files)
    await handled(polling, *files)
    counted = " ".join(call.params["text"] for call in api.sent("sendMessage"))
    assert "UBND xã A" in counted and "UBND xã B" in counted and "(2/3)" in counted
    closing = message_update("/tonghop xong", chat_id=GROUP, user_id=900)
    api.push(closing)
    (sent,) = await api.wait_for("sendDocument", 1)
    assert sent.params["document:filename"] == "tong-hop-bao-cao-quy-iv.xlsx"
    assert summary_rows(sent.params["document"])["Tổng cộng"] == (36, 30, 6)
    assert int(sent.params["chat_id"]) == GROUP
    texts = " ".join(call.params["text"] for call in api.sent("sendMessage"))
    assert "Đã tổng hợp 2/3 đơn vị." in texts and "Chưa nộp: UBND xã C." in texts


def _photo_update(
    api: TelegramApi, file_id: str, data: bytes, album: str, caption: str = ""
) -> dict[str, Any]:
    """A photo message of an album, its largest size served by the stand-in."""
    api.files[file_id] = data
    update = message_update(caption)
    message = update["message"]
    del message["text"]
    message.pop("entities", None)
    if caption:
        message["caption"] = caption
    message["media_group_id"] = album
    message["photo"] = [
        {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 2480, "height": 3508}
    ]
    return update


@needs_tesseract
@pytest.mark.asyncio
async def test_an_album_of_pages_is_read_as_one_document(
    api: TelegramApi, tmp_path: Path, bm25_library: Library
) -> None:
    """Two photos sent as one album: one reply, one summary of both pages, read by OCR."""
    settings = make_settings(api, tmp_path, "polling")
    services = office_services(bm25_library, files=FileLimits(ocr=OcrOptions()))
    edge = TelegramEdge(
        settings, telegram_application(settings), services, Inbox(bm25_library.engine)
    )
    first = _photo_update(api, "p1", picture_bytes(DECISION, kind="JPEG"), "album-7")
    second = _photo_update(api, "p2", picture_bytes(SEALS, kind="JPEG"), "album-7")
    async with running(edge):
        api.push(first)
        await asyncio.sleep(0.3)
        api.push(second)
        await handled(edge, first, second, timeout=120)
    (sent,) = api.sent("sendMessage")
    said = sent.params["text"]
    assert "album 2 ảnh" in said
    assert NUMBER in said  # page 1
    assert "con dấu" in said or "hiệu lực" in said  # page 2
    assert len(api.sent("getFile")) == 2


@needs_tesseract
@pytest.mark.asyncio
async def test_a_scanned_pdf_shows_its_reading_page_by_page_then_the_summary(
    api: TelegramApi, tmp_path: Path, bm25_library: Library
) -> None:
    """A scan of three pages: "reading page 1/3" comes first, is edited page by page and
    deleted, then the summary arrives (edits unthrottled here, to see every page)."""
    settings = make_settings(api, tmp_path, "polling")
    services = office_services(bm25_library, files=FileLimits(ocr=OcrOptions()))
    services = dataclasses.replace(services, status_interval_s=0)
    edge = TelegramEdge(
        settings, telegram_application(settings), services, Inbox(bm25_library.engine)
    )
    api.files["scan"] = scanned_pdf(DECISION, SEALS, DECISION)
    document = {"file_id": "scan", "file_unique_id": "uscan", "file_name": "quet.pdf"}
    update = message_update("", document=document)
    async with running(edge):
        api.push(update)
        await handled(edge, update, timeout=120)
    steps = [
        (call.method, call.params.get("text"))
        for call in api.calls
        if call.method in {"sendMessage", "editMessageText", "deleteMessage"}
    ]
    assert steps[:4] == [
        ("sendMessage", "Đang đọc trang 1/3 bằng OCR…"),
        ("editMessageText", "Đang đọc trang 2/3 bằng OCR…"),
        ("editMessageText", "Đang đọc trang 3/3 bằng OCR…"),
        ("deleteMessage", None),
    ]
    edited = api.sent("editMessageText") + api.sent("deleteMessage")
    assert len({(int(c.params["chat_id"]), int(c.params["message_id"])) for c in edited}) == 1
    (method, summary), *_ = steps[4:]
    assert method == "sendMessage" and summary is not None
    assert "quet.pdf" in summary and NUMBER in summary and "OCR" in summary
