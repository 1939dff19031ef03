"""The Slack edge end to end: signed HTTP requests into the real Bolt app, the Web API stand-in out.

Each test serves `web_app(settings, slack=SlackEdge(...))` on 127.0.0.1 with `slack_api_url`
pointing at `tests.bot.slack_api.SlackApi`, posts requests signed like Slack's, and checks what
the bot called on the Web API. Nothing of Bolt or slack_sdk is replaced.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from bot.render import SLACK_LIMIT, WORD_JOINER, visible_length
from bot.settings import Settings
from bot.slack import SlackEdge, slack_client
from bot.web import serve, web_app
from handlers.services import Services
from handlers.types import Reply, Style
from retrieval.records.inbox import Inbox
from tests.bot.slack_api import (
    BOT_USER,
    Call,
    SlackApi,
    SlackSender,
    block_actions,
    dm_event,
    envelope,
    signed_headers,
)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
QUESTION = "Thủ tục đăng ký tạm trú cần giấy tờ gì?"
ACK_BUDGET_S = 3.0  # Slack gives up on a request after 3 seconds


# -- the harness -----------------------------------------------------------------------------


@dataclass
class Bot:
    """A running bot: its edge, the stand-in it calls and a sender of signed requests."""

    api: SlackApi
    edge: SlackEdge
    send: SlackSender
    services: Services


@pytest_asyncio.fixture
async def api() -> AsyncIterator[SlackApi]:
    async with SlackApi(TOKEN) as server:
        yield server


@pytest.fixture
def settings(api: SlackApi, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        slack_bot_token=SecretStr(TOKEN),
        slack_signing_secret=SecretStr(SECRET),
        slack_mode="http",
        slack_api_url=api.api_url,
        slack_files_url=api.files_url,
    )


@asynccontextmanager
async def running(
    api: SlackApi, settings: Settings, services: Services, inbox: Inbox
) -> AsyncIterator[Bot]:
    """A new SlackEdge behind the real web app, listening on a free loopback port."""
    edge = SlackEdge(settings, slack_client(settings), services, inbox)
    runner = await serve(web_app(settings, slack=edge), "127.0.0.1", 0)
    port = int(runner.addresses[0][1])
    try:
        url = f"http://127.0.0.1:{port}{settings.slack_events_path}"
        async with SlackSender(url, SECRET) as sender:
            yield Bot(api, edge, sender, services)
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def bot(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> AsyncIterator[Bot]:
    async with running(api, settings, services, Inbox(engine)) as running_bot:
        yield running_bot
        await running_bot.edge.drain()  # listeners still at work finish before the loop closes


# -- reading what the bot posted -----------------------------------------------------------


_CONTAINERS = {"rich_text", "rich_text_section", "rich_text_quote", "rich_text_list"}


def leaves(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The innermost elements of every rich_text block, in order (buttons left out)."""
    found: list[dict[str, Any]] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("type") in _CONTAINERS:
            for child in node.get("elements", []):
                walk(child)
        else:
            found.append(node)

    for block in blocks:
        if block.get("type") == "rich_text":
            walk(block)
    return found


def shown(call: Call) -> str:
    """The text a message shows: its rich-text elements joined."""
    return "".join(str(leaf.get("text", "")) for leaf in leaves(call.params["blocks"]))


def feedback_buttons(call: Call) -> list[dict[str, Any]]:
    """The buttons of the message's feedback block (none when it has none)."""
    return [
        element
        for block in call.params["blocks"]
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def mention(
    text: str, *, channel: str = "C0OFFICE", thread_ts: str | None = None
) -> dict[str, Any]:
    """An app_mention event in a channel."""
    ts = f"{time.time():.6f}"
    event = {
        "type": "app_mention",
        "user": "U0ASKER",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def file_share(text: str, files: list[dict[str, Any]], channel: str = "D0ASKER") -> dict[str, Any]:
    """A DM carrying files, as Slack sends it (subtype file_share)."""
    event = dm_event(text, channel=channel)
    event["subtype"] = "file_share"
    event["files"] = files
    return event


def a_file(name: str, content: bytes, url: str) -> dict[str, Any]:
    return {
        "id": f"F{uuid.uuid4().hex[:10].upper()}",
        "name": name,
        "title": name,
        "size": len(content),
        "url_private": url,
        "url_private_download": url,
    }


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- questions -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_dm_question_gets_a_cited_answer_in_its_thread_with_feedback_buttons(
    bot: Bot,
) -> None:
    event = dm_event(QUESTION, ts="1700000100.000200")
    sent = await bot.send.event(event)
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S

    [post] = await bot.api.wait_for("chat.postMessage")
    await bot.edge.drain()
    assert len(bot.api.posted()) == 1
    assert post.headers["Authorization"] == f"Bearer {TOKEN}"
    assert post.params["channel"] == "D0ASKER"
    assert post.params["thread_ts"] == "1700000100.000200"
    assert post.params["unfurl_links"] is False
    body = shown(post)
    assert "Theo tài liệu" in body
    assert "Điều" in body
    assert "↳ " in body  # a source line under the quote
    assert all(leaf["type"] == "text" for leaf in leaves(post.params["blocks"]))
    assert post.params["text"]  # the notification fallback

    buttons = feedback_buttons(post)
    assert [b["action_id"] for b in buttons] == ["feedback_useful", "feedback_not_useful"]
    assert buttons[0]["value"] == buttons[1]["value"]
    [question] = bot.services.events.questions()
    assert buttons[0]["value"] == f"{question.id}:vi"
    assert question.platform == "slack" and question.user_id == "U0ASKER"

    # The working signal: added to the question, then removed once the answer is out.
    [added] = bot.api.of("reactions.add")
    [removed] = bot.api.of("reactions.remove")
    assert added.params["timestamp"] == removed.params["timestamp"] == "1700000100.000200"
    assert added.at < post.at < removed.at


@pytest.mark.asyncio
async def test_a_channel_message_without_a_mention_gets_nothing(bot: Bot) -> None:
    event = dm_event(QUESTION, channel="C0OFFICE")
    event["channel_type"] = "channel"
    sent = await bot.send.event(event)
    assert sent.status == 200
    await bot.edge.drain()
    assert [c.method for c in bot.api.calls if c.method != "auth.test"] == []


@pytest.mark.asyncio
async def test_the_bots_own_messages_and_edits_in_a_dm_get_nothing(bot: Bot) -> None:
    own = dm_event(QUESTION, user=BOT_USER)
    own["bot_id"] = "BBOT"
    edited = dm_event(QUESTION)
    edited["subtype"] = "message_changed"
    for event in (own, edited):
        assert (await bot.send.event(event)).status == 200
    await bot.edge.drain()
    assert bot.api.posted() == []


@pytest.mark.parametrize("thread_ts", [None, "1699999999.000300"])
@pytest.mark.asyncio
async def test_a_mention_is_answered_in_its_thread(bot: Bot, thread_ts: str | None) -> None:
    event = mention(QUESTION, thread_ts=thread_ts)
    # Slack also delivers the same channel message as a plain `message` event.
    echo = dm_event(event["text"], channel="C0OFFICE", ts=event["ts"])
    echo["channel_type"] = "channel"
    assert (await bot.send.event(event)).status == 200
    assert (await bot.send.event(echo)).status == 200

    await bot.api.wait_for("chat.postMessage")
    await bot.edge.drain()
    [post] = bot.api.posted()
    assert post.params["channel"] == "C0OFFICE"
    assert post.params["thread_ts"] == (thread_ts or event["ts"])
    assert "Điều" in shown(post)
    assert f"<@{BOT_USER}>" not in shown(post)
    assert feedback_buttons(post)


# -- files -----------------------------------------------------------------------------------


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


# -- duplicates and restarts ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_an_event_delivered_again_is_answered_once_even_after_a_restart(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    event = dm_event(QUESTION)
    event_id = "Ev0DUPLICATE01"
    async with running(api, settings, services, Inbox(engine)) as bot:
        first = await bot.send.event(event, event_id)
        again = await bot.send.event(event, event_id)
        retried = await bot.send.event(event, event_id, retry_num=1)
        assert [s.status for s in (first, again, retried)] == [200, 200, 200]
        await api.wait_for("chat.postMessage")
        await bot.edge.drain()
        assert len(api.posted()) == 1
        assert len(api.of("reactions.add")) == 1

    # A new process: a new edge and inbox over the same database.
    async with running(api, settings, services, Inbox(engine)) as restarted:
        for retry_num in (2, 3):
            sent = await restarted.send.event(event, event_id, retry_num=retry_num)
            assert sent.status == 200
        # A new event still gets through, so the edge is alive and only the duplicate dropped.
        await restarted.send.event(dm_event(QUESTION, channel="D0OTHER"))
        await api.wait_for("chat.postMessage", 2)
        await bot.edge.drain()
    assert [c.params["channel"] for c in api.posted()] == ["D0ASKER", "D0OTHER"]
    assert len(services.events.questions()) == 2


@pytest.mark.asyncio
async def test_a_redelivery_after_a_crash_mid_answer_is_answered(
    api: SlackApi, settings: Settings, services: Services, engine: Engine
) -> None:
    crashed = Inbox(engine, lease=timedelta(0))
    assert crashed.claim("slack", "Ev0CRASHED01")  # claimed, never finished
    async with running(api, settings, services, Inbox(engine, lease=timedelta(0))) as bot:
        sent = await bot.send.event(dm_event(QUESTION), "Ev0CRASHED01", retry_num=1)
        assert sent.status == 200
        await api.wait_for("chat.postMessage")
        await bot.edge.drain()
    assert len(api.posted()) == 1


# -- signatures ----------------------------------------------------------------------------


def _bad_headers(case: str, body: bytes) -> dict[str, str]:
    now = int(time.time())
    good = signed_headers(SECRET, body)
    if case == "wrong secret":
        return signed_headers("not-the-secret", body)
    if case == "other body":
        return signed_headers(SECRET, body + b" ")
    if case == "tampered signature":
        return {**good, "X-Slack-Signature": good["X-Slack-Signature"][:-4] + "0000"}
    if case == "no v0 prefix":
        return {**good, "X-Slack-Signature": good["X-Slack-Signature"].removeprefix("v0=")}
    if case == "stale timestamp":
        return signed_headers(SECRET, body, str(now - 6 * 60))
    if case == "future timestamp":
        return signed_headers(SECRET, body, str(now + 6 * 60))
    if case == "non-numeric timestamp":
        return signed_headers(SECRET, body, "17e8")
    if case == "unicode digits timestamp":
        return signed_headers(SECRET, body, "١٧٠٠٠٠٠٠٠٠")
    if case == "no signature":
        return {k: v for k, v in good.items() if k != "X-Slack-Signature"}
    if case == "no timestamp":
        return {k: v for k, v in good.items() if k != "X-Slack-Request-Timestamp"}
    assert case == "no headers"
    return {"Content-Type": "application/json"}


BAD_SIGNATURES = [
    "wrong secret",
    "other body",
    "tampered signature",
    "no v0 prefix",
    "stale timestamp",
    "future timestamp",
    "non-numeric timestamp",
    "unicode digits timestamp",
    "no signature",
    "no timestamp",
    "no headers",
]


@pytest.mark.parametrize("case", BAD_SIGNATURES)
@pytest.mark.asyncio
async def test_a_request_without_a_valid_signature_is_refused_and_ignored(
    bot: Bot, case: str
) -> None:
    body = envelope(dm_event(QUESTION))
    sent = await bot.send.raw(body, _bad_headers(case, body))
    assert sent.status == 401
    await bot.edge.drain()
    assert bot.api.calls == []  # not even Bolt's auth.test: nothing reached the app


@pytest.mark.asyncio
async def test_no_request_body_is_logged(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    for name in ("vanthu", "slack_bolt", "slack_sdk", "bot", "handlers", "aiohttp"):
        caplog.set_level(logging.DEBUG, logger=name)
    marker = f"MARKER-{uuid.uuid4().hex}"
    body = envelope(dm_event(f"{QUESTION} {marker}"))
    for case in ("wrong secret", "stale timestamp", "non-numeric timestamp", "no headers"):
        assert (await bot.send.raw(body, _bad_headers(case, body))).status == 401
    # Signed but left alone: an event nobody listens to (Bolt answers 404) and a channel message.
    unheard = await bot.send.event({"type": "reaction_added", "reaction": marker})
    assert unheard.status in {200, 404}
    channel = dm_event(marker, channel="C0OFFICE")
    channel["channel_type"] = "channel"
    assert (await bot.send.event(channel)).status == 200
    await bot.edge.drain()
    assert bot.api.posted() == []
    assert marker not in caplog.text
    assert all(marker not in str(record.args) for record in caplog.records)


@pytest.mark.asyncio
async def test_the_url_verification_challenge_is_answered(bot: Bot) -> None:
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2r", "type": "url_verification"})
    sent = await bot.send.signed(body.encode())
    assert sent.status == 200
    assert "3eZbrw1aBm2r" in sent.body


# -- rate limits and long replies ------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_429_on_post_message_delays_but_delivers_exactly_once(bot: Bot) -> None:
    bot.api.fail_next("chat.postMessage", 1, retry_after=1)
    assert (await bot.send.event(dm_event(QUESTION))).status == 200

    [post] = await bot.api.wait_for("chat.postMessage")
    await bot.edge.drain()
    attempts = bot.api.of("chat.postMessage", ok_only=False)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # Retry-After was honoured
    assert attempts[0].params["blocks"] == post.params["blocks"]
    assert len(bot.api.posted()) == 1
    assert "Điều" in shown(post)


def _long_text(chars: int) -> str:
    sentence = (
        "Cơ quan tiếp nhận hồ sơ kiểm tra tính hợp lệ của giấy tờ, ghi vào sổ theo dõi "
        "và hẹn ngày trả kết quả cho người nộp trong thời hạn quy định. "
    )
    words = (sentence * (chars // len(sentence) + 1))[:chars].rstrip()
    return words + "."


@pytest.mark.parametrize("feedback_id", [None, 42])
@pytest.mark.asyncio
async def test_a_5000_character_reply_arrives_whole_in_messages_within_the_limit(
    bot: Bot, feedback_id: int | None
) -> None:
    original = _long_text(5000)
    assert len(original) >= 5000
    reply = Reply("vi").add(Style.PARAGRAPH, original)
    reply.feedback_id = feedback_id
    await bot.edge.post("D0ASKER", "1700000200.000100", reply)

    posts = bot.api.posted()
    assert len(posts) >= 2
    for post in posts:
        assert post.params["thread_ts"] == "1700000200.000100"
        assert visible_length(shown(post)) <= SLACK_LIMIT
        assert len(post.params["text"]) <= 4000
        assert len(json.dumps(post.params["blocks"])) < 12000
    received = " ".join(shown(post) for post in posts)
    assert received.split() == original.split()
    with_buttons = [bool(feedback_buttons(post)) for post in posts]
    assert with_buttons == [False] * (len(posts) - 1) + [feedback_id is not None]


# -- slash commands and buttons --------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_help_slash_command_is_acked_at_once_and_answered_by_response_url(
    bot: Bot,
) -> None:
    url = bot.api.response_url("cmd-help")
    sent = await bot.send.command("help", url)
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S

    [response] = await bot.api.wait_for("respond")
    assert response.params["_id"] == "cmd-help"
    assert response.params["response_type"] == "ephemeral"
    body = "".join(str(leaf["text"]) for leaf in leaves(response.params["blocks"]))
    assert "Trợ lý văn thư vanthu" in body
    assert "/help" in body
    await bot.edge.drain()
    assert bot.api.posted() == []


@pytest.mark.asyncio
async def test_a_slash_command_question_is_answered_privately(bot: Bot) -> None:
    sent = await bot.send.command(QUESTION, bot.api.response_url("cmd-ask"))
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S
    responses = await bot.api.wait_for("respond")
    body = "".join(str(leaf["text"]) for r in responses for leaf in leaves(r.params["blocks"]))
    assert "Điều" in body


@pytest.mark.asyncio
async def test_a_feedback_click_is_stored_and_thanked_privately(bot: Bot) -> None:
    assert (await bot.send.event(dm_event(QUESTION))).status == 200
    [post] = await bot.api.wait_for("chat.postMessage")
    value = feedback_buttons(post)[0]["value"]
    question_id = value.partition(":")[0]
    events = bot.services.events
    assert events is not None

    sent = await bot.send.action(block_actions("feedback_useful", value))
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S
    [thanks] = await bot.api.wait_for("chat.postEphemeral")
    assert thanks.params["user"] == "U0ASKER"
    assert thanks.params["channel"] == "D0ASKER"
    assert "cảm ơn" in thanks.params["text"].lower()
    assert events.feedback(int(question_id)) == {"U0ASKER": True}

    # A second click replaces the first; a forged id stores nothing.
    await bot.send.action(block_actions("feedback_not_useful", value))
    await bot.send.action(block_actions("feedback_useful", "999999:vi", user="U0FORGER"))
    await bot.api.wait_for("chat.postEphemeral", 3)
    assert events.feedback(int(question_id)) == {"U0ASKER": False}
    assert events.feedback(999999) == {}
    [unknown] = [c for c in bot.api.of("chat.postEphemeral") if c.params["user"] == "U0FORGER"]
    assert unknown.params["text"] != thanks.params["text"]


# -- injection -------------------------------------------------------------------------------


HOSTILE = ["@channel", "<!everyone>", "<https://evil|click>"]
_ALLOWED_LEAVES = {"text"}


def assert_harmless(post: Call) -> None:
    """Nothing hostile in the notification text, and only literal text in the blocks."""
    fallback = post.params["text"]
    assert "<" not in fallback and ">" not in fallback
    assert not re.search(r"@(?=\w)", fallback)
    for hostile in HOSTILE:
        assert hostile not in fallback
    for leaf in leaves(post.params["blocks"]):
        assert leaf["type"] in _ALLOWED_LEAVES, leaf
        assert not re.search(r"@(?=\w)", leaf["text"])


@pytest.mark.asyncio
async def test_hostile_document_and_user_text_shows_only_as_literal_text(bot: Bot) -> None:
    hostile = " ".join(HOSTILE)
    content = f"# {hostile} Hướng dẫn\nNội dung {hostile}\n".encode()
    name = f"{hostile}.txt"
    url = bot.api.file_url("hostile.txt", content)
    assert (await bot.send.event(file_share("", [a_file(name, content, url)]))).status == 200
    [from_file] = await bot.api.wait_for("chat.postMessage")

    # User text: Slack sends "<" typed by a person as "&lt;", and @channel as <!channel>.
    typed = "/&lt;https://evil|click&gt;"
    assert (await bot.send.event(dm_event(typed, channel="D0TWO"))).status == 200
    assert (await bot.send.event(dm_event("/<!everyone>", channel="D0THREE"))).status == 200
    await bot.api.wait_for("chat.postMessage", 3)
    await bot.edge.drain()

    posts = {post.params["channel"]: post for post in bot.api.posted()}
    for post in posts.values():
        assert_harmless(post)
    file_text = shown(from_file)
    assert "<!everyone>" in file_text
    assert "<https://evil|click>" in file_text
    assert f"@{WORD_JOINER}channel" in file_text
    assert "<https://evil|click>" in shown(posts["D0TWO"])
    assert "<!everyone>" in shown(posts["D0THREE"])
    assert "&lt;!everyone&gt;" in posts["D0THREE"].params["text"]


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
