"""Counting replies of a chat load: only a cited answer is an answer; "not covered", refusals
and errors are counted apart, on the text as Telegram and Slack render it."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.replies import kinds_per_asker, reply_kind, slack_plain, tally, telegram_plain
from bot.render import slack_messages, telegram_messages
from handlers.ask import render_answer
from handlers.messages import text
from handlers.types import Reply, Style
from retrieval.answers.extractive import Answer, Citation, Quote

CITATION = Citation(
    "Hướng dẫn đăng ký tạm trú", "03/HD-UBND", "Điều 3. Hồ sơ", "Điều 3", None, "a.txt", "mau",
    "public",
)  # fmt: skip


def answer(language: str = "vi", *, covered: bool = True, partial: bool = False) -> Reply:
    quote = Quote("Giấy tờ cần nộp gồm: tờ khai CT01 <mẫu> & bản sao giấy tờ.", CITATION)
    quotes = [quote] if covered or partial else []
    nearest = [] if covered or partial else [CITATION]
    found = Answer("q", language, covered, quotes, nearest, partial=partial)
    return render_answer(found)


def said(key: str, language: str = "vi", **values: object) -> Reply:
    return Reply(language).add(Style.PARAGRAPH, text(key, language, **values))


REPLIES = [
    (answer(), "answer"),
    (answer("en"), "answer"),
    (answer(partial=True, covered=False), "partial"),
    (answer(covered=False), "not_covered"),
    (said("not_covered", "en"), "not_covered"),
    (said("not_allowed", me="telegram:42"), "refused"),
    (said("not_allowed", "en", me="slack:U1"), "refused"),
    (said("rate_limited"), "refused"),
    (said("internal_error"), "error"),
    (said("problem", "en", detail="x"), "error"),
    (Reply("vi").add(Style.TITLE, text("answer_title", "vi")).add(Style.QUOTE, "…"), "uncited"),
    (Reply("vi").add(Style.PARAGRAPH, "Xin chào"), "other"),
]


@pytest.mark.parametrize(("reply", "kind"), REPLIES)
def test_kind_as_each_platform_shows_it(reply: Reply, kind: str) -> None:
    """The same kind from Telegram HTML and from Slack blocks."""
    assert reply_kind(telegram_plain(telegram_messages(reply)[0])) == kind
    message = slack_messages(reply)[0]
    assert reply_kind(slack_plain({"text": message.text, "blocks": message.blocks})) == kind


def test_only_a_single_cited_answer_counts_as_answered() -> None:
    """A refusal, a "not covered", an error or a second answer is never an answer."""
    plain = {kind: telegram_plain(telegram_messages(reply)[0]) for reply, kind in REPLIES}
    per_asker = kinds_per_asker(
        {
            "answered": [plain["answer"]],
            "answered, then the rest of a long answer": [plain["answer"], "tiếp theo..."],
            "refused": [plain["refused"]],
            "not covered": [plain["not_covered"]],
            "error": [plain["error"]],
            "twice": [plain["answer"], plain["answer"]],
            "an answer and an error": [plain["answer"], plain["error"]],
            "nothing": [],
        }
    )
    assert per_asker["answered, then the rest of a long answer"] == Counter(answer=1)
    counts = tally(per_asker)
    assert counts["answered"] == 2
    assert counts["refused"] == counts["not_covered"] == counts["error"] == 1
    assert counts["more_than_one"] == 2
    assert counts["none"] == 1
