"""A BEIR corpus stored as a library, for measuring answers through the chat's own path.

Corpus ids `law||article` (as in ../shared/data/retrieval) become one document per law (its
number and symbol is the law's key) with one passage per article, or per clause of a long one,
split as the library splits them; a plain id is a document of one article. A document's
title is the corpus's `metadata.document_title` where it gives one, its number otherwise.
The passages' vectors come from the evaluation cache (`embed_cached`), so a corpus is
embedded once.
"""

from __future__ import annotations

from collections.abc import Collection as Ids
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from retrieval.documents.structure import split_passage
from retrieval.search.embedders import Embedder
from retrieval.search.evaluate import SEPARATOR, BeirSet, embed_cached, split_id
from retrieval.search.keeper import passage_text
from retrieval.search.store import Chunk, Document, bump_revision, get_or_create_collection


def corpus_id(number: str | None, article: str | None) -> str | None:
    """The corpus id a cited passage stands for (None when it is not from the corpus)."""
    if number is None:
        return None
    return f"{number}{SEPARATOR}{article}" if article else number


def store_corpus(
    engine: Engine,
    data: BeirSet,
    keep: Ids[str],
    embedder: Embedder | None,
    cache_dir: Path,
    *,
    collection: str = "corpus",
    max_chars: int = 1800,
) -> int:
    """Store the articles in `keep` (a migrated, empty library); the number of passages."""
    by_document: dict[str, list[tuple[str | None, str]]] = {}
    for cid, text in zip(data.corpus_ids, data.corpus_texts, strict=True):
        if cid in keep:
            number, article = split_id(cid)
            for piece in split_passage(text, max_chars):
                by_document.setdefault(number, []).append((article, piece))
    # Embedded as the library embeds a document's passages: with its title, where it has one.
    embedded = [
        passage_text(data.titles[number], piece) if number in data.titles else piece
        for number, pieces in by_document.items()
        for _, piece in pieces
    ]
    vectors = embed_cached(embedder, embedded, cache_dir) if embedder else None
    model = embedder.name if embedder else None
    at = 0
    with Session(engine) as session, session.begin():
        owner = get_or_create_collection(session, collection)
        owner.sensitivity = "public"
        for number, pieces in by_document.items():
            document = Document(
                collection=owner,
                source=f"{data.name}://{number}",
                title=data.titles.get(number, number),
                number=number,
                content_hash="0" * 64,
                file_type="txt",
            )
            session.add(document)
            session.flush()
            rows = []
            for ordinal, (article, piece) in enumerate(pieces):
                vector = vectors[at].tobytes() if vectors is not None else None
                at += 1
                heading = piece.split("\n", 1)[0][:200]
                rows.append(
                    {
                        "document_id": document.id,
                        "ordinal": ordinal,
                        "heading": heading,
                        "article": article,
                        "section": None,
                        "page": None,
                        "text": piece,
                        "embedding": vector,
                        "embedding_model": model,
                    }
                )
            session.execute(insert(Chunk), rows)
        bump_revision(session)
    return len(embedded)
