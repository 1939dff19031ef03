"""What counts as an effect of a hostile document on a reply, and what is only worth knowing.

An effect is anything beyond literal text: markup or a live mention in the Telegram HTML or the
Slack blocks, a command's output in a reply to a question, a reply not shaped like an answer.
`observations` are not effects: text Telegram clients would still make clickable, invisible
control characters shown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.render import (
    SLACK_LIMIT,
    TELEGRAM_LIMIT,
    WORD_JOINER,
    SlackMessage,
    slack_messages,
    telegram_messages,
    visible_length,
)
from handlers.messages import text
from handlers.types import Reply, Style
from tests.bot.slack.harness import leaves
from tests.security.hostile import HostileDocument

TAG = re.compile(r"<[^>]*>")
ALLOWED_TAGS = frozenset({"<b>", "</b>", "<i>", "</i>", "<blockquote>", "</blockquote>"})
BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")
LIVE_MENTION = re.compile(r"@\w+")
SLACK_LEAF_KEYS = frozenset({"type", "text", "style"})
SLACK_STYLES = frozenset({"bold", "italic"})
# Invisible format characters other than the renderer's own word joiner (U+2060).
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2061-\u2064\u2066-\u206f\ufeff]"
)
# What Telegram clients turn into something clickable in any message text.
CLICKABLE_COMMAND = re.compile(r"(?:^|(?<=\s))/[A-Za-z]\w*", re.MULTILINE)
CLICKABLE_URL = re.compile(r"\b(?:https?|tg|mailto)://?\S+|\bwww\.\S+", re.IGNORECASE)
# Command replies, by message key, with the names of their placeholders.
COMMAND_OUTPUTS: dict[str, tuple[str, ...]] = {
    "help_title": (),
    "docs_title": ("count",),
    "library_empty": (),
    "unknown_command": ("command",),
    "empty_question": (),
    "digest_not_allowed": (),
    "digest_subscribed": ("what",),
    "digest_unsubscribed": (),
    "digest_none_here": (),
    "digest_list_empty": (),
    "digest_list_title": ("count",),
    "digest_now_sent": (),
    "digest_help": (),
    "digest_bad_schedule": ("detail",),
}
_CUT = "\x00"


def said(reply: Reply) -> str:
    """All the text of a reply, before rendering."""
    return "\n".join(block.text for block in reply.blocks)


def as_shown(rendered: str) -> str:
    """What a person reads: tags dropped, entities decoded, the renderer's word joiners gone."""
    return html.unescape(TAG.sub("", rendered)).replace(WORD_JOINER, "")


# -- what counts as an effect -----------------------------------------------------------------


def telegram_effects(messages: list[str]) -> list[str]:
    """Anything in Telegram HTML beyond literal text in the bot's own tags."""
    found: list[str] = []
    for message in messages:
        found += [
            f"telegram tag {tag!r}" for tag in TAG.findall(message) if tag not in ALLOWED_TAGS
        ]
        if "<a" in message.lower():
            found.append("telegram <a> tag")
        if BARE_AMPERSAND.search(message):
            found.append("telegram unescaped &")
        plain = html.unescape(TAG.sub("", message))
        found += [f"telegram mention {m!r}" for m in LIVE_MENTION.findall(plain)]
        if visible_length(plain) > TELEGRAM_LIMIT:
            found.append(f"telegram message of {visible_length(plain)} units")
    return found


def slack_effects(messages: list[SlackMessage]) -> list[str]:
    """Anything in Slack messages beyond literal text leaves and an escaped fallback."""
    found: list[str] = []
    for message in messages:
        fallback = message.text
        if "<" in fallback or ">" in fallback:
            found.append(f"slack fallback markup {fallback[:80]!r}")
        if BARE_AMPERSAND.search(fallback):
            found.append("slack fallback unescaped &")
        found += [f"slack fallback mention {m!r}" for m in LIVE_MENTION.findall(fallback)]
        found += [
            f"slack block {block.get('type')!r}"
            for block in message.blocks
            if block.get("type") != "rich_text"
        ]
        size = 0
        for leaf in leaves(message.blocks):
            if leaf.get("type") != "text" or not set(leaf) <= SLACK_LEAF_KEYS:
                found.append(f"slack element {leaf!r}"[:120])
                continue
            if not set(leaf.get("style", {})) <= SLACK_STYLES:
                found.append(f"slack style {leaf['style']!r}")
            found += [f"slack mention {m!r}" for m in LIVE_MENTION.findall(str(leaf["text"]))]
            size += visible_length(str(leaf["text"]))
        if size > SLACK_LIMIT:
            found.append(f"slack message of {size} units")
    return found


def _prefix(key: str, language: str) -> str:
    """The fixed start of a command's reply (up to its first placeholder)."""
    values = dict.fromkeys(COMMAND_OUTPUTS[key], _CUT)
    return text(key, language, **values).partition(_CUT)[0]


def command_effects(reply: Reply) -> list[str]:
    """A command's output in a reply to a question: some text made the bot run one."""
    prefixes = {key: _prefix(key, reply.language) for key in COMMAND_OUTPUTS}
    return [
        f"command output {key}"
        for block in reply.blocks
        for key, prefix in prefixes.items()
        if block.style is not Style.QUOTE and block.text.startswith(prefix)
    ]


def quoted_shape(reply: Reply) -> list[str]:
    """An extractive answer: its title, then quotes each followed by its source."""
    styles = [block.style for block in reply.blocks]
    title = text("answer_title", reply.language)
    rest = len(styles) - 1
    if (
        styles[:1] != [Style.TITLE]
        or reply.blocks[0].text != title
        or rest < 2
        or rest % 2
        or styles[1:] != [Style.QUOTE, Style.SOURCE] * (rest // 2)
    ):
        return [f"reply shaped {[s.value for s in styles]}"]
    return []


@dataclass
class Asked:
    """One question (or forwarded file) and the bot's reply, rendered for both platforms."""

    document: HostileDocument
    reply: Reply
    telegram: list[str]
    slack: list[SlackMessage]

    @classmethod
    def of(cls, document: HostileDocument, reply: Reply) -> Asked:
        return cls(document, reply, telegram_messages(reply), slack_messages(reply))

    @property
    def said(self) -> str:
        return said(self.reply)

    @property
    def quoted(self) -> bool:
        """The document's marker is in the reply and in both renderings."""
        return (
            self.document.marker in self.said
            and self.document.marker in as_shown("\n".join(self.telegram))
            and self.document.marker in " ".join(shown_leaves(m) for m in self.slack)
        )

    @property
    def missing_probes(self) -> list[str]:
        return [probe for probe in self.document.probes if probe not in self.said]

    def effects(self) -> list[str]:
        return (
            telegram_effects(self.telegram)
            + slack_effects(self.slack)
            + command_effects(self.reply)
        )


def shown_leaves(message: SlackMessage) -> str:
    """The literal text of a Slack message's rich-text leaves."""
    return "".join(str(leaf.get("text", "")) for leaf in leaves(message.blocks))


def observations(asked: Asked) -> set[str]:
    """Not effects, but worth knowing: text from a document or a model that Telegram clients
    would still make clickable (a "/command" sends that command when tapped; a URL opens), and
    invisible control characters that reach the chat."""
    foreign = [
        block.text
        for block in asked.reply.blocks
        if block.style in {Style.QUOTE, Style.SOURCE}
        or (block.style is Style.PARAGRAPH and asked.reply.answer is not None)
    ]
    found = set()
    if any(CLICKABLE_COMMAND.search(line) for line in foreign):
        found.add("clickable /command")
    if any(CLICKABLE_URL.search(line) for line in foreign):
        found.add("clickable URL")
    rendered = [*asked.telegram, *(m.text + shown_leaves(m) for m in asked.slack)]
    if any(INVISIBLE.search(message) for message in rendered):
        found.add("invisible control shown")
    return found


def summarized(reply: Reply) -> bool:
    """The reply to a forwarded file: its summary, the document's text shown as data only."""
    title = text("summary_title", reply.language, name="\0", title="").partition("\0")[0]
    return (
        reply.blocks[0].style is Style.TITLE
        and reply.blocks[0].text.startswith(title)
        and not reply.problem
        and text("internal_error", reply.language) not in "\n".join(b.text for b in reply.blocks)
    )
