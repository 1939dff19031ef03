"""The Slack edge harness: a bot behind the real web app, and reading what it posted.

Shared by the tests of this package, the Socket Mode tests and the prompt-injection edge test.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.settings import Settings
from bot.slack import SlackEdge, slack_client
from bot.web import serve, web_app
from handlers.services import Services
from retrieval.records.inbox import Inbox
from tests.bot.slack_api import Call, SlackApi
from tests.bot.slack_requests import SlackSender, dm_event

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
QUESTION = "Lệ phí chứng thực bản sao là bao nhiêu?"
ACK_BUDGET_S = 3.0  # Slack gives up on a request after 3 seconds


@dataclass
class Bot:
    """A running bot: its edge, the stand-in it calls and a sender of signed requests."""

    api: SlackApi
    edge: SlackEdge
    send: SlackSender
    services: Services


def http_settings(api: SlackApi, data_dir: Path) -> Settings:
    """Settings of a bot in HTTP mode, calling the stand-in for the Web API and files."""
    return Settings(
        data_dir=data_dir,
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
