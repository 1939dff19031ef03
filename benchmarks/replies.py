"""What a reply the bot posted is, read from its text as the asker sees it: a cited answer, a
partial one, "not covered", a refusal or an error, so that a load counts only cited answers
as answers and reports the rest in figures of their own."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from benchmarks.report import Figures
from handlers.messages import LANGUAGES

# Questions the sample documents answer (rows of tests/data/sample_questions.md that the
# judge answers with confidence), typed with and without diacritics, and in English.
LOAD_QUESTIONS = [
    "thu tuc dang ky tam tru can giay to gi",
    "Lệ phí đăng ký tạm trú khi nộp hồ sơ trực tuyến là bao nhiêu?",
    "khi nao cong chuc duoc tu choi tiep cong dan",
    "Lệ phí đăng ký thường trú khi nộp hồ sơ trực tiếp là bao nhiêu?",
    "Cha mẹ phải đăng ký khai sinh cho con trong thời hạn bao nhiêu ngày kể từ ngày sinh?",
    "Đăng ký kết hôn cần nộp những giấy tờ gì?",
    "ban chinh bi tay xoa sua chua co duoc chung thuc ban sao khong",
    "thoi han cap giay phep xay dung nha o rieng le la bao nhieu ngay",
    "Văn bản đến không ghi thời hạn giải quyết thì phải xử lý trong bao lâu?",
    "Within how many hours must staff report a personal data breach?",
    "How many days of paid annual leave does a civil servant get per year?",
    "Within how many hours must a hotel declare the temporary residence of a foreign guest?",
]
KINDS = ("answer", "uncited", "partial", "not_covered", "refused", "error", "other")
# The first words of each kind of reply, in every language (a template's fixed start).
_HEADS = {
    "answer": ("answer_title", "generated_title"),
    "partial": ("partial_title",),
    "not_covered": ("not_covered",),
    "refused": ("not_allowed", "rate_limited"),
    "error": ("internal_error", "problem"),
}
_TAG = re.compile(r"<[^>]+>")


def _start(template: str) -> str:
    return template.split("{", 1)[0].strip()


_STARTS = [
    (_start(texts[key]), kind)
    for texts in LANGUAGES.values()
    for kind, keys in _HEADS.items()
    for key in keys
]
# A citation line ends with its collection's label: "↳ Title (number), Điều 3 · Công khai".
_LABELS = {
    texts[f"label_{level}"]
    for texts in LANGUAGES.values()
    for level in ("public", "internal", "confidential")
}


def reply_kind(plain: str) -> str:
    """The kind of a reply from its plain text (one of KINDS); an answer without a citation
    line is `uncited`."""
    text = plain.lstrip()
    for start, kind in _STARTS:
        if text.startswith(start):
            if kind == "answer" and not any(f" · {label}" in text for label in _LABELS):
                return "uncited"
            return kind
    return "other"


def telegram_plain(message_html: str) -> str:
    """The text a Telegram user sees of an HTML message."""
    return html.unescape(_TAG.sub("", message_html))


def slack_plain(params: dict[str, Any]) -> str:
    """The text a Slack user sees of a chat.postMessage: every text element of its blocks
    (the `text` field is only the notification), else that field."""
    pieces: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text" and isinstance(node.get("text"), str):
                pieces.append(node["text"])
            for key in ("blocks", "elements"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(params.get("blocks") or [])
    return "\n".join(pieces) if pieces else html.unescape(str(params.get("text", "")))


def kinds_per_asker(replies: dict[str, list[str]]) -> dict[str, Counter[str]]:
    """For each asker (an event, an update), how many replies of each kind it got, from the
    plain text of every message it was sent: a message of no known kind after a known one is
    the rest of a long reply, not a reply of its own."""
    per_asker = {}
    for asker, texts in replies.items():
        got = Counter(map(reply_kind, texts))
        if got.total() > got["other"]:
            del got["other"]
        per_asker[asker] = got
    return per_asker


def tally(per_asker: dict[str, Counter[str]]) -> dict[str, int]:
    """Askers by what they got: `answered` (exactly one reply, a cited answer), each other
    kind (their first reply), `none` (no reply) and `more_than_one` (two replies or more)."""
    counts = Counter({kind: 0 for kind in ("answered", *KINDS[1:], "none", "more_than_one")})
    for got in per_asker.values():
        total = got.total()
        if total > 1:
            counts["more_than_one"] += 1
        elif total == 0:
            counts["none"] += 1
        else:
            (kind,) = got
            counts["answered" if kind == "answer" else kind] += 1
    return dict(counts)


def check_replies(figures: Figures, per_asker: dict[str, Counter[str]], what: str) -> None:
    """The rows every chat load has: each asker answered once with a citation (target), and
    what the others got, a figure per kind (reported)."""
    counts = tally(per_asker)
    figures.equal(f"{what} answered once with a citation", counts["answered"], len(per_asker))
    figures.equal(f"{what} answered more than once", counts["more_than_one"], 0)
    figures.equal(f"{what} without a reply", counts["none"], 0)
    for kind in KINDS[1:]:
        figures.report(f"{what} got {kind.replace('_', ' ')}", counts[kind])
