"""A report's table found on a sheet: the header block, the label column, the rows of figures.

Report templates put a title block above the table (issuer, national motto, title, "Đơn vị báo
cáo: ..."), then a header of one to three rows with merged cells, often a row numbering the
columns ("(1)", "(2)", ... or "A", "B", "1", "2"), then one row per item: its number (STT), its
label and its figures, then signatures. A merged cell is read as its top-left cell only (or its
text repeated, in a DOCX), so a blank header cell takes its text from the left when it stands
over labelled sub-columns, as a merged group heading does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.utils import column_index_from_string, get_column_letter

from retrieval.documents.readers import Cell, Sheet
from retrieval.reports.model import Position, Table, Value
from retrieval.summaries.sheets import parse_number
from retrieval.text import fold, normalize

MAX_HEADER_ROWS = 5
COLUMN_NUMBERS_SHARE = 0.6  # of a row's cells numbering columns, for it to be that row
# "1", "1.2", "I", "IV", "a", "a)", "1.", "-": the numbering a row carries before its label.
_NUMBERING = re.compile(
    r"^\s*(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])(?:\s*[.):\-–]\s*|\s+)(?=\S)"
)
_NUMBER_ONLY = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")
# A row numbering the columns: "(1)", "2", "A", "(3)=(4)+(5)".
_COLUMN_NUMBER = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?(?:\s*=.*)?$")
# Cells that say "nothing" where a number belongs: zero.
_ZERO = frozenset({"-", "–", "—", "0", "o"})
_PERCENT = re.compile(r"^([+-]?\d[\d.,\s]*)\s*%$")
_FOOTER = re.compile(
    r"^(?:nguoi lap|lap bieu|thu truong|ghi chu|noi nhan|xac nhan|ky ten|prepared by|notes?\b)"
)
_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def text_of(cell: Cell) -> str:
    """A cell's text, tidy: one space between words."""
    return "" if cell is None else " ".join(normalize(str(cell)).split())


def value_of(cell: Cell) -> Value | None:
    """A figure cell: a number ("1.234", "12,5", "85%"; "-" is zero), its text when it is not
    a number, None when blank or a formula without a saved value."""
    if cell is None or isinstance(cell, bool):
        return None
    number = parse_number(cell)
    if number is not None:
        return number
    text = text_of(cell)
    if not text or text.startswith("="):
        return None
    if text in _ZERO:
        return 0.0
    percent = _PERCENT.match(text)
    if percent and (value := parse_number(percent[1])) is not None:
        return value
    return text


def label_key(label: str) -> str:
    """A label as compared: numbering gone, no diacritics, lower case, words only."""
    return " ".join(re.sub(r"[^\w%]+", " ", fold(strip_numbering(label)).lower()).split())


def strip_numbering(label: str) -> str:
    """ "1. Hộ tịch" -> "Hộ tịch"; "II - Lĩnh vực ..." -> "Lĩnh vực ..."."""
    rest = _NUMBERING.sub("", label, count=1)
    return rest if rest and rest != label and not rest[0].islower() else label


def address(text: str) -> tuple[int, int] | None:
    """ "$D$8" -> (7, 3): a cell address as (row, column) from 0."""
    match = _ADDRESS.match(text.upper())
    if match is None:
        return None
    return int(match[2]) - 1, column_index_from_string(match[1]) - 1


def _is_text(cell: Cell) -> bool:
    text = text_of(cell)
    return bool(text) and not text.startswith("=") and isinstance(value_of(cell), str)


def _header_start(rows: Sequence[Sequence[Cell]]) -> int | None:
    """The first row naming at least three columns in words."""
    for index, row in enumerate(rows):
        words = [c for c in row if _is_text(c) and len(text_of(c)) > 1]
        if len(words) >= 3:
            return index
    return None


def _label_column(rows: Sequence[Sequence[Cell]], start: int) -> int:
    """The column among the first four holding the most item names."""
    best, best_count = 0, -1
    for column in range(4):
        count = 0
        for row in rows[start:]:
            text = text_of(row[column]) if column < len(row) else ""
            if _is_text(row[column] if column < len(row) else None) and len(text) > 3:
                count += 1
        if count > best_count:
            best, best_count = column, count
    return best


def _is_column_numbers(row: Sequence[Cell]) -> bool:
    """A row numbering the columns; most of it is enough (OCR misreads a few: "q1)", "3)")."""
    filled = [text_of(c) for c in row if text_of(c)]
    others = [t for t in filled if not _COLUMN_NUMBER.match(t)]
    return (
        len(filled) >= 3
        and len(others) <= (1 - COLUMN_NUMBERS_SHARE) * len(filled)
        and all(len(t) <= 4 for t in others)  # a misread "(1)", never an item's label
    )


def _header_rows(rows: Sequence[Sequence[Cell]], start: int, label: int) -> tuple[int, int]:
    """The header block [start, end) and the first data row: header rows name columns in
    words right of the label column; a column-numbering row closes the block."""
    end = start + 1
    while end < len(rows) and end - start < MAX_HEADER_ROWS:
        row = rows[end]
        if _is_column_numbers(row):
            return end, end + 1
        words = [
            c for c in row[label + 1 :] if _is_text(c) and len(re.sub(r"\W", "", text_of(c))) > 1
        ]
        figures = [c for c in row[label + 1 :] if text_of(c) and not _is_text(c)]
        if not words or figures:
            break
        end += 1
    return end, end


def _column_labels(header: list[list[str]], columns: range) -> list[str]:
    """Each column's header levels joined; a blank heading over labelled sub-columns takes the
    heading on its left (a merged group)."""
    filled = [row[:] for row in header]
    for level in reversed(range(len(filled) - 1)):  # the lowest first: a heading spans groups
        row, below = filled[level], filled[level + 1]
        for column in columns:
            if row[column] or not below[column]:
                continue
            left = column - 1
            while left >= columns.start and not row[left]:
                left -= 1
            if left >= columns.start and below[left]:
                row[column] = row[left]
    labels = []
    for column in columns:
        levels: list[str] = []
        for row in filled:
            if row[column] and (not levels or levels[-1] != row[column]):
                levels.append(row[column])
        labels.append(" / ".join(levels))
    return labels


def find_table(sheet: Sheet, above: Sequence[str] = (), *, workbook: bool = True) -> Table | None:
    """The report table on a sheet, or None when the sheet holds none. `above` is text that
    stands before the table elsewhere in the file (a DOCX's or PDF's lines); cells are named
    "D7" in a workbook, "bảng 2, dòng 7, cột 4" in a table of a document."""
    rows = [list(row) for row in sheet.rows]
    start = _header_start(rows)
    if start is None:
        return None
    width = max(len(row) for row in rows)
    for row in rows:
        row.extend([None] * (width - len(row)))
    label = _label_column(rows, start)
    end, first = _header_rows(rows, start, label)
    numbers_at = label - 1 if label > 0 else None
    data_columns = range(label + 1, width)
    header = [[text_of(c) for c in row] for row in rows[start:end]]
    labels = _column_labels(header, data_columns)
    keep = [i for i, name in zip(data_columns, labels, strict=True) if name]
    if not keep:
        return None
    table_rows: list[int] = []
    names: list[str] = []
    for index in range(first, len(rows)):
        row = rows[index]
        number = text_of(row[numbers_at]) if numbers_at is not None else ""
        # "Tổng cộng" written in the number column (a label merged across both) is the label.
        name = text_of(row[label]) or ("" if _NUMBER_ONLY.match(number) else number)
        has_figures = any(
            text_of(row[c]) or (index, c) in sheet.formulas for c in keep if c < len(row)
        )
        if not name and not has_figures:
            continue
        if _FOOTER.match(label_key(name)) or (not has_figures and not _NUMBER_ONLY.match(number)):
            if table_rows:
                break
            continue
        if name:
            table_rows.append(index)
            names.append(name)
    cells: dict[Position, Value] = {}
    refs: dict[Position, str] = {}
    at_row = {index: r for r, index in enumerate(table_rows)}
    at_column = {index: c for c, index in enumerate(keep)}
    for r, index in enumerate(table_rows):
        for c, column in enumerate(keep):
            refs[(r, c)] = (
                f"{get_column_letter(column + 1)}{index + 1}"
                if workbook
                else f"{sheet.name}, dòng {index + 1}, cột {column + 1}"
            )
            value = value_of(rows[index][column])
            if value is not None:
                cells[(r, c)] = value
    # A formula over cells outside the table (another sheet, another file) stays as written:
    # the cell is still computed, not typed, but by nothing that can be checked here.
    formulas = {
        (at_row[r], at_column[c]): _positions(f, at_row, at_column) or f
        for (r, c), f in sheet.formulas.items()
        if r in at_row and c in at_column
    }
    titles = [text_of(c) for row in rows[:start] for c in row if text_of(c)]
    return Table(
        source=sheet.name,
        above=tuple(above) + tuple(titles),
        header=tuple(tuple(row[label:]) for row in header),
        numbers=tuple(
            text_of(rows[i][numbers_at]) if numbers_at is not None else "" for i in table_rows
        ),
        rows=tuple(strip_numbering(name) for name in names),
        columns=tuple(labels[c - data_columns.start] for c in keep),
        cells=cells,
        refs=refs,
        formulas=formulas,
    )


def _positions(formula: str, rows: dict[int, int], columns: dict[int, int]) -> str | None:
    """A formula over sheet addresses rewritten over table positions ("R3C2"); None when it
    refers to a cell outside the table or another sheet."""
    if "!" in formula:
        return None

    def move(match: re.Match[str]) -> str:
        at = address(match[0])
        if at is None or at[0] not in rows or at[1] not in columns:
            raise KeyError(match[0])
        return f"R{rows[at[0]]}C{columns[at[1]]}"

    try:
        return re.sub(r"\$?[A-Z]{1,3}\$?\d{1,7}\b", move, formula.upper())
    except KeyError:
        return None
