"""What the library hands back: ingest outcomes, document rows, cited passages."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.documents.readers import OcrReport


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file: added, updated, unchanged or failed (with the reason)."""

    source: str
    status: str
    chunks: int = 0
    code: str = ""
    reason: str = ""
    ocr: OcrReport | None = None  # for scans and photos: what OCR read


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
    bm25_rank: int | None = None  # where the passage stands in each list (1 = first)
    dense_rank: int | None = None
