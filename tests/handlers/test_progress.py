"""The status line of a long read: the first page at once, then at most one edit per interval,
taken away at the end; a status the platform refuses never stops the reply."""

from __future__ import annotations

import asyncio

import pytest

from handlers.progress import PageStatus


class Lines:
    """A status that keeps what it was asked to do, as an edge's would be done."""

    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.done: list[str] = []

    async def show(self, line: str) -> None:
        if self.refuse:
            raise ConnectionError("the platform said no")
        self.done.append(line)

    async def clear(self) -> None:
        self.done.append("(cleared)")


@pytest.mark.asyncio
async def test_pages_sooner_than_the_interval_are_not_shown_and_the_line_is_cleared() -> None:
    """Called from the reader's thread at 0, 1.0, 1.6 and 2.0 s: pages 1 and 3 are shown."""
    lines = Lines()
    now = iter([0.0, 1.0, 1.6, 2.0])
    async with PageStatus(lines, "en", interval_s=1.5, clock=lambda: next(now)) as status:
        for page in (1, 2, 3, 4):
            await asyncio.to_thread(status.page, page, 4)
    assert lines.done == ["Reading page 1 of 4 by OCR…", "Reading page 3 of 4 by OCR…", "(cleared)"]


@pytest.mark.asyncio
async def test_one_page_shows_nothing_and_a_refused_line_is_not_cleared() -> None:
    """A photo of one page needs no status; a platform that refuses the line gets no clear."""
    lines = Lines()
    async with PageStatus(lines, "vi") as status:
        status.page(1, 1)
    assert lines.done == []
    refusing = Lines(refuse=True)
    async with PageStatus(refusing, "vi", interval_s=0) as status:
        status.page(1, 2)
        status.page(2, 2)
    assert refusing.done == []
