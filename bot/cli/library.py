"""`vanthu ingest`, `docs`, `ask`, `summarize`, `chat` and `run`: the library and the bot."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from tqdm import tqdm

from bot.cli.app import (
    SAMPLE_COLLECTION,
    SAMPLES,
    app,
    docs_app,
    open_library,
    operator,
    setup_guard,
    state,
)
from bot.console import chat, render_plain
from bot.run import Edges, run_forever
from bot.wiring import for_ingest, make_services, read_file
from handlers.router import route
from handlers.services import Services
from handlers.summarize import page_list, render_summary
from handlers.types import IncomingMessage, Reply
from retrieval.access.control import AccessControl
from retrieval.documents.readers import OcrReport, PageProgress, load_path
from retrieval.errors import NotFound, UnreadableFile
from retrieval.records.audit import AuditLog, Entry, document_label
from retrieval.records.events import Changed, EventLog
from retrieval.search.library import IngestResult, Library, expand_paths
from retrieval.summaries.files import summarize_file
from retrieval.text import detect_language


def _ingest(library: Library, paths: list[Path], collection: str, *, quiet: bool = False) -> int:
    files, skipped = expand_paths(paths)
    folders = any(p.is_dir() for p in paths)

    def progress(items: Iterable[Path]) -> Iterator[Path]:
        return iter(tqdm(items, desc="ingest", unit="file", file=sys.stderr))

    results = library.ingest(files, collection, progress if folders else None)
    _record_changes(library, results, collection)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "failed":
            typer.echo(f"cannot read {result.source}: {result.code}: {result.reason}", err=True)
        elif result.ocr is not None:
            typer.echo(f"{result.source}: {ocr_note(result.ocr)}", err=True)
    for path in skipped:
        typer.echo(f"skipped {path}: unsupported file type", err=True)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    typer.echo(
        err=quiet,
        message=f"{len(files)} file(s): {summary or 'nothing to do'}"
        f"{f'; {len(skipped)} skipped' if skipped else ''}",
    )
    return 1 if counts.get("failed") else 0


@contextlib.contextmanager
def ocr_bar(show: bool = True) -> Iterator[PageProgress | None]:
    """A progress bar on stderr of the page each scan's OCR is on, when `show` and stderr is a
    terminal (nothing in a pipe or a log); None otherwise."""
    if not (show and sys.stderr.isatty()):
        yield None
        return
    bars: list[tqdm[NoReturn]] = []

    def page(at: int, count: int) -> None:
        if at == 1 or not bars:  # the next scan
            for bar in bars:
                bar.close()
            bars[:] = [tqdm(total=count, desc="OCR", unit="page", leave=False, file=sys.stderr)]
        bars[-1].update(at - bars[-1].n)

    try:
        yield page
    finally:
        for bar in bars:
            bar.close()


def ocr_note(ocr: OcrReport) -> str:
    """What OCR read of a file, in one line: pages, mean confidence, pages not read."""
    parts = []
    if ocr.pages:
        parts.append(f"read by OCR, page(s) {page_list(ocr.pages)}, confidence {ocr.confidence}%")
    if ocr.unread:
        parts.append(f"page(s) {page_list(ocr.unread)} not read")
    if ocr.missing:
        parts.append(ocr.missing)
    return "; ".join(parts)


def _record_changes(library: Library, results: list[IngestResult], collection: str) -> None:
    """Tell the event log (for the digests) which documents came in or changed."""
    changed = {r.source: r.status for r in results if r.status in {"added", "updated"}}
    if not changed:
        return
    events, audit = EventLog(library.engine), AuditLog(library.engine)
    for doc in library.documents(collection):
        if doc.source in changed:
            action = "added" if changed[doc.source] == "added" else "changed"
            events.record_change(Changed(action, doc.title, doc.collection, doc.number))
            label = document_label(doc.title, doc.number, doc.source)
            audit.record(Entry(operator(), "ingest", documents=[label], detail=action))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    collection: Annotated[str | None, typer.Option("--collection", "-C")] = None,
) -> None:
    """Add or update documents (PDF, DOCX, XLSX, TXT, Markdown, HTML)."""
    settings = for_ingest(state.get())
    with ocr_bar() as progress:
        library = open_library(settings, ocr_progress=progress)
        code = _ingest(library, paths, collection or settings.default_collection)
    raise typer.Exit(code)


@docs_app.command("list")
def docs_list(
    collection: Annotated[str | None, typer.Option("--collection", "-C")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the documents in the library."""
    documents = open_library(state.get(), dense=False).documents(collection)
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(d) for d in documents], ensure_ascii=False))
        return
    for doc in documents:
        number = f" ({doc.number})" if doc.number else ""
        typer.echo(
            f"{doc.id:>5}  [{doc.collection}] {doc.title}{number}  {doc.chunks} chunks  "
            f"{doc.source}"
        )
    typer.echo(f"{len(documents)} document(s)")


@docs_app.command("remove")
def docs_remove(selector: Annotated[str, typer.Argument(help="id, path or number")]) -> None:
    """Remove documents from the library and every index."""
    library = open_library(state.get())
    try:
        removed = library.remove(selector)
    except NotFound:
        typer.echo(f"no document matches {selector}", err=True)
        raise typer.Exit(1) from None
    events, audit = EventLog(library.engine), AuditLog(library.engine)
    for doc in removed:
        events.record_change(Changed("removed", doc.title, doc.collection, doc.number))
        audit.record(
            Entry(
                operator(), "remove", documents=[document_label(doc.title, doc.number, doc.source)]
            )
        )
        typer.echo(f"removed {doc.id}: {doc.title}")


def library_with_samples() -> Library:
    """The library; a new default one (never filled, no database configured) gets the samples,
    labelled public: invented demonstration documents anyone allowed to use the bot may read.
    Everything an office ingests itself stays denied until granted."""
    settings = state.get()
    library = open_library(settings)
    if settings.database_url is None and library.is_new():
        typer.echo(
            f"The library is empty: loading the bundled sample documents into the "
            f"collection '{SAMPLE_COLLECTION}'.",
            err=True,
        )
        _ingest(library, [SAMPLES], SAMPLE_COLLECTION, quiet=True)
        AccessControl(library.engine).label(SAMPLE_COLLECTION, "public")
    return library


def services_with_samples() -> Services:
    """The services over the library (with the samples on a new default one)."""
    settings = state.get()
    library = library_with_samples()
    return setup_guard(lambda: make_services(settings, library))


@app.command()
def ask(
    question: Annotated[str, typer.Argument()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    collection: Annotated[list[str] | None, typer.Option("--collection", "-C")] = None,
) -> None:
    """Ask one question and print the cited answer."""
    services = services_with_samples()
    if collection:
        unknown = sorted(set(collection) - set(services.library.collections()))
        if unknown:
            typer.echo(f"no collection named {', '.join(unknown)}", err=True)
            raise typer.Exit(1)
    message = IncomingMessage(text=question, collections=tuple(collection) if collection else None)
    reply = asyncio.run(route(message, services))
    if as_json:
        payload = (
            {**dataclasses.asdict(reply.answer), "kind": reply.answer.kind}
            if reply.answer is not None
            else {"language": reply.language, "reply": render_plain(reply)}
        )
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(render_plain(reply))


@app.command("summarize")
def summarize_command(
    file: Annotated[
        Path,
        typer.Argument(help="PDF, DOCX, XLSX, TXT, Markdown, HTML, or a JPEG, PNG, TIFF, HEIC"),
    ],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="header fields, key points, deadlines, summary as JSON"),
    ] = False,
    language: Annotated[
        str, typer.Option("--language", "-l", help="vi or en labels (default: the file's)")
    ] = "",
) -> None:
    """Summarize a file as the chat does: header, gist, key points, deadlines, sheets."""
    settings = state.get()
    try:
        file_type, data = load_path(file, max_bytes=settings.max_file_mb * 1024 * 1024)
        with ocr_bar(not as_json) as progress:
            document = read_file(settings, data, file_type, progress=progress)
    except UnreadableFile as exc:
        typer.echo(f"cannot read {file}: {exc.code}: {exc.detail}", err=True)
        raise typer.Exit(1) from exc
    found = summarize_file(document, file.name)
    if as_json:
        typer.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return
    reply = Reply(language if language in {"vi", "en"} else detect_language(document.text[:3000]))
    render_summary(found, reply.language, reply)
    typer.echo(render_plain(reply))


@app.command("chat")
def chat_command() -> None:
    """Chat with the bot in the terminal."""
    asyncio.run(chat(services_with_samples(), input, typer.echo))


@app.command("run")
def run_command(
    platforms: Annotated[
        list[str],
        typer.Argument(help="telegram, slack, zalo (several at once), or both", show_default=False),
    ],
) -> None:
    """Run the bot in Telegram, Slack and/or Zalo (tokens from the environment or settings
    file); `both` is Telegram and Slack."""
    if "both" in platforms:
        platforms = [p for p in platforms if p != "both"] + ["telegram", "slack"]
    unknown = sorted(set(platforms) - {"telegram", "slack", "zalo"})
    if unknown or not platforms:
        typer.echo(
            f"unknown platform {', '.join(unknown)}: use telegram, slack, zalo or both", err=True
        )
        raise typer.Exit(2)
    settings = state.get()
    library = library_with_samples()
    edges = setup_guard(lambda: Edges(settings, library, set(platforms)))
    logging.getLogger().setLevel(logging.INFO)
    # httpx logs every request URL at INFO, and Telegram's URLs carry the bot token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        asyncio.run(run_forever(edges))
    except OSError as exc:  # the port is taken, the API is unreachable
        typer.echo(f"Setup error: {exc}", err=True)
        raise typer.Exit(2) from exc
