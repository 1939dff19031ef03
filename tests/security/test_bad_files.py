"""Over 300 broken and hostile files through the chat path: each answered clearly, in time."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import pytest

from handlers.messages import has_text
from handlers.services import FileLimits, Services
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from tests.databases import migrated_engine
from tests.security.bad_files import FORMATS, REASONS, answer_all, write_bad_files
from tests.services import make_services

TIMEOUT_S = 10.0
MARGIN_S = 5.0  # interpreter start, queueing behind the other worker, a loaded machine


@pytest.fixture
def services(tmp_path: Path) -> Services:
    """An empty library (files are only read, not searched) and the corpus's limits."""
    library = Library(
        migrated_engine(f"sqlite:///{tmp_path / 'vanthu.db'}"),
        tmp_path / "index.npz",
        SearchConfig(),
        None,
    )
    limits = FileLimits(
        max_bytes=8 * 1024 * 1024, max_pages=2000, parse_timeout_s=TIMEOUT_S, parse_memory_mb=512
    )
    return make_services(library, files=limits)


def test_every_reason_has_a_sentence() -> None:
    assert all(has_text(f"file_{code}") for code in REASONS)


@pytest.mark.asyncio
async def test_every_bad_file_gets_a_clear_reason_in_time(
    services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = write_bad_files(tmp_path / "bad")
    assert len(files) >= 300
    assert {path.suffix.lstrip(".") for _, path in files} == set(FORMATS)
    caplog.set_level(logging.ERROR)

    answered = await answer_all(files, services)

    assert len(answered) == len(files)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "nothing crashed"
    unclear = [(a.name, a.reply) for a in answered if a.outcome == "crash"]
    assert not unclear, unclear[:5]
    unexpected = [(a.name, a.outcome) for a in answered if a.outcome not in a.bad.expected]
    assert not unexpected, unexpected
    slow = [(a.name, round(a.seconds, 1)) for a in answered if a.seconds > TIMEOUT_S + MARGIN_S]
    assert not slow, slow
    outcomes = Counter(a.outcome for a in answered)
    for code in ("empty", "corrupt", "encrypted", "zip_bomb", "unsafe_xml", "wrong_type"):
        assert outcomes[code] >= 10, outcomes
    for code in ("legacy_office", "no_text_layer", "not_text", "too_many_pages", "too_large"):
        assert outcomes[code] >= 1, outcomes
