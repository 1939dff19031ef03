"""The table of the benchmarks: its exit status, its JSON and the generated section."""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import ROOT, Figures, finish, missed, read_json, table
from benchmarks.section import BEGIN, END, write_section


def test_a_missed_target_fails_and_a_skip_or_a_report_does_not(tmp_path: Path) -> None:
    """Exit status 1 only for a missed target; the rows come back from the JSON as written."""
    figures = Figures("load")
    figures.report("throughput (replies/s)", 14.1)
    figures.skip("data set not found: ../shared/data/x")
    figures.at_most("ack p95 (s)", 0.4, 1.0)
    assert finish(figures, tmp_path / "ok.json") == 0
    assert read_json(tmp_path / "ok.json") == figures.rows
    figures.equal("events answered once with a citation", 190, 200)
    assert finish(figures, None) == 1
    assert [row.ok for row in figures.rows] == [None, None, True, False]


def test_a_slow_smoke_run_is_reported_but_only_a_broken_one_fails() -> None:
    """At smoke size a missed time target is shown, not enforced; any other miss fails."""
    figures = Figures("library")
    figures.at_most("search p95 (ms)", 80.0, 50, timing=True)
    figures.equal("crashes", 1, 0)
    slow, broken = figures.rows
    assert missed(slow) and missed(broken)  # the quick table enforces both
    assert not missed(slow, smoke=True) and missed(broken, smoke=True)
    shown = table(figures.rows, smoke=True)
    assert "slow (smoke: reported)" in shown and "MISSED" in shown


def test_the_section_is_rewritten_between_its_markers(tmp_path: Path) -> None:
    """Only the generated table changes; the shipped measurements have the markers."""
    page = tmp_path / "measurements.md"
    page.write_text(f"# Before\n{BEGIN}\nold table\n{END}\n# After\n", encoding="utf-8")
    figures = Figures("headers")
    figures.check("header fields right", "510/510", ">= 95%", True)
    write_section(page, figures.rows, {"date": "2026-12-04", "commit": "abc1234"})
    written = page.read_text(encoding="utf-8")
    assert written.startswith("# Before\n") and written.endswith(f"{END}\n# After\n")
    assert "old table" not in written
    assert "| headers | header fields right | 510/510 | >= 95% | ok |" in written
    assert "commit abc1234" in written
    shipped = (ROOT / "docs" / "measurements.md").read_text(encoding="utf-8")
    assert shipped.index(BEGIN) < shipped.index(END)
