"""The command table walked through every edge: each command and alias reaches its handler from
the console, Telegram (private and group) and Slack's `/vanthu`; the Telegram menu and `/help`
are the table's."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

import handlers.commands
import handlers.router
from bot.console import chat
from bot.settings import Settings
from bot.slack import SlackEdge, slack_client
from bot.telegram import TelegramEdge, telegram_application
from bot.web import serve, web_app
from handlers.commands import COMMANDS, Command
from handlers.messages import en, vi
from handlers.services import Services
from handlers.types import Reply, Request, Style
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from tests.bot.conftest import make_settings, office_services
from tests.bot.slack_api import SlackApi
from tests.bot.slack_requests import SlackSender
from tests.bot.telegram_api import BOT_USERNAME, TelegramApi, message_update

Call = tuple[str, str, str]  # platform, command, arguments


def invocations(platform: str) -> Iterator[tuple[str, Command | None]]:
    """Every name of every command, and the command it must reach on this platform (None
    where it does not exist there: the message is then an unknown command)."""
    for command in COMMANDS:
        for name in command.names:
            yield name, command if platform in command.platforms else None


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Every command's handler replaced by a spy that records what reached it."""
    seen: list[Call] = []

    async def spy(request: Request, _services: Services) -> Reply:
        seen.append((request.message.platform, request.command, request.args))
        reply = Reply(request.language)
        return reply.add(Style.PARAGRAPH, f"spy:{request.command}:{request.args}")

    table = {
        name: dataclasses.replace(command, handler=spy)
        for command in COMMANDS
        for name in command.names
    }
    monkeypatch.setattr(handlers.commands, "_BY_NAME", table)
    return seen


@pytest.fixture
def services(bm25_library: Library) -> Services:
    """The test people are administrators: every command is theirs to run."""
    services = office_services(bm25_library)
    for identity in ("telegram:501", "slack:U0ASKER"):
        services.access.grant_role(identity, "admin")
    return services


def test_the_table_is_whole_in_both_languages() -> None:
    """Names are unique and valid Telegram commands; every command is described in both
    languages, with its arguments where it takes some."""
    names = [name for command in COMMANDS for name in command.names]
    assert len(names) == len(set(names))
    for command in COMMANDS:
        assert all(n.isascii() and n.islower() and n.isalnum() for n in command.names)
        for strings in (vi.TEXTS, en.TEXTS):
            assert 3 <= len(strings[f"cmd_{command.name}"]) <= 256
            assert (f"cmd_{command.name}_args" in strings) == command.takes_args


@pytest.mark.asyncio
async def test_every_command_reaches_its_handler_from_the_console(
    calls: list[Call], services: Services
) -> None:
    """Each name typed in the console chat reaches its command; `/quit` leaves."""
    staying = [(name, c) for name, c in invocations("console") if c and c.name != "quit"]
    typed = iter([*(f"/{name} x1" for name, _ in staying), "/thoat"])
    shown: list[str] = []
    await chat(services, lambda _prompt: next(typed), shown.append)
    expected = [("console", command.name, "x1") for _, command in staying]
    assert calls == [*expected, ("console", "quit", "")]
    assert next(typed, None) is None, "the chat read every line, then left"


@pytest.mark.asyncio
async def test_every_command_reaches_its_handler_from_telegram(
    calls: list[Call], services: Services, api: TelegramApi, tmp_path: Path
) -> None:
    """In a private chat, and bare in a group (where only the table's commands are ours); the
    menu registered at start is the table's, in Vietnamese and English."""
    settings = make_settings(api, tmp_path)
    edge = TelegramEdge(
        settings, telegram_application(settings), services, Inbox(services.library.engine)
    )
    await edge.start()
    try:
        expected = []
        # Each message in a chat of its own: the flood limits space messages per chat.
        for n, (name, command) in enumerate(invocations("telegram")):
            for chat_id in (1000 + n, -1_000_000 - n):
                api.push(message_update(f"/{name} x1", chat_id=chat_id, user_id=501))
                if command is not None:
                    expected.append(("telegram", command.name, "x1"))
                elif chat_id > 0:  # unknown here: told so in private, ignored in a group
                    expected.append(("unknown", name, ""))
        api.push(message_update(f"/digest@{BOT_USERNAME} now", chat_id=-100501, user_id=501))
        expected.append(("telegram", "digest", "now"))
        await api.wait_for("sendMessage", len(expected))
    finally:
        await edge.stop()
    texts = [str(call.params["text"]) for call in api.sent("sendMessage")]
    unknown = [t for t in texts if not t.startswith("spy:")]
    assert sorted(c for c in calls) == sorted(c for c in expected if c[0] == "telegram")
    assert len(unknown) == sum(c[0] == "unknown" for c in expected)
    assert all("/quit" in t or "/exit" in t or "/thoat" in t for t in unknown)
    menus = api.sent("setMyCommands")
    assert [m.params.get("language_code") for m in menus] == [None, "en"]
    listed = [[c["command"] for c in m.params["commands"]] for m in menus]
    table = [c.name for c in COMMANDS if c.menu and "telegram" in c.platforms]
    assert listed == [table, table]
    assert menus[1].params["commands"][0]["description"] == en.TEXTS["cmd_help"]


@pytest.mark.asyncio
async def test_every_command_reaches_its_handler_from_slack(
    calls: list[Call], services: Services, tmp_path: Path
) -> None:
    """`/vanthu WORD ...`: a word of the table is that command (`/vanthu digest now`), anything
    else is a question."""
    token, secret = "xoxb-table", "table-secret"
    async with SlackApi(token) as api:
        settings = Settings(
            data_dir=tmp_path,
            slack_bot_token=SecretStr(token),
            slack_signing_secret=SecretStr(secret),
            slack_mode="http",
            slack_api_url=api.api_url,
            slack_files_url=api.files_url,
        )
        edge = SlackEdge(settings, slack_client(settings), services, Inbox(services.library.engine))
        runner = await serve(web_app(settings, slack=edge), "127.0.0.1", 0)
        url = f"http://127.0.0.1:{runner.addresses[0][1]}{settings.slack_events_path}"
        expected = []
        try:
            async with SlackSender(url, secret) as sender:
                for n, (name, command) in enumerate(invocations("slack")):
                    response = api.response_url(f"cmd-{n}")
                    assert (await sender.command(f"{name} x1", response)).status == 200
                    if command is not None:
                        expected.append(("slack", command.name, "x1"))
                    else:
                        expected.append(("slack", "ask", f"{name} x1"))
                await edge.drain()
        finally:
            await runner.cleanup()
    assert sorted(calls) == sorted(expected)


def test_help_lists_the_table_for_the_asker(services: Services) -> None:
    """`/help` shows each command the person may run here, from the table."""
    operator = handlers.commands.help_reply("en", handlers.router.OPERATOR, "console")
    lines = [b.text for b in operator.blocks if b.style is Style.ITEM]
    assert [line.split(":")[0].split()[0] for line in lines] == [
        f"/{c.name}" for c in COMMANDS if "console" in c.platforms
    ]
    staff = services.access.clearance("telegram", "777", "777", private=True)
    shown = handlers.commands.help_reply("vi", staff, "telegram")
    names = {b.text.split()[0].rstrip(":") for b in shown.blocks if b.style is Style.ITEM}
    assert names == {"/help", "/ask", "/docs", "/whois", "/consolidate"}


def test_readme_lists_every_command() -> None:
    """The README's table of commands names every command and alias of the table."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        for name in command.names:
            assert f"`/{name}" in readme, name
