"""Benchmark report consolidation end to end: generated rounds through `vanthu reports
consolidate`, every number and finding scored against the generator's truth.

For each template (A: administrative procedures by field, B: citizen reception, letters,
complaints and denunciations; see benchmarks/report_templates.py) a round of N expected units is
generated (benchmarks/report_sets.py: values only, formulas without saved values, reordered and
renamed rows, text-formatted numbers, a missing row, other header layouts, a Word table, a PDF
table, planted errors, a duplicate and a missing unit), written to a temporary folder and
consolidated by the command line in a child process, timed on the wall clock, its peak memory
read from getrusage(RUSAGE_CHILDREN). Scored: every cell of the totals and of every unit's values
in the JSON, and of the totals in the workbook, equal to the truth (a rate within 0.005: it may
be rounded to 2 decimals); every planted error reported as a finding of its kind for its unit;
no finding of kind sum/negative/text/percent/change/unreadable on a unit with nothing planted
(matches listed for confirmation are not findings); the missing and the duplicate unit named.
Targets: 100%, all, 0, named, <= 15 s for 63 files, < 1 GB. Reported without a target: the
labels a unit wrote otherwise that are listed for confirmation, units named as listed.

    .venv/bin/python -m benchmarks.reports [--units 63] [--template A|B|both] [--keep DIR]
    .venv/bin/python -m benchmarks.reports --write DIR [--units N] [--template A|B|both]

`--write` only writes a round (template, unit files, UNITS.txt, previous.json: the last
quarter as `--json` prints a round, truth.json with the command to run in that folder; A by
default, both in DIR/A and DIR/B) and runs nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from benchmarks.report import ROOT, Figures, add_json_argument, exit_with
from benchmarks.report_sets import fold, generate, write_set

FALSE_KINDS = {"sum", "negative", "text", "percent", "change", "unreadable"}
SECONDS, MEMORY_MB = 15.0, 1024
RATE_TOLERANCE, COUNT_TOLERANCE = 0.0051, 1e-6  # a rate may be rounded to 2 decimals
SHOWN = 25  # misses listed per kind


@dataclass
class Run:
    """What the command did: its output parsed, its exit status, time and memory."""

    status: int | None
    seconds: float
    memory_mb: float
    output: dict[str, Any] | None
    error: str = ""


@dataclass
class Score:
    """One round scored against its truth."""

    template: str
    files: int
    units: int
    totals_right: int = 0
    totals_cells: int = 0
    unit_cells_right: int = 0
    unit_cells: int = 0
    units_named_right: int = 0
    units_found: int = 0
    units_sent: int = 0
    sources_right: int = 0
    planted: int = 0
    planted_found: int = 0
    planted_named: int = 0
    false_findings: list[str] = field(default_factory=list)
    findings: int = 0
    matches: int = 0
    missing_named: bool = False
    duplicates_named: bool = False
    unexpected_units: list[str] = field(default_factory=list)
    renamed: int = 0  # labels of the files that are not the template's
    renamed_listed: int = 0  # listed among the matches, to the right template label
    renamed_wrong: int = 0  # listed, to another label
    workbook_right: int = 0
    workbook_cells: int = 0
    workbook_sheets: int = 0
    columns_as_template: str = ""
    misses: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, kind: str, text: str) -> None:
        """Note a miss for the listing."""
        self.misses.setdefault(kind, []).append(text)


def label_key(label: str) -> str:
    """A row or column label compared as written: spacing and case aside, a header level
    repeated by a vertical merge counted once."""
    levels = [" ".join(level.split()).casefold() for level in label.split(" / ")]
    kept = [level for i, level in enumerate(levels) if i == 0 or level != levels[i - 1]]
    return " / ".join(kept)


def run_command(folder: Path, command: list[str]) -> Run:
    """`vanthu` + `command` in `folder`, timed; its JSON output."""
    vanthu = ROOT / ".venv" / "bin" / "vanthu"
    program = [str(vanthu)] if vanthu.exists() else [sys.executable, "-m", "bot"]
    environment = {**os.environ, "VANTHU_DATA_DIR": str(folder / "data")}
    started = time.monotonic()
    done = subprocess.run(
        [*program, *command],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=600,
    )
    seconds = time.monotonic() - started
    memory_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    (folder / "output.json").write_text(done.stdout, encoding="utf-8")  # kept with --keep
    try:
        output = json.loads(done.stdout)
    except json.JSONDecodeError:
        said = [line.strip(" │╭╮╰╯─") for line in (done.stderr or done.stdout).splitlines()]
        tail = [line for line in said if line][-3:]
        return Run(done.returncode, seconds, memory_mb, None, " | ".join(tail))
    return Run(done.returncode, seconds, memory_mb, output)


def _cells(
    values: Iterable[dict[str, Any]], rows: dict[str, str], columns: dict[str, str]
) -> dict[tuple[str, str], float]:
    """The engine's cells keyed by the truth's labels (labels it does not know kept apart)."""
    found = {}
    for cell in values:
        row = rows.get(label_key(str(cell.get("row", ""))), "?" + str(cell.get("row")))
        column = columns.get(label_key(str(cell.get("column", ""))), "?" + str(cell.get("column")))
        try:
            found[row, column] = float(cell["value"])
        except (KeyError, TypeError, ValueError):
            continue
    return found


def _compare(
    score: Score,
    scope: str,
    truth_cells: list[dict[str, Any]],
    got: dict[tuple[str, str], float],
    rates: set[str],
) -> int:
    """How many of `truth_cells` the engine got; the others noted as misses."""
    right = 0
    for cell in truth_cells:
        want = float(cell["value"])
        value = got.get((cell["row"], cell["column"]))
        tolerance = RATE_TOLERANCE if cell["column"] in rates else COUNT_TOLERANCE
        if value is not None and abs(value - want) <= tolerance:
            right += 1
        else:
            score.miss(
                "numbers", f"{scope} | {cell['row']} | {cell['column']}: want {want:g}, got {value}"
            )
    return right


def score_run(truth: dict[str, Any], output: dict[str, Any]) -> Score:
    """Every number, finding and unit of the engine's output against the truth."""
    score = Score(truth["template"], len(truth["files"]), len(truth["expected_units"]))
    rows = {label_key(r): r for r in truth["rows"]}
    columns = {label_key(c): c for c in truth["columns"]}
    rates = set(truth["rate_columns"])
    template = output.get("template", {})
    engine_columns = [label_key(c) for c in template.get("columns", [])]
    engine_rows = [label_key(r) for r in template.get("rows", [])]
    score.columns_as_template = (
        f"rows {sum(r in rows for r in engine_rows)}/{len(rows)}"
        f" (of {len(engine_rows)}), columns {sum(c in columns for c in engine_columns)}"
        f"/{len(columns)} (of {len(engine_columns)})"
    )
    totals = _cells(output.get("totals", []), rows, columns)
    score.totals_cells = len(truth["totals"])
    score.totals_right = _compare(score, "totals", truth["totals"], totals, rates)
    by_file = {Path(str(u.get("file", ""))).name: u for u in output.get("units", [])}
    sources = {s["file"]: s["unit_source"] for s in truth["submissions"]}
    score.units_sent = len(truth["units"])
    for unit in truth["units"]:
        score.unit_cells += len(unit["values"])
        found = by_file.get(unit["file"])
        if found is None:
            score.miss("units", f"{unit['unit']} ({unit['file']}): not in the output's units")
            continue
        score.units_found += 1
        if fold(str(found.get("unit", ""))) == fold(unit["unit"]):
            score.units_named_right += 1
        else:
            score.miss("names", f"{unit['file']}: named {found.get('unit')!r}, is {unit['unit']!r}")
        if found.get("unit_source") == sources[unit["file"]]:
            score.sources_right += 1
        got = _cells(found.get("values", []), rows, columns)
        scope = f"{unit['unit']} ({unit['file']})"
        score.unit_cells_right += _compare(score, scope, unit["values"], got, rates)
    _score_findings(score, truth, output)
    _score_matches(score, truth, output)
    score.matches = len(output.get("matches", []))
    score.missing_named = _names(output.get("missing_units")) == _names(truth["missing_units"])
    score.duplicates_named = _names(output.get("duplicates")) == _names(truth["duplicates"])
    if not score.missing_named:
        score.miss(
            "units", f"missing named {output.get('missing_units')}, are {truth['missing_units']}"
        )
    if not score.duplicates_named:
        score.miss(
            "units", f"duplicates named {output.get('duplicates')}, are {truth['duplicates']}"
        )
    score.unexpected_units = [str(u) for u in output.get("unexpected_units", [])]
    return score


def _names(names: object) -> set[str]:
    return {fold(str(name)) for name in names} if isinstance(names, list) else {"?"}


def _score_findings(score: Score, truth: dict[str, Any], output: dict[str, Any]) -> None:
    findings = [f for f in output.get("findings", []) if isinstance(f, dict)]
    score.findings = len(findings)
    planted_units = {fold(p["unit"]) for p in truth["planted"]}
    for planted in truth["planted"]:
        score.planted += 1
        theirs = [
            f
            for f in findings
            if f.get("kind") == planted["kind"]
            and fold(str(f.get("unit"))) == fold(planted["unit"])
        ]
        if theirs:
            score.planted_found += 1
        cell = f"{planted['unit']} | {planted['row']} | {planted['column']}"
        if any(_names_cell(f, planted) for f in theirs):
            score.planted_named += 1
        elif theirs:
            score.miss(
                "planted", f"{planted['kind']} on {cell}: reported, but not naming this cell"
            )
        if not theirs:
            score.miss(
                "planted",
                f"{planted['kind']} on {cell} (written {planted['written']:g}, parts give"
                f" {planted['truth']:g}): not reported",
            )
    for finding in findings:
        if (
            finding.get("kind") in FALSE_KINDS
            and fold(str(finding.get("unit"))) not in planted_units
        ):
            text = (
                f"{finding.get('kind')} on {finding.get('unit')} at {finding.get('where')}:"
                f" {finding.get('message')}"
            )
            score.false_findings.append(text)
            score.miss("false findings", text)


def _score_matches(score: Score, truth: dict[str, Any], output: dict[str, Any]) -> None:
    """Each label a unit wrote differently from the template, listed for confirmation with
    the template's label it stands for."""
    listed = {
        (fold(str(m.get("unit"))), m.get("axis"), label_key(str(m.get("found")))): label_key(
            str(m.get("template"))
        )
        for m in output.get("matches", [])
        if isinstance(m, dict)
    }
    for submission in truth["submissions"]:
        if submission["superseded"]:
            continue
        for pair in submission["renamed"]:
            if label_key(pair["found"]) == label_key(pair["template"]):
                continue  # case or spacing only
            score.renamed += 1
            key = (fold(submission["unit"]), pair["axis"], label_key(pair["found"]))
            got = listed.get(key)
            said = f"{submission['unit']} {pair['axis']} {pair['found']!r}"
            if got == label_key(pair["template"]):
                score.renamed_listed += 1
            elif got is None:
                score.miss("labels", f"{said}: not listed to confirm (is {pair['template']!r})")
            else:
                score.renamed_wrong += 1
                score.miss("labels", f"{said}: listed as {got!r}, is {pair['template']!r}")


def score_workbook(score: Score, path: Path, truth: dict[str, Any]) -> None:
    """The consolidated workbook's first sheet against the truth's totals: each template row
    found by its label, its numbers in the template's column order after it."""
    if not path.exists():
        score.miss("workbook", f"{path.name} not written")
        return
    workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
    score.workbook_sheets = len(workbook.sheetnames)
    rows = {label_key(r): r for r in truth["rows"]}
    columns = truth["columns"]
    found: dict[tuple[str, str], float] = {}
    for values in workbook.worksheets[0].iter_rows(values_only=True):
        for at, cell in enumerate(values[:3]):
            row = rows.get(label_key(cell)) if isinstance(cell, str) else None
            if row is None:
                continue
            after = values[at + 1 : at + 1 + len(columns)]
            for column, value in zip(columns, after, strict=False):
                if isinstance(value, int | float):
                    found[row, column] = float(value)
            break
    workbook.close()
    score.workbook_cells = len(truth["totals"])
    checked = Score(score.template, 0, 0)
    rates = set(truth["rate_columns"])
    score.workbook_right = _compare(checked, "workbook", truth["totals"], found, rates)
    for miss in checked.misses.get("numbers", []):
        score.miss("workbook", miss)


def _names_cell(finding: dict[str, Any], planted: dict[str, Any]) -> bool:
    where = fold(str(finding.get("where", "")))
    values = finding.get("values") or []
    return fold(planted["row"]) in where or any(
        isinstance(v, int | float) and abs(v - planted["written"]) < 0.01 for v in values
    )


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "n/a"


def figures_of(figures: Figures, score: Score, run: Run) -> None:
    """The round's rows of the table."""
    name = score.template
    figures.report(f"{name}: files (units expected)", f"{score.files} ({score.units})")
    figures.check(
        f"{name}: totals equal to the truth",
        _ratio(score.totals_right, score.totals_cells),
        "= 100%",
        score.totals_right == score.totals_cells > 0,
    )
    figures.check(
        f"{name}: units' values equal to the truth",
        _ratio(score.unit_cells_right, score.unit_cells),
        "= 100%",
        score.unit_cells_right == score.unit_cells > 0,
    )
    figures.check(
        f"{name}: planted errors reported (kind, unit)",
        f"{score.planted_found}/{score.planted}",
        "all",
        score.planted_found == score.planted > 0,
    )
    figures.report(
        f"{name}: planted errors named by cell", f"{score.planted_named}/{score.planted}"
    )
    figures.equal(f"{name}: false findings on clean units", len(score.false_findings), 0)
    yes = {True: "yes", False: "no"}
    named = f"missing {yes[score.missing_named]}, duplicate {yes[score.duplicates_named]}"
    figures.check(
        f"{name}: missing and duplicate units named",
        named,
        "both",
        score.missing_named and score.duplicates_named,
    )
    figures.check(
        f"{name}: workbook's totals equal to the truth",
        _ratio(score.workbook_right, score.workbook_cells),
        "= 100%",
        score.workbook_right == score.workbook_cells > 0,
    )
    figures.report(f"{name}: workbook's sheets", score.workbook_sheets)
    figures.report(
        f"{name}: renamed labels listed to confirm",
        f"{score.renamed_listed}/{score.renamed}"
        + (f" ({score.renamed_wrong} to a wrong label)" if score.renamed_wrong else ""),
    )
    figures.report(
        f"{name}: units named as listed", f"{score.units_named_right}/{score.units_sent}"
    )
    figures.report(
        f"{name}: units named from the expected place", f"{score.sources_right}/{score.units_sent}"
    )
    figures.report(f"{name}: unexpected units", len(score.unexpected_units))
    figures.report(f"{name}: matches listed to confirm", score.matches)
    figures.report(f"{name}: template read", score.columns_as_template)
    figures.at_most(
        f"{name}: seconds for {score.files} files", round(run.seconds, 1), SECONDS, timing=True
    )
    figures.at_most(f"{name}: peak memory (MB)", round(run.memory_mb), MEMORY_MB)


def round_of(
    template: str, units: int, seed: int, keep: Path | None
) -> tuple[Score | None, Run, bool]:
    """Generate a round, consolidate it with the command line, score it; whether the command
    took the last quarter (`--previous`; without it, the round is run again without)."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = (keep / template) if keep else Path(scratch)
        if keep and folder.exists():
            shutil.rmtree(folder)
        truth_path = write_set(generate(template, units, seed), folder)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        command = truth["command"]
        run = run_command(folder, command)
        previous = not (run.output is None and "--previous" in run.error)
        if not previous:
            at = command.index("--previous")
            run = run_command(folder, command[:at] + command[at + 2 :])
        if run.output is None:
            return None, run, previous
        score = score_run(truth, run.output)
        score_workbook(score, folder / command[command.index("-o") + 1], truth)
    return score, run, previous


def show(score: Score, run: Run) -> None:
    """The misses, a few of each kind."""
    print(
        f"template {score.template}: exit status {run.status},"
        f" {run.seconds:.1f} s, {run.memory_mb:.0f} MB"
    )
    for kind, misses in score.misses.items():
        print(f"  {kind} ({len(misses)}):")
        for miss in misses[:SHOWN]:
            print(f"    {miss}")
        if len(misses) > SHOWN:
            print(f"    ... {len(misses) - SHOWN} more")


def main() -> None:
    """Write a round (--write), or run and score rounds; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="only write a round to this folder")
    parser.add_argument("--units", type=int, default=63, help="expected units per round")
    parser.add_argument("--template", choices=["A", "B", "both"], default=None)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--keep", type=Path, help="keep the rounds' files in this folder")
    add_json_argument(parser)
    args = parser.parse_args()
    templates = ["A", "B"] if args.template in (None, "both") else [args.template]
    if args.write:
        for template in templates if args.template else ["A"]:
            folder = args.write / template if args.template == "both" else args.write
            truth = write_set(generate(template, args.units, args.seed), folder)
            command = json.loads(truth.read_text(encoding="utf-8"))["command"]
            print(f"written: {truth.parent}; run in it: vanthu {' '.join(command)}")
        return
    figures = Figures("reports")
    for template in templates:
        score, run, previous = round_of(template, args.units, args.seed, args.keep)
        if not previous:
            figures.check(f"{template}: --previous accepted", "no", "yes", False)
        if score is None:
            figures.check(
                f"{template}: command ran",
                f"no JSON (exit status {run.status}): {run.error[:200]}",
                "JSON out",
                False,
            )
            print(f"template {template}: {run.error}")
            continue
        show(score, run)
        figures_of(figures, score, run)
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
