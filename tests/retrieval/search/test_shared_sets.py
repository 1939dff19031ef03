"""Quality floor on the shared Vietnamese legal sets (BM25 side only, so it runs in seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.search.evaluate import evaluate, load_beir
from retrieval.search.index import SearchConfig
from tests.conftest import SHARED_DATA


@pytest.mark.parametrize(("name", "floor"), [("alqac2022", 0.92), ("lter2023", 0.85)])
@pytest.mark.parametrize("no_accents", [False, True])
def test_folded_bigram_bm25_beats_plain_syllables(
    tmp_path: Path, name: str, floor: float, no_accents: bool
) -> None:
    """Folded syllables plus bigrams beat the plain baseline, with or without diacritics."""
    folder = SHARED_DATA / "retrieval" / name
    if not folder.is_dir():
        pytest.skip(
            f"{folder} is not here (it sits beside the project only on the team's machines)"
        )
    result = evaluate(load_beir(folder), SearchConfig(), None, tmp_path, strip_accents=no_accents)
    hybrid, baseline = result["hybrid"], result["bm25_syllables"]
    assert isinstance(hybrid, dict) and isinstance(baseline, dict)
    assert hybrid["mrr@10"] >= floor
    assert hybrid["mrr@10"] > baseline["mrr@10"]
