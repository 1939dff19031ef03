"""The header of a Vietnamese official document (Decree 30/2020/NĐ-CP layout), its deadlines
and money amounts, read from the text that the readers produce.

The two-column header (issuer | national motto, number | place and date) and the closing block
(Nơi nhận | signer) reach us as DOCX table rows joined by " | ", as PDF text with the columns one
after the other, or with both columns on one line. Lines are first cut at column boundaries, then
each field is found by its own shape rather than by its position.

Deadlines: dates are resolved where the text allows it; "trong tháng 12/2026" and "quý IV/2026"
resolve to the last day of the period; "kể từ ngày ký / ban hành" counts from the issue date
(calendar days, or working days that skip weekends and Vietnamese public holidays); a period
counted from an event we cannot date ("kể từ ngày nhận được") is kept as text with no date.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from retrieval.text import normalize

HEAD_LINES = 40
TAIL_LINES = 60
MIN_OFFICIAL_FIELDS = 3
SHORT_LINE = 60

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
_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương "
    "Trịnh Trương Đinh Lâm Phùng Mai Tô Hà Tạ Lưu Quách Cao Lương Châu Thái Hứa Mạc Kiều Triệu "
    "Văn Chu Nghiêm Tăng Từ Lục La Khổng Thân Giang Nông Kim Đàm Tôn Lại Khúc Đồng Ninh Viên "
    "Ông Âu Doãn Quan Bạch Mã Hầu Chử Diệp".split()
)
_ORG_HEADS = (
    "SỞ ",
    "BỘ ",
    "BAN ",
    "PHÒNG ",
    "TRƯỜNG ",
    "BỆNH VIỆN",
    "VIỆN ",
    "CỤC ",
    "TỔNG CỤC",
    "VỤ ",
    "TRUNG TÂM",
    "VĂN PHÒNG",
    "ỦY BAN",
    "UỶ BAN",
    "UBND",
    "HỘI ĐỒNG",
    "HĐND",
    "CÔNG AN",
    "CHI CỤC",
    "TÒA ÁN",
    "TOÀ ÁN",
    "KHO BẠC",
    "CHÍNH PHỦ",
    "THANH TRA",
    "BẢO HIỂM",
    "ĐẢNG ỦY",
    "ĐOÀN ",
    "HỘI ",
    "CÔNG TY",
    "TỔNG CÔNG TY",
    "NGÂN HÀNG",
    "BỘ CHỈ HUY",
    "ĐÀI ",
    "KHOA ",
    "ĐẠI HỌC",
    "HỌC VIỆN",
    "ĐỘI ",
    "TỔ ",
    "BAN QUẢN LÝ",
    "THUẾ ",
    "HẢI QUAN",
    "KIỂM TOÁN",
    "VIỆN KIỂM SÁT",
    "TÒA ",
    "QUỸ ",
    "BỘ ĐỘI",
    "LIÊN ĐOÀN",
    "ỦY BAN MẶT TRẬN",
)
DOC_TYPES = {
    "QUYẾT ĐỊNH": "Quyết định",
    "CÔNG VĂN": "Công văn",
    "THÔNG BÁO": "Thông báo",
    "KẾ HOẠCH": "Kế hoạch",
    "TỜ TRÌNH": "Tờ trình",
    "BÁO CÁO": "Báo cáo",
    "NGHỊ ĐỊNH": "Nghị định",
    "THÔNG TƯ": "Thông tư",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "CHỈ THỊ": "Chỉ thị",
    "GIẤY MỜI": "Giấy mời",
    "BIÊN BẢN": "Biên bản",
    "NGHỊ QUYẾT": "Nghị quyết",
    "HƯỚNG DẪN": "Hướng dẫn",
    "CÔNG ĐIỆN": "Công điện",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "CHƯƠNG TRÌNH": "Chương trình",
    "ĐỀ ÁN": "Đề án",
    "PHƯƠNG ÁN": "Phương án",
    "DỰ ÁN": "Dự án",
    "GIẤY GIỚI THIỆU": "Giấy giới thiệu",
    "GIẤY XÁC NHẬN": "Giấy xác nhận",
    "GIẤY NGHỈ PHÉP": "Giấy nghỉ phép",
    "HỢP ĐỒNG": "Hợp đồng",
    "THÔNG CÁO": "Thông cáo",
    "BẢN GHI NHỚ": "Bản ghi nhớ",
    "PHIẾU GỬI": "Phiếu gửi",
    "LUẬT": "Luật",
}
# Type abbreviations of Decree 30 (Phụ lục III), the first part of the symbol after the number.
_TYPE_CODES = {
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "TB": "Thông báo",
    "KH": "Kế hoạch",
    "TTR": "Tờ trình",
    "BC": "Báo cáo",
    "CT": "Chỉ thị",
    "GM": "Giấy mời",
    "BB": "Biên bản",
    "NQ": "Nghị quyết",
    "HD": "Hướng dẫn",
    "CĐ": "Công điện",
    "QC": "Quy chế",
    "CTR": "Chương trình",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "GGT": "Giấy giới thiệu",
    "HĐ": "Hợp đồng",
}


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

    @property
    def is_official(self) -> bool:
        """True when enough of issuer, number, date, type and signer are present."""
        found = (self.issuer, self.number, self.date, self.doc_type, self.signer)
        return sum(value is not None for value in found) >= MIN_OFFICIAL_FIELDS


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, its date when it can be resolved, and the sentence it is in."""

    text: str
    date: date | None
    context: str


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


def _split_columns(line: str) -> list[str]:
    """One visual line cut where a right-hand column (motto, place and date) starts or ends."""
    cuts = {0, len(line)}
    for match in _MOTTO.finditer(line):
        cuts.update((match.start(), match.end()))
    for match in _PLACE_DATE.finditer(line):
        cuts.update((_place_start(line, match.start()), match.end()))
    ordered = sorted(cuts)
    pieces = [line[a:b].strip(" |") for a, b in itertools.pairwise(ordered)]
    return [piece for piece in pieces if piece]


def _lines(text: str) -> list[str]:
    """Non-empty lines, table cells (" | ") and columns sharing a line split apart."""
    out: list[str] = []
    for raw in normalize(text).splitlines():
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
    return _TYPE_CODES.get(parts[0].upper(), "Công văn")


def _is_type_line(line: str) -> str | None:
    key = re.sub(r"\s+", " ", line.strip().rstrip(":")).upper()
    if line.rstrip().endswith(":") or not _is_upper(line.strip()):
        return None
    return DOC_TYPES.get(key)


def _split_bodies(lines: list[str]) -> list[str]:
    """Issuer block lines grouped into bodies: a line naming a new organisation starts one."""
    bodies: list[list[str]] = []
    for line in lines:
        starts = any(line.startswith(head) for head in _ORG_HEADS)
        if starts or not bodies:
            bodies.append([line])
        else:
            bodies[-1].append(line)
    return [" ".join(body) for body in bodies]


def _is_person(line: str) -> bool:
    """A signer's name: two to six capitalised words led by a common surname."""
    name = _PERSON_PREFIX.sub("", line).strip()
    words = name.split()
    if not 2 <= len(words) <= 6 or words[0] not in _SURNAMES:
        return False
    return all(w[0].isupper() and (len(w) == 1 or not w[1:].isupper()) for w in words)


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
        elif items and not re.search(r"[;.]$", items[-1]) and not _is_upper(line):
            if _is_person(line):
                others.append(line)
            else:
                items[-1] = f"{items[-1]} {line}"
        else:
            others.append(line)
        if items and items[-1].lower().startswith("lưu") and items[-1].endswith("."):
            done = True
    return tuple(item.rstrip(";.,").strip() for item in items), others


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
            return lines[index], " / ".join(titles)
    return None, None


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
    )


def _tidy(text: str | None) -> str | None:
    if not text:
        return None
    return re.sub(r"\s+", " ", text).strip().rstrip(".;,") or None


# --- deadlines ---------------------------------------------------------------------------------

_NUM_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?![\d/])"
_WORD_DATE = r"(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})(?:\s*(?:năm|,)\s*(?P<wy>\d{4}))?"
_TIME = r"(?:\d{1,2}\s*(?:giờ|h|g)\s*(?:\d{2})?(?:\s*phút)?\s*,?\s*(?:ngày\s+)?)"
_ABSOLUTE = re.compile(
    r"(?:(?:hoàn\s+thành|xong|gửi|nộp)\s+)?"
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|không\s+muộn\s+hơn|đến\s+hết"
    r"|(?:hạn\s+chót|hạn\s+cuối|thời\s+hạn(?:\s+hoàn\s+thành)?)(?:[^\d.;]{0,40}?)(?:\s+là)?)"
    rf"[\s:,]*(?:vào\s+)?{_TIME}?(?:ngày\s+)?(?:{_NUM_DATE}|{_WORD_DATE})",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?:trong\s+(?:thời\s+hạn|vòng)|chậm\s+nhất(?:\s+là)?|không\s+quá|trong)\s+"
    r"(?P<n>\d{1,3})\s*(?:\([^)]{1,20}\)\s*)?(?P<unit>ngày\s+làm\s+việc|ngày|tuần|tháng)"
    r"(?:\s*,?\s*(?:kể\s+)?từ\s+(?:ngày|khi)\s+(?P<event>[^\d.;,()]{1,40}?)"
    r"(?=[.;,()]|\s+(?:văn\s+bản|công\s+văn|quyết\s+định|thông\s+báo|kế\s+hoạch|này|của|"
    r"các|đơn\s+vị|cơ\s+quan|yêu\s+cầu|hồ\s+sơ|đề\s+nghị|đối\s+với)\b|$))?",
    re.IGNORECASE,
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD = re.compile(
    r"(?:trong|hoàn\s+thành(?:\s+trong)?|xong(?:\s+trong)?|thời\s+hạn(?:\s+hoàn\s+thành)?\s*:?)"
    r"\s+(?:(?P<month_word>tháng)\s+(?P<month>\d{1,2})\s*(?:/|năm)\s*(?P<my>\d{4})"
    r"|(?P<quarter_word>quý)\s+(?P<quarter>IV|I{1,3}|[1-4])\s*(?:/|năm)\s*(?P<qy>\d{4}))",
    re.IGNORECASE,
)
_RANGE_START = re.compile(
    r"\btừ\s+(?:ngày\s+)?(?:\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?"
    r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)\s*$",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"^(?:ký|ban\s+hành|ký\s+ban\s+hành|văn\s+bản\s+này\s+được\s+ký)\b", re.I)


def vn_working_day(day: date) -> bool:
    """Monday to Friday and not a Vietnamese public holiday (Tết included)."""
    return day.weekday() < 5 and day not in _vn_holidays(day.year)


@cache
def _vn_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def add_working_days(start: date, count: int, is_working_day: Callable[[date], bool]) -> date:
    """The count-th working day after start (start itself not counted)."""
    day = start
    left = count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def _add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of sentences in text whose line breaks are already spaces."""
    start = 0
    for match in re.finditer(r"(?<=[.;!?])\s+(?=[\-–+•(]|[^\W\d_])|\s+(?=[-–+•]\s)", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _resolve_absolute(match: re.Match[str], issued: date | None) -> date | None:
    day = match["d"] or match["wd"]
    month = match["m"] or match["wm"]
    year = match["y"] or match["wy"]
    try:
        if year:
            return date(int(year), int(month), int(day))
        if issued is None:
            return None
        found = date(issued.year, int(month), int(day))
        return found if found >= issued else date(issued.year + 1, int(month), int(day))
    except ValueError:
        return None


def _resolve_relative(
    match: re.Match[str], issued: date | None, is_working_day: Callable[[date], bool]
) -> date | None:
    event = match["event"]
    if issued is None or event is None or not _SIGNED.match(event.strip()):
        return None
    count, unit = int(match["n"]), re.sub(r"\s+", " ", match["unit"].lower())
    if unit == "ngày làm việc":
        return add_working_days(issued, count, is_working_day)
    if unit == "tuần":
        return issued + timedelta(weeks=count)
    if unit == "tháng":
        return _add_months(issued, count)
    return issued + timedelta(days=count)


def _resolve_period(match: re.Match[str]) -> date | None:
    if match["month_word"]:
        year, month = int(match["my"]), int(match["month"])
        if not 1 <= month <= 12:
            return None
    else:
        year, month = int(match["qy"]), 3 * _ROMAN[match["quarter"].upper()]
    return date(year, month, calendar.monthrange(year, month)[1])


def find_deadlines(
    text: str,
    issued: date | None,
    *,
    is_working_day: Callable[[date], bool] | None = None,
) -> list[Deadline]:
    """Deadlines in the order written, resolved against the issue date where possible."""
    working = is_working_day or vn_working_day
    flat = re.sub(r"\s+", " ", normalize(text))
    found: list[tuple[int, int, date | None]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b, _ in found)

    for match in _ABSOLUTE.finditer(flat):
        if _RANGE_START.search(flat, max(0, match.start() - 40), match.start()):
            continue  # "từ ngày 04/02 đến hết ngày 10/02" is a period, not a deadline
        found.append((match.start(), match.end(), _resolve_absolute(match, issued)))
    for match in _PERIOD.finditer(flat):
        if free(match.start(), match.end()):
            found.append((match.start(), match.end(), _resolve_period(match)))
    for match in _RELATIVE.finditer(flat):
        if free(match.start(), match.end()) and (match["event"] or "thời hạn" in match[0]):
            found.append((match.start(), match.end(), _resolve_relative(match, issued, working)))
    sentences = list(_sentences(flat))
    deadlines = []
    for start, end, when in sorted(found, key=lambda item: item[0]):
        context = next((flat[a:b] for a, b in sentences if a <= start < b + 1), flat[start:end])
        deadlines.append(Deadline(flat[start:end].strip(" ,:"), when, context.strip()))
    return deadlines


# --- amounts -----------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?"
_AMOUNT = re.compile(
    rf"(?<![\w.,/])(?:{_NUM})(?:\s*{_SCALE}(?:\s+(?:{_NUM})\s*{_SCALE})*)?\s*"
    r"(?:đồng|VNĐ|VND|USD|đ)(?!\w)",
    re.IGNORECASE,
)


def find_amounts(text: str) -> list[str]:
    """Money amounts as written ("1.250.000.000 đồng", "15 triệu đồng", "2,5 tỷ đồng")."""
    flat = re.sub(r"\s+", " ", normalize(text))
    return [match.group(0) for match in _AMOUNT.finditer(flat)]
