"""The status line of a long read: the first page at once, then the newest page at most once
per interval, taken away at the end; a slow platform gathers no backlog, a page after the end
shows nothing, a status the platform refuses never stops the reply."""

from __future__ import annotations

import asyncio
import time

import pytest

from handlers.progress import PageStatus


class Lines:
    """A status that keeps what it was asked to do, as an edge's would be done, taking
    `delay_s` for each call."""

    def __init__(self, refuse: bool = False, delay_s: float = 0.0) -> None:
        self.refuse, self.delay_s = refuse, delay_s
        self.done: list[str] = []

    async def show(self, line: str) -> None:
        await asyncio.sleep(self.delay_s)
        if self.refuse:
            raise ConnectionError("the platform said no")
        self.done.append(line)

    async def clear(self) -> None:
        self.done.append("(cleared)")


def line(page: int, pages: int) -> str:
    return f"Reading page {page} of {pages} by OCR…"


@pytest.mark.asyncio
async def test_the_first_page_at_once_then_the_newest_and_the_line_is_cleared() -> None:
    """Pages 1-4 begin at once from the reader's thread: page 1 is shown, then, an interval
    later, page 4 (2 and 3 were overtaken)."""
    lines = Lines()
    async with PageStatus(lines, "en", interval_s=1.0) as status:
        for page in (1, 2, 3, 4):
            await asyncio.to_thread(status.page, page, 4)
        await asyncio.sleep(1.4)
    assert lines.done == [line(1, 4), line(4, 4), "(cleared)"]


@pytest.mark.asyncio
async def test_a_slow_platform_gathers_no_backlog_and_a_late_page_shows_nothing() -> None:
    """Each call takes 0.2 s and 30 pages begin at once: one call goes, with the newest page,
    and the reply waits for it, not for 30; a page that begins after the reply is not shown."""
    lines = Lines(delay_s=0.2)
    started = time.monotonic()
    async with PageStatus(lines, "en", interval_s=0.0) as status:
        for page in range(1, 31):
            status.page(page, 30)
        await asyncio.sleep(0.05)  # the first call is on its way
    assert time.monotonic() - started < 1.0
    assert lines.done == [line(30, 30), "(cleared)"]
    await asyncio.to_thread(status.page, 31, 31)
    await asyncio.sleep(0.3)
    assert lines.done == [line(30, 30), "(cleared)"]


@pytest.mark.asyncio
async def test_one_page_shows_nothing_and_a_refused_line_is_not_cleared() -> None:
    """A photo of one page needs no status; a platform that refuses the line gets no clear."""
    lines = Lines()
    async with PageStatus(lines, "vi") as status:
        status.page(1, 1)
        await asyncio.sleep(0.05)
    assert lines.done == []
    refusing = Lines(refuse=True)
    async with PageStatus(refusing, "vi", interval_s=0) as status:
        status.page(1, 2)
        await asyncio.sleep(0.05)
        status.page(2, 2)
        await asyncio.sleep(0.05)
    assert refusing.done == []
