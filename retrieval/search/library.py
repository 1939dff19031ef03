"""The document library: ingest, list and remove documents, keep the index in step."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from retrieval.documents.readers import SUPPORTED, ReadFile, load_path, needs_ocr, read_bytes
from retrieval.documents.structure import find_references, parse_document, same_number
from retrieval.errors import IndexMismatch, NotFound, UnreadableFile
from retrieval.search.colloquial import Glossary, Rewritten, rewrite, shipped_glossary
from retrieval.search.embedders import Embedder
from retrieval.search.index import Hit, HybridIndex, SearchConfig
from retrieval.search.keeper import IndexKeeper, passage_text
from retrieval.search.results import DocumentInfo, Evidence, IngestResult
from retrieval.search.store import (
    Chunk,
    Collection,
    Document,
    bump_revision,
    current_revision,
    get_or_create_collection,
)
from retrieval.text import has_diacritics

__all__ = ["DocumentInfo", "Evidence", "IngestResult", "Library", "expand_paths", "passage_text"]


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
    """Documents and chunks in SQL; a derived hybrid index kept in memory, updated in place and
    saved as segment files beside the database (`index.npz` -> `index.segments/`)."""

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
        glossary: Glossary | None = None,
        ocr_reader: Callable[[bytes, str], ReadFile] | None = None,
    ) -> None:
        self.engine = engine
        self.glossary = glossary if glossary is not None else shipped_glossary()
        self.index_path = index_path
        self.config = config
        self.embedder = embedder
        self.max_chunk_chars = max_chunk_chars
        self.max_file_bytes = max_file_bytes
        self.max_pages = max_pages
        self.ocr_reader = ocr_reader
        self._keeper = IndexKeeper(engine, index_path, config, embedder)

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

    def _read(self, raw: bytes, file_type: str) -> ReadFile:
        """A file read in this process, or by `ocr_reader` (the sandboxed child with OCR) when
        it is a picture or a PDF with pages that have no text layer."""
        if self.ocr_reader is not None and file_type == "image":
            return self.ocr_reader(raw, file_type)
        try:
            read = read_bytes(raw, file_type, max_pages=self.max_pages)
        except UnreadableFile as exc:
            if self.ocr_reader is not None and exc.code == "no_text_layer":
                return self.ocr_reader(raw, file_type)
            raise
        if self.ocr_reader is not None and needs_ocr(read):
            return self.ocr_reader(raw, file_type)
        return read

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
        read = parse(raw, file_type) if parse is not None else self._read(raw, file_type)
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
        return IngestResult(source, status, len(parsed.chunks), ocr=read.ocr)

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

    def collections_of(self, sources: list[str]) -> frozenset[str]:
        """The collections that hold documents of these sources."""
        with Session(self.engine) as session:
            names = session.scalars(
                select(Collection.name).join(Document).where(Document.source.in_(sources))
            )
            return frozenset(names)

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
            self._keeper.current()
        except IndexMismatch:
            return False
        return True

    def index(self) -> HybridIndex:
        """The index, checked against the metadata (loaded from its files on first use);
        IndexMismatch if it is missing, damaged or stale."""
        return self._keeper.current()

    def ready_index(self) -> HybridIndex:
        """The index brought up to date with the database first (in place: only what changed
        is read; built from the database when there is no usable index)."""
        return self._keeper.refresh()

    def refresh_index(self) -> HybridIndex:
        """Take the changes in the database into the index (one refresh at a time)."""
        return self._keeper.refresh()

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

    def understand(self, question: str) -> Rewritten:
        """The question as the documents would put it: chat shorthand expanded, fillers
        dropped, the document terms of its everyday phrases added (see glossary.toml)."""
        return rewrite(question, self.glossary)

    def idf(self, terms: list[str]) -> list[float]:
        """How rare each analysed term (folded syllable, `a_b` pair) is in the library."""
        return self._keeper.serving().idf(terms)

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        collections: list[str] | None = None,
        understood: str | None = None,
    ) -> list[Evidence]:
        """Hybrid search of the question as understood (`understand`, or `understood` when the
        caller has it already), optionally limited to some collections before ranking."""
        typed_plain = not has_diacritics(query)
        query = understood if understood is not None else self.understand(query).query
        index = self._keeper.serving()
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
        vector = None
        if self.embedder is not None and index.dim is not None:
            # Once for both rankings below.
            vector = index.query_vector(query, self.embedder, typed_plain)
        hits = index.search(query, self.embedder, k=k, allowed=allowed, vector=vector)
        referenced = self._referenced(query, allowed)
        if referenced:
            # Articles the question names come first, ranked among themselves by the query.
            first = index.search(query, self.embedder, k=k, allowed=referenced, vector=vector)
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
                    hit.bm25_rank,
                    hit.dense_rank,
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
