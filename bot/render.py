"""One rendering of a reply per platform, with user and document text made harmless.

Every block's text is literal: it is escaped for the platform, mentions are defused (a word
joiner after "@" so "@channel" or "@someone" never pings), and long replies are split between
blocks, or inside a block at a line or word boundary, so no message exceeds the platform limit
and no formatting is cut in half.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from handlers.types import Reply, Style
from retrieval.text import normalize

TELEGRAM_LIMIT = 4096
SLACK_LIMIT = 3500
ZALO_LIMIT = 2000
FALLBACK_CHARS = 300  # Slack shows `text` only in notifications when blocks are present
WORD_JOINER = "\u2060"
_MENTION = re.compile(r"@(?=\w)")
_BOUNDARIES = ("\n\n", "\n", ". ", "; ", ", ", " ")


def defuse(text: str) -> str:
    """Drop invisible and direction-changing characters (a reversed file name hides its
    extension), then break every @mention so no platform turns it into a notification."""
    return _MENTION.sub("@" + WORD_JOINER, normalize(text))


def visible_length(text: str) -> int:
    """Length as Telegram and Slack count it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, budget: int) -> list[str]:
    """Cut text into pieces of at most `budget` units, at the latest natural boundary."""
    pieces: list[str] = []
    rest = text
    while visible_length(rest) > budget:
        window = rest[:budget]
        while visible_length(window) > budget:
            window = window[:-1]
        cut = 0
        for boundary in _BOUNDARIES:
            at = window.rfind(boundary)
            if at > budget // 3:
                cut = at + len(boundary)
                break
        cut = cut or len(window)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _blocks_within(reply: Reply, budget: int) -> list[tuple[Style, str]]:
    """The reply's blocks, long ones split into pieces that each fit the budget."""
    out: list[tuple[Style, str]] = []
    for block in reply.blocks:
        # Defused before measuring: the word joiners count towards the limit.
        out.extend((block.style, piece) for piece in split_text(defuse(block.text), budget))
    return out


def _pack(parts: list[tuple[str, int]], limit: int, separator: int = 1) -> list[list[int]]:
    """Group consecutive parts (rendered text, visible size) into messages within the limit."""
    groups: list[list[int]] = []
    size = 0
    for index, (_text, length) in enumerate(parts):
        if groups and size + separator + length <= limit:
            groups[-1].append(index)
            size += separator + length
        else:
            groups.append([index])
            size = length
    return groups


_TELEGRAM_WRAP = {
    Style.TITLE: ("<b>", "</b>", ""),
    Style.PARAGRAPH: ("", "", ""),
    Style.QUOTE: ("<blockquote>", "</blockquote>", ""),
    Style.SOURCE: ("↳ <i>", "</i>", "↳ "),
    Style.ITEM: ("• ", "", "• "),
    Style.NOTE: ("<i>", "</i>", ""),
}


def telegram_messages(reply: Reply, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Telegram HTML messages, each within the limit counted after entity parsing."""
    parts: list[tuple[str, int]] = []
    for style, piece in _blocks_within(reply, limit - 2):
        opening, closing, shown = _TELEGRAM_WRAP[style]
        body = html.escape(piece, quote=False)
        parts.append((f"{opening}{body}{closing}", visible_length(shown + piece)))
    return ["\n".join(parts[i][0] for i in group) for group in _pack(parts, limit)]


def _slack_element(style: Style, text: str) -> dict[str, Any]:
    """One rich-text element: literal text with a style, never parsed as markup."""
    plain = text
    if style is Style.QUOTE:
        return {"type": "rich_text_quote", "elements": [{"type": "text", "text": plain}]}
    if style is Style.ITEM:
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": plain}]}
        return {"type": "rich_text_list", "style": "bullet", "elements": [section]}
    styles = {
        Style.TITLE: {"bold": True},
        Style.NOTE: {"italic": True},
        Style.SOURCE: {"italic": True},
    }
    element: dict[str, Any] = {"type": "text", "text": plain}
    if style in styles:
        element["style"] = styles[style]
    lead = [{"type": "text", "text": "↳ "}] if style is Style.SOURCE else []
    return {"type": "rich_text_section", "elements": [*lead, element]}


def slack_escape(text: str) -> str:
    """Text for a mrkdwn field: &, < and > escaped as Slack requires, mentions defused."""
    return defuse(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class SlackMessage:
    """A Slack message: the fallback text for notifications and the Block Kit blocks."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def slack_messages(reply: Reply, limit: int = SLACK_LIMIT) -> list[SlackMessage]:
    """Slack messages of rich-text blocks, each within the limit."""
    pieces = _blocks_within(reply, limit - 2)
    parts = [(piece, visible_length(piece)) for _style, piece in pieces]
    messages = []
    for group in _pack(parts, limit):
        elements = [_slack_element(*pieces[i]) for i in group]
        fallback = slack_escape(" ".join(pieces[i][1] for i in group)[:FALLBACK_CHARS])
        messages.append(SlackMessage(fallback, [{"type": "rich_text", "elements": elements}]))
    return messages


_PLAIN_LEAD = {
    Style.TITLE: "",
    Style.PARAGRAPH: "",
    Style.QUOTE: "│ ",
    Style.SOURCE: "↳ ",
    Style.ITEM: "• ",
    Style.NOTE: "",
}
PART_MARK = 8  # room for "(12/12) "


def plain_messages(reply: Reply, limit: int = ZALO_LIMIT) -> list[str]:
    """Plain-text messages (Zalo renders no markup), each within the limit; when the reply
    needs several, each starts with its number, "(2/3) "."""
    parts = [
        (lead + piece, visible_length(lead + piece))
        for style, piece in _blocks_within(reply, limit - PART_MARK - 2)
        for lead in (_PLAIN_LEAD[style],)
    ]
    groups = _pack(parts, limit - PART_MARK)
    messages = ["\n".join(parts[i][0] for i in group) for group in groups]
    if len(messages) == 1:
        return messages
    return [f"({n}/{len(messages)}) {message}" for n, message in enumerate(messages, 1)]
