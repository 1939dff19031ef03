"""The report consolidation benchmark's generator: its truth adds up, its planted errors and
its variations are really in the files it writes, and a Word or PDF table holds the numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pdfplumber
import pytest

from benchmarks.report_files import Written, cell_text
from benchmarks.report_sets import (
    EVERY_VARIATION,
    ReportSet,
    Submission,
    fold,
    generate,
    truth,
    write_set,
)
from benchmarks.report_templates import TEMPLATES, complete, total_row

SMOKE = len(EVERY_VARIATION)


def number(text: Written) -> float:
    """A cell as Vietnamese offices type it: "1.234", "93,33", "-" and blanks for 0."""
    if text is None or text in ("", "-"):
        return 0.0
    if isinstance(text, int | float):
        return float(text)
    assert isinstance(text, str) and re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text), text
    return float(text.replace(".", "").replace(",", "."))


@pytest.fixture(scope="module", params=["A", "B"])
def written(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ReportSet, Path]:
    report = generate(request.param, SMOKE, seed=3)
    folder = tmp_path_factory.mktemp(f"set{request.param}")
    write_set(report, folder)
    return report, folder


def by_variation(report: ReportSet, variation: str) -> Submission:
    return next(s for s in report.final() if variation in s.variations)


def test_the_truth_adds_up(written: tuple[ReportSet, Path]) -> None:
    """Derived cells follow from their parts, totals from the units; rates within 0-100;
    counts whole and within what a field sees in a quarter."""
    report, _ = written
    template = report.template
    for submission in report.final():
        values = submission.values
        for label in template.rows:
            assert values[label] == complete(template, values[label])
            assert all(
                v >= 0 and v == int(v) <= 1000
                for v, c in zip(values[label], template.columns, strict=True)
                if c.kind != "rate"
            )
        assert values[template.total] == total_row(template, [values[r] for r in template.rows])
        for row in values.values():
            assert all(
                0 <= v <= 100
                for v, c in zip(row, template.columns, strict=True)
                if c.kind == "rate"
            )
    totals = report.totals()
    for i, column in enumerate(template.columns):
        if column.kind != "rate":
            assert totals[template.total][i] == sum(
                s.values[template.total][i] for s in report.final()
            )


def test_every_variation_once_and_the_round_as_listed(written: tuple[ReportSet, Path]) -> None:
    """A smoke set holds every variation; the missing unit has no file, the duplicate two
    (the later one counts); UNITS.txt and truth.json say so."""
    report, folder = written
    seen = {v for s in report.submissions for v in s.variations} | {"missing"}
    assert seen == {v for chosen in EVERY_VARIATION for v in chosen}
    assert len(report.missing_units) == len(report.duplicates) == 1
    sent = {fold(s.unit) for s in report.submissions}
    assert fold(report.missing_units[0]) not in sent
    twice = [s for s in report.submissions if s.unit == report.duplicates[0]]
    assert [s.superseded for s in twice] == [True, False]
    assert report.submissions.index(twice[0]) < report.submissions.index(twice[1])
    assert twice[0].values != twice[1].values
    listed = (folder / "UNITS.txt").read_text(encoding="utf-8").splitlines()
    assert listed == report.expected_units and len(listed) == SMOKE
    stored = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(truth(report)))
    assert (
        all((folder / f).exists() for f in stored["files"])
        and (folder / stored["template_file"]).exists()
    )
    assert len(stored["totals"]) == len(report.template.labels) * len(report.template.columns)


def test_the_same_seed_gives_the_same_round() -> None:
    assert truth(generate("A", 20, seed=5)) == truth(generate("A", 20, seed=5))
    assert truth(generate("A", 20, seed=5)) != truth(generate("A", 20, seed=6))


def sheet_values(path: Path, data_only: bool = False) -> dict[str, list[Any]]:
    """The body of a written workbook's report sheet, by row label."""
    sheet = openpyxl.load_workbook(path, data_only=data_only).worksheets[-1]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(rows) if row[2] == "(1)") + 1
    body: dict[str, list[Any]] = {}
    for row in rows[start:]:
        label = row[1] or row[0]  # a total row's label may span the STT and label cells
        if not isinstance(label, str) or label == "NGƯỜI LẬP BIỂU":
            break
        body[label] = row[2:]
    return body


def test_planted_errors_are_in_the_files(written: tuple[ReportSet, Path]) -> None:
    """Totals that disagree with their parts, a negative total, a rate over 100: written in
    the file, while the truth holds what the parts give."""
    report, folder = written
    assert {p.variation for p in report.planted} == {
        "wrong_totals",
        "negative",
        "percent",
        "changed",
    }
    for planted in report.planted:
        if planted.variation == "changed":
            continue
        column = report.template.columns.index(
            next(c for c in report.template.columns if c.label == planted.column)
        )
        found = sheet_values(folder / planted.file)[planted.row][column]
        assert found == planted.written != planted.truth
        submission = next(s for s in report.final() if s.file == planted.file)
        assert submission.values[planted.row][column] == planted.truth
        if planted.variation == "negative":
            assert planted.written < 0
        if planted.variation == "percent":
            assert planted.written > 100


def test_text_numbers_parse_to_the_truth(written: tuple[ReportSet, Path]) -> None:
    """Text cells ("1.234", "-", blanks, "93,33") read as Vietnamese numbers give the truth."""
    report, folder = written
    submission = by_variation(report, "text_numbers")
    body = sheet_values(folder / submission.file)
    texts = [v for row in body.values() for v in row if isinstance(v, str)]
    assert "-" in texts and any(v is None for row in body.values() for v in row)
    if report.template.key == "A":
        assert any(re.fullmatch(r"\d\.\d{3}", v) for v in texts)
    for written_row in submission.sheet.body:
        want = submission.values[written_row.template_row]
        assert [number(v) for v in body[written_row.label]] == pytest.approx(want, abs=0.005)


def test_formulas_are_written_without_values(written: tuple[ReportSet, Path]) -> None:
    """The formulas unit and the template: every derived cell a formula, no saved value."""
    report, folder = written
    template = report.template
    for path in (folder / by_variation(report, "formulas").file, folder / report.template_file):
        body = sheet_values(path)
        cached = sheet_values(path, data_only=True)
        for label, row in body.items():
            for i, column in enumerate(template.columns):
                derived = column.kind != "count" or label == template.total
                is_formula = isinstance(row[i], str) and row[i].startswith("=")
                assert is_formula == derived, (path.name, label, column.label, row[i])
                assert cached[label][i] is None or not derived
    formulas = sheet_values(folder / report.template_file)
    rate = next(i for i, c in enumerate(template.columns) if c.kind == "rate")
    assert str(formulas[template.rows[0]][rate]).startswith("=IF(")


def test_row_and_header_variations(written: tuple[ReportSet, Path]) -> None:
    """Reordered and renamed rows, a row left out (its truth 0), other headers, who names
    the unit."""
    report, folder = written
    template = report.template
    renamed = by_variation(report, "renamed_rows")
    labels = [row.label for row in renamed.sheet.body]
    assert set(labels) - set(template.labels)
    assert [row.label for row in by_variation(report, "reordered").sheet.body][:-1] != list(
        template.rows
    )
    missing = by_variation(report, "missing_row")
    left_out = set(template.rows) - {row.label for row in missing.sheet.body}
    assert left_out and all(not any(missing.values[label]) for label in left_out)
    assert by_variation(report, "header_flat").sheet.depth == 2
    assert by_variation(report, "column_renamed").sheet.paths != tuple(
        c.path for c in template.columns
    )
    named_by_file = by_variation(report, "unit_file")
    assert named_by_file.file.startswith(named_by_file.unit) and not named_by_file.sheet.issuer
    assert (
        by_variation(report, "unit_cell").sheet.unit_line
        == f"Đơn vị báo cáo: {by_variation(report, 'unit_cell').unit}"
    )
    guide = openpyxl.load_workbook(folder / by_variation(report, "guide_sheet").file)
    assert guide.sheetnames[0] == "Hướng dẫn"


def shown(submission: Submission) -> list[list[str]]:
    columns = submission.sheet.columns
    return [
        [row.number, row.label, *(cell_text(v, c) for v, c in zip(row.cells, columns, strict=True))]
        for row in submission.sheet.body
    ]


def test_the_word_table_holds_the_numbers(written: tuple[ReportSet, Path]) -> None:
    report, folder = written
    submission = by_variation(report, "docx")
    document = docx.Document(str(folder / submission.file))
    assert submission.unit.upper() in document.tables[0].cell(0, 0).text
    table = document.tables[1]
    body = [[cell.text for cell in row.cells] for row in table.rows[-len(submission.sheet.body) :]]
    assert body == shown(submission)
    for row in body:
        label = row[1]
        assert [number(v) for v in row[2:]] == pytest.approx(submission.values[label], abs=0.005)


def test_the_pdf_table_has_a_text_layer(written: tuple[ReportSet, Path]) -> None:
    report, folder = written
    submission = by_variation(report, "pdf")
    with pdfplumber.open(folder / submission.file) as pdf:
        page = pdf.pages[0]
        assert submission.unit.upper() in (page.extract_text() or "")
        tables = page.extract_tables()
    rows = [[" ".join((cell or "").split()) for cell in row] for row in tables[0]]
    body = rows[-len(submission.sheet.body) :]
    assert body == shown(submission)
    for row in body:
        assert [number(v) for v in row[2:]] == pytest.approx(submission.values[row[1]], abs=0.005)


def test_templates_have_the_forms_columns() -> None:
    """Template A is the government's form: 12 number columns, 14 fields and a total."""
    procedures = TEMPLATES["A"]
    assert len(procedures.columns) == 12 and len(procedures.rows) == 14
    assert procedures.columns[-1].label == "Tỷ lệ giải quyết đúng hạn (%)"
    assert len({c.label for t in TEMPLATES.values() for c in t.columns if t is procedures}) == 12
    assert all(len(t.flat_paths) == len(t.columns) for t in TEMPLATES.values())


def test_the_last_quarter_is_close_but_for_the_changed_unit(
    written: tuple[ReportSet, Path],
) -> None:
    """previous.json, as the command prints a round: every expected unit, each count within
    -20%/+25% of this quarter's, but the changed unit's field at a fifth."""
    report, folder = written
    previous = json.loads((folder / "previous.json").read_text(encoding="utf-8"))
    assert [u["unit"] for u in previous["units"]] == report.expected_units
    last = {
        u["unit"]: {(c["row"], c["column"]): c["value"] for c in u["values"]}
        for u in previous["units"]
    }
    changed = next(p for p in report.planted if p.variation == "changed")
    assert changed.previous is not None
    low, high = sorted([changed.previous, changed.truth])
    assert low * 4 <= high and high - low >= 40
    assert last[changed.unit][changed.row, changed.column] == changed.previous
    template = report.template
    for submission in report.final():
        for label in template.rows:
            if submission.unit == changed.unit and label == changed.row:
                continue
            for i in template.inputs():
                now, before = (
                    submission.values[label][i],
                    last[submission.unit][label, template.columns[i].label],
                )
                assert 0.8 * now - 0.5 <= before <= 1.25 * now + 0.5


def test_plain_workbooks_hold_the_truth(written: tuple[ReportSet, Path]) -> None:
    """A unit that typed its numbers (no formulas, no text, nothing planted) holds the truth
    in every cell of every row it kept, whatever the row is called there."""
    report, folder = written
    planted = {p.file for p in report.planted if p.variation != "changed"}
    plain = [
        s
        for s in report.final()
        if s.format == "xlsx"
        and not {"formulas", "text_numbers", "percent_format"} & set(s.variations)
        and s.file not in planted
    ]
    assert len(plain) >= 5
    for submission in plain:
        body = sheet_values(folder / submission.file)
        for row in submission.sheet.body:
            label = (
                row.label.upper() if submission.sheet.total_merged and not row.number else row.label
            )
            found = body[label][: len(report.template.columns)]
            assert found == pytest.approx(submission.values[row.template_row])


def test_every_other_name_of_every_row_is_used(written: tuple[ReportSet, Path]) -> None:
    report, _ = written
    used = {
        (row.template_row, row.label)
        for s in report.submissions
        if "renamed_rows" in s.variations
        for row in s.sheet.body
    }
    wanted = {
        (label, name) for label, names in report.template.row_renames.items() for name in names
    }
    assert wanted <= used


def test_other_ways_of_writing_the_sheet(written: tuple[ReportSet, Path]) -> None:
    """The issuer on two lines, rates as fractions in a percent format, the total row's
    label across the STT and label cells."""
    report, folder = written
    two_lines = by_variation(report, "issuer_two_lines")
    sheet = openpyxl.load_workbook(folder / two_lines.file).worksheets[-1]
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN"
    assert sheet["A2"].value == two_lines.unit.split(" ", 1)[1].upper()
    fractions = by_variation(report, "percent_format")
    sheet = openpyxl.load_workbook(folder / fractions.file).worksheets[-1]
    shown = [c for row in sheet.iter_rows() for c in row if c.number_format == "0.00%"]
    assert len(shown) == len(fractions.sheet.body) * sum(
        c.kind == "rate" for c in report.template.columns
    )
    body = sheet_values(folder / fractions.file)
    rate = [i for i, c in enumerate(report.template.columns) if c.kind == "rate"]
    for row in fractions.sheet.body:
        for i in rate:
            assert 0 <= body[row.label][i] <= 1
            assert body[row.label][i] * 100 == pytest.approx(fractions.values[row.template_row][i])
    merged = by_variation(report, "total_merged")
    sheet = openpyxl.load_workbook(folder / merged.file).worksheets[-1]
    total = merged.sheet.body[-1].label.upper()
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == total)
    assert cell.column == 1 and any(cell.coordinate in r for r in sheet.merged_cells.ranges)
