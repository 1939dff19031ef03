"""Rendering per platform: escaping, defused mentions and splitting within limits."""

from __future__ import annotations

import pytest

from bot.render import (
    WORD_JOINER,
    defuse,
    slack_escape,
    slack_messages,
    split_text,
    telegram_messages,
    visible_length,
)
from handlers.types import Reply, Style

HOSTILE = "Xem <b>đây</b> & <a href='https://evil'>link</a> @channel @here <!everyone> <@U1>"


def test_telegram_escapes_markup_and_defuses_mentions() -> None:
    """Document text cannot add tags or ping anyone."""
    (html,) = telegram_messages(Reply("vi").add(Style.QUOTE, HOSTILE))
    assert html.startswith("<blockquote>") and html.endswith("</blockquote>")
    assert "<b>" not in html and "<a " not in html
    assert "&lt;b&gt;" in html and "&amp;" in html
    assert "@channel" not in html and f"@{WORD_JOINER}channel" in html


def test_slack_text_is_literal() -> None:
    """Rich-text elements carry literal text; the fallback is escaped."""
    (message,) = slack_messages(Reply("vi").add(Style.TITLE, "Tiêu đề").add(Style.ITEM, HOSTILE))
    assert "<" not in message.text and "@here" not in message.text
    elements = message.blocks[0]["elements"]
    assert elements[0]["elements"][0]["style"] == {"bold": True}
    item = elements[1]["elements"][0]["elements"][0]["text"]
    assert item == defuse(HOSTILE)
    assert slack_escape("<!channel>") == "&lt;!channel&gt;"


@pytest.mark.parametrize("budget", [50, 200, 4096])
def test_split_text_keeps_every_word(budget: int) -> None:
    """Pieces fit the budget, break at boundaries, and lose nothing."""
    text = " ".join(f"Khoản {n}. Nội dung có dấu tiếng Việt 😀." for n in range(300))
    pieces = split_text(text, budget)
    assert all(visible_length(p) <= budget for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_unbreakable_text_is_cut_hard() -> None:
    """A single huge word still fits."""
    pieces = split_text("x" * 10_000, 4096)
    assert [len(p) for p in pieces] == [4096, 4096, 1808]


def test_messages_fit_and_blocks_stay_whole() -> None:
    """Short blocks are packed together; no message exceeds the limit."""
    reply = Reply("en")
    for n in range(100):
        reply.add(Style.ITEM, f"Item {n} " + "word " * 20)
    messages = telegram_messages(reply, limit=1000)
    assert len(messages) > 1
    assert all(len(m) <= 1000 for m in messages)
    assert all(m.count("• ") == m.count("\n") + 1 for m in messages)
    assert sum(len(m.blocks[0]["elements"]) for m in slack_messages(reply, limit=1000)) == 100


def test_defused_mentions_count_towards_the_limit() -> None:
    """Word joiners are added before measuring, so many @ signs cannot overflow a message."""
    reply = Reply("vi").add(Style.QUOTE, "@a " * 3000)
    for html in telegram_messages(reply):
        body = html.removeprefix("<blockquote>").removesuffix("</blockquote>")
        assert visible_length(body) <= 4096
    for message in slack_messages(reply):
        shown = message.blocks[0]["elements"][0]["elements"][0]["text"]
        assert visible_length(shown) <= 3500
