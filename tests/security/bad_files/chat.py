"""Bad files through the chat path: each sent in a message, the bot's answer and its time."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from handlers.messages import text
from handlers.router import route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, Reply
from tests.security.bad_files.common import REASONS, BadFile


@dataclass(frozen=True)
class Answered:
    """What the bot answered for one bad file, and how long the whole message took."""

    bad: BadFile
    name: str
    outcome: str  # "read", a reason code, or "crash" when no known answer came
    reply: str
    seconds: float


def outcome_of(reply: Reply, name: str) -> str:
    """The reason code a reply gives for a file, "read" when it was read, else "crash"."""
    shown = "\n".join(block.text for block in reply.blocks)
    if name not in shown or text("internal_error", reply.language) in shown:
        return "crash"
    for code in REASONS:
        reason = text(f"file_{code}", reply.language)
        if text("file_unreadable", reply.language, name=name, reason=reason) in shown:
            return code
    summary = text("summary_title", reply.language, name=name, title="").rstrip(": ")
    return "read" if summary in shown else "crash"


async def answer_all(
    files: list[tuple[BadFile, Path]], services: Services, workers: int = 2
) -> list[Answered]:
    """Send each file in its own message through the router, `workers` messages at a time."""
    queue = list(reversed(files))
    answered: list[Answered] = []

    async def worker() -> None:
        while queue:
            bad, path = queue.pop()
            data = path.read_bytes()

            async def fetch(data: bytes = data) -> bytes:
                return data

            attachment = Attachment(name=path.name, size=len(data), fetch=fetch)
            started = time.monotonic()
            reply = await route(IncomingMessage(text="", attachments=(attachment,)), services)
            seconds = time.monotonic() - started
            shown = "\n".join(block.text for block in reply.blocks)
            answered.append(Answered(bad, path.name, outcome_of(reply, path.name), shown, seconds))

    await asyncio.gather(*(worker() for _ in range(workers)))
    return answered
