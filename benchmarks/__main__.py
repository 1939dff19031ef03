"""Every benchmark at small sizes, one table: figure, value, target, ok.

Each benchmark runs in its own process with the quick sizes below (`--smoke`: smaller still,
for CI), its output kept in .bench/NAME.log. A benchmark that fails, writes no figures or
prints a traceback gets a missed row of its own. The table is printed and written as JSON;
`--docs` also rewrites the generated section of docs/measurements.md from it. The exit
status is 1 when a target is missed; at smoke size a missed target on time is shown and
counted but does not fail the run (a smoke run measures what still works, not speed).
Full sizes: each benchmark's own command (README).

    .venv/bin/python -m benchmarks [--smoke] [--only slack_load,telegram_load] [--docs]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.report import ROOT, Figure, Figures, missed, read_json, table, write_json
from benchmarks.section import write_section

OUT = ROOT / ".bench"
CACHE = ["--cache", str(OUT / "cache")]
# name: (quick arguments, smoke arguments)
SIZES: dict[str, tuple[list[str], list[str]]] = {
    "headers": (["--quiet"], ["--quiet"]),
    "answers": (CACHE, CACHE),
    "digest_month": ([], []),
    "digest_build": (["--events", "20000"], ["--events", "5000"]),
    "summarize_speed": (["--runs", "1"], ["--runs", "1", "--pages", "20"]),
    "bad_files": ([], ["--every", "4"]),
    "ocr_chat": ([], ["--pages", "3"]),
    "ocr": (["--quiet"], ["--quiet", "--documents", "2"]),
    "summaries": ([], ["--rows", "150"]),
    "slack_load": ([], ["--events", "20"]),
    "telegram_load": ([], ["--chats", "20"]),
    "zalo_load": ([], ["--chats", "10"]),
    "library": (["--articles", "300"], ["--articles", "60", "--queries", "50"]),
    "reports": ([], ["--units", "14", "--template", "A"]),
    "library_scale": (
        ["--sizes", "2000", "--real", "400", *CACHE],
        ["--sizes", "500", "--real", "100", *CACHE],
    ),
}
TIMEOUT_S = 900


def run_one(name: str, arguments: list[str]) -> list[Figure]:
    """One benchmark in its own process; its rows, and a missed row for a crash, a timeout,
    no figures or a traceback in its output."""
    log, rows = OUT / f"{name}.log", OUT / f"{name}.json"
    rows.unlink(missing_ok=True)
    figures = Figures(name)
    started = time.monotonic()
    command = [sys.executable, "-m", f"benchmarks.{name}", *arguments, "--json", str(rows)]
    with log.open("w", encoding="utf-8") as output:
        try:
            status = subprocess.run(
                command, stdout=output, stderr=subprocess.STDOUT, timeout=TIMEOUT_S, check=False
            ).returncode
        except subprocess.TimeoutExpired:
            status = None
    seconds = round(time.monotonic() - started)
    found = read_json(rows) if rows.exists() else []
    if status is None:
        figures.check("finished", f"no, stopped after {TIMEOUT_S} s", "yes", False)
    elif not found:
        figures.check("figures written", f"none (exit status {status})", "yes", False)
    elif status != 0 and all(row.ok is not False for row in found):
        figures.check("exit status", status, "= 0 or a missed row", False)
    if "Traceback (most recent call last)" in log.read_text(encoding="utf-8"):
        figures.check("traceback in its output", f"yes: {log.relative_to(ROOT)}", "none", False)
    figures.report("seconds", seconds)
    return found + figures.rows


def main() -> None:
    """Run the benchmarks, print the table, write it as JSON; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="smaller sizes, for CI")
    parser.add_argument("--only", help="comma-separated benchmark names")
    parser.add_argument("--json", type=Path, default=OUT / "table.json")
    parser.add_argument("--docs", action="store_true", help="rewrite docs/measurements.md")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(SIZES)
    unknown = set(names) - set(SIZES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    OUT.mkdir(exist_ok=True)
    started, rows = time.monotonic(), []
    for name in names:
        print(f"{name} ...", file=sys.stderr, flush=True)
        rows += run_one(name, SIZES[name][1 if args.smoke else 0])
    print(table(rows, smoke=args.smoke))
    failed = sum(missed(row, smoke=args.smoke) for row in rows)
    slow = sum(row.ok is False for row in rows) - failed
    skipped = sum(row.figure == "skipped" for row in rows)
    minutes = (time.monotonic() - started) / 60
    print(
        f"{len(names)} benchmarks in {minutes:.1f} min: {failed} missed, {skipped} skipped"
        + (f", {slow} time target(s) missed (reported, not enforced at smoke size)" if slow else "")
    )
    meta = {
        "size": "smoke" if args.smoke else "quick",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "minutes": round(minutes, 1),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    write_json(args.json, rows, **meta)
    if args.docs:
        write_section(ROOT / "docs" / "measurements.md", rows, meta)
    sys.exit(1 if failed else 0)


def commit() -> str:
    """The checked-out commit, with `+changes` when the tree differs from it."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    dirty = subprocess.run([*git, "diff", "--quiet", "HEAD"], check=False).returncode
    return head + ("+changes" if dirty else "")


if __name__ == "__main__":
    main()
