"""The platform-free message and reply that every edge translates to and from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from retrieval.access.control import Clearance
from retrieval.answers.extractive import Answer


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message; the edge downloads it only when a handler asks."""

    name: str
    size: int | None
    fetch: Callable[[], Awaitable[bytes]]


class Status(Protocol):
    """A line the edge shows in the chat while a long job runs ("reading page 3 of 12"),
    edited as the job goes on and removed when the reply is ready."""

    async def show(self, line: str) -> None:
        """Show the line: the first call posts it, later calls replace it."""
        ...

    async def clear(self) -> None:
        """Take the line away (called only after a `show`)."""
        ...


class NoStatus:
    """An edge that shows no status line (the command line, Zalo, digests)."""

    async def show(self, line: str) -> None:
        """Nothing is shown."""

    async def clear(self) -> None:
        """Nothing to take away."""


@dataclass(frozen=True)
class IncomingMessage:
    """A message addressed to the bot, from any platform."""

    text: str
    user_id: str = "console"
    chat_id: str = "console"
    platform: str = "console"
    is_private: bool = True
    attachments: tuple[Attachment, ...] = ()
    collections: tuple[str, ...] | None = None
    album: bool = False  # the attachments are photos of one document's pages, sent together
    status: Status = field(default_factory=NoStatus, compare=False)  # where progress is shown


class Style(Enum):
    """How a block of a reply is shown; its text is always literal, never markup."""

    TITLE = "title"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    SOURCE = "source"
    ITEM = "item"
    NOTE = "note"


@dataclass(frozen=True)
class Block:
    """A piece of a reply: literal text and the style to render it in."""

    style: Style
    text: str


@dataclass(frozen=True)
class OutFile:
    """A file the bot sends with a reply (a consolidated workbook)."""

    name: str
    data: bytes
    mime: str = "application/octet-stream"


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Reply:
    """What the bot answers; edges render the blocks for their platform."""

    language: str
    blocks: list[Block] = field(default_factory=list)
    answer: Answer | None = None
    feedback_id: int | None = None
    problem: bool = False  # the request could not be done (the text says why)
    files: list[OutFile] = field(default_factory=list)  # sent after the text

    def add(self, style: Style, text: str) -> Reply:
        """Append a block and return the reply, for chaining."""
        self.blocks.append(Block(style, text))
        return self


@dataclass(frozen=True)
class Request:
    """A command as a handler receives it: the message, the command's English name and the
    words after it (a plain question is `ask`), who is asking (and what they may read here)
    and the language to answer in."""

    message: IncomingMessage
    command: str
    args: str
    clearance: Clearance
    language: str
