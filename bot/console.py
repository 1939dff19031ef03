"""The console edge: plain-text rendering and an interactive chat on the terminal."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from handlers.messages import text
from handlers.router import parse, route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, OutFile, Reply, Style

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


def _reader(path: Path) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        return await asyncio.to_thread(path.read_bytes)

    return fetch


def to_incoming(line: str) -> IncomingMessage:
    """A console line: the paths of existing files at its start are sent as files (as a chat
    sends attachments), the rest is the text (`a.xlsx b.docx /tonghop dv UBND xã A`)."""
    words = line.split()
    files: list[Path] = []
    while words and (path := Path(words[0]).expanduser()).is_file():
        files.append(path)
        words.pop(0)
    attachments = tuple(Attachment(p.name, p.stat().st_size, _reader(p)) for p in files)
    return IncomingMessage(text=" ".join(words) if files else line, attachments=attachments)


class PrintedStatus:
    """Status lines printed one after another (a terminal cannot edit what it printed)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    async def show(self, line: str) -> None:
        """Print the line."""
        self.write(line)

    async def clear(self) -> None:
        """Nothing: the reply follows the lines."""


def save_files(files: list[OutFile], folder: Path) -> list[Path]:
    """Write a reply's files into a folder, never over an existing file; their paths."""
    saved = []
    for file in files:
        name = Path(file.name).name or "tep"
        path, n = folder / name, 2
        while path.exists():
            path, n = folder / f"{Path(name).stem}-{n}{Path(name).suffix}", n + 1
        path.write_bytes(file.data)
        saved.append(path)
    return saved


async def chat(
    services: Services,
    read: Callable[[str], str],
    write: Callable[[str], None],
    folder: Path | None = None,
) -> None:
    """Read questions until end of input or /quit, answering each one; files the bot sends
    (a consolidated workbook) are saved in `folder` (the current directory by default)."""
    write("vanthu — gõ câu hỏi, /help để xem hướng dẫn, /quit để thoát.")
    while True:
        try:
            line = read("> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if not line.strip():
            continue
        message = dataclasses.replace(to_incoming(line), status=PrintedStatus(write))
        reply = await route(message, services)
        write(render_plain(reply))
        for path in save_files(reply.files, folder or Path.cwd()):
            write(text("file_saved", reply.language, path=path))
        if parse(line.strip(), "console")[1] == "quit":
            return
