"""The console edge: plain-text rendering and an interactive chat on the terminal."""

from __future__ import annotations

import re
from collections.abc import Callable

from handlers.router import parse, route
from handlers.services import Services
from handlers.types import IncomingMessage, Reply, Style

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PREFIX = {
    Style.TITLE: "",
    Style.PARAGRAPH: "",
    Style.QUOTE: "  │ ",
    Style.SOURCE: "  ↳ ",
    Style.ITEM: "  • ",
    Style.NOTE: "",
}


def render_plain(reply: Reply) -> str:
    """Plain text for a terminal; control characters in document text are dropped."""
    lines: list[str] = []
    for block in reply.blocks:
        prefix = _PREFIX[block.style]
        body = _CONTROL.sub("", block.text)
        for index, line in enumerate(body.splitlines() or [""]):
            lead = prefix if index == 0 or block.style is Style.QUOTE else " " * len(prefix)
            lines.append(f"{lead}{line}")
    return "\n".join(lines)


async def chat(
    services: Services, read: Callable[[str], str], write: Callable[[str], None]
) -> None:
    """Read questions until end of input or /quit, answering each one."""
    write("vanthu — gõ câu hỏi, /help để xem hướng dẫn, /quit để thoát.")
    while True:
        try:
            line = read("> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if not line.strip():
            continue
        reply = await route(IncomingMessage(text=line), services)
        write(render_plain(reply))
        if parse(line.strip(), "console")[1] == "quit":
            return
