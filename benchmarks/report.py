"""The figures of a benchmark as rows (figure, value, target, ok), printed as a table and
written as JSON, so that `python -m benchmarks` can gather every benchmark into one table."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"  # beside the checkout, as on the project's machine and CI


@dataclass(frozen=True)
class Figure:
    """One row: a measured value and, when it has one, its target and whether it is met
    (`ok` None: reported only; a skipped benchmark has one row whose value says why).
    `timing`: a target on time, which the smoke table reports but does not enforce."""

    benchmark: str
    figure: str
    value: object
    target: str = ""
    ok: bool | None = None
    timing: bool = False


class Figures:
    """The rows of one benchmark, in the order they were added."""

    def __init__(self, benchmark: str) -> None:
        self.benchmark = benchmark
        self.rows: list[Figure] = []

    def report(self, figure: str, value: object) -> None:
        """A figure without a target."""
        self.rows.append(Figure(self.benchmark, figure, value))

    def check(
        self, figure: str, value: object, target: str, ok: bool, *, timing: bool = False
    ) -> None:
        """A figure and whether it meets its target (`timing`: a target on time)."""
        self.rows.append(Figure(self.benchmark, figure, value, target, bool(ok), timing))

    def at_most(self, figure: str, value: float, limit: float, *, timing: bool = False) -> None:
        """A figure that must not exceed `limit`."""
        self.check(figure, value, f"<= {limit:g}", value <= limit, timing=timing)

    def equal(self, figure: str, value: object, wanted: object) -> None:
        """A figure that must be exactly `wanted`."""
        self.check(figure, value, f"= {wanted}", value == wanted)

    def skip(self, reason: str) -> None:
        """The benchmark could not run here: one row saying why."""
        self.rows.append(Figure(self.benchmark, "skipped", reason))


def missing_data(*paths: Path) -> str | None:
    """Why a benchmark must skip when a data set it reads is absent, else None."""
    absent = [str(p) for p in paths if not p.exists()]
    return f"data set not found: {', '.join(absent)}" if absent else None


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    """`--json PATH`: also write the rows there (what `python -m benchmarks` reads)."""
    parser.add_argument("--json", type=Path, help="write the table's rows as JSON here")


def missed(row: Figure, *, smoke: bool = False) -> bool:
    """Whether the row fails the table: a missed target, except a time target at smoke size
    (a smoke run on a shared machine is no measure of speed, only of what still works)."""
    return row.ok is False and not (smoke and row.timing)


def table(rows: Iterable[Figure], *, smoke: bool = False) -> str:
    """The rows as a plain-text table, one line each."""
    lines = [("benchmark", "figure", "value", "target", "ok")]
    for row in rows:
        ok = "-" if row.ok is None else "ok" if row.ok else "MISSED"
        if row.ok is False and not missed(row, smoke=smoke):
            ok = "slow (smoke: reported)"
        if row.figure == "skipped":
            ok = "SKIPPED"
        lines.append((row.benchmark, row.figure, _shown(row.value), row.target, ok))
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def finish(figures: Figures, json_path: Path | None) -> int:
    """Print the rows, write them as JSON when asked; the exit status (1: a target missed)."""
    print(table(figures.rows))
    if json_path is not None:
        write_json(json_path, figures.rows)
    return 1 if any(row.ok is False for row in figures.rows) else 0


def write_json(path: Path, rows: Iterable[Figure], **extra: object) -> None:
    """The rows (and any extra fields) as a JSON document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**extra, "rows": [asdict(row) for row in rows]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_json(path: Path) -> list[Figure]:
    """The rows written by `write_json`."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return [Figure(**row) for row in document["rows"]]


def exit_with(figures: Figures, json_path: Path | None) -> None:
    """`finish`, then exit with its status."""
    sys.exit(finish(figures, json_path))
