"""Files shared in Slack: downloaded with the token from the file host only, then summarized."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.engine import Engine

from bot.settings import Settings
from handlers.services import Services
from retrieval.documents.ocr import OcrOptions
from retrieval.records.inbox import Inbox
from tests.bot.slack.harness import TOKEN, Bot, a_file, file_share, running, shown
from tests.bot.slack_api import SlackApi
from tests.bot.slack_requests import dm_event
from tests.report_files import FIGURES, report_xlsx, summary_rows
from tests.scans import DECISION as SCAN
from tests.scans import NUMBER, SEALS, needs_tesseract, picture_bytes, scanned_pdf
from tests.security.bad_files import docx_bytes

OPENING = "/tonghop Báo cáo quý IV, đơn vị: UBND xã A; UBND xã B; UBND xã C"
DECISION = (
    "QUYẾT ĐỊNH\n"
    "Về việc ban hành Quy chế tiếp nhận hồ sơ một cửa\n"
    "Số: 15/2025/QĐ-UBND\n"
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp nhận hồ sơ.\n"
    "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\n"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quyet-dinh-15.txt", DECISION.encode()),
        ("quyet-dinh-15.docx", docx_bytes(*DECISION.splitlines())),
    ],
)
@pytest.mark.asyncio
async def test_a_file_shared_in_a_dm_is_downloaded_with_the_token_and_summarized(
    bot: Bot, name: str, content: bytes
) -> None:
    url = bot.api.file_url(name, content)
    event = file_share("", [a_file(name, content, url)])
    assert (await bot.send.event(event)).status == 200

    [post] = await bot.api.wait_for("chat.postMessage")
    [download] = bot.api.of("files")
    assert download.params["name"] == name
    assert download.headers["Authorization"] == f"Bearer {TOKEN}"
    body = shown(post)
    assert f"Tóm tắt tệp {name}" in body
    assert "15/2025/QĐ-UBND" in body
    assert post.params["thread_ts"] == event["ts"]


@pytest.mark.asyncio
async def test_a_file_outside_the_slack_file_host_is_never_fetched_but_answered(
    bot: Bot,
) -> None:
    async with SlackApi(TOKEN) as elsewhere:
        content = DECISION.encode()
        outside = [
            elsewhere.file_url("a.txt", content),
            # Same host, outside the files prefix; and a look-alike of the prefix.
            bot.api.base_url + "elsewhere/b.txt",
            bot.api.files_url.rstrip("/") + ".evil/c.txt",
        ]
        files = [a_file(f"tep-{n}.txt", content, url) for n, url in enumerate(outside)]
        assert (await bot.send.event(file_share("xem giúp", files))).status == 200

        [post] = await bot.api.wait_for("chat.postMessage")
        await bot.edge.drain()
        assert elsewhere.calls == []
    assert bot.api.of("files", ok_only=False) == []
    assert bot.api.of("elsewhere", ok_only=False) == []
    body = shown(post)
    for n in range(3):
        assert f"Không đọc được tệp tep-{n}.txt" in body
    assert "Đã nhận" not in body


@pytest.mark.asyncio
async def test_a_redirect_from_the_file_host_is_neither_followed_nor_read_as_the_file(
    bot: Bot,
) -> None:
    async with SlackApi(TOKEN) as elsewhere:
        target = elsewhere.file_url("moved.txt", DECISION.encode())
        url = bot.api.redirect_url("moved.txt", target)
        event = file_share("", [a_file("moved.txt", DECISION.encode(), url)])
        assert (await bot.send.event(event)).status == 200
        [post] = await bot.api.wait_for("chat.postMessage")
        await bot.edge.drain()
        assert elsewhere.calls == []  # the token never followed the redirect
    assert [c.status for c in bot.api.of("files", ok_only=False)] == [302]
    assert "Không đọc được tệp moved.txt" in shown(post)


@pytest.mark.asyncio
async def test_a_large_file_is_downloaded_whole(bot: Bot) -> None:
    """A file of several hundred kilobytes arrives complete, not just its first chunk."""
    text = DECISION + "\n".join(f"Khoản {n}. Nội dung bổ sung số {n}." for n in range(12_000))
    content = text.encode()
    assert len(content) > 300_000
    url = bot.api.file_url("lon.txt", content)
    assert (await bot.send.event(file_share("", [a_file("lon.txt", content, url)]))).status == 200
    [post] = await bot.api.wait_for("chat.postMessage")
    assert f"{len(text.strip()):,}".replace(",", "") in shown(post).replace(",", "")


@needs_tesseract
@pytest.mark.asyncio
async def test_a_photo_of_a_page_shared_in_slack_is_read_by_ocr_and_summarized(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    """A phone photo (.jpg) or scan (.png) of a page takes the same road as in Telegram:
    downloaded with the token, read by OCR in the sandboxed child, summarized."""
    reading = dataclasses.replace(
        services, files=dataclasses.replace(services.files, ocr=OcrOptions())
    )
    async with running(api, settings, reading, Inbox(engine)) as ocr_bot:
        content = picture_bytes(SCAN, kind="JPEG")
        url = ocr_bot.api.file_url("anh-cong-van.jpg", content)
        event = file_share("", [a_file("anh-cong-van.jpg", content, url)])
        assert (await ocr_bot.send.event(event)).status == 200
        [post] = await ocr_bot.api.wait_for("chat.postMessage", timeout=120)
        await ocr_bot.edge.drain()
    body = shown(post)
    assert NUMBER in body and "cải cách hành chính" in body
    assert "OCR" in body


@needs_tesseract
@pytest.mark.asyncio
async def test_a_scanned_pdf_shows_its_reading_page_by_page_in_the_thread(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    """A scan of three pages: "reading page 1/3" is posted in the thread, updated page by page
    and deleted, then the summary is posted there (updates unthrottled here)."""
    reading = dataclasses.replace(
        services,
        files=dataclasses.replace(services.files, ocr=OcrOptions()),
        status_interval_s=0,
    )
    async with running(api, settings, reading, Inbox(engine)) as ocr_bot:
        content = scanned_pdf(SCAN, SEALS, SCAN)
        event = file_share("", [a_file("quet.pdf", content, api.file_url("quet.pdf", content))])
        assert (await ocr_bot.send.event(event)).status == 200
        await api.wait_for("chat.postMessage", 2, timeout=120)
        await ocr_bot.edge.drain()
    status, summary = api.posted()
    assert status.params["text"] == "Đang đọc trang 1/3 bằng OCR…"
    assert status.params["thread_ts"] == summary.params["thread_ts"] == event["ts"]
    updates = api.of("chat.update")
    assert [u.params["text"] for u in updates] == [
        f"Đang đọc trang {n}/3 bằng OCR…" for n in (2, 3)
    ]
    (deleted,) = api.of("chat.delete")
    assert deleted.at < summary.at
    assert len({(u.params["channel"], u.params["ts"]) for u in [*updates, deleted]}) == 1
    assert NUMBER in shown(summary) and "OCR" in shown(summary)


@pytest.mark.asyncio
async def test_a_report_round_closes_with_the_workbook_uploaded_in_the_thread(bot: Bot) -> None:
    """A round in a DM: two reports shared at once are counted; `/tonghop xong` posts the
    analysis and shares the workbook through files_upload_v2 in the same thread."""
    bot.services.access.grant_role("slack:U0ASKER", "leader")
    assert (await bot.send.event(dm_event(OPENING))).status == 200
    await bot.api.wait_for("chat.postMessage", 1)
    files = [
        a_file(name, data, bot.api.file_url(name, data))
        for name, data in (
            ("xa-a.xlsx", report_xlsx("UBND xã A", FIGURES)),
            ("xa-b.xlsx", report_xlsx("UBND xã B", FIGURES)),
        )
    ]
    assert (await bot.send.event(file_share("", files))).status == 200
    counted = shown((await bot.api.wait_for("chat.postMessage", 2))[1])
    assert "UBND xã A (1/3)" in counted and "UBND xã B (2/3)" in counted
    closing = dm_event("/tonghop xong")
    assert (await bot.send.event(closing)).status == 200
    [complete] = await bot.api.wait_for("files.completeUploadExternal", 1)
    assert complete.params["channel_id"] == "D0ASKER"
    assert complete.params["thread_ts"] == closing["ts"]
    [(name, data)] = bot.api.uploads.values()
    assert name == "tong-hop-bao-cao-quy-iv.xlsx"
    assert summary_rows(data)["Tổng cộng"] == (36, 30, 6)
    analysis = shown(bot.api.posted()[-1])
    assert "Đã tổng hợp 2/3 đơn vị." in analysis
