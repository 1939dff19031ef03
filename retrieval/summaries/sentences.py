"""Vietnamese (and English) sentence splitting: abbreviations, initials, numbered headings and
list markers do not end a sentence; lines a PDF wrapped are joined first."""

from __future__ import annotations

import re

from retrieval.text import fold, normalize

# Abbreviations that end in a full stop without ending the sentence (compared case-folded and
# without diacritics): places, titles, degrees, units and Latin/English shorthand.
_ABBREVIATIONS = frozenset(
    "tp q p h x tx tt ts ths pgs gs bs ks cn ncs ls ts.bs th.s v.v vv tr st mr mrs ms dr "
    "prof no vs etc e.g i.e cty co.ltd ltd inc jr sr kt tm tl tuq".split()
)
# A sentence may end after ., !, ?, … (with closing quotes or brackets) before a space.
_END = re.compile(r"(?:\.{3}|…|[.!?])+[\"'”’»)\]]*(?=\s)")
# What a new sentence may start with: a capital, a digit, an opening quote/bracket, a dash.
_STARTER = re.compile(r"\s+[\"'“‘«(\[\-–—•*]?\s*[A-ZÀ-ỸĐ0-9]")
# A list marker on its own: "1.", "a)", "IV.", "-".
_MARKER_ONLY = re.compile(r"^\s*(?:\(?(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})[.)]|[-–—•*])\s*$")
# "Điều 5." / "Khoản 2." / "Article 3." keep their number with what follows.
_NUMBERED_HEADING = re.compile(
    r"(?:điều|khoản|chương|mục|phần|điểm|article|section|chapter|part|số|no)\s+[\w.]*$",
    re.IGNORECASE,
)
# A line continues the previous one (text wrapped by a PDF) when it starts in lower case.
_CONTINUATION = re.compile(r"^[a-zà-ỹđ,;]")
# A line that ends in a stop, a colon or a closing quote or bracket: not wrapped, not a heading.
LINE_END = re.compile(r"[.!?…:;\"'”’)\]]$")


def _is_abbreviation(before: str) -> bool:
    """True when the text before a full stop ends in an abbreviation or an initial."""
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.lstrip("\"'“‘«([").rstrip(".")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "Nguyễn V. A", "Q. 1", "Đ . H"
        return True
    parts = fold(word).lower().split(".")  # "PGS.TS", "Th.S"
    return fold(word).lower() in _ABBREVIATIONS or all(p in _ABBREVIATIONS for p in parts)


def _split_line(line: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(line):
        end = match.end()
        piece = line[start:end]
        following = _STARTER.match(line, end)
        if following is None:
            continue
        if match.group(0).startswith(".") and not match.group(0).startswith("..."):
            before = line[start : match.start()]
            if _is_abbreviation(before) or _NUMBERED_HEADING.search(before):
                continue
        if _MARKER_ONLY.match(piece):
            continue
        sentences.append(piece.strip())
        start = end
    tail = line[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def paragraphs(text: str) -> list[str]:
    """Lines joined where a PDF wrapped a sentence, split where a new block starts."""
    blocks: list[str] = []
    for raw in normalize(text).splitlines():
        line = raw.strip()
        if not line:
            blocks.append("")
            continue
        if blocks and blocks[-1] and _CONTINUATION.match(line) and not LINE_END.search(blocks[-1]):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
    return [block for block in blocks if block]


def split_sentences(text: str) -> list[str]:
    """Sentences of Vietnamese or English text, keeping abbreviations, numbers and list items."""
    return [s for paragraph in paragraphs(text) for s in _split_line(paragraph)]
