"""The document library: ingest, list and remove documents, keep the index in step."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, Row, delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from retrieval.documents.readers import SUPPORTED, ReadFile, load_path, read_bytes
from retrieval.documents.structure import find_references, parse_document, same_number
from retrieval.errors import IndexMismatch, NotFound, UnreadableFile
from retrieval.search.embedders import Embedder, Vectors
from retrieval.search.index import Hit, HybridIndex, SearchConfig
from retrieval.search.store import (
    Chunk,
    Collection,
    Document,
    bump_revision,
    current_revision,
    get_or_create_collection,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file: added, updated, unchanged or failed (with the reason)."""

    source: str
    status: str
    chunks: int = 0
    code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """A row of `vanthu docs list`."""

    id: int
    collection: str
    title: str
    number: str | None
    source: str
    chunks: int
    sensitivity: str = "internal"


@dataclass(frozen=True)
class Evidence:
    """A retrieved passage with everything needed to cite it."""

    chunk_id: int
    text: str
    heading: str
    article: str | None
    section: str | None
    page: int | None
    title: str
    number: str | None
    source: str
    collection: str
    sensitivity: str
    score: float
    bm25_score: float
    dense_score: float | None
    referenced: bool = False


def passage_text(title: str, text: str) -> str:
    """What is indexed and embedded for a chunk: the document title gives it context."""
    return f"{title}\n{text}"


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Files to ingest (folders walked, sorted) and the unsupported files found in folders."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in found.relative_to(path).parts):
                    continue
                (files if found.suffix.lower() in SUPPORTED else skipped).append(found)
        else:
            files.append(path)
    return files, skipped


class Library:
    """Documents and chunks in SQL, a derived hybrid index in one file beside them."""

    def __init__(
        self,
        engine: Engine,
        index_path: Path,
        config: SearchConfig,
        embedder: Embedder | None,
        *,
        max_chunk_chars: int = 1800,
        max_file_bytes: int = 50 * 1024 * 1024,
        max_pages: int = 2000,
    ) -> None:
        self.engine = engine
        self.index_path = index_path
        self.config = config
        self.embedder = embedder
        self.max_chunk_chars = max_chunk_chars
        self.max_file_bytes = max_file_bytes
        self.max_pages = max_pages
        self._index: HybridIndex | None = None

    @property
    def embedder_name(self) -> str | None:
        """The name recorded with stored vectors."""
        return self.embedder.name if self.embedder else None

    def ingest(
        self,
        files: list[Path],
        collection: str,
        progress: Callable[[Iterable[Path]], Iterator[Path]] | None = None,
    ) -> list[IngestResult]:
        """Ingest files one transaction each, then bring the index up to date."""
        results = [
            self.ingest_file(path, collection) for path in (progress(files) if progress else files)
        ]
        if any(r.status in {"added", "updated"} for r in results) or not self._index_is_current():
            self.refresh_index()
        return results

    def ingest_file(self, path: Path, collection: str) -> IngestResult:
        """Read, split and embed one file, then replace its chunks in one transaction."""
        source = str(path.resolve())
        return _attempt(source, lambda: self._ingest(path, source, collection))

    def ingest_data(
        self,
        raw: bytes,
        file_type: str,
        source: str,
        name: str,
        collection: str,
        parse: Callable[[bytes, str], ReadFile] | None = None,
    ) -> IngestResult:
        """Store a file received in a chat (bytes, not a path) and update the index; `parse`
        reads it (a child process for files from outside), in process by default."""
        result = _attempt(
            source, lambda: self._store(raw, file_type, source, name, collection, parse)
        )
        if result.status in {"added", "updated"}:
            self.refresh_index()
        return result

    def _ingest(self, path: Path, source: str, collection: str) -> IngestResult:
        file_type, raw = load_path(path, max_bytes=self.max_file_bytes)
        return self._store(raw, file_type, source, path.stem, collection)

    def _store(
        self,
        raw: bytes,
        file_type: str,
        source: str,
        name: str,
        collection: str,
        parse: Callable[[bytes, str], ReadFile] | None = None,
    ) -> IngestResult:
        digest = hashlib.sha256(raw).hexdigest()
        with Session(self.engine) as session:
            stored = session.execute(
                select(Document.content_hash, func.count(Chunk.id))
                .join(Collection)
                .outerjoin(Chunk)
                .where(Collection.name == collection, Document.source == source)
                .group_by(Document.id)
            ).first()
        if stored is not None and stored[0] == digest:
            return IngestResult(source, "unchanged", stored[1])
        read = (
            parse(raw, file_type)
            if parse is not None
            else read_bytes(raw, file_type, max_pages=self.max_pages)
        )
        parsed = parse_document(read.pages, name, max_chars=self.max_chunk_chars)
        if not parsed.chunks:
            raise UnreadableFile("no_passages", "only headings, no text to search")
        vectors = (
            self.embedder.embed_passages(
                [passage_text(parsed.title, c.text) for c in parsed.chunks]
            )
            if self.embedder
            else None
        )
        with Session(self.engine) as session, session.begin():
            document = self._find(session, collection, source)
            status = "updated" if document is not None else "added"
            if document is None:
                owner = get_or_create_collection(session, collection)
                document = Document(collection=owner, source=source)
                session.add(document)
            document.title = parsed.title
            document.number = parsed.number
            document.content_hash = digest
            document.file_type = read.file_type
            document.chunks = [
                Chunk(
                    ordinal=i,
                    heading=c.heading,
                    article=c.article,
                    section=c.section,
                    page=c.page,
                    text=c.text,
                    embedding=vectors[i].tobytes() if vectors is not None else None,
                    embedding_model=self.embedder_name,
                )
                for i, c in enumerate(parsed.chunks)
            ]
            bump_revision(session)
        return IngestResult(source, status, len(parsed.chunks))

    @staticmethod
    def _find(session: Session, collection: str, source: str) -> Document | None:
        query = (
            select(Document)
            .join(Collection)
            .where(Collection.name == collection, Document.source == source)
            .options(selectinload(Document.chunks))
        )
        return session.scalars(query).first()

    def documents(self, collection: str | None = None) -> list[DocumentInfo]:
        """Every document with its chunk count, optionally of one collection."""
        query = (
            select(
                Document.id,
                Collection.name,
                Document.title,
                Document.number,
                Document.source,
                func.count(Chunk.id),
                Collection.sensitivity,
            )
            .join(Collection)
            .outerjoin(Chunk)
            .group_by(Document.id, Collection.name, Collection.sensitivity)
            .order_by(Document.id)
        )
        if collection:
            query = query.where(Collection.name == collection)
        with Session(self.engine) as session:
            return [DocumentInfo(*row) for row in session.execute(query).all()]

    def is_new(self) -> bool:
        """True until the first document is ever stored (removals do not make it new again)."""
        with Session(self.engine) as session:
            return current_revision(session) == 0

    def collections(self) -> list[str]:
        """The names of all collections."""
        with Session(self.engine) as session:
            return list(session.scalars(select(Collection.name).order_by(Collection.name)))

    def remove(self, selector: str) -> list[DocumentInfo]:
        """Remove documents by id, source path or number; the index follows."""
        matches = [
            d
            for d in self.documents()
            if selector in {str(d.id), d.source, d.number}
            or d.source == str(Path(selector).resolve())
        ]
        if not matches:
            raise NotFound(selector)
        with Session(self.engine) as session, session.begin():
            ids = [d.id for d in matches]
            session.execute(delete(Chunk).where(Chunk.document_id.in_(ids)))
            session.execute(delete(Document).where(Document.id.in_(ids)))
            bump_revision(session)
        self.refresh_index()
        return matches

    def _index_is_current(self) -> bool:
        try:
            self.index()
        except IndexMismatch:
            return False
        return True

    def index(self) -> HybridIndex:
        """The index, loaded once and checked against the metadata; IndexMismatch if stale."""
        with Session(self.engine) as session:
            revision = current_revision(session)
            if self._index is not None and self._index.revision == revision:
                return self._index  # checked when it was loaded; nothing changed since
            index = HybridIndex.load(self.index_path)
            count = session.scalar(select(func.count(Chunk.id))) or 0
        fingerprint = self.config.fingerprint(self.embedder_name)
        if (
            index.revision != revision
            or len(index) != count
            or index.config.fingerprint(index.embedder_name) != fingerprint
            or (
                index.vectors is not None
                and self.embedder is not None
                and index.vectors.d != self.embedder.dim
            )
        ):
            raise IndexMismatch(f"index at revision {index.revision}, library at {revision}")
        index.config = self.config  # ranking-only settings may differ from the build's
        self._index = index
        return index

    def ready_index(self) -> HybridIndex:
        """The index, rebuilt from the metadata first when it is missing or stale."""
        try:
            return self.index()
        except IndexMismatch as exc:
            log.info("rebuilding the index: %s", exc)
            return self.refresh_index()

    def refresh_index(self) -> HybridIndex:
        """Rebuild the index from SQL, embedding any chunk that lacks a current vector."""
        with Session(self.engine) as session:
            revision = current_revision(session)
            rows = session.execute(
                select(
                    Chunk.id,
                    Document.title,
                    Chunk.text,
                    Chunk.embedding,
                    Chunk.embedding_model,
                    Chunk.document_id,
                    Chunk.article,
                )
                .join(Document)
                .order_by(Chunk.id)
            ).all()
        vectors = None
        if self.embedder is not None:
            vectors = self._vectors_for(rows)
        # Clauses of one article share a group; a chunk outside any article is its own.
        articles: dict[tuple[int, str] | int, int] = {}
        groups = [
            articles.setdefault((r.document_id, r.article) if r.article else -r.id, len(articles))
            for r in rows
        ]
        index = HybridIndex.build(
            [r.id for r in rows],
            [passage_text(r.title, r.text) for r in rows],
            vectors,
            self.config,
            self.embedder_name,
            revision,
            groups=groups,
        )
        index.save(self.index_path)
        self._index = index
        return index

    def _vectors_for(
        self, rows: Sequence[Row[int, str, str, bytes | None, str | None, int, str | None]]
    ) -> Vectors:
        """Stored vectors where current; the rest embedded now and saved for next time."""
        assert self.embedder is not None
        name = self.embedder.name
        missing = [r for r in rows if r.embedding_model != name or r.embedding is None]
        fresh: dict[int, Vectors] = {}
        if missing:
            vectors = self.embedder.embed_passages([passage_text(r.title, r.text) for r in missing])
            fresh = {r.id: v for r, v in zip(missing, vectors, strict=True)}
            with Session(self.engine) as session, session.begin():
                for chunk in session.scalars(select(Chunk).where(Chunk.id.in_(fresh))):
                    chunk.embedding, chunk.embedding_model = fresh[chunk.id].tobytes(), name
        out = np.zeros((len(rows), self.embedder.dim), dtype=np.float32)
        for i, row in enumerate(rows):
            if row.id in fresh:
                out[i] = fresh[row.id]
            elif row.embedding is not None:
                out[i] = np.frombuffer(row.embedding, dtype=np.float32)
        return out

    def _referenced(self, query: str, allowed: set[int] | None) -> set[int]:
        """Chunks of the articles a question names (of the named document, if it names one)."""
        references = find_references(query)
        if not references:
            return set()
        labels = {r.article for r in references}
        statement = (
            select(Chunk.id, Chunk.article, Document.number)
            .join(Document)
            .where(Chunk.article.in_(labels))
        )
        with Session(self.engine) as session:
            rows = session.execute(statement).all()
        found = set()
        for chunk_id, article, number in rows:
            for reference in references:
                if reference.article == article and (
                    reference.number is None or same_number(reference.number, number)
                ):
                    found.add(chunk_id)
        return found if allowed is None else found & allowed

    def search(
        self, query: str, *, k: int = 5, collections: list[str] | None = None
    ) -> list[Evidence]:
        """Hybrid search, optionally limited to some collections before ranking."""
        index = self.ready_index()
        allowed = None
        if collections is not None:
            with Session(self.engine) as session:
                allowed = set(
                    session.scalars(
                        select(Chunk.id)
                        .join(Document)
                        .join(Collection)
                        .where(Collection.name.in_(collections))
                    )
                )
        hits = index.search(query, self.embedder, k=k, allowed=allowed)
        referenced = self._referenced(query, allowed)
        if referenced:
            # Articles the question names come first, ranked among themselves by the query.
            first = index.search(query, self.embedder, k=k, allowed=referenced)
            named = [h.chunk_id for h in first]
            named += sorted(referenced - set(named))
            by_id = {h.chunk_id: h for h in [*hits, *first]}
            hits = [by_id.get(c, Hit(c, 0.0, None, None, 0.0, None)) for c in named] + [
                h for h in hits if h.chunk_id not in referenced
            ]
            hits = hits[:k]
        if not hits:
            return []
        statement = (
            select(Chunk, Document.title, Document.number, Document.source, Collection)
            .join(Document, Chunk.document_id == Document.id)
            .join(Collection, Document.collection_id == Collection.id)
            .where(Chunk.id.in_([h.chunk_id for h in hits]))
        )
        with Session(self.engine) as session:
            rows = {row[0].id: row for row in session.execute(statement).all()}
        found = []
        for hit in hits:
            if hit.chunk_id not in rows:
                continue  # removed by another process since the index was loaded
            chunk, title, number, source, owner = rows[hit.chunk_id]
            found.append(
                Evidence(
                    hit.chunk_id,
                    chunk.text,
                    chunk.heading,
                    chunk.article,
                    chunk.section,
                    chunk.page,
                    title,
                    number,
                    source,
                    owner.name,
                    owner.sensitivity,
                    hit.score,
                    hit.bm25_score,
                    hit.dense_score,
                    hit.chunk_id in referenced,
                )
            )
        return found


def _attempt(source: str, store: Callable[[], IngestResult]) -> IngestResult:
    """Run a store once more when another process stored the same file or collection a moment
    ago; unreadable files and database errors become failed results."""
    try:
        try:
            return store()
        except IntegrityError:
            return store()
    except UnreadableFile as exc:
        return IngestResult(source, "failed", code=exc.code, reason=exc.detail)
    except SQLAlchemyError as exc:
        return IngestResult(source, "failed", code="db_error", reason=str(exc)[:300])
