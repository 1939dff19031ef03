"""What report consolidation works on and gives back: tables read from files, findings, results.

A unit's report and the office's template are both a `Table`: row labels down the side, column
labels across the top (the header levels joined), and numbers where they meet. Alignment maps a
unit's rows and columns onto the template's by their labels; checking and summing work on the
template's positions after that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from retrieval.documents.readers import ReadFile

# A cell as read: a number, or the text found where a number belongs ("x", "n/a", "1.2.3").
Value = float | str
Position = tuple[int, int]  # (row, column) in the table's own numbering, from 0
# Where the name of the unit came from, in the order it is trusted.
UnitSource = Literal["given", "header", "cell", "file", "sender"]


@dataclass(frozen=True)
class Table:
    """One table of a report file, read by labels."""

    source: str  # the sheet's name, "bảng 1" (DOCX) or "trang 2, bảng 1" (PDF)
    above: tuple[str, ...]  # the text lines above the table: issuer, title, "Đơn vị: ..."
    header: tuple[tuple[str, ...], ...]  # the header rows as written, merged cells filled
    numbers: tuple[str, ...]  # each row's own numbering as written ("1", "I", "a)", "")
    rows: tuple[str, ...]  # each row's label as written, numbering removed
    columns: tuple[str, ...]  # each column's label: its header levels joined with " / "
    cells: dict[Position, Value] = field(default_factory=dict)
    refs: dict[Position, str] = field(default_factory=dict)  # "D7": where a cell is in the file
    # Formulas in the file ("=D8+E8"), rewritten over positions of this table when they can be.
    formulas: dict[Position, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Submission:
    """A file sent in for a round, already read (read_isolated(..., tables=True))."""

    file: str
    document: ReadFile
    sender: str | None = None  # who sent it: the last resort for naming the unit
    unit: str | None = None  # the unit named by a person: it overrides what the file says


@dataclass(frozen=True)
class LabelMatch:
    """A row or column of a unit's file matched to the template without being identical."""

    unit: str
    axis: Literal["row", "column"]
    found: str  # the label in the unit's file
    template: str  # the template's label it was matched to
    score: float  # 0-100, how alike the two are after normalising


FindingKind = Literal[
    "sum",  # a total differs from the sum of its parts (or a rate from its parts)
    "negative",
    "text",  # text where a number belongs
    "percent",  # a percentage outside 0-100
    "change",  # far from the unit's previous period
    "missing_row",
    "missing_column",
    "extra_row",
    "extra_column",
    "unchecked",  # a formula that could not be evaluated
    "unreadable",  # the file could not be read or holds no table like the template
]


@dataclass(frozen=True)
class Finding:
    """Something a person should look at, naming the unit, the cell and the values."""

    kind: FindingKind
    unit: str
    where: str  # "Hộ tịch / Đã giải quyết: Tổng số (D9)"
    message: str  # one Vietnamese sentence
    message_en: str  # the same in English
    values: tuple[float, ...] = ()


@dataclass(frozen=True)
class UnitResult:
    """One unit's report after alignment: its values on the template's positions."""

    unit: str
    unit_source: UnitSource
    file: str
    sender: str | None
    values: dict[Position, float]  # template position -> the unit's value (computed if missing)


@dataclass
class Consolidation:
    """The round's result: totals on the template, each unit, and everything to check."""

    template: Table
    units: list[UnitResult]
    totals: dict[Position, float]  # sums of the parts; totals and rates recomputed, not summed
    findings: list[Finding] = field(default_factory=list)
    matches: list[LabelMatch] = field(default_factory=list)  # for a human to confirm
    missing_units: list[str] = field(default_factory=list)  # expected, not received
    duplicates: list[str] = field(default_factory=list)  # units that sent more than one file
    unexpected_units: list[str] = field(default_factory=list)  # received, not on the list
