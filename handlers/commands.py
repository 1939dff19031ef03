"""Every command once: its names (English, then Vietnamese), who may run it, where it exists,
its help text in both languages and its handler.

The router dispatches from this table; `/help` lists from it; the Telegram edge registers its
menu (setMyCommands) and recognises its commands in groups from it; the Slack edge maps
`/vanthu WORD ...` onto it; the console leaves on its `quit` entry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.access import change_access, whois
from handlers.add import handle_add
from handlers.ask import handle_ask
from handlers.digest_commands import handle_digest
from handlers.messages import text
from handlers.reports import handle_consolidate
from handlers.services import Services
from handlers.types import Reply, Request, Style
from retrieval.access.control import ROLES, Clearance

Handler = Callable[[Request, Services], Awaitable[Reply]]
ANYONE: frozenset[str] = frozenset()
"""Who may run a command that anyone may run, even a person with no role (help, whois)."""
CHAT_PLATFORMS = frozenset({"telegram", "slack", "zalo", "console", "cli"})


@dataclass(frozen=True)
class Command:
    """One command: `name` is the English name (menus, help), `aliases` the other names.

    `roles`: who may run it (one of these roles; ANYONE for everybody). `public`: people with
    no role may run it too when the office answers them from public collections. `shown_to`:
    whose `/help` lists it (by default whoever may run it). `platforms`: where it exists."""

    name: str
    aliases: tuple[str, ...]
    handler: Handler
    roles: frozenset[str] = frozenset(ROLES)
    public: bool = False
    shown_to: frozenset[str] | None = None
    platforms: frozenset[str] = CHAT_PLATFORMS
    menu: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it answers to, the English one first."""
        return (self.name, *self.aliases)

    def allows(self, clearance: Clearance) -> bool:
        """Whether the asker may run it (by role; public commands are the router's to judge)."""
        return not self.roles or clearance.has(*self.roles)

    def shown(self, clearance: Clearance) -> bool:
        """Whether the asker's `/help` lists it."""
        audience = self.roles if self.shown_to is None else self.shown_to
        return not audience or clearance.has(*audience) or (self.public and not clearance.roles)

    def describe(self, language: str) -> str:
        """The short description (menus)."""
        return text(f"cmd_{self.name}", language)

    def help_line(self, language: str) -> str:
        """`/name args: description` for `/help`."""
        args = text(f"cmd_{self.name}_args", language) if self.takes_args else ""
        return f"/{self.name}{' ' + args if args else ''}: {self.describe(language)}"

    @property
    def takes_args(self) -> bool:
        """Whether its help line shows arguments."""
        return self.name in _WITH_ARGS


async def _help(request: Request, services: Services) -> Reply:
    """The commands this person may use here, in their language."""
    return help_reply(request.language, request.clearance, request.message.platform)


async def _ask(request: Request, services: Services) -> Reply:
    return await handle_ask(request, services)


async def _docs(request: Request, services: Services) -> Reply:
    """The documents of the library the asker may read, one line each."""
    language, allowed = request.language, request.message.collections
    documents = await asyncio.to_thread(services.library.documents)
    if allowed is not None and documents:
        documents = [d for d in documents if d.collection in allowed]
        if not documents:
            return Reply(language).add(Style.PARAGRAPH, text("docs_none_readable", language))
    if not documents:
        return Reply(language).add(Style.PARAGRAPH, text("library_empty", language))
    reply = Reply(language).add(Style.TITLE, text("docs_title", language, count=len(documents)))
    for doc in documents:
        number = f" ({doc.number})" if doc.number else ""
        label = text(f"label_{doc.sensitivity}", language)
        reply.add(Style.ITEM, f"{doc.title}{number} [{doc.collection} · {label}]")
    return reply


async def _whois(request: Request, services: Services) -> Reply:
    return await asyncio.to_thread(whois, services.access, request)


async def _quit(request: Request, services: Services) -> Reply:
    """Only the console leaves; it handles the command before routing."""
    return Reply(request.language).add(Style.PARAGRAPH, text("bye", request.language))


_WITH_ARGS = frozenset({"ask", "digest", "grant", "revoke", "link", "label", "add", "consolidate"})
ADMIN = frozenset({"admin"})

COMMANDS: tuple[Command, ...] = (
    Command("help", ("start", "trogiup"), _help, roles=ANYONE),
    Command("ask", ("hoi",), _ask, public=True),
    Command("docs", ("tailieu",), _docs, public=True),
    Command("digest", ("bantin",), handle_digest, shown_to=frozenset({"admin", "leader"})),
    Command("whois", ("toila",), _whois, roles=ANYONE),
    Command("grant", ("capquyen",), change_access, roles=ADMIN),
    Command("revoke", ("thuhoi",), change_access, roles=ADMIN),
    Command("link", ("lienket",), change_access, roles=ADMIN),
    Command("label", ("nhan",), change_access, roles=ADMIN),
    Command("add", ("them",), handle_add, roles=ADMIN),
    # Anyone with a role reports and sees progress; handlers.reports.MANAGERS open and close.
    Command("consolidate", ("tonghop",), handle_consolidate),
    Command(
        "quit",
        ("exit", "thoat"),
        _quit,
        roles=ANYONE,
        platforms=frozenset({"console"}),
        menu=False,
    ),
)
_BY_NAME = {name: command for command in COMMANDS for name in command.names}


def find(word: str, platform: str) -> Command | None:
    """The command a word names (`/Help@bot`, `help`), where it exists; None otherwise."""
    name = word.lstrip("/").split("@", 1)[0].lower()
    command = _BY_NAME.get(name)
    return command if command is not None and platform in command.platforms else None


def help_reply(language: str, clearance: Clearance, platform: str = "console") -> Reply:
    """What the bot does and the commands this person may use on this platform."""
    reply = Reply(language).add(Style.TITLE, text("help_title", language))
    reply.add(Style.PARAGRAPH, text("help_body", language))
    for command in COMMANDS:
        if platform in command.platforms and command.shown(clearance):
            reply.add(Style.ITEM, command.help_line(language))
    return reply
