"""The header of a Vietnamese official document (Decree 30/2020/NĐ-CP layout), read from the
text that the readers produce; its deadlines and amounts are in `retrieval.summaries.deadlines`.

The two-column header (issuer | national motto, number | place and date) and the closing block
(Nơi nhận | signer) reach us as DOCX table rows joined by " | ", as PDF text with the columns one
after the other, or with both columns on one line. Lines are first cut at column boundaries, then
each field is found by its own shape rather than by its position.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from retrieval.summaries.official_terms import DOC_TYPES, ORG_HEADS, TYPE_CODES
from retrieval.text import normalize

HEAD_LINES = 40
TAIL_LINES = 60
MIN_OFFICIAL_FIELDS = 3
SHORT_LINE = 60
WRAPPED_TITLE = 40  # a title line this long reached the edge of its column: the next goes on

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_MOTTO = re.compile(
    r"C[ỘO]NG\s+H(?:ÒA|OÀ)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    r",\s*ngày\s*(?P<day>\d{1,2}|[.…_\s]*?)\s*tháng\s*(?P<month>\d{1,2}|[.…_\s]*?)\s*"
    r"năm\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<number>\S*/\S*)", re.IGNORECASE)
_NUMBER_VALUE = re.compile(r"^\d+[a-zA-Z]?/\S+$")
_SEPARATOR = re.compile(r"^[-_—–=*.…\s]+$")
_RULE = re.compile(r"(?:^|\s)[-_—–=]{3,}(?=\s|$)")  # the short rule under a header block
_BULLET = re.compile(r"^[-–+•*]\s*")
_RECIPIENTS = re.compile(r"^(?:Nơi\s+nhận|NƠI\s+NHẬN)\s*:?\s*", re.IGNORECASE)
_SIGNATURE_MARK = re.compile(
    r"\((?:đã\s+ký|ký[^()]{0,40}|chữ\s+ký[^()]{0,30})\)|\[(?:đã\s+ký|daky|chữ\s+ký)\]",
    re.IGNORECASE,
)
_ADDRESSEES = re.compile(r"^Kính\s+gửi\s*:?\s*", re.IGNORECASE)
_AS_ABOVE = re.compile(r"như\s+trên", re.IGNORECASE)
# A place-and-date line cut by a narrow column: its opening, and the rest on the next line.
_DATE_OPENING = re.compile(r",\s*ngày(?:\s+\d{1,2})?(?:\s+tháng(?:\s+\d{1,2})?)?(?:\s+năm)?\s*$")
_DATE_REST = re.compile(r"^(?:\d{1,2}\s+)?(?:tháng\s+)?(?:\d{1,2}\s+)?(?:năm\s+)?\d{4}\b")
# Words a title line cannot end with: the title goes on in the next line (a wrap).
_TITLE_GOES_ON = re.compile(r"(?:^|\s)(?:PHÓ|VÀ|CỦA|VỀ|[-–])$")
_TITLE_PREFIX = re.compile(r"^(?:KT|TM|TL|TUQ|Q)\.")
_SUBJECT_PREFIX = re.compile(r"^(?:V/v|Về\s+việc)\b", re.IGNORECASE)
_BODY_OPENERS = re.compile(
    r"^(?:Căn\s+cứ|Kính\s+gửi|Thực\s+hiện|Theo\s|Xét\s|Hôm\s+nay|Vào\s+hồi|Thời\s+gian|"
    r"Địa\s+điểm|Thành\s+phần|Điều\s+\d|Chương\s|Phần\s|Mục\s|[IVX]+\.|\d+\.|Để\s|Nhằm\s|"
    r"Trên\s+cơ\s+sở|Ngày\s+\d|Trong\s|Sau\s+khi|Qua\s|Tiếp\s+theo|Nơi\s+nhận)",
)  # case-sensitive: these open a sentence; "qua Tổng đài" inside a wrapped title does not
_PERSON_PREFIX = re.compile(
    r"^(?:(?:PGS|GS|TS|ThS|BSCKII|BSCKI|BS|CKII|CKI|KS|LS|NCS|DS)(?:\.|\s)\s*)+"
    r"|^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)\s+",
)


@dataclass(frozen=True)
class OfficialHeader:
    """The formal fields of an official document; each None or empty when not found."""

    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    date: date | None = None
    doc_type: str | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    signer: str | None = None
    signer_title: str | None = None
    parent: str | None = None  # the cơ quan chủ quản above the issuer, when the block has one
    addressees: tuple[str, ...] = ()  # "Kính gửi: ..."

    @property
    def recipients_resolved(self) -> tuple[str, ...]:
        """The recipients with "Như trên" (as above) replaced by the addressees it means."""
        resolved: list[str] = []
        for item in self.recipients:
            as_above = _AS_ABOVE.fullmatch(item) and self.addressees
            resolved.extend(self.addressees if as_above else (item,))
        return tuple(resolved)

    @property
    def is_official(self) -> bool:
        """True when enough of issuer, number, date, type and signer are present."""
        found = (self.issuer, self.number, self.date, self.doc_type, self.signer)
        return sum(value is not None for value in found) >= MIN_OFFICIAL_FIELDS


# --- lines -------------------------------------------------------------------------------------


def _is_upper(line: str) -> bool:
    return any(ch.isalpha() for ch in line) and line == line.upper()


_PLACE_KINDS = frozenset({"phố", "xã", "trấn"})


def _place_start(line: str, comma: int) -> int:
    """Where the place name before ", ngày" starts: capitalised words of one case style."""
    words = list(re.finditer(r"\S+", line[:comma]))
    start = comma
    style: bool | None = None
    for word in reversed(words[-5:]):
        token = word.group(0)
        if token in _PLACE_KINDS and start < comma:
            start = word.start()  # "Thành phố Hồ Chí Minh", "Thị xã ..."
            continue
        if not token[0].isupper() or any(ch.isdigit() for ch in token):
            break
        upper = token.upper() == token and token not in {"TP.", "TX.", "TT."}
        if style is not None and upper != style:
            break
        style = upper if token not in {"TP.", "TX.", "TT."} else style
        start = word.start()
    return start


# A place named with its kind in lower case ("thành phố Buôn Ma Thuột", "tỉnh Khánh Hòa") may
# follow a smaller one and a comma: "Xã Ea Kao, thành phố Buôn Ma Thuột, ngày ...".
_KIND_BEFORE = re.compile(r"(?:[Tt]hành\s+|[Tt]hị\s+|(?:tỉnh|huyện|quận|xã|phường)\s+)?$")
_SMALLER_PLACE = re.compile(rf"(?:[{_UPPER}][\w'’-]*\s+)*[{_UPPER}][\w'’-]*,\s*$")
_LOWER_KINDS = ("tỉnh ", "huyện ", "quận ", "xã ", "phường ", "thành phố ", "thị xã ", "thị trấn ")


def _place_with_kind(line: str, start: int) -> int:
    """The start of a place widened over the words of its kind and a smaller place before it."""
    start = _KIND_BEFORE.search(line, 0, start).start()  # type: ignore[union-attr]
    if line[start:].startswith(_LOWER_KINDS):
        smaller = _SMALLER_PLACE.search(line, 0, start)
        if smaller:
            start = smaller.start()
    return start


def _split_columns(line: str) -> list[str]:
    """One visual line cut where a right-hand column (motto, place and date) starts or ends."""
    cuts = {0, len(line)}
    for match in _MOTTO.finditer(line):
        cuts.update((match.start(), match.end()))
    for match in _PLACE_DATE.finditer(line):
        cuts.update((_place_with_kind(line, _place_start(line, match.start())), match.end()))
    ordered = sorted(cuts)
    pieces = [line[a:b].strip(" |") for a, b in itertools.pairwise(ordered)]
    return [piece for piece in pieces if piece]


def _rejoin_dates(raws: list[str]) -> list[str]:
    """A place-and-date line wrapped by a narrow column ("..., ngày 27 tháng 11 năm" / "2026")
    made one line again; the rest of the next line stays a line of its own."""
    out: list[str] = []
    for raw in raws:
        rest = _DATE_REST.match(raw.strip())
        if out and rest and _DATE_OPENING.search(out[-1]):
            out[-1] = f"{out[-1].rstrip()} {rest.group(0)}"
            out.append(raw.strip()[rest.end() :])
        else:
            out.append(raw)
    return out


def _lines(text: str) -> list[str]:
    """Non-empty lines, table cells (" | ") and columns sharing a line split apart."""
    out: list[str] = []
    for raw in _rejoin_dates(normalize(text).splitlines()):
        for cell in _RULE.sub(" | ", raw).split(" | "):
            stripped = cell.strip()
            if stripped and not _SEPARATOR.match(stripped):
                out.extend(_split_columns(stripped))
    return out


# --- header ------------------------------------------------------------------------------------


def _clean_number(raw: str) -> str | None:
    number = raw.rstrip(".,;")
    return number if _NUMBER_VALUE.match(number) else None


def _type_from_number(number: str | None) -> str | None:
    if number is None:
        return None
    parts = [p for p in re.split(r"[/-]", number)[1:] if not p.isdigit()]
    if not parts:
        return None
    return TYPE_CODES.get(parts[0].upper(), "Công văn")


def _is_type_line(line: str) -> str | None:
    key = re.sub(r"\s+", " ", line.strip().rstrip(":")).upper()
    if line.rstrip().endswith(":") or not _is_upper(line.strip()):
        return None
    return DOC_TYPES.get(key)


def _split_bodies(lines: list[str]) -> list[str]:
    """Issuer block lines grouped into bodies: a line naming a new organisation starts one.
    Capitals before the first such line ("STT", a table's column names) name no body."""
    bodies: list[list[str]] = []
    for line in lines:
        if line.startswith(ORG_HEADS):
            bodies.append([line])
        elif bodies:
            bodies[-1].append(line)
    return [" ".join(body) for body in bodies]


def _is_person(line: str) -> bool:
    """A name as a signer's is written: two to seven capitalised words of letters (apostrophes
    and hyphens too: "H'Linh Niê", "Giàng A Páo"), a rank or degree before them. Whose name
    it is the position tells, not a list of surnames."""
    name = _PERSON_PREFIX.sub("", line).strip()
    words = name.split()
    if not 2 <= len(words) <= 7:
        return False
    return all(
        w[0].isupper()
        and (len(w) == 1 or not w[1:].isupper())
        and all(ch.isalpha() or ch in "'’-" for ch in w)
        for w in words
    )


def _split_name_tail(line: str) -> list[str]:
    """A recipient and a signer's name or title that share a line, cut apart."""
    if not (_BULLET.match(line) or _RECIPIENTS.match(line)):
        return [line]
    for match in re.finditer(r"[;.:]\s+", line):
        tail = line[match.end() :]
        if _is_person(tail) or (
            _is_upper(tail)
            and len(tail.split()) >= 2
            and re.fullmatch(rf"(?:(?:KT|TM|TL|TUQ|Q)\.\s*)?[{_UPPER}\s-]+", tail)
        ):
            return [line[: match.end()].strip(), tail.strip()]
    return [line]


@dataclass
class _Head:
    issuer_lines: list[str]
    number: str | None
    place: str | None
    date: date | None
    subject_lines: list[str]
    rest: list[str]


def _date_of(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _read_head(lines: list[str]) -> _Head:
    """Issuer, number, place and date from the first lines; the other lines kept in order."""
    head = _Head([], None, None, None, [], [])
    number_seen = False
    in_vv = False
    for index, line in enumerate(lines):
        if index >= HEAD_LINES:
            head.rest.append(line)
            continue
        number = _NUMBER.match(line)
        place = _PLACE_DATE.search(line)
        if _MOTTO.fullmatch(line):
            in_vv = False
        elif number and not number_seen:
            number_seen, head.number = True, _clean_number(number["number"])
            tail = line[number.end() :].strip()
            in_vv = False
            if _SUBJECT_PREFIX.match(tail):
                head.subject_lines.append(tail)
                in_vv = True
        elif place and head.place is None and place.start() > 0:
            head.place = line[: place.start()].strip()
            head.date = _date_of(place)
        elif _SUBJECT_PREFIX.match(line) and line.startswith(("V/v", "v/v")) and not in_vv:
            head.subject_lines.append(line)
            in_vv = True
        elif in_vv and _continues(head.subject_lines[-1], line):
            head.subject_lines.append(line)
        elif not number_seen and _is_upper(line) and _is_type_line(line) is None:
            head.issuer_lines.append(line)
            in_vv = False
        else:
            in_vv = False
            head.rest.append(line)
    return head


def _continues(previous: str, line: str) -> bool:
    """Whether a line carries on a title or a V/v subject (a wrap), not a new paragraph."""
    if _is_upper(line) or _BODY_OPENERS.match(line) or re.search(r"[.:;]$", previous):
        return False
    # A wrapped title goes on in lower case or, before a proper noun, as a short line; the
    # body's first paragraph is a full-width line or a sentence of its own.
    return line[0].islower() or (len(line) <= SHORT_LINE and not line.endswith((".", ":")))


def _titled_subject(lines: list[str]) -> tuple[str | None, str | None]:
    """The document type named on its own line and the trích yếu lines below it."""
    for index, line in enumerate(lines[:HEAD_LINES]):
        doc_type = _is_type_line(line)
        if doc_type is None:
            continue
        subject: list[str] = []
        for following in lines[index + 1 : index + 6]:
            if subject and not _continues(subject[-1], following):
                break
            lead_in = following.endswith(":")  # "... trân trọng giới thiệu:" opens the body
            if not subject and (_is_upper(following) or _BODY_OPENERS.match(following) or lead_in):
                break
            subject.append(following)
        return doc_type, " ".join(subject) or None
    return None, None


def _recipients(lines: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The Nơi nhận items and the closing lines without them."""
    start = next((i for i, line in enumerate(lines) if _RECIPIENTS.match(line)), None)
    if start is None:
        return (), lines
    items: list[str] = []
    others = lines[:start]
    first = _RECIPIENTS.sub("", lines[start]).strip()
    queue = [first] if first else []
    queue.extend(lines[start + 1 :])
    done = False
    for line in queue:
        bullet = _BULLET.match(line)
        if done:
            others.append(line)
        elif bullet:
            items.append(line[bullet.end() :].strip())
        elif items and not re.search(r"[;.]$", items[-1]) and _continues_item(line):
            if _is_person(line):
                others.append(line)
            else:
                items[-1] = f"{items[-1]} {line}"
        else:
            others.append(line)
        if items and items[-1].lower().startswith("lưu") and items[-1].endswith("."):
            done = True
    return tuple(item.rstrip(";.,").strip() for item in items), others


def _continues_item(line: str) -> bool:
    """Whether a line after an unfinished Nơi nhận item is its wrapped tail: not in capitals
    like a signer's title, or ending as items do ("KSTTHC);"), which titles never do."""
    return not _is_upper(line) or bool(re.search(r"[;.)]$", line))


def _unwrapped(titles: list[str]) -> list[str]:
    """Title lines with the wraps of a narrow column joined ("PHÓ" / "CHỦ NHIỆM")."""
    joined: list[str] = []
    for line in titles:
        wrapped = (
            _TITLE_GOES_ON.search(joined[-1]) or len(joined[-1]) >= WRAPPED_TITLE
            if joined
            else False
        )
        if wrapped and not _TITLE_PREFIX.match(line):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _signer(lines: list[str]) -> tuple[str | None, str | None]:
    """The name and the title lines above it in the closing block (the last one found)."""
    for index in range(len(lines) - 1, -1, -1):
        if not _is_person(lines[index]):
            continue
        titles: list[str] = []
        for above in reversed(lines[max(0, index - 6) : index]):
            if _is_upper(above) and not _BULLET.match(above):
                titles.insert(0, above)
            elif titles:
                break
        if titles:
            return lines[index], " / ".join(_unwrapped(titles))
    return None, None


def _addressees(lines: list[str]) -> tuple[str, ...]:
    """Who the document is addressed to: "Kính gửi: X." or "Kính gửi:" over a list."""
    start = next((i for i, line in enumerate(lines[:HEAD_LINES]) if _ADDRESSEES.match(line)), None)
    if start is None:
        return ()
    items: list[str] = []
    first = _ADDRESSEES.sub("", lines[start]).strip()
    for line in ([first] if first else []) + lines[start + 1 : start + 12]:
        bullet = _BULLET.match(line)
        if bullet:
            items.append(line[bullet.end() :])
        elif items and line[:1].islower() and not re.search(r"[;.]$", items[-1]):
            items[-1] = f"{items[-1]} {line}"  # a wrapped addressee
        elif not items and line is first:
            items.append(line)
        else:
            break
    return tuple(cleaned for item in items if (cleaned := item.strip().rstrip(";.,").strip()))


def parse_header(text: str) -> OfficialHeader:
    """Issuer, number, place, date, type, subject, recipients and signer of an official text."""
    lines = _lines(_SIGNATURE_MARK.sub("", text))
    head = _read_head(lines)
    doc_type, subject = _titled_subject(head.rest)
    if head.subject_lines:
        subject = subject or " ".join(head.subject_lines)
        doc_type = doc_type or "Công văn"
    doc_type = doc_type or _type_from_number(head.number)
    tail = [piece for line in head.rest[-TAIL_LINES:] for piece in _split_name_tail(line)]
    recipients, closing = _recipients(tail)
    signer, signer_title = _signer(closing)
    bodies = _split_bodies(head.issuer_lines)
    return OfficialHeader(
        issuer=bodies[-1] if bodies else None,
        number=head.number,
        place=head.place or None,
        date=head.date,
        doc_type=doc_type,
        subject=_tidy(subject),
        recipients=recipients,
        signer=signer,
        signer_title=signer_title,
        parent=" ".join(bodies[:-1]) or None,
        addressees=_addressees(head.rest),
    )


def _tidy(text: str | None) -> str | None:
    if not text:
        return None
    return re.sub(r"\s+", " ", text).strip().rstrip(".;,") or None
