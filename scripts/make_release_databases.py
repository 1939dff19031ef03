"""Make the databases of release 0.1 that the upgrade tests start from, with release 0.1's code.

    .venv/bin/python scripts/make_release_databases.py [--postgres-url URL]

Extracts commit 57d9561 (`git archive`) into a temporary folder and runs THAT code (this venv,
PYTHONPATH = the extracted tree, in a child process: `release_fill.py`) to create and fill a
database with rows in
every table: documents ingested from the bundled samples (some with small vectors, some without),
people, accounts, roles, readers and labels, questions with feedback, summaries with deadlines,
document events, audit entries, inbox keys, an offered file, digest subscriptions (one removed,
so the AUTOINCREMENT counter is ahead of the highest id), deliveries, the scheduler's lease and
APScheduler's job table. Vietnamese text, NULLs and aware moments throughout.

Writes tests/data/release-0.1/vanthu.db (SQLite) and tests/data/release-0.1/postgres.sql
(`pg_dump --no-owner --no-privileges` of a PostgreSQL database filled the same way, whose
TimeZone is Asia/Ho_Chi_Minh as on a server installed in Vietnam: release 0.1's two naive
columns then hold Vietnamese wall time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

RELEASE = "57d9561"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "release-0.1"
SERVER_TIMEZONE = "Asia/Ho_Chi_Minh"


def _release_tree(folder: Path) -> Path:
    tree = folder / "release"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", RELEASE], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def _run_release(tree: Path, url: str, data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree), "RELEASE_TREE": str(tree)}
    data_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("release_fill.py")), url, str(data_dir)],
        check=True,
        env=env,
        cwd=tree,
    )


def _sqlite(tree: Path, work: Path) -> None:
    path = work / "vanthu.db"
    _run_release(tree, f"sqlite:///{path}", work / "sqlite-data")
    OUT.mkdir(parents=True, exist_ok=True)
    # Checkpointed: the release's WAL is folded into the file before it is copied.
    import sqlite3  # noqa: PLC0415

    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("VACUUM")
    connection.close()
    shutil.copyfile(path, OUT / "vanthu.db")


def _postgres(tree: Path, work: Path, server: str) -> None:
    from sqlalchemy import create_engine, text  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    name = f"vanthu_release_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        connection.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO '{SERVER_TIMEZONE}'"))
    url = make_url(server).set(database=name)
    try:
        _run_release(tree, url.render_as_string(hide_password=False), work / "pg-data")
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", "--dbname", libpq],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        (OUT / "postgres.sql").write_text(dump, encoding="utf-8")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Extract the release, make both databases with it, write them into tests/data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "VANTHU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="a server where a scratch database may be created and dropped",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanthu-release-") as temporary:
        work = Path(temporary)
        tree = _release_tree(work)
        _sqlite(tree, work)
        _postgres(tree, work, args.postgres_url)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
