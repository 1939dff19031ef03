"""Deadlines and money amounts in the text of an official document.

Dates are resolved where the text allows it; "trong tháng 12/2026" and "quý IV/2026" resolve to
the last day of the period; "kể từ ngày ký / ban hành" counts from the issue date (calendar days,
or working days that skip weekends and Vietnamese public holidays); a period counted from an
event we cannot date ("kể từ ngày nhận được") is kept as text with no date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from retrieval.text import normalize

# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, its date when it can be resolved, and the sentence it is in."""

    text: str
    date: date | None
    context: str
    task: str = ""  # what is due and by whom: its sentence (or table row) less the deadline


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
    # A sentence ends before a letter, a bullet, or the number of the next item ("2. ...").
    for match in re.finditer(
        r"(?<=[.;!?])\s+(?=[\-–+•(]|[^\W\d_]|\d{1,3}[.)]\s)|\s+(?=[-–+•]\s)", text
    ):
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
        when = _resolve_period(match)
        if issued is not None and when is not None and when < issued:
            continue  # "trong quý III năm 2026, ... đã ..." reports a period, it sets no deadline
        if free(match.start(), match.end()):
            found.append((match.start(), match.end(), when))
    rows: dict[int, tuple[str, str]] = {}  # a period alone in a table cell: its row says what
    for row, cell, when, task in _table_periods(text):
        start = flat.find(cell, max(0, flat.find(row)))
        if (issued is None or when >= issued) and start >= 0 and free(start, start + len(cell)):
            found.append((start, start + len(cell), when))
            rows[start] = (row, task)
    for match in _RELATIVE.finditer(flat):
        if free(match.start(), match.end()) and (match["event"] or "thời hạn" in match[0]):
            found.append((match.start(), match.end(), _resolve_relative(match, issued, working)))
    sentences = list(_sentences(flat))
    deadlines: dict[Deadline, None] = {}  # a sentence written twice states its deadline once
    for start, end, when in sorted(found, key=lambda item: item[0]):
        said = flat[start:end].strip(" ,:")
        if start in rows:
            context, task = rows[start]
        else:
            context = next((flat[a:b] for a, b in sentences if a <= start < b + 1), said).strip()
            task = _task(context, said)
        deadlines.setdefault(Deadline(said, when, context, task))
    return list(deadlines)


_ITEM_NUMBER = re.compile(r"^(?:\d{1,3}[.)]|[a-zđ]\)|[-–+•])\s+")
_CELL_PERIOD = re.compile(
    r"(?P<month_word>tháng)\s+(?P<month>\d{1,2})\s*(?:/|năm)\s*(?P<my>\d{4})"
    r"|(?P<quarter_word>quý)\s+(?P<quarter>IV|I{1,3}|[1-4])\s*(?:/|năm)\s*(?P<qy>\d{4})",
    re.IGNORECASE,
)


def _task(context: str, said: str) -> str:
    """What is due and by whom: the sentence without its deadline, item number and stops."""
    rest = _ITEM_NUMBER.sub("", context.replace(said, " ", 1))
    return re.sub(r"\s+", " ", rest).strip(" ,;:.") or context


def _table_periods(text: str) -> Iterator[tuple[str, str, date, str]]:
    """Periods that fill a table cell alone ("Quý I/2027" in a "Thời hạn" column): the row
    flattened, the cell, its last day, and the row's other cells that say what and who."""
    for line in normalize(text).splitlines():
        cells = [cell.strip() for cell in line.split(" | ")]
        if len(cells) < 2:
            continue
        for cell in cells:
            match = _CELL_PERIOD.fullmatch(cell)
            day = _resolve_period(match) if match else None
            if day is None:
                continue
            others = [c for c in cells if c and c != cell and not c.isdigit()]
            yield re.sub(r"\s+", " ", " | ".join(cells)), cell, day, " — ".join(others)


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
