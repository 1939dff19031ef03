"""A round of reports as units send them in, and its truth: the benchmark's generator.

For N expected units of a template, each unit's quarter is drawn (seeded), then written with the
variations offices really produce: values only (as Excel saves them), formulas without saved
values, rates as fractions in a percent format, rows reordered or renamed ("TTHC", "LĐ-TB&XH",
no diacritics), numbers typed as text ("1.234", "-", blanks), a row left out (nothing in that
field: its truth is 0), the header laid out in two levels or a column renamed, a notes column,
an instructions sheet first, the total row's label across the STT and label cells, the issuer
on two lines ("ỦY BAN NHÂN DÂN" / "XÃ AN PHÚ"), the unit named only in "Đơn vị báo cáo: ..." or
only by the file's name, a Word table, a PDF table, a unit sending twice (the later file wins)
and one sending nothing. Four units carry planted errors: totals that disagree with their
parts, a negative total, a rate over 100 (the truth of a planted cell is what its parts give),
and a field five times larger or smaller than last quarter (previous.json). `truth.json` holds
every number a consolidation must produce, the planted errors and the missing and duplicate
units.
"""

from __future__ import annotations

import dataclasses
import json
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report_files import (
    FORMULA,
    BodyRow,
    Sheet,
    Written,
    vietnamese_number,
    write_docx,
    write_pdf,
    write_xlsx,
)
from benchmarks.report_templates import TEMPLATES, Template, complete, total_row

FORMAT = 1  # of truth.json; bumped only when a field changes meaning
PERIOD = "Quý IV năm 2026 (từ ngày 15/9/2026 đến ngày 14/12/2026)"
RECIPIENT = "UBND tỉnh Đồng Tháp"
OUTPUT = "tong_hop.xlsx"
UNITS_FILE = "UNITS.txt"
# The changed unit's field was five times larger last quarter when it is under this now, else
# five times smaller: from 12 up, the two are always 48 or more apart.
CHANGE_FROM = 60
PREVIOUS_FILE = "previous.json"  # the last quarter's consolidation, as `--json` prints it
# Planted errors and the finding kinds that report them (the first is the one required).
PLANTED_KINDS = {
    "wrong_totals": ("sum",),
    "negative": ("negative", "sum"),
    "percent": ("percent", "sum"),
    "changed": ("change",),
}
# The first units of every set: one of each variation (a smoke set of 14 holds them all, and
# three units with renamed rows: every other name of every row).
EVERY_VARIATION: tuple[tuple[str, ...], ...] = (
    ("formulas", "guide_sheet", "issuer_two_lines"),
    ("reordered", "renamed_rows"),
    ("text_numbers", "unit_cell", "renamed_rows"),
    ("missing_row", "notes_column", "percent_format"),
    ("header_flat", "renamed_rows", "total_merged"),
    ("column_renamed", "unit_file"),
    ("wrong_totals",),
    ("negative",),
    ("percent",),
    ("docx",),
    ("pdf",),
    ("duplicate",),
    ("changed",),
    ("missing",),
)
# The other units: mostly plain values, the common variations again.
COMMON: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("formulas",),
    (),
    ("text_numbers",),
    ("reordered",),
    (),
    ("renamed_rows",),
    (),
    ("formulas", "reordered"),
    ("unit_cell",),
    (),
    ("missing_row",),
    ("text_numbers", "renamed_rows"),
    (),
    ("header_flat",),
    ("column_renamed",),
    ("notes_column",),
    ("guide_sheet",),
    ("issuer_two_lines",),
    ("percent_format",),
    ("total_merged",),
)
PLACES = (
    "An Phú", "Tân Định", "Bình Minh", "Hòa Bình", "Phú Lợi", "Tân Hòa", "Long Thạnh",
    "Mỹ Hưng", "Thạnh Lộc", "Đông Hòa", "Hiệp Thành", "Phước Long", "Vĩnh Lộc", "Tân Phong",
    "Thuận An", "Hưng Đạo", "Quang Trung", "Nghĩa Tân", "Yên Hòa", "Trung Hòa", "Kim Liên",
    "Đồng Tâm", "Minh Khai", "Thanh Xuân", "Cát Lái", "Bình Trưng", "Long Bình", "Phú Hữu",
    "Tam Phước", "Hố Nai", "Trảng Dài", "Tân Mai", "Quang Vinh", "Thống Nhất", "Bửu Long",
    "Hóa An", "Tân Vạn", "Phước Tân", "An Hòa", "Long Hưng", "Mỹ Thới", "Bình Đức",
    "Mỹ Phước", "Mỹ Xuyên", "Đông Xuyên", "Mỹ Quý", "Vĩnh Mỹ", "Châu Phú", "Núi Sam",
    "Vĩnh Ngươn", "Tịnh Biên", "Nhơn Hưng", "Thới Sơn", "An Cư", "Văn Giáo", "Tân Lợi",
    "Lương Phi", "Ô Lâm", "Cô Tô", "Ba Chúc", "Lê Trì", "Châu Lăng", "Lạc Quới", "Vĩnh Trung",
    "Tà Đảnh", "Tân Tuyến", "Khánh Bình",
)  # fmt: skip


@dataclass(frozen=True)
class Planted:
    """An error written on purpose: the cell, what the file says, what its parts give."""

    unit: str
    file: str
    variation: str  # wrong_totals, negative, percent, changed
    row: str
    column: str
    written: float
    truth: float
    previous: float | None = None  # changed: the last quarter's value

    @property
    def kinds(self) -> tuple[str, ...]:
        """The finding kinds that report it, the first required."""
        return PLANTED_KINDS[self.variation]


@dataclass(frozen=True)
class Submission:
    """One file of the round: which unit, how it is written, what it should read as."""

    file: str
    unit: str
    unit_source: str  # header, cell or file: where the engine should find the name
    format: str  # xlsx, docx or pdf
    variations: tuple[str, ...]
    sheet: Sheet
    values: dict[str, list[float]]  # template row -> the file's numbers on the template
    superseded: bool = False  # a later file of the same unit replaces it


@dataclass
class ReportSet:
    """A round: the template, the files in the order they are given, the truth."""

    template: Template
    seed: int
    expected_units: list[str]
    submissions: list[Submission] = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    previous: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # last quarter
    renamed: int = 0  # units with renamed rows so far

    @property
    def template_file(self) -> str:
        """The template's file name."""
        return f"mau_bieu_{self.template.key}.xlsx"

    def final(self) -> list[Submission]:
        """The submission that counts for each unit that sent one."""
        return [s for s in self.submissions if not s.superseded]

    def totals(self) -> dict[str, list[float]]:
        """The consolidated table: counts summed over units, rates recomputed."""
        final = self.final()
        rows = {}
        for label in self.template.rows:
            rows[label] = total_row(self.template, [s.values[label] for s in final])
        rows[self.template.total] = total_row(self.template, list(rows.values()))
        return rows


def fold(text: str) -> str:
    """Casefolded, diacritics and punctuation dropped, "đ" as "d": how names are compared."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def plan(units: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The variations of each unit: one of each first, then common ones, shuffled."""
    chosen = list(EVERY_VARIATION[:units])
    chosen += [COMMON[i % len(COMMON)] for i in range(units - len(chosen))]
    rng.shuffle(chosen)
    return chosen


def unit_names(units: int, rng: random.Random) -> list[str]:
    """Distinct names "UBND xã ..." / "UBND phường ...", in the order of the expected list."""
    if units > len(PLACES):
        raise ValueError(f"at most {len(PLACES)} units")
    places = rng.sample(PLACES, units)
    names = [f"UBND {'phường' if rng.random() < 0.4 else 'xã'} {place}" for place in places]
    return sorted(names, key=fold)


def generate(template_key: str, units: int, seed: int = 16) -> ReportSet:
    """A round of `units` expected units of template A or B, deterministic for a seed."""
    template = TEMPLATES[template_key]
    rng = random.Random(f"{template_key}:{seed}")
    names = unit_names(units, rng)
    variations = plan(units, rng)
    report = ReportSet(template, seed, names)
    last_quarter = random.Random(f"{template_key}:{seed}:previous")
    later = []
    for index, (name, chosen) in enumerate(zip(names, variations, strict=True)):
        if "missing" in chosen:
            report.missing_units.append(name)
            report.previous[name] = _draw_unit(template, last_quarter, ())
            continue
        values = _draw_unit(template, rng, chosen)
        stem = f"{index + 1:02d}_{fold(name).replace(' ', '_')}"
        if "duplicate" in chosen:
            draft = _redraft(template, rng, values)
            report.submissions.append(_submission(report, rng, name, stem, (), draft, True))
            later.append(_submission(report, rng, name, f"{stem}_bo_sung", chosen, values))
            report.duplicates.append(name)
            continue
        report.submissions.append(_submission(report, rng, name, stem, chosen, values))
        changed = report.planted[-1] if "changed" in chosen else None
        report.previous[name] = _previous(template, last_quarter, values, changed)
        if changed is not None:  # the planted cell's value last quarter
            report.planted[-1] = dataclasses.replace(
                changed, previous=report.previous[name][changed.row][0]
            )
    for submission in later:
        report.previous[submission.unit] = _previous(
            template, last_quarter, submission.values, None
        )
    report.submissions += later  # sent after the others: the later file wins
    return report


def _draw_unit(
    template: Template, rng: random.Random, chosen: Sequence[str]
) -> dict[str, list[float]]:
    """A unit's quarter: each field's counts, derived columns and the total row computed; a
    unit with a planted error gets cells where the error shows (non-zero parts)."""
    # a unit typing numbers as text is a large one: its totals reach "1.234"
    scale = rng.uniform(1.6, 2.0) if "text_numbers" in chosen else rng.uniform(0.4, 1.7)
    width = len(template.columns)
    for _ in range(100):
        counts = [template.draw(rng, w * scale, width) for w in template.weights]
        if "missing_row" in chosen:
            zero = [i for i, row in enumerate(counts) if not any(row)]
            drop = zero[:2] or [min(range(len(counts)), key=lambda i: template.weights[i])]
            for i in drop:
                counts[i] = [0] * width
        rows = {
            label: complete(template, row) for label, row in zip(template.rows, counts, strict=True)
        }
        thousands = sum(row[0] for row in rows.values()) >= 1000 or template.key != "A"
        if _plantable(template, rows, chosen) and (thousands or "text_numbers" not in chosen):
            break
    rows[template.total] = total_row(template, list(rows.values()))
    return rows


def _plantable(template: Template, rows: dict[str, list[float]], chosen: Sequence[str]) -> bool:
    if "changed" in chosen:
        return any(row[0] >= 12 for row in rows.values())
    if "percent" in chosen:
        return any(
            row[c.denominator] > 0
            for row in rows.values()
            for c in template.columns
            if c.kind == "rate"
        )
    if {"negative", "wrong_totals"} & set(chosen):
        sums = [i for i, c in enumerate(template.columns) if c.kind == "sum"]
        return any(row[sums[-1]] > 0 for row in rows.values()) and any(
            row[sums[0]] > 0 for row in rows.values()
        )
    return True


def _previous(
    template: Template,
    rng: random.Random,
    values: dict[str, list[float]],
    changed: Planted | None,
) -> dict[str, list[float]]:
    """The last quarter of a unit: every count within -20% and +25% of this quarter's, except
    the changed unit's field, a fifth of this quarter's (so this quarter looks far off)."""
    inputs = set(template.inputs())
    rows = {}
    for label in template.rows:
        if changed is not None and label == changed.row:
            factor = 0.2 if changed.truth >= CHANGE_FROM else 5.0
            row = [round(v * factor) if i in inputs else 0 for i, v in enumerate(values[label])]
        else:
            row = [
                round(v * rng.uniform(0.8, 1.25)) if i in inputs else 0
                for i, v in enumerate(values[label])
            ]
        rows[label] = complete(template, row)
    rows[template.total] = total_row(template, list(rows.values()))
    return rows


def _redraft(
    template: Template, rng: random.Random, values: dict[str, list[float]]
) -> dict[str, list[float]]:
    """An earlier, consistent version of a unit's numbers: a few counts differ."""
    inputs = template.inputs()
    rows = {label: list(values[label]) for label in template.rows}
    for label in rng.sample(list(template.rows), 3):
        column = rng.choice(inputs)
        rows[label][column] = max(0, rows[label][column] + rng.choice([-3, -1, 2, 5, 8]))
    done = {label: complete(template, row) for label, row in rows.items()}
    done[template.total] = total_row(template, list(done.values()))
    return done


def _submission(
    report: ReportSet,
    rng: random.Random,
    unit: str,
    stem: str,
    chosen: tuple[str, ...],
    values: dict[str, list[float]],
    superseded: bool = False,
) -> Submission:
    """The file a unit sends: its cells written with its variations, planted errors noted."""
    template = report.template
    kind = "docx" if "docx" in chosen else "pdf" if "pdf" in chosen else "xlsx"
    file = f"{unit}.{kind}" if "unit_file" in chosen else f"{stem}.{kind}"
    written = {
        label: _written(template, rng, row, chosen, kind, label == template.total)
        for label, row in values.items()
    }
    for variation in ("wrong_totals", "negative", "percent", "changed"):
        if variation in chosen:
            report.planted += _plant(template, rng, variation, unit, file, values, written)
    labels = list(template.rows)
    if "missing_row" in chosen:
        absent = [label for label in labels if not any(values[label])]
        labels = [label for label in labels if label not in absent[:2]]
    if "reordered" in chosen:
        rng.shuffle(labels)
    names = {label: label for label in [*labels, template.total]}
    if "renamed_rows" in chosen:  # the k-th such unit: each row's k-th other name
        for label in [*labels, template.total]:
            others = template.row_renames.get(label, ())
            if others:
                names[label] = others[report.renamed % len(others)]
        report.renamed += 1
    body = [
        BodyRow(
            str(i + 1), names[label], tuple(written[label]), _note(values[label], chosen), label
        )
        for i, label in enumerate(labels)
    ]
    total = template.total
    body.append(BodyRow("", names[total], tuple(written[total]), template_row=total))
    paths = [column.path for column in template.columns]
    if "header_flat" in chosen:
        paths = list(template.flat_paths)
    if "column_renamed" in chosen:
        for index, last in template.column_renames.items():
            paths[index] = (*paths[index][:-1], last)
    if "unit_file" in chosen:
        issuer: tuple[str, ...] = ()
        unit_line = "Đơn vị báo cáo: ......................................"
        source = "file"
    elif "unit_cell" in chosen:
        issuer, unit_line, source = (), f"Đơn vị báo cáo: {unit}", "cell"
    elif "issuer_two_lines" in chosen:  # "ỦY BAN NHÂN DÂN" over "XÃ AN PHÚ"
        issuer = ("ỦY BAN NHÂN DÂN", unit.split(" ", 1)[1].upper())
        unit_line, source = f"Đơn vị báo cáo: {unit}", "header"
    else:
        issuer, unit_line, source = (unit.upper(),), f"Đơn vị báo cáo: {unit}", "header"
    place = unit.split(" ", 2)[2]
    sheet = Sheet(
        issuer=issuer,
        number=f"Số: {rng.randint(10, 250)}/BC-UBND",
        place_date=f"{place}, ngày {rng.randint(14, 20)} tháng 12 năm 2026",
        title=template.title,
        period=PERIOD,
        unit_line=unit_line,
        recipient=RECIPIENT,
        measure=template.unit_of_measure,
        label_header=template.label_header,
        columns=template.columns,
        paths=tuple(paths),
        body=tuple(body),
        notes="notes_column" in chosen,
        sheet_name=template.file_title.split()[1].replace("/", "-"),
        guide_sheet="guide_sheet" in chosen,
        total_merged="total_merged" in chosen,
        percent_format="percent_format" in chosen,
    )
    return Submission(file, unit, source, kind, chosen, sheet, values, superseded)


def _written(
    template: Template,
    rng: random.Random,
    row: list[float],
    chosen: Sequence[str],
    kind: str,
    total: bool,
) -> list[Written]:
    """What the file holds for a row: numbers, formulas for derived cells (every cell of the
    total row), or text."""
    cells: list[Written] = []
    for value, column in zip(row, template.columns, strict=True):
        rate = column.kind == "rate"
        if "formulas" in chosen and (total or column.kind != "count"):
            cells.append(FORMULA)
        elif "text_numbers" in chosen or (kind == "pdf" and value == 0):
            zero = rng.choice(["-", None, "0"]) if kind == "xlsx" else "-"
            cells.append(zero if value == 0 else vietnamese_number(value, decimals=2 * rate))
        else:
            cells.append(value if rate else round(value))
    return cells


def _plant(
    template: Template,
    rng: random.Random,
    variation: str,
    unit: str,
    file: str,
    values: dict[str, list[float]],
    written: dict[str, list[Written]],
) -> list[Planted]:
    """Write the error into `written`; the planted cells."""
    sums = [i for i, c in enumerate(template.columns) if c.kind == "sum"]
    rates = [i for i, c in enumerate(template.columns) if c.kind == "rate"]
    cells: list[tuple[str, int, float]] = []
    if variation == "changed":  # nothing wrong in the file: far from the last quarter
        label = max(template.rows, key=lambda r: values[r][0])
        current = values[label][0]
        return [Planted(unit, file, variation, label, template.columns[0].label, current, current)]
    if variation == "wrong_totals":
        label = rng.choice([r for r in template.rows if values[r][sums[0]] > 0])
        cells.append((label, sums[0], values[label][sums[0]] + rng.choice([10, -2, 4, 20])))
        total = template.total
        cells.append((total, sums[1], values[total][sums[1]] + rng.choice([7, 12, 3])))
    elif variation == "negative":
        label = max(template.rows, key=lambda r: values[r][sums[-1]])
        cells.append((label, sums[-1], -values[label][sums[-1]]))
    else:
        candidates = [
            (r, c)
            for r in template.rows
            for c in rates
            if values[r][template.columns[c].denominator] > 0
        ]
        label, column = rng.choice(candidates)
        cells.append((label, column, round(rng.uniform(105, 160), 2)))
    planted = []
    for label, column, written_value in cells:
        wrong = written_value if variation == "negative" else max(written_value, 0.0)
        written[label][column] = wrong
        truth = values[label][column]
        planted.append(
            Planted(unit, file, variation, label, template.columns[column].label, wrong, truth)
        )
    return planted


def _note(row: list[float], chosen: Sequence[str]) -> str:
    return "Không phát sinh" if "notes_column" in chosen and not any(row) else ""


def template_sheet(template: Template) -> Sheet:
    """The template as the office sends it out: inputs blank, derived cells as formulas."""
    width = len(template.columns)
    blank = [FORMULA if c.kind != "count" else None for c in template.columns]
    body = [BodyRow(str(i + 1), label, tuple(blank)) for i, label in enumerate(template.rows)]
    body.append(BodyRow("", template.total, tuple([FORMULA] * width)))
    return Sheet(
        issuer=("UBND XÃ/PHƯỜNG ...............",),
        number="Số: ....../BC-UBND",
        place_date="......, ngày ... tháng ... năm ...",
        title=template.title,
        period="Kỳ báo cáo: Quý ... năm ...",
        unit_line="Đơn vị báo cáo: ......................................",
        recipient=RECIPIENT,
        measure=template.unit_of_measure,
        label_header=template.label_header,
        columns=template.columns,
        paths=tuple(c.path for c in template.columns),
        body=tuple(body),
        sheet_name=template.file_title.split()[1].replace("/", "-"),
    )


def cells(template: Template, rows: dict[str, list[float]]) -> list[dict[str, object]]:
    """A table as the engine's JSON lists values: row, column, value."""
    return [
        {"row": label, "column": column.label, "value": rows[label][i]}
        for label in template.labels
        for i, column in enumerate(template.columns)
    ]


def renamed(template: Template, submission: Submission) -> list[dict[str, str]]:
    """The labels of a file that are not the template's: axis, found, template."""
    pairs = [("row", row.label, row.template_row) for row in submission.sheet.body]
    pairs += [
        ("column", " / ".join(path), column.label)
        for path, column in zip(submission.sheet.paths, template.columns, strict=True)
    ]
    return [
        {"axis": axis, "found": found, "template": wanted}
        for axis, found, wanted in pairs
        if found != wanted
    ]


def truth(report: ReportSet) -> dict[str, object]:
    """Everything a consolidation of the set must produce (truth.json)."""
    template = report.template
    files = [s.file for s in report.submissions]
    return {
        "format": FORMAT,
        "template": template.key,
        "seed": report.seed,
        "template_file": report.template_file,
        "rows": template.labels,
        "columns": [c.label for c in template.columns],
        "rate_columns": [c.label for c in template.columns if c.kind == "rate"],
        "files": files,
        "command": [
            "reports",
            "consolidate",
            *files,
            "--template",
            report.template_file,
            "-o",
            OUTPUT,
            "--json",
            "--units",
            UNITS_FILE,
            "--previous",
            PREVIOUS_FILE,
        ],
        "previous_file": PREVIOUS_FILE,
        "expected_units": report.expected_units,
        "missing_units": report.missing_units,
        "duplicates": report.duplicates,
        "submissions": [
            {
                "file": s.file,
                "unit": s.unit,
                "unit_source": s.unit_source,
                "format": s.format,
                "variations": list(s.variations),
                "superseded": s.superseded,
                "renamed": renamed(report.template, s),
            }
            for s in report.submissions
        ],
        "planted": [
            {
                "unit": p.unit,
                "file": p.file,
                "kind": p.kinds[0],
                "also": list(p.kinds[1:]),
                "row": p.row,
                "column": p.column,
                "written": p.written,
                "truth": p.truth,
                "previous": p.previous,
            }
            for p in report.planted
        ],
        "units": [
            {"unit": s.unit, "file": s.file, "values": cells(template, s.values)}
            for s in report.final()
        ],
        "totals": cells(template, report.totals()),
    }


def previous_round(report: ReportSet) -> dict[str, object]:
    """The last quarter's consolidation of the same units, as `--json` prints one."""
    template = report.template
    units = [
        {
            "unit": name,
            "unit_source": "header",
            "file": f"quy_3/{fold(name).replace(' ', '_')}.xlsx",
            "values": cells(template, report.previous[name]),
        }
        for name in report.expected_units
    ]
    summed = {
        label: total_row(template, [report.previous[name][label] for name in report.expected_units])
        for label in template.labels
    }
    return {
        "template": {"rows": template.labels, "columns": [c.label for c in template.columns]},
        "totals": cells(template, summed),
        "units": units,
        "findings": [],
        "matches": [],
        "missing_units": [],
        "duplicates": [],
        "unexpected_units": [],
    }


def write_set(report: ReportSet, folder: Path) -> Path:
    """The template, every unit's file, UNITS.txt and truth.json in `folder`; truth.json."""
    folder.mkdir(parents=True, exist_ok=True)
    write_xlsx(folder / report.template_file, template_sheet(report.template))
    writers = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}
    for submission in report.submissions:
        writers[submission.format](folder / submission.file, submission.sheet)
    (folder / UNITS_FILE).write_text("\n".join(report.expected_units) + "\n", encoding="utf-8")
    (folder / PREVIOUS_FILE).write_text(
        json.dumps(previous_round(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    path = folder / "truth.json"
    path.write_text(
        json.dumps(truth(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path
