"""Splitting Vietnamese (and English) legal texts along Phần, Chương, Mục, Điều, Khoản, Điểm."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.documents.readers import Page
from retrieval.text import fold

_PREFIX = re.compile(r"^[#>*\s]+|[*\s]+$")
# Roman numerals are matched case-sensitively so that "Phần mềm", "Part of" stay body text.
_PART = re.compile(
    r"^(?:[Pp]hần|PHẦN|[Pp]art|PART)\s+(?:(?:thứ|THỨ)\s+\w+|[IVXLC]+|\d+)(?![\w])"
    r"(?:\s*[.:]\s*(?P<title>.*))?$"
)
_CHAPTER = re.compile(
    r"^(?:[Cc]hương|CHƯƠNG|[Cc]hapter|CHAPTER)\s+(?:[IVXLC]+|\d+)(?![\w])(?:\s*[.:]?\s*(?P<title>.*))?$"
)
_SECTION = re.compile(
    r"^(?:[Mm]ục|MỤC|[Ss]ection|SECTION)\s+\d+(?![\w])(?:\s*[.:]\s*(?P<title>.*))?$"
)
# "Điều 7 Nghị định này" wrapped to a line start is a reference, not a heading: a heading has
# nothing after the number, or a full stop or colon.
_ARTICLE = re.compile(r"^(điều|article)\s+(\d+[a-z]?)(?:\s*$|\s*[.:]\s*(.*)$)", re.IGNORECASE)
_CLAUSE = re.compile(r"^(\d{1,3})\.\s+\S")
_NUMBER_AFTER_SO = re.compile(r"^(?:số|no\.?|number)\s*[:.]?\s*(\S+)", re.IGNORECASE)
_NUMBER_ANYWHERE = re.compile(r"\b\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)+\b")
_DOC_TYPES = (
    "LUẬT",
    "BỘ LUẬT",
    "NGHỊ ĐỊNH",
    "NGHỊ QUYẾT",
    "THÔNG TƯ",
    "QUYẾT ĐỊNH",
    "CHỈ THỊ",
    "HƯỚNG DẪN",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "CÔNG VĂN",
    "THÔNG BÁO",
    "KẾ HOẠCH",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "QUY TRÌNH",
    "LAW",
    "DECREE",
    "CIRCULAR",
    "DECISION",
    "DIRECTIVE",
    "GUIDE",
    "GUIDANCE",
    "REGULATION",
    "REGULATIONS",
    "POLICY",
    "PROCEDURE",
    "INTERNAL PROCEDURE",
    "PLAN",
    "REPORT",
    "NOTICE",
    "OFFICIAL LETTER",
)
HEADER_LINES = 40
TITLE_LINES = 5  # a title without a type line or markup is among a text's first lines
MAX_TITLE = 150
_SUBJECT = re.compile(r"^(?:V/v|Về việc)\s", re.IGNORECASE)
_MOTTO = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|Độc lập)", re.IGNORECASE)
MAX_NUMBER = 60  # a "number" longer than this is running text, not a number and symbol


@dataclass(frozen=True)
class ChunkDraft:
    """A citable passage before it is stored."""

    text: str
    heading: str
    article: str | None = None
    section: str | None = None
    page: int | None = None


@dataclass
class ParsedDocument:
    """Title, number and symbol, and the citable passages of a document."""

    title: str
    number: str | None
    chunks: list[ChunkDraft] = field(default_factory=list)


@dataclass
class _Article:
    label: str
    title: str
    section: str | None
    page: int | None
    body: list[tuple[int | None, str]] = field(default_factory=list)


def _clean(line: str) -> str:
    return _PREFIX.sub("", line).strip()


_LEVELS = (("part", _PART), ("chapter", _CHAPTER), ("section", _SECTION))


def _heading(line: str) -> tuple[str, re.Match[str]] | None:
    """The level and match of a Phần / Chương / Mục heading line."""
    if len(line) > 160:
        return None
    for level, pattern in _LEVELS:
        match = pattern.match(line)
        if match:
            return level, match
    return None


def _is_heading(line: str) -> bool:
    return _heading(line) is not None or _ARTICLE.match(line) is not None


@dataclass(frozen=True)
class Reference:
    """An article named in a question ("Điều 5", "Article 3"), with a document number if given."""

    article: str
    number: str | None = None


_REFERENCE = re.compile(r"\b(dieu|article)\s+(\d+[a-z]?)\b")
_NUMBER_TYPED = re.compile(r"\b\d{1,5}/(?:\d{4}/)?[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")


def find_references(question: str) -> list[Reference]:
    """Articles a question names, matched however it is typed ("dieu 5", "Điều 5", "ĐIỀU 5")."""
    folded = fold(question).lower()
    numbers = _NUMBER_TYPED.findall(folded)
    number = numbers[0] if len(numbers) == 1 else None
    references = []
    for word, article in _REFERENCE.findall(folded):
        label = f"{'Điều' if word == 'dieu' else 'Article'} {article}"
        references.append(Reference(label, number))
    return list(dict.fromkeys(references))


def same_number(typed: str, stored: str | None) -> bool:
    """Document numbers compared without case or diacritics (30/2020/nd-cp = 30/2020/NĐ-CP)."""
    return stored is not None and fold(stored).lower() == fold(typed).lower()


def find_number(lines: list[str]) -> str | None:
    """The number and symbol of a document (e.g. 30/2020/NĐ-CP) from its first lines."""
    head = [_clean(line) for line in lines[:HEADER_LINES]]
    for line in head:
        match = _NUMBER_AFTER_SO.match(line)
        if match and "/" in match.group(1) and len(match.group(1)) <= MAX_NUMBER:
            return match.group(1).rstrip(".,;")
    for line in head:
        found = _NUMBER_ANYWHERE.search(line)
        if found:
            return found.group(0)
    return None


def find_title(lines: list[str], fallback: str) -> str:
    """The document title: a Markdown title, the document type and its subject line, another
    Markdown heading, a "V/v" subject, or the first line that reads as a heading."""
    head = [(raw, _clean(raw)) for raw in lines[:HEADER_LINES] if raw.strip()]
    for raw, line in head:
        if raw.lstrip().startswith("# "):
            return line
    for index, (_, line) in enumerate(head):
        if line.upper() == line and line.upper() in _DOC_TYPES:
            subject = head[index + 1][1] if index + 1 < len(head) else ""
            is_heading = _ARTICLE.match(subject) or _CHAPTER.match(subject)
            kind = line.capitalize()
            if not subject or is_heading:
                return kind
            # "Quyết định Ban hành ..." reads as Vietnamese; English wants "Policy: ...".
            return f"{kind}: {subject}" if fold(line) == line else f"{kind} {subject}"
    headings = [line for raw, line in head if raw.lstrip().startswith("#") and line]
    subjects = [line for _, line in head if _SUBJECT.match(line)]
    plain = [line for _, line in head[:TITLE_LINES] if _reads_as_heading(line)]
    return next(iter(headings + subjects + plain), fallback)


def _reads_as_heading(line: str) -> bool:
    """A short line that is not a sentence, a table row, a structure heading, a number or
    the motto."""
    return (
        len(line) <= MAX_TITLE
        and " | " not in line
        and any(ch.isalpha() for ch in line)
        and not line.endswith((".", ";", ",", ":"))
        and not (_ARTICLE.match(line) or _heading(line) or _NUMBER_AFTER_SO.match(line))
        and not _MOTTO.match(line)
    )


def _wrap(lines: list[tuple[int | None, str]], max_chars: int) -> list[tuple[int | None, str]]:
    """Lines longer than max_chars cut at the last space before the limit (or at the limit)."""
    out: list[tuple[int | None, str]] = []
    for page, whole in lines:
        rest = whole
        while len(rest) > max_chars:
            cut = rest.rfind(" ", max_chars // 2, max_chars)
            cut = cut if cut > 0 else max_chars
            out.append((page, rest[:cut].rstrip()))
            rest = rest[cut:].lstrip()
        if rest:
            out.append((page, rest))
    return out


def _split_long(
    body: list[tuple[int | None, str]], max_chars: int
) -> list[tuple[str, list[tuple[int | None, str]]]]:
    """Group an article's lines by clause so each group stays under max_chars.

    Groups break before a clause once full; text without clauses breaks at any line.
    """
    groups: list[tuple[str, list[tuple[int | None, str]]]] = []
    label, current, size = "", list[tuple[int | None, str]](), 0
    for page, line in _wrap(body, max_chars):
        clause = _CLAUSE.match(line)
        too_big = size + len(line) > max_chars
        if current and too_big and (clause or size + len(line) > 2 * max_chars):
            groups.append((label, current))
            label, current, size = "", [], 0
        if clause and not label:
            label = clause.group(1)
        current.append((page, line))
        size += len(line) + 1
    if current:
        groups.append((label, current))
    return groups


def split_passage(text: str, max_chars: int) -> list[str]:
    """A long article as clause groups under max_chars, each led by the article's first line."""
    if len(text) <= max_chars:
        return [text]
    lines = [line for line in text.splitlines() if line.strip()]
    body: list[tuple[int | None, str]] = [(None, line) for line in lines[1:]]
    header = lines[0]
    return [
        header + "\n" + "\n".join(line for _, line in group)
        for _, group in _split_long(body, max_chars)
    ]


def _article_chunks(article: _Article, max_chars: int) -> list[ChunkDraft]:
    header = f"{article.label}. {article.title}" if article.title else article.label
    body = "\n".join(line for _, line in article.body)
    if len(body) <= max_chars:
        text = f"{header}\n{body}".strip()
        return [ChunkDraft(text, header, article.label, article.section, article.page)]
    chunks = []
    english = article.label.lower().startswith("article")
    for clause, lines in _split_long(article.body, max_chars):
        where = f"{header}, {'clause' if english else 'khoản'} {clause}" if clause else header
        text = f"{header}\n" + "\n".join(line for _, line in lines)
        page = lines[0][0] if lines[0][0] is not None else article.page
        chunks.append(ChunkDraft(text, where, article.label, article.section, page))
    return chunks


def _windows(lines: list[tuple[int | None, str]], title: str, max_chars: int) -> list[ChunkDraft]:
    """Line windows of at most max_chars for text without articles."""
    chunks: list[ChunkDraft] = []
    current: list[str] = []
    page: int | None = None
    size = 0
    for line_page, line in _wrap(lines, max_chars):
        if current and size + len(line) > max_chars:
            chunks.append(ChunkDraft("\n".join(current), title, None, None, page))
            current, size = [], 0
        if not current:
            page = line_page
        current.append(line)
        size += len(line) + 1
    if current:
        chunks.append(ChunkDraft("\n".join(current), title, None, None, page))
    return chunks


def parse_document(
    pages: list[Page], fallback_title: str, *, max_chars: int = 1800
) -> ParsedDocument:
    """Title, number and one chunk per article (split by clause when long)."""
    lines = [(page.number, line.strip()) for page in pages for line in page.text.splitlines()]
    lines = [(number, line) for number, line in lines if line]
    plain = [line for _, line in lines]
    parsed = ParsedDocument(find_title(plain, fallback_title), find_number(plain))

    preamble: list[tuple[int | None, str]] = []
    articles: list[_Article] = []
    levels = {"part": "", "chapter": "", "section": ""}
    pending: str | None = None  # a heading whose title is on the next line
    for page, raw in lines:
        line = _clean(raw)
        if pending is not None:
            level, pending = pending, None
            if not _is_heading(line):
                levels[level] = f"{levels[level]}. {line}"
                continue
        heading = _heading(line)
        if heading is not None:
            level, match = heading
            levels[level] = line
            for lower in ("part", "chapter", "section")[
                ("part", "chapter", "section").index(level) + 1 :
            ]:
                levels[lower] = ""
            if not match.group("title"):
                pending = level
            continue
        found = _ARTICLE.match(line)
        if found:
            label = f"{found.group(1).capitalize()} {found.group(2)}"
            where = " / ".join(x for x in levels.values() if x) or None
            title = _clean(found.group(3) or "")
            articles.append(_Article(label, title, where, page))
            continue
        if articles:
            articles[-1].body.append((page, raw))
        else:
            preamble.append((page, raw))

    if not articles:
        parsed.chunks = _windows(preamble, parsed.title, max_chars)
        return parsed
    # The lines before the first article (issuer, number, "Căn cứ ...") feed the title and
    # number; as a passage they only compete with the articles that hold the rules.
    for article in articles:
        parsed.chunks.extend(_article_chunks(article, max_chars))
    return parsed
