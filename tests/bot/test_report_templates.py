"""`vanthu reports template add/list`: templates registered by name, checked before they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.database import open_database
from retrieval.records.audit import AuditLog
from retrieval.records.rounds import ReportStore
from tests.documents import write_docx
from tests.report_files import FIGURES, report_xlsx

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Settings for one test: its own data folder, no dense model."""
    return {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}


def test_add_list_and_replace(tmp_path: Path, env: dict[str, str]) -> None:
    """A template is added, listed, replaced under the same name; each change is audited."""
    first = tmp_path / "mau-quy.xlsx"
    first.write_bytes(report_xlsx("UBND xã Mẫu", FIGURES))
    added = runner.invoke(
        app, ["reports", "template", "add", str(first), "--name", "TTHC quý"], env=env
    )
    assert added.exit_code == 0, added.output
    assert "added template 'TTHC quý': mau-quy.xlsx (4 rows x 3 columns)" in added.output
    listed = runner.invoke(app, ["reports", "template", "list"], env=env)
    assert listed.output.startswith("TTHC quý\tmau-quy.xlsx\tcli:")
    second = tmp_path / "mau-moi.xlsx"
    second.write_bytes(report_xlsx("UBND xã Mẫu mới", FIGURES))
    again = runner.invoke(
        app, ["reports", "template", "add", str(second), "-n", "TTHC quý"], env=env
    )
    assert "replaced template" in again.output
    engine = open_database(f"sqlite:///{tmp_path / 'data' / 'vanthu.db'}", auto_upgrade=False)
    stored = ReportStore(engine).template("TTHC quý")
    assert stored is not None and stored.data == second.read_bytes()
    assert [e.detail for e in AuditLog(engine).query() if e.action == "report_template"] == [
        "TTHC quý: mau-quy.xlsx",
        "TTHC quý: mau-moi.xlsx",
    ]
    engine.dispose()


def test_a_file_without_a_table_or_unreadable_is_refused(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """No table with labelled rows and columns, or a corrupt file: exit 1, nothing stored."""
    prose = write_docx(tmp_path / "cong-van.docx", ["CÔNG VĂN", "Về việc báo cáo quý IV."])
    refused = runner.invoke(app, ["reports", "template", "add", str(prose), "-n", "X"], env=env)
    assert refused.exit_code == 1 and "cannot be a template" in refused.output
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    unread = runner.invoke(app, ["reports", "template", "add", str(broken), "-n", "X"], env=env)
    assert unread.exit_code == 1 and "cannot read" in unread.output
    listed = runner.invoke(app, ["reports", "template", "list"], env=env)
    assert "no template registered" in listed.output
