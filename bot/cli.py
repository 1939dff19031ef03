"""The `vanthu` command line."""

from __future__ import annotations

import asyncio
import dataclasses
import getpass
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from bot.console import chat, render_plain
from bot.run import Edges, run_forever
from bot.settings import Settings, load_settings
from bot.wiring import make_embedder, make_library, make_services, search_config
from handlers.digest_reply import render_digest
from handlers.router import route
from handlers.services import Services
from handlers.summarize import render_summary
from handlers.types import IncomingMessage, Reply
from retrieval.access.control import AccessControl
from retrieval.documents.readers import load_path
from retrieval.documents.sandbox import read_isolated
from retrieval.errors import NotFound, UnreadableFile
from retrieval.privacy import MaskingFilter
from retrieval.records.audit import AuditLog, Entry, document_label, to_csv
from retrieval.records.events import Changed, EventLog
from retrieval.search.evaluate import evaluate, load_beir
from retrieval.search.library import IngestResult, Library, expand_paths
from retrieval.summaries.evaluate import evaluate_summaries, load_summary_set
from retrieval.summaries.files import summarize_file
from retrieval.text import detect_language
from scheduler.runner import DigestRunner
from scheduler.schedule import DEFAULT_TIMEZONE, ScheduleError

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_COLLECTION = "mau"
T = TypeVar("T")

app = typer.Typer(
    help="vanthu: cited answers from the office's own documents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
docs_app = typer.Typer(help="The document library.", no_args_is_help=True)
eval_app = typer.Typer(help="Measurements.", no_args_is_help=True)
digest_app = typer.Typer(help="Scheduled digests for leadership channels.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
app.add_typer(digest_app, name="digest")
app.add_typer(eval_app, name="eval")
access_app = typer.Typer(
    help="People, roles and who may read which collection.", no_args_is_help=True
)
app.add_typer(access_app, name="access")


@dataclasses.dataclass
class _State:
    config: Path | None = None
    settings: Settings | None = None

    def get(self) -> Settings:
        if self.settings is None:
            try:
                self.settings = load_settings(self.config)
            except (FileNotFoundError, ValueError) as exc:
                typer.echo(f"Settings error: {exc}", err=True)
                raise typer.Exit(2) from exc
        return self.settings


_state = _State()


@app.callback()
def _root(
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="TOML settings file")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read the settings once for the command that follows."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskingFilter())
    _state.config = config
    _state.settings = None


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
    for path in skipped:
        typer.echo(f"skipped {path}: unsupported file type", err=True)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    typer.echo(
        err=quiet,
        message=f"{len(files)} file(s): {summary or 'nothing to do'}"
        f"{f'; {len(skipped)} skipped' if skipped else ''}",
    )
    return 1 if counts.get("failed") else 0


def _operator() -> str:
    """Who runs the command line, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


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
            audit.record(Entry(_operator(), "ingest", documents=[label], detail=action))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    collection: Annotated[str | None, typer.Option("--collection", "-C")] = None,
) -> None:
    """Add or update documents (PDF, DOCX, XLSX, TXT, Markdown, HTML)."""
    settings = _state.get()
    code = _ingest(_library(settings), paths, collection or settings.default_collection)
    raise typer.Exit(code)


@docs_app.command("list")
def docs_list(
    collection: Annotated[str | None, typer.Option("--collection", "-C")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the documents in the library."""
    documents = _library(_state.get(), dense=False).documents(collection)
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
    library = _library(_state.get())
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
                _operator(), "remove", documents=[document_label(doc.title, doc.number, doc.source)]
            )
        )
        typer.echo(f"removed {doc.id}: {doc.title}")


def _setup_guard(build: Callable[[], T]) -> T:
    """Build a service; a bad setting or an unreachable database is a message, not a traceback."""
    try:
        return build()
    except (ValueError, OSError, SQLAlchemyError) as exc:
        typer.echo(f"Setup error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _library(settings: Settings, *, dense: bool = True) -> Library:
    return _setup_guard(lambda: make_library(settings, with_embedder=dense))


def _services_with_samples() -> Services:
    """Services; a new default library (never filled, no database configured) gets the samples."""
    settings = _state.get()
    services = _setup_guard(lambda: make_services(settings))
    if settings.database_url is None and services.library.is_new():
        typer.echo(
            f"The library is empty: loading the bundled sample documents into the "
            f"collection '{SAMPLE_COLLECTION}'.",
            err=True,
        )
        _ingest(services.library, [SAMPLES], SAMPLE_COLLECTION, quiet=True)
        # The samples are invented demonstration documents: anyone allowed to use the bot may
        # read them. Everything an office ingests itself stays denied until granted.
        if services.access is not None:
            services.access.label(SAMPLE_COLLECTION, "public")
    return services


@app.command()
def ask(
    question: Annotated[str, typer.Argument()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    collection: Annotated[list[str] | None, typer.Option("--collection", "-C")] = None,
) -> None:
    """Ask one question and print the cited answer."""
    services = _services_with_samples()
    if collection:
        unknown = sorted(set(collection) - set(services.library.collections()))
        if unknown:
            typer.echo(f"no collection named {', '.join(unknown)}", err=True)
            raise typer.Exit(1)
    message = IncomingMessage(text=question, collections=tuple(collection) if collection else None)
    reply = asyncio.run(route(message, services))
    if as_json:
        payload = (
            dataclasses.asdict(reply.answer)
            if reply.answer is not None
            else {"language": reply.language, "reply": render_plain(reply)}
        )
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(render_plain(reply))


@app.command("summarize")
def summarize_command(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX, XLSX, TXT, Markdown or HTML")],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="header fields, key points, deadlines, summary as JSON"),
    ] = False,
    language: Annotated[
        str, typer.Option("--language", "-l", help="vi or en labels (default: the file's)")
    ] = "",
) -> None:
    """Summarize a file as the chat does: header, gist, key points, deadlines, sheets."""
    settings = _state.get()
    try:
        file_type, data = load_path(file, max_bytes=settings.max_file_mb * 1024 * 1024)
        document = read_isolated(
            data,
            file_type,
            max_pages=settings.max_pages,
            timeout_s=settings.parse_timeout_s,
            memory_mb=settings.parse_memory_mb,
        )
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
    asyncio.run(chat(_services_with_samples(), input, typer.echo))


@app.command("run")
def run_command(
    platforms: Annotated[
        list[str], typer.Argument(help="telegram, slack, or both", show_default=False)
    ],
) -> None:
    """Run the bot in Telegram and/or Slack (tokens from the environment or settings file)."""
    if "both" in platforms:
        platforms = [p for p in platforms if p != "both"] + ["telegram", "slack"]
    unknown = sorted(set(platforms) - {"telegram", "slack"})
    if unknown or not platforms:
        typer.echo(f"unknown platform {', '.join(unknown)}: use telegram, slack or both", err=True)
        raise typer.Exit(2)
    settings = _state.get()
    services = _services_with_samples()
    edges = _setup_guard(lambda: Edges(settings, services, set(platforms)))
    logging.getLogger().setLevel(logging.INFO)
    # httpx logs every request URL at INFO, and Telegram's URLs carry the bot token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        asyncio.run(run_forever(edges))
    except OSError as exc:  # the port is taken, the API is unreachable
        typer.echo(f"Setup error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _digests() -> DigestRunner:
    settings = _state.get()
    services = _setup_guard(
        lambda: make_services(settings, make_library(settings, with_embedder=False))
    )
    assert services.digests is not None
    return services.digests


@digest_app.command("subscribe")
def digest_subscribe(
    platform: Annotated[str, typer.Argument(help="telegram or slack")],
    channel: Annotated[str, typer.Argument(help="chat id (Telegram) or channel id (Slack)")],
    schedule: Annotated[str, typer.Argument(help='"17:00" or a crontab line "0 16 * * fri"')],
    weekdays: Annotated[bool, typer.Option("--weekdays", help="Monday to Friday only")] = False,
    office: Annotated[
        bool, typer.Option("--office", help="every chat's questions and files, not the channel's")
    ] = False,
    language: Annotated[str, typer.Option("--language", "-l")] = "vi",
    timezone: Annotated[str, typer.Option("--timezone")] = DEFAULT_TIMEZONE,
) -> None:
    """Post digests to a channel on a schedule (replaces the channel's earlier one)."""
    if platform not in {"telegram", "slack"} or language not in {"vi", "en"}:
        typer.echo("platform must be telegram or slack, language vi or en", err=True)
        raise typer.Exit(2)
    try:
        subscription = _digests().subscriptions.subscribe(
            platform,
            channel,
            schedule,
            timezone=timezone,
            weekdays_only=weekdays,
            language=language,
            created_by="cli",
            scope="office" if office else "chat",
        )
    except ScheduleError as exc:
        typer.echo(f"Bad schedule: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"subscribed {subscription.describe()}")


@digest_app.command("list")
def digest_list() -> None:
    """The subscriptions and their last deliveries."""
    runner = _digests()
    subscriptions = runner.subscriptions.all()
    for subscription in subscriptions:
        history = runner.ledger.deliveries(subscription.id)
        last = f"  last: {history[-1][0]:%Y-%m-%d %H:%M} UTC {history[-1][1]}" if history else ""
        typer.echo(f"{subscription.describe()}{last}")
    typer.echo(f"{len(subscriptions)} subscription(s)")


@digest_app.command("unsubscribe")
def digest_unsubscribe(
    platform: Annotated[str, typer.Argument()], channel: Annotated[str, typer.Argument()]
) -> None:
    """Stop a channel's digests."""
    if not _digests().subscriptions.unsubscribe(platform, channel):
        typer.echo(f"no subscription for {platform}:{channel}", err=True)
        raise typer.Exit(1)
    typer.echo(f"unsubscribed {platform}:{channel}")


@digest_app.command("preview")
def digest_preview(
    days: Annotated[int, typer.Option(min=1, max=31)] = 1,
    language: Annotated[str, typer.Option("--language", "-l")] = "vi",
    timezone: Annotated[str, typer.Option("--timezone")] = DEFAULT_TIMEZONE,
) -> None:
    """Print the digest of the last DAYS days, as a channel would get it."""
    end = datetime.now(UTC)
    digest = _digests().build(end - timedelta(days=days), end, timezone)
    typer.echo(render_plain(render_digest(digest, language)))


@app.command("audit")
def audit_command(
    person: Annotated[str | None, typer.Option(help='e.g. "telegram:123456"')] = None,
    document: Annotated[str | None, typer.Option(help="part of a title, number or path")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD (UTC)")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD (UTC), exclusive")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV on standard output")] = False,
) -> None:
    """Who asked what, which documents were shown, what changed and what was sent."""
    try:
        start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
        end = datetime.fromisoformat(until).replace(tzinfo=UTC) if until else None
    except ValueError as exc:
        typer.echo(f"Bad date: {exc}", err=True)
        raise typer.Exit(2) from exc
    library = _library(_state.get(), dense=False)
    actors: list[str] | None = None
    if person:
        # "#3" stands for every account of person 3.
        found = (
            AccessControl(library.engine).person_by_id(int(person[1:]))
            if (person.startswith("#") and person[1:].isdigit())
            else None
        )
        actors = list(found.identities) if found else [person]
    entries = AuditLog(library.engine).query(
        person=actors, document=document, since=start, until=end
    )
    if as_csv:
        typer.echo(to_csv(entries), nl=False)
        return
    for entry in entries:
        at = f"{entry.at:%Y-%m-%d %H:%M:%S}" if entry.at else ""
        shown = f"  [{'; '.join(entry.documents)}]" if entry.documents else ""
        chat = entry.chat or "-"
        typer.echo(f"{at} {entry.actor} {chat} {entry.action}: {entry.detail}{shown}")
    typer.echo(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", err=True)


def _access_command(words: list[str]) -> None:
    """Run an access command as the operator, through the same handler as the chat."""
    settings = _state.get()
    services = _setup_guard(
        lambda: make_services(settings, make_library(settings, with_embedder=False))
    )
    operator = _operator().partition(":")[2]
    message = IncomingMessage(" ".join(words), user_id=operator, chat_id="-", platform="cli")
    reply = asyncio.run(route(message, services))
    typer.echo(render_plain(reply))
    if reply.problem:
        raise typer.Exit(1)


@access_app.command("grant")
def access_grant(
    who: Annotated[str, typer.Argument(help="telegram:ID, slack:ID, #N, role:R or chat:P:ID")],
    what: Annotated[str, typer.Argument(help="a role (admin, staff, leader) or a collection")],
) -> None:
    """Give a role to a person, or let a role, person or chat read a collection."""
    _access_command(["/grant", who, what])


@access_app.command("revoke")
def access_revoke(
    who: Annotated[str, typer.Argument(help="telegram:ID, slack:ID, #N, role:R or chat:P:ID")],
    what: Annotated[str, typer.Argument(help="a role or a collection")],
) -> None:
    """Take back a role or a reading; takes effect on the next question."""
    _access_command(["/revoke", who, what])


@access_app.command("link")
def access_link(
    first: Annotated[str, typer.Argument(help="telegram:ID, slack:ID or #N")],
    second: Annotated[str, typer.Argument(help="the other account of the same person")],
) -> None:
    """Make two platform accounts one person."""
    _access_command(["/link", first, second])


@access_app.command("label")
def access_label(
    collection: Annotated[str, typer.Argument()],
    sensitivity: Annotated[str, typer.Argument(help="public, internal or confidential")],
) -> None:
    """Set a collection's sensitivity label (shown in citations; public = anyone may read)."""
    _access_command(["/label", collection, sensitivity])


@access_app.command("list")
def access_list(
    who: Annotated[str | None, typer.Argument(help="an account or #N; all when omitted")] = None,
) -> None:
    """Everyone and every collection with its readers, or one person."""
    _access_command(["/whois", who or "all"])


@eval_app.command("retrieval")
def eval_retrieval(
    directory: Annotated[Path, typer.Argument(help="a BEIR-format folder")],
    no_accents: Annotated[bool, typer.Option("--no-accents")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="where built indexes are kept")] = None,
) -> None:
    """Recall@1/5/10, MRR@10, build time and latency, against plain BM25 over syllables."""
    settings = _state.get()
    data = load_beir(directory)
    result = evaluate(
        data,
        search_config(settings),
        make_embedder(settings),
        cache_dir or settings.data_dir / "eval-cache",
        strip_accents=no_accents,
        max_chars=settings.max_chunk_chars,
    )
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"{result['set']}: {result['corpus']} articles, {result['queries']} queries, "
        f"embedder {result['embedder']}, no-accents {result['no_accents']}"
    )
    for name in ("hybrid", "bm25_syllables"):
        figures = result[name]
        assert isinstance(figures, dict)
        typer.echo(f"  {name:15} " + "  ".join(f"{k} {v}" for k, v in figures.items()))
    typer.echo(f"  MRR@10 ratio hybrid / BM25 syllables: {result['ratio_mrr@10']}")


_SUMMARIES_HELP = (
    "ROUGE-1/2/L F1 (x 100, syllable tokens) of our extractive summaries, Lead-k and sumy "
    "LexRank at one length budget.\n\n"
    "Every system gets the same budget per row: the mean length of the row's reference "
    "summaries in syllables (or --words). It takes its best sentences until the budget is "
    "spent and cuts the last one to fit. Lead-k takes sentences from the top (of each "
    "document in turn)."
)


@eval_app.command("summaries", help=_SUMMARIES_HELP)
def eval_summaries(
    file: Annotated[
        Path, typer.Argument(help='JSON Lines: {"id", "document" or "documents", "summaries"}')
    ],
    words: Annotated[
        int | None,
        typer.Option(min=1, help="budget in syllables (default: each row's reference length)"),
    ] = None,
    rows: Annotated[str | None, typer.Option(help='a slice of the rows: "0:100", "100:"')] = None,
    no_titles: Annotated[bool, typer.Option("--no-titles", help="ours ignores titles")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """ROUGE-1/2/L F1 of our extractive summaries, Lead-k and sumy LexRank at one budget."""
    try:
        cases = load_summary_set(file)
        if rows:
            start, _, stop = rows.partition(":")
            cases = cases[int(start or 0) : int(stop) if stop else None]
    except (OSError, ValueError, KeyError) as exc:
        typer.echo(f"Cannot read {file}: {exc}", err=True)
        raise typer.Exit(2) from exc
    result = evaluate_summaries(cases, words=words, use_titles=not no_titles, name=file.name)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"{result['set']}: {result['cases']} rows, budget {result['budget']} "
        f"(mean {result['budget_mean_syllables']}), titles {result['titles']}, "
        f"{result['seconds']} s"
    )
    typer.echo(f"  {'system':8} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}  (F1 x 100)")
    for name, label in (("ours", "ours"), ("lead", "lead-k"), ("lexrank", "lexrank")):
        figures = result[name]
        assert isinstance(figures, dict)
        typer.echo(
            f"  {label:8} " + " ".join(f"{figures[k]:8.2f}" for k in ("rouge1", "rouge2", "rougeL"))
        )


def main() -> None:
    """Entry point of the `vanthu` command."""
    app()
