"""`vanthu db upgrade` and `vanthu db current`, and processes refusing an old schema, through
the real command line (Typer's runner, in process)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from bot.cli import app
from bot.database import head_revision
from tests.bot.release import RELEASE

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Its own data folder (not there yet), no dense model."""
    return {"VANTHU_DATA_DIR": str(tmp_path / "data"), "VANTHU_EMBEDDER": "none"}


def _release_copy(env: dict[str, str]) -> None:
    data = Path(env["VANTHU_DATA_DIR"])
    data.mkdir(parents=True)
    (data / "vanthu.db").write_bytes((RELEASE / "vanthu.db").read_bytes())


def test_upgrade_and_current_on_a_new_database(env: dict[str, str]) -> None:
    """Empty: current says so (1); upgrade makes it (0), then has nothing to do (0)."""
    head = head_revision()
    before = runner.invoke(app, ["db", "current"], env=env)
    assert before.exit_code == 1
    assert f"empty: the newest is {head}; run `vanthu db upgrade`" in before.output
    made = runner.invoke(app, ["db", "upgrade"], env=env)
    assert made.exit_code == 0, made.output
    assert f"The database was empty: schema made at {head}." in made.output
    again = runner.invoke(app, ["db", "upgrade"], env=env)
    assert again.exit_code == 0
    assert f"at {head}, the newest: nothing to do" in again.output
    now = runner.invoke(app, ["db", "current"], env=env)
    assert now.exit_code == 0 and now.output.strip() == f"{head} (the newest)"


def test_processes_refuse_release_database_until_upgraded(env: dict[str, str]) -> None:
    """A command on release 0.1's database stops with one line naming `vanthu db upgrade`;
    after the upgrade it works on the same rows."""
    _release_copy(env)
    refused = runner.invoke(app, ["docs", "list"], env=env)
    assert refused.exit_code == 2
    assert refused.output.startswith("Setup error: the database schema is release 0.1")
    assert "`vanthu db upgrade`" in refused.output and "Traceback" not in refused.output
    current = runner.invoke(app, ["db", "current"], env=env)
    assert current.exit_code == 1 and "release 0.1 (no revision recorded)" in current.output
    upgraded = runner.invoke(app, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert (
        f"upgraded from release 0.1 (no revision recorded) to {head_revision()}" in upgraded.output
    )
    listed = runner.invoke(app, ["docs", "list"], env=env)
    assert listed.exit_code == 0 and "4 document(s)" in listed.output


def test_auto_upgrade_setting_upgrades_at_start(env: dict[str, str]) -> None:
    """With database_auto_upgrade the first command upgrades and goes on."""
    _release_copy(env)
    listed = runner.invoke(
        app, ["docs", "list"], env={**env, "VANTHU_DATABASE_AUTO_UPGRADE": "true"}
    )
    assert listed.exit_code == 0, listed.output
    assert "4 document(s)" in listed.output
    assert runner.invoke(app, ["db", "current"], env=env).exit_code == 0


def test_newer_schema_and_unreachable_database_are_one_line(env: dict[str, str]) -> None:
    """Exit code 2 with one line and no traceback, for current and upgrade alike."""
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    engine = create_engine(f"sqlite:///{env['VANTHU_DATA_DIR']}/vanthu.db")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    unreachable = {**env, "VANTHU_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    for settings in (env, unreachable):
        for command in ("current", "upgrade"):
            result = runner.invoke(app, ["db", command], env=settings)
            assert result.exit_code == 2, result.output
            assert result.output.startswith("Database error: ")
            assert len(result.output.strip().splitlines()) == 1, result.output
            assert "Traceback" not in result.output
    newer = runner.invoke(app, ["db", "current"], env=env)
    assert "revision f00d, newer than this vanthu knows" in newer.output
