"""Spreadsheets as tables: size, columns, totals and the notable rows, never a dump."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from retrieval.documents.readers import Cell, Sheet
from retrieval.text import fold, normalize

HEADER_SCAN = 10  # a header row is looked for among the first rows (titles may stand above)
NUMERIC_SHARE = 0.6  # a column is numeric when this share of its filled cells are numbers
# "Tổng", "Tổng cộng", "Cộng", "Total", "Sum": a row of totals (diacritics matter: "Công ty").
_TOTAL = re.compile(r"^(?:tổng|tong\b|cộng\b|total|grand total|sum\b)", re.IGNORECASE)
# Column names that count rows rather than measure anything.
_INDEX_NAMES = frozenset({"stt", "tt", "so tt", "no", "no.", "#", "id", "ma so", "ma"})
# Column names where a sum means nothing (rates, years) and where the main figure usually is.
_NOT_SUMMED = re.compile(r"%|ty le|rate|percent|don gia|unit price|^(?:nam|year|ngay|date)$")
_MAIN_NAMES = re.compile(
    r"thanh tien|tong|so tien|kinh phi|gia tri|du toan|amount|total|value|cost|budget"
)
_COLUMN_SUM = re.compile(r"=SUM\(\$?([A-Z]{1,3})\$?\d+:\$?\1\$?\d+\)")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,\s]*$")


@dataclass(frozen=True)
class Notable:
    """A row worth naming: the largest or smallest value of the main column."""

    kind: str  # "max" or "min"
    label: str
    value: float


@dataclass(frozen=True)
class SheetSummary:
    """One sheet described as a table."""

    name: str
    rows: int
    columns: int
    header: list[str]
    main_column: str | None = None
    # Column totals: from the sheet's own "Tổng" row when it has one, otherwise computed.
    totals: list[tuple[str, float]] = field(default_factory=list)
    totals_from_sheet: bool = False
    # Columns whose "Tổng" row differs from the sum of their rows.
    mismatched: list[str] = field(default_factory=list)
    # Columns whose "Tổng" row is a formula with no saved value, other than a plain SUM.
    unchecked: list[str] = field(default_factory=list)
    notable: list[Notable] = field(default_factory=list)


def parse_number(cell: Cell) -> float | None:
    """A cell as a number: 1250000, 1.250.000, 1,250,000.5 or 12,5; None for anything else."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        return float(cell) if math.isfinite(cell) else None
    if not isinstance(cell, str):
        return None
    text = cell.replace(" ", "").replace("\u00a0", "")
    if not _PLAIN_NUMBER.match(text):
        return None
    if "." in text and "," in text:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        text = text.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    else:
        mark = "." if "." in text else "," if "," in text else ""
        groups = text.split(mark)[1:] if mark else []
        thousands = bool(groups) and all(len(g) == 3 for g in groups)
        text = text.replace(mark, "") if thousands or len(groups) > 1 else text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _text(cell: Cell) -> str:
    return "" if cell is None else normalize(str(cell)).strip()


def _header_index(rows: Sequence[Sequence[Cell]], width: int) -> int | None:
    """The first row that names the columns: mostly text, filling most of the width."""
    for index, row in enumerate(rows[:HEADER_SCAN]):
        filled = [c for c in row if _text(c)]
        words = [c for c in filled if parse_number(c) is None]
        if len(filled) >= max(2, math.ceil(width / 2)) and len(words) > len(filled) / 2:
            return index
    return None


def _column_names(header: Sequence[Cell] | None, width: int) -> list[str]:
    """Header texts; unnamed columns take their spreadsheet letter (A, B, ..., AA)."""
    names = []
    for index in range(width):
        name = _text(header[index]) if header is not None and index < len(header) else ""
        names.append(name or get_column_letter(index + 1))
    return names


def _is_total(row: Sequence[Cell]) -> bool:
    return any(_TOTAL.match(_text(c)) for c in row[:3] if isinstance(c, str))


def _is_index(name: str, values: list[float]) -> bool:
    """A row-number column: named STT/No/# or counting 1, 2, 3 ..."""
    if fold(name).lower().strip(" .") in _INDEX_NAMES:
        return True
    return len(values) > 2 and values == [float(i) for i in range(1, len(values) + 1)]


def summarize_sheet(sheet: Sheet) -> SheetSummary:
    """A sheet's size, columns, totals and the rows holding the main column's extremes."""
    rows = [row for row in sheet.rows if any(_text(c) for c in row)]
    width = max((len(row) for row in rows), default=0)
    at = _header_index(rows, width)
    names = _column_names(rows[at] if at is not None else None, width)
    body = rows[at + 1 :] if at is not None else rows
    data = [row for row in body if not _is_total(row)]
    total_rows = [row for row in body if _is_total(row)]
    if not data:
        return SheetSummary(sheet.name, 0, width, names)

    def column(index: int, of: Sequence[Sequence[Cell]]) -> list[float | None]:
        return [parse_number(row[index]) if index < len(row) else None for row in of]

    numeric: list[int] = []
    index_columns: set[int] = set()
    for index in range(width):
        cells = [row[index] for row in data if index < len(row) and _text(row[index])]
        values = [v for v in column(index, data) if v is not None]
        if values and len(values) >= NUMERIC_SHARE * len(cells):
            numeric.append(index)
            if _is_index(names[index], values):
                index_columns.add(index)
    measured = [i for i in numeric if i not in index_columns]
    summed = [i for i in measured if not _NOT_SUMMED.search(fold(names[i]).lower())]

    computed = {i: math.fsum(v for v in column(i, data) if v is not None) for i in summed}
    given: dict[int, float] = {}
    unchecked: list[str] = []
    if total_rows:
        for i in summed:
            cell = total_rows[-1][i] if i < len(total_rows[-1]) else None
            value = column(i, total_rows[-1:])[0]
            if value is not None:
                given[i] = value
            elif isinstance(cell, str) and cell.startswith("="):
                # A formula nobody computed: a SUM over the column is the sum of its rows.
                plain_sum = _COLUMN_SUM.fullmatch(cell.replace(" ", "").upper())
                if plain_sum is None or plain_sum[1] != get_column_letter(i + 1):
                    unchecked.append(names[i])
    totals = [(names[i], given.get(i, computed[i])) for i in summed]
    mismatched = [
        names[i] for i, value in given.items() if not math.isclose(value, computed[i], rel_tol=1e-6)
    ]

    main = _main_column(names, summed or measured, computed)
    notable: list[Notable] = []
    if main is not None:
        labelled = [
            (value, _label(row, main, index_columns, names))
            for row, value in zip(data, column(main, data), strict=True)
            if value is not None
        ]
        if len(labelled) > 1:
            top, bottom = max(labelled, key=lambda p: p[0]), min(labelled, key=lambda p: p[0])
            notable = [Notable("max", top[1], top[0]), Notable("min", bottom[1], bottom[0])]
    return SheetSummary(
        name=sheet.name,
        rows=len(data),
        columns=width,
        header=names,
        main_column=names[main] if main is not None else None,
        totals=totals,
        totals_from_sheet=bool(given) and len(given) == len(summed),
        mismatched=mismatched,
        unchecked=unchecked,
        notable=notable,
    )


def _main_column(names: list[str], candidates: list[int], sums: dict[int, float]) -> int | None:
    """The column a reader cares about most: named like an amount, else the largest sum."""
    named = [i for i in candidates if _MAIN_NAMES.search(fold(names[i]).lower())]
    if named:
        return named[-1]
    if not candidates:
        return None
    return max(candidates, key=lambda i: abs(sums.get(i, 0.0)))


def _label(row: Sequence[Cell], main: int, skip: set[int], names: list[str]) -> str:
    """What a row is called: its first text cell (not a row number), else its position."""
    for index, cell in enumerate(row):
        if index != main and index not in skip and _text(cell) and parse_number(cell) is None:
            return _text(cell)
    return " | ".join(_text(c) for i, c in enumerate(row) if i != main and _text(c)) or names[main]


def summarize_sheets(sheets: Sequence[Sheet]) -> list[SheetSummary]:
    """Every non-empty sheet of a workbook as a table summary."""
    return [summarize_sheet(sheet) for sheet in sheets if sheet.rows]
