"""Many units' reports in, one checked consolidation out (pure: the files are read before).

The template decides what is summed and what is computed: a cell with a formula in the
template (a total, a rate) is derived, every other figure is an input. Each unit's inputs are
summed; derived cells are computed again from the sums, never summed. Each unit's own derived
figures are checked against its inputs, and its figures against plain sense and its previous
period. Nothing is summed silently: every label matched without being identical is listed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from rapidfuzz import fuzz, process

from retrieval.reports.align import Pair, align, compared
from retrieval.reports.formulas import Formula, NotEvaluable, compile_formula
from retrieval.reports.model import (
    Consolidation,
    Finding,
    FindingKind,
    LabelMatch,
    Position,
    Submission,
    Table,
    UnitResult,
    UnitSource,
    Value,
)
from retrieval.reports.tables import find_table, label_key
from retrieval.summaries.official_terms import ORG_HEADS
from retrieval.text import fold

TEMPLATE = "(mẫu)"
SCANNED = "(OCR)"  # how the readers name a table read from a scan
KEY_SEPARATOR = "\x1f"  # "row label" + this + "column label": a figure's name across periods
_UNIT_CELL = re.compile(r"^(?:tên\s+)?đơn vị(?:\s+báo cáo)?\s*[:：]\s*(.+)$", re.IGNORECASE)
_TOTAL_ROW = re.compile(r"^(?:tong cong|tong so|tong|cong)\b")
_RATE = re.compile(r"%|\bty le\b|\bphan tram\b|\brate\b|\bpercent")
_CELL_BREAK = re.compile(r"\s*\|\s*|\s{3,}|\t")  # cells of a line of text: "a | b", "a    b"
_MOTTO_ANYWHERE = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do")
_MOTTO = re.compile(r"^(?:cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do)")
# A title in capitals above the table, not a body's name.
_TITLE = re.compile(
    r"^(?:bao cao|ket qua|bieu|tong hop|danh sach|so lieu|quyet dinh|ke hoach|thong bao|"
    r"to trinh|cong van|phu luc|mau so|mau)\b"
)
_UNIT_PREFIX = re.compile(r"^(?:uy ban nhan dan|ubnd)\s+")
MIN_UNIT_SCORE = 88.0  # a unit's name read from a file matched to the expected list
CHANGE_FACTOR = 3.0  # "far from the previous period": three times more or less ...
CHANGE_MIN = 20.0  # ... and at least this much apart


class TemplateError(ValueError):
    """The template holds no table to consolidate into."""


def tables_of(submission: Submission) -> list[Table]:
    """Every table the file holds; a DOCX or PDF lends its first lines as the text above."""
    document = submission.document
    above: list[str] = []
    if document.file_type != "xlsx":
        first = document.pages[0].text if document.pages else ""
        parts = (_CELL_BREAK.split(line) for line in first.splitlines()[:15])
        above = [part.strip() for line in parts for part in line if part.strip()]
    workbook = document.file_type == "xlsx"
    found = (find_table(sheet, above, workbook=workbook) for sheet in document.sheets)
    return [table for table in found if table is not None]


def _pick(tables: Sequence[Table], template: Table | None) -> Table | None:
    """The table most like the template (or the largest when there is none yet)."""
    if not tables:
        return None
    if template is None:
        return max(tables, key=lambda t: len(t.rows) * len(t.columns))
    scored = [
        (len(align(t.rows, template.rows)) + len(align(t.columns, template.columns)), t)
        for t in tables
    ]
    best = max(scored, key=lambda pair: pair[0])
    return best[1] if best[0] > 0 else None


def unit_of(table: Table, submission: Submission) -> tuple[str, UnitSource]:
    """Who sent the report: a name given by a person, the official header's issuer, a
    "Đơn vị báo cáo: ..." line, the file name, the sender."""
    if submission.unit:
        return submission.unit, "given"
    issuer = _issuer(table.above)
    if issuer:
        return issuer, "header"
    for line in table.above:
        found = _UNIT_CELL.match(line)
        if found and found[1].strip(" .…"):
            return found[1].strip(" .…"), "cell"
    stem = re.sub(r"[_\s]+", " ", PurePath(submission.file).stem).strip()
    if stem:
        return stem, "file"
    return submission.sender or "?", "sender"


def _issuer(lines: Sequence[str]) -> str | None:
    """The issuing body of an official header: the last body named in capitals before the
    national motto ends, the one beneath its parent ("UBND HUYỆN A" / "UBND XÃ B"), with the
    lines its name goes on to; a title in capitals is not a body."""
    parts: list[str] = []
    for line in lines:  # "UBND XÃ B    CỘNG HÒA ..." on one line of a PDF's text
        folded = fold(line).lower()
        cut = min((m.start() for m in _MOTTO_ANYWHERE.finditer(folded) if m.start() > 0), default=0)
        parts.extend([line[:cut].strip(), line[cut:].strip()] if cut else [line])
    motto = [i for i, line in enumerate(parts) if _MOTTO.match(fold(line).lower())]
    if not motto:
        return None
    bodies: list[str] = []
    for line in parts[: motto[-1] + 1]:
        folded = fold(line).lower()
        if not line.isupper() or _MOTTO.match(folded) or _TITLE.match(folded):
            continue
        if line.startswith(ORG_HEADS):
            bodies.append(line)
        elif bodies:  # the name goes on: "ỦY BAN NHÂN DÂN" / "PHƯỜNG ĐÔNG HÒA"
            bodies[-1] += " " + line
    return " ".join(bodies[-1].split()) if bodies else None


def _unit_key(name: str) -> str:
    return _UNIT_PREFIX.sub("", compared(name))


def _expected(name: str, expected: Sequence[str]) -> str | None:
    """The expected unit this name means, if any."""
    if not expected:
        return None
    keys = [_unit_key(e) for e in expected]
    key = _unit_key(name)
    if key in keys:
        return expected[keys.index(key)]
    best = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio)
    return expected[best[2]] if best is not None and best[1] >= MIN_UNIT_SCORE else None


def template_formulas(template: Table) -> tuple[dict[Position, Formula], list[Position]]:
    """The template's derived cells in an order where each reads only earlier ones, and the
    cells whose formula is not understood. A template without formulas gets the two rules
    every report keeps: a "Tổng cộng" row sums the rows, a "Tổng số" column its group."""
    texts = dict(template.formulas) or _label_relations(template)
    formulas: dict[Position, Formula] = {}
    unknown: list[Position] = []
    for position, text in texts.items():
        try:
            formulas[position] = compile_formula(text)
        except NotEvaluable:
            unknown.append(position)
    ordered: dict[Position, Formula] = {}
    pending = dict(formulas)
    while pending:
        ready = [p for p, f in pending.items() if not (f.reads & pending.keys()) - {p}]
        if not ready:  # a cycle: left out and reported
            unknown.extend(pending)
            break
        for position in sorted(ready):
            ordered[position] = pending.pop(position)
    return ordered, sorted(unknown)


def _label_relations(template: Table) -> dict[Position, str]:
    """Without formulas only one rule is safe: a "Tổng cộng" row sums the other rows. A rate
    column is marked as derived with no formula ("?"): never summed, not recomputed."""
    keys = [label_key(row) for row in template.rows]
    totals = [r for r, key in enumerate(keys) if _TOTAL_ROW.match(key)]
    parts = [r for r in range(len(keys)) if r not in totals]
    rates = [c for c, name in enumerate(template.columns) if _RATE.search(label_key(name))]
    relations: dict[Position, str] = {}
    for c in range(len(template.columns)):
        for r in range(len(keys)):
            if c in rates:
                relations[(r, c)] = "?"
            elif r in totals and parts:
                relations[(r, c)] = "=" + "+".join(f"R{p}C{c}" for p in parts)
    return relations


def _where(template: Table, position: Position, ref: str | None) -> str:
    row, column = position
    place = f"{template.rows[row]} / {template.columns[column]}"
    return f"{place} ({ref})" if ref else place


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ")


_MESSAGES: dict[FindingKind, tuple[str, str]] = {
    "sum": ("ghi {0}, nhưng tính từ các số thành phần được {1}", "states {0}, its parts give {1}"),
    "negative": ("số âm: {0}", "a negative figure: {0}"),
    "text": ("chữ ở ô số liệu: «{0}»", "text where a figure belongs: «{0}»"),
    "percent": ("tỷ lệ ngoài khoảng 0-100%: {0}", "a percentage outside 0-100: {0}"),
    "change": ("{0}, kỳ trước {1}: chênh lệch lớn", "{0}, last period {1}: a large change"),
    "missing_row": ("không có dòng này (tính là 0)", "this row is missing (counted as 0)"),
    "missing_column": ("không có cột này (tính là 0)", "this column is missing (counted as 0)"),
    "extra_row": (
        "dòng không có trong mẫu, không cộng: «{0}»",
        "a row not in the template, not summed: «{0}»",
    ),
    "extra_column": (
        "cột không có trong mẫu, không cộng: «{0}»",
        "a column not in the template, not summed: «{0}»",
    ),
    "unchecked": (
        "cột «{0}» không có công thức tính được trong mẫu: không cộng, không tính lại",
        "column «{0}» has no formula in the template that can be computed: "
        "not summed or recomputed",
    ),
    "unreadable": ("không đọc được bảng số liệu: {0}", "no table like the template: {0}"),
}


def finding(
    kind: FindingKind, unit: str, where: str, *shown: object, values: Sequence[float] = ()
) -> Finding:
    """A finding with its sentence in Vietnamese and English."""
    vi, en = _MESSAGES[kind]
    words = [_number(v) if isinstance(v, float) else str(v) for v in shown]
    return Finding(kind, unit, where, vi.format(*words), en.format(*words), tuple(values))


class _Round:
    """The state of one consolidation: the template, its arithmetic, what was found."""

    def __init__(
        self,
        template: Table,
        previous: Mapping[str, Mapping[str, float]] | None,
        decided: Mapping[str, str | None] | None,
    ):
        self.template = template
        self.decided = decided
        self.formulas, unknown = template_formulas(template)
        self.derived = set(self.formulas) | set(unknown)
        self.rates = {c for c, name in enumerate(template.columns) if _RATE.search(label_key(name))}
        self.previous = previous or {}
        self.unknown = set(unknown)
        self.findings: list[Finding] = [
            finding("unchecked", TEMPLATE, template.columns[c], template.columns[c])
            for c in sorted({c for _, c in unknown})
        ]
        self.matches: list[LabelMatch] = []
        size = len(template.rows), len(template.columns)
        self.inputs = [
            (r, c) for r in range(size[0]) for c in range(size[1]) if (r, c) not in self.derived
        ]
        self.input_rows = {r for r, _ in self.inputs}

    def compute(self, inputs: Mapping[Position, float]) -> dict[Position, float]:
        """Inputs with every derived cell computed from them."""
        values = dict(inputs)
        for position, formula in self.formulas.items():
            result = formula.evaluate(values)
            if result is not None:
                values[position] = result
            else:
                values.pop(position, None)
        return values

    def read(
        self, unit: str, table: Table, submission: Submission, source: UnitSource
    ) -> UnitResult:
        """One unit's figures on the template's positions, checked."""
        template = self.template
        rows = align(table.rows, template.rows, self.decided)
        columns = align(table.columns, template.columns, self.decided)
        if table.source.endswith(SCANNED) and len(table.columns) == len(template.columns):
            # A scan's headings are read worst: its columns are taken in the template's order,
            # each pairing listed for a person to confirm.
            columns = [Pair(c, c, 0.0, False) for c in range(len(template.columns))]
        self._note_matches(unit, "row", rows, table.rows, template.rows)
        self._note_matches(unit, "column", columns, table.columns, template.columns)
        row_of = {p.found: p.target for p in rows}
        column_of = {p.found: p.target for p in columns}
        for r in sorted(set(range(len(template.rows))) - set(row_of.values())):
            if r in self.input_rows:
                self.findings.append(finding("missing_row", unit, template.rows[r]))
        for c in sorted(set(range(len(template.columns))) - set(column_of.values())):
            self.findings.append(finding("missing_column", unit, template.columns[c]))
        for r in sorted(set(range(len(table.rows))) - set(row_of)):
            self.findings.append(finding("extra_row", unit, table.rows[r], table.rows[r]))
        for c in sorted(set(range(len(table.columns))) - set(column_of)):
            self.findings.append(finding("extra_column", unit, table.columns[c], table.columns[c]))
        stated: dict[Position, Value] = {}
        refs: dict[Position, str] = {}
        for (r, c), value in table.cells.items():
            if r in row_of and c in column_of:
                stated[(row_of[r], column_of[c])] = value
        for (r, c), ref in table.refs.items():
            if r in row_of and c in column_of:
                refs[(row_of[r], column_of[c])] = ref
        # A blank cell, a missing row or column (both said above) count 0.
        inputs = dict.fromkeys(self.inputs, 0.0)
        for position, value in sorted(stated.items()):
            where = _where(template, position, refs.get(position))
            if isinstance(value, str):
                self.findings.append(finding("text", unit, where, value))
                continue
            if value < 0:
                self.findings.append(finding("negative", unit, where, value, values=[value]))
            if position not in self.derived:
                inputs[position] = value
        values = self.compute(inputs)
        for position in self.unknown:  # the unit's own figure, shown but never summed
            own = stated.get(position)
            if isinstance(own, float):
                values[position] = own
        for position in self.formulas:
            given, computed = stated.get(position), values.get(position)
            if (
                position[1] in self.rates
                and isinstance(given, float)
                and _fraction(given, computed)
            ):
                given = stated[position] = given * 100
            if (
                isinstance(given, float)
                and computed is not None
                and not _agree(given, computed, position[1] in self.rates)
            ):
                where = _where(template, position, refs.get(position))
                self.findings.append(
                    finding("sum", unit, where, given, computed, values=[given, computed])
                )
        for position, value in sorted(values.items()):
            given = stated.get(position)
            shown = given if isinstance(given, float) else value
            if position[1] in self.rates and not 0 <= shown <= 100 + 1e-9:
                where = _where(template, position, refs.get(position))
                self.findings.append(finding("percent", unit, where, shown, values=[shown]))
        self._compare(unit, values, refs)
        return UnitResult(unit, source, submission.file, submission.sender, values)

    def _note_matches(
        self, unit: str, axis: str, pairs: list[Pair], found: Sequence[str], target: Sequence[str]
    ) -> None:
        for pair in pairs:
            if not pair.exact:
                self.matches.append(
                    LabelMatch(
                        unit,
                        "row" if axis == "row" else "column",
                        found[pair.found],
                        target[pair.target],
                        pair.score,
                    )
                )

    def _compare(
        self, unit: str, values: Mapping[Position, float], refs: Mapping[Position, str]
    ) -> None:
        before = self.previous.get(unit)
        if not before:
            return
        for position, value in sorted(values.items()):
            if position in self.derived:
                continue
            old = before.get(figure_key(self.template, position))
            if old is None:
                continue
            far = abs(value - old) >= CHANGE_MIN and (
                value > CHANGE_FACTOR * old or value * CHANGE_FACTOR < old
            )
            if far:
                where = _where(self.template, position, refs.get(position))
                self.findings.append(
                    finding("change", unit, where, value, old, values=[value, old])
                )


def _fraction(given: float, computed: float | None) -> bool:
    """A rate written as a fraction in a percent format (0.9741 shown as 97.41%)."""
    return (
        computed is not None
        and 0 <= given <= 1
        and not _agree(given, computed, rate=True)
        and _agree(given * 100, computed, rate=True)
    )


def _agree(given: float, computed: float, rate: bool) -> bool:
    """Equal, allowing a rate the rounding of its printed digits."""
    return math.isclose(given, computed, abs_tol=0.5 if rate else 1e-6, rel_tol=1e-9)


def figure_key(template: Table, position: Position) -> str:
    """A figure's name that survives from one period to the next: its row and column labels."""
    return template.rows[position[0]] + KEY_SEPARATOR + template.columns[position[1]]


def consolidate(
    template: Submission | None,
    submissions: Sequence[Submission],
    *,
    expected_units: Sequence[str] = (),
    previous: Mapping[str, Mapping[str, float]] | None = None,
    decided: Mapping[str, str | None] | None = None,
) -> Consolidation:
    """Align every submission to the template (the first submission when None), check each,
    and sum them. `previous` holds each unit's values of the last period by `figure_key`;
    `decided` what a person said about labels matched by similarity (see `align`). Later
    submissions from the same unit replace earlier ones (named as duplicates)."""
    source = template if template is not None else (submissions[0] if submissions else None)
    base = _pick(tables_of(source), None) if source is not None else None
    if base is None:
        raise TemplateError("the template holds no table with labelled rows and columns")
    work = _Round(base, previous, decided)
    units: dict[str, UnitResult] = {}
    duplicates: list[str] = []
    unexpected: list[str] = []
    for submission in submissions:
        table = _pick(tables_of(submission), base)
        if table is None:
            name = submission.unit or PurePath(submission.file).stem
            work.findings.append(finding("unreadable", name, submission.file, submission.file))
            continue
        name, how = unit_of(table, submission)
        known = _expected(name, expected_units)
        if known is not None:
            name = known
        elif expected_units and name not in unexpected:
            unexpected.append(name)
        if name in units and name not in duplicates:
            duplicates.append(name)
        work.findings = [f for f in work.findings if f.unit != name]  # the later file replaces
        work.matches = [m for m in work.matches if m.unit != name]
        units.pop(name, None)
        units[name] = work.read(name, table, submission, how)
    sums: dict[Position, float] = {}
    for result in units.values():
        for position, value in result.values.items():
            if position not in work.derived:
                sums[position] = sums.get(position, 0.0) + value
    received = set(units)
    return Consolidation(
        template=base,
        units=list(units.values()),
        totals=work.compute(sums),
        findings=work.findings,
        matches=work.matches,
        missing_units=[u for u in expected_units if u not in received],
        duplicates=duplicates,
        unexpected_units=unexpected,
    )
