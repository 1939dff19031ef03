"""Scoring a consolidation against the generator's truth: a perfect output scores 100%, and
each kind of engine failure shows as the miss it is."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from benchmarks.report import Figures
from benchmarks.report_sets import generate, truth
from benchmarks.reports import Run, figures_of, label_key, score_run, score_workbook


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(truth(generate("A", 14, seed=2))))
    return result


def perfect(expected: dict[str, Any]) -> dict[str, Any]:
    """The output a right engine prints for the round."""
    sources = {s["file"]: s["unit_source"] for s in expected["submissions"]}
    return {
        "template": {"rows": expected["rows"], "columns": expected["columns"]},
        "totals": expected["totals"],
        "units": [
            {
                "unit": u["unit"].upper(),
                "unit_source": sources[u["file"]],
                "file": u["file"],
                "values": u["values"],
            }
            for u in expected["units"]
        ],
        "findings": [
            {
                "kind": p["kind"],
                "unit": p["unit"],
                "where": f"{p['row']} / {p['column']}",
                "message": "",
                "message_en": "",
                "values": [p["written"]],
            }
            for p in expected["planted"]
        ]
        + [
            {
                "kind": "missing_row",
                "unit": expected["units"][0]["unit"],
                "where": "Y tế",
                "message": "",
                "message_en": "",
                "values": [],
            }
        ],
        "matches": [
            {"unit": s["unit"], "score": 90.0, **pair}
            for s in expected["submissions"]
            if not s["superseded"]
            for pair in s["renamed"]
        ],
        "missing_units": [name.lower() for name in expected["missing_units"]],
        "duplicates": expected["duplicates"],
        "unexpected_units": [],
    }


def workbook(path: Path, expected: dict[str, Any], *, wrong: int = 0) -> Path:
    """A consolidated workbook: a title, the header, then each row's numbers after its label
    (`wrong`: that many cells off by one)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tổng hợp báo cáo"])
    sheet.append(["STT", "Lĩnh vực", *expected["columns"]])
    totals = {(c["row"], c["column"]): c["value"] for c in expected["totals"]}
    for i, row in enumerate(expected["rows"]):
        values = [
            totals[row, column] + (i * 12 + j < wrong)
            for j, column in enumerate(expected["columns"])
        ]
        sheet.append([str(i + 1), row, *values])
    book.create_sheet("UBND xã A")
    book.save(path)
    return path


def test_a_right_output_meets_every_target(expected: dict[str, Any], tmp_path: Path) -> None:
    score = score_run(expected, perfect(expected))
    score_workbook(score, workbook(tmp_path / "out.xlsx", expected), expected)
    assert score.workbook_right == score.workbook_cells == 15 * 12 and score.workbook_sheets == 2
    assert score.renamed_listed == score.renamed > 30 and not score.renamed_wrong
    assert score.totals_right == score.totals_cells == 15 * 12
    assert score.unit_cells_right == score.unit_cells == 13 * 15 * 12
    assert score.planted_found == score.planted_named == score.planted == 5
    assert not score.false_findings and score.missing_named and score.duplicates_named
    assert score.units_named_right == score.sources_right == 13
    assert not score.misses
    figures = Figures("reports")
    figures_of(figures, score, Run(0, 3.0, 300.0, {}))
    assert all(row.ok is not False for row in figures.rows)


def test_each_failure_is_counted(expected: dict[str, Any], tmp_path: Path) -> None:
    """A wrong total, a wrong rate, a missed planted error, a false finding, a unit named
    from the wrong place, the earlier of a duplicate kept: each shows."""
    output = perfect(expected)
    broken = copy.deepcopy(output)
    broken["totals"][0]["value"] += 1
    rate = next(c for c in broken["totals"] if c["column"] == "Tỷ lệ giải quyết đúng hạn (%)")
    rate["value"] += 0.5
    broken["findings"] = [f for f in broken["findings"] if f["kind"] != "percent"]
    clean = next(
        u["unit"]
        for u in expected["units"]
        if u["unit"] not in {p["unit"] for p in expected["planted"]}
    )
    broken["findings"].append({"kind": "text", "unit": clean, "where": "Hộ tịch", "message": "x"})
    broken["units"][1]["unit"] = "Số: 12/BC-UBND"
    duplicate = expected["duplicates"][0]
    later = next(u for u in broken["units"] if u["unit"].casefold() == duplicate.casefold())
    later["file"] = later["file"].replace("_bo_sung", "")
    broken["duplicates"] = []
    hoi = next(m for m in broken["matches"] if m["axis"] == "row")
    hoi["template"] = "Nuôi con nuôi"
    broken["matches"].pop()
    score = score_run(expected, broken)
    score_workbook(score, workbook(tmp_path / "out.xlsx", expected, wrong=3), expected)
    assert score.workbook_right == score.workbook_cells - 3
    assert score.renamed_listed == score.renamed - 2 and score.renamed_wrong == 1
    assert score.totals_right == score.totals_cells - 2
    assert score.unit_cells_right == score.unit_cells - 15 * 12
    assert score.planted_found == score.planted - 1
    assert len(score.false_findings) == 1 and not score.duplicates_named
    assert score.units_named_right == 11
    figures = Figures("reports")
    figures_of(figures, score, Run(0, 20.0, 300.0, {}))
    assert [row.figure for row in figures.rows if row.ok is False] == [
        "A: totals equal to the truth",
        "A: units' values equal to the truth",
        "A: planted errors reported (kind, unit)",
        "A: false findings on clean units",
        "A: missing and duplicate units named",
        "A: workbook's totals equal to the truth",
        "A: seconds for 14 files",
    ]


def test_labels_compare_as_written() -> None:
    """A level repeated by a vertical merge, spacing and case do not matter; words do."""
    assert label_key("Số hồ sơ nhận giải quyết / Tổng số / Tổng số") == label_key(
        "Số hồ sơ  nhận giải quyết / tổng số"
    )
    assert label_key("Hộ tịch") != label_key("Ho tich")
