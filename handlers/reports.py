"""Report rounds in a chat: `/tonghop` opens one, files sent to the chat while it is open are the
units' reports (read, named, checked at once), `/tonghop xong` consolidates them into a workbook.

The consolidation itself is `retrieval.reports`'s; this module reads the files in the sandbox,
keeps them in `retrieval.records.rounds`, and says what happened in the asker's language.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from handlers.files import download, read_data, unreadable_reason
from handlers.messages import text
from handlers.services import Services
from handlers.types import XLSX_MIME, IncomingMessage, OutFile, Reply, Request, Style
from retrieval.documents.readers import SUPPORTED, ReadFile
from retrieval.documents.sandbox import read_isolated_many
from retrieval.errors import UnreadableFile
from retrieval.records.rounds import Progress, Round, RoundFile, RoundOpen
from retrieval.reports.analysis import analyse
from retrieval.reports.consolidate import TemplateError, consolidate, finding
from retrieval.reports.export import previous_values, to_json, write_workbook
from retrieval.reports.model import Consolidation, Finding, Submission
from retrieval.text import fold, normalize

log = logging.getLogger(__name__)
SCANNED_CODES = frozenset({"no_text_layer", "ocr_missing"})  # a scan read without OCR
MANAGERS = frozenset({"admin", "leader"})  # who opens, closes and cancels a round
MAX_FILES_PER_MESSAGE = 20  # a Telegram album holds 10, a Slack message 10
SHOWN_FINDINGS = 5
SHOWN_UNITS = 30
_CACHED_TEMPLATES = 8

_DEADLINE = re.compile(
    r"[,;]?\s*\b(?:han(?: nop)?|deadline|due(?: by)?)\s*:?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})",
    re.IGNORECASE,
)
_UNITS = re.compile(r"[,;]?\s*\b(?:don vi|units?)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_TEMPLATE = re.compile(r"[,;]?\s*\b(?:mau|template)\s*:\s*([^,;\n]+)", re.IGNORECASE)
_ACTIONS = {
    "tiendo": "progress",
    "tien do": "progress",
    "progress": "progress",
    "status": "progress",
    "xong": "close",
    "done": "close",
    "close": "close",
    "huy": "cancel",
    "cancel": "cancel",
    "dv": "unit",
    "unit": "unit",
    "khop": "same",
    "same": "same",
    "khong khop": "not_same",
    "khongkhop": "not_same",
    "not same": "not_same",
    "notsame": "not_same",
}


@dataclass(frozen=True)
class Opening:
    """What `/tonghop <title>, hạn DD/MM/YYYY, đơn vị: A; B; C, mẫu: NAME` asks for."""

    title: str
    deadline: date | None
    units: tuple[str, ...]
    template: str | None


class BadOpening(ValueError):
    """The opening line cannot be read; `key` names the message that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _cut(original: str, folded: str, span: tuple[int, int]) -> tuple[str, str]:
    start, end = span
    return original[:start] + original[end:], folded[:start] + folded[end:]


def parse_opening(args: str) -> Opening:
    """Title, deadline, expected units (";" or "," between them) and an optional template name,
    with or without diacritics; BadOpening when there is no title or the date is not one."""
    original = " ".join(normalize(args).replace("\n", "; ").split())
    folded = fold(original)
    if len(folded) != len(original):  # fold kept every character so far; be safe anyway
        original = folded
    template = None
    found = _TEMPLATE.search(folded)
    if found:
        template = original[found.start(1) : found.end(1)].strip() or None
        original, folded = _cut(original, folded, found.span())
    deadline = None
    found = _DEADLINE.search(folded)
    if found:
        day, month, year = (int(found[i]) for i in (1, 2, 3))
        try:
            deadline = date(year, month, day)
        except ValueError:
            raise BadOpening("round_bad_date") from None
        original, folded = _cut(original, folded, found.span())
    units: list[str] = []
    found = _UNITS.search(folded)
    if found:
        listed = original[found.start(1) : found.end(1)]
        units = list(dict.fromkeys(u.strip(" .") for u in re.split(r"[;,]", listed)))
        units = [u for u in units if u]
        original, folded = _cut(original, folded, found.span())
    title = original.strip(" ,;:.-")
    if not title:
        raise BadOpening("round_usage")
    return Opening(title[:300], deadline, tuple(u[:300] for u in units), template)


def action_of(args: str) -> tuple[str, str]:
    """(what `/tonghop ARGS` asks: open, progress, close, cancel, unit, help; the rest)."""
    body = args.strip()
    if not body:
        return "help", ""
    folded = fold(body).lower()
    for word, action in sorted(_ACTIONS.items(), key=lambda item: -len(item[0])):
        if folded == word or folded.startswith(word + " "):
            return action, body[len(word) :].strip()
    return "open", body


def chat_of(message: IncomingMessage) -> str:
    """How a round names the chat it was opened in."""
    return f"{message.platform}:{message.chat_id}"


def private_chat(message: IncomingMessage) -> bool:
    """Whether the chat is one person's: a Slack slash command is answered privately in any
    channel, so there the channel decides (direct messages' ids start with D)."""
    if message.platform == "slack":
        return message.chat_id.startswith("D")
    return message.is_private


def sender_of(message: IncomingMessage) -> str:
    """How a round names who sent a file."""
    return f"{message.platform}:{message.user_id}"


async def handle_consolidate(request: Request, services: Services) -> Reply:
    """`/tonghop`: open a round, show its progress, correct a unit, close or cancel it."""
    action, rest = action_of(request.args)
    language, message = request.language, request.message
    if action == "help":
        return Reply(language).add(Style.PARAGRAPH, text("round_usage", language))
    if action in {"open", "close", "cancel"} and not request.clearance.has(*MANAGERS):
        return Reply(language).add(Style.PARAGRAPH, text("round_managers_only", language))
    if action == "open":
        return await _open(request, services)
    current = await asyncio.to_thread(services.reports.open_round_in, chat_of(message))
    if current is None:
        return Reply(language).add(Style.PARAGRAPH, text("round_none", language))
    if action == "progress":
        progress = await asyncio.to_thread(services.reports.progress, current)
        return _progress_reply(Reply(language), progress, language)
    if action == "unit":
        return await _correct_unit(request, services, current, rest)
    if action in {"same", "not_same"}:
        return await _decide_label(request, services, current, action, rest)
    if action == "cancel":
        await asyncio.to_thread(services.reports.cancel, current.id)
        await _audit(services, message, f"round {current.id} cancelled: {current.title}")
        return Reply(language).add(
            Style.PARAGRAPH, text("round_cancelled", language, title=current.title)
        )
    return await _close(request, services, current)


async def _audit(services: Services, message: IncomingMessage, detail: str) -> None:
    await services.log_audit(message, "report", detail[:1000])


async def _open(request: Request, services: Services) -> Reply:
    language, message = request.language, request.message
    try:
        opening = parse_opening(request.args)
    except BadOpening as exc:
        return Reply(language).add(Style.PARAGRAPH, text(exc.key, language))
    template = opening.template
    if template is not None:
        stored = await asyncio.to_thread(services.reports.template, template)
        if stored is None:
            names = await asyncio.to_thread(services.reports.templates)
            listed = ", ".join(t.name for t in names) or text("nothing", language)
            return Reply(language).add(
                Style.PARAGRAPH,
                text("round_unknown_template", language, name=template, names=listed),
            )
        template = stored.name
    try:
        opened = await asyncio.to_thread(
            lambda: services.reports.open_round(
                chat_of(message),
                opening.title,
                private=private_chat(message),
                deadline=opening.deadline,
                expected=list(opening.units),
                template=template,
                opened_by=sender_of(message),
            )
        )
    except RoundOpen as exc:
        return Reply(language).add(
            Style.PARAGRAPH, text("round_already_open", language, title=exc.existing.title)
        )
    await _audit(
        services,
        message,
        f"round {opened.id} opened: {opened.title}; {len(opened.expected)} units; "
        f"template {opened.template or '-'}",
    )
    reply = Reply(language).add(Style.TITLE, text("round_opened", language, title=opened.title))
    _deadline(reply, opened)
    if opened.expected:
        count, units = len(opened.expected), _listed(opened.expected)
        reply.add(Style.ITEM, text("round_expected", language, count=count, units=units))
    reply.add(
        Style.ITEM,
        text("round_template", language, name=opened.template)
        if opened.template
        else text("round_template_first", language),
    )
    reply.add(Style.NOTE, text("round_how", language))
    return reply


def _deadline(reply: Reply, current: Round) -> None:
    if current.deadline is not None:
        day = f"{current.deadline:%d/%m/%Y}"
        reply.add(Style.ITEM, text("round_deadline", reply.language, date=day))


def _listed(units: Sequence[str]) -> str:
    shown = "; ".join(units[:SHOWN_UNITS])
    return shown + (" …" if len(units) > SHOWN_UNITS else "")


def _progress_line(progress: Progress, unit: str, language: str) -> str:
    expected = len(progress.round.expected)
    if not expected:
        return text("round_received_open", language, unit=unit, count=progress.files)
    return text(
        "round_received",
        language,
        unit=unit,
        done=len(progress.reported),
        total=expected,
    )


def _progress_reply(reply: Reply, progress: Progress, language: str) -> Reply:
    current = progress.round
    reply.add(Style.TITLE, text("round_progress_title", language, title=current.title))
    _deadline(reply, current)
    if current.expected:
        done, total = len(progress.reported), len(current.expected)
        reply.add(
            Style.ITEM,
            text("round_progress_counts", language, done=done, total=total, files=progress.files),
        )
        if progress.reported:
            reply.add(
                Style.ITEM, text("round_reported", language, units=_listed(progress.reported))
            )
        if progress.missing:
            reply.add(Style.ITEM, text("round_missing", language, units=_listed(progress.missing)))
    else:
        reply.add(Style.ITEM, text("round_files", language, files=progress.files))
    if progress.unexpected:
        reply.add(
            Style.ITEM, text("round_unexpected", language, units=_listed(progress.unexpected))
        )
    return reply


# The template a round's files are checked against, read once per content (a registered
# template or the round's first file); a few kept, as rounds are few and templates small.
_templates: dict[str, ReadFile] = {}


async def _read_cached(sha256: str, data: bytes, file_type: str, services: Services) -> ReadFile:
    found = _templates.get(sha256)
    if found is None:
        found = await read_data(data, file_type, services, tables=True)
        if len(_templates) >= _CACHED_TEMPLATES:
            _templates.pop(next(iter(_templates)))
        _templates[sha256] = found
    return found


async def _template_of(
    current: Round, services: Services
) -> tuple[Submission | None, RoundFile | None]:
    """The round's template read: the registered one, else its first readable file (None when
    it has none yet); with the round file it is, when it is one."""
    if current.template is not None:
        stored = await asyncio.to_thread(services.reports.template, current.template)
        if stored is not None:
            suffix = "." + stored.file_name.rsplit(".", 1)[-1].lower()
            file_type = SUPPORTED.get(suffix, "xlsx")
            document = await _read_cached(stored.sha256, stored.data, file_type, services)
            return Submission(stored.file_name, document), None
    first = await asyncio.to_thread(services.reports.first_file, current.id)
    if first is None:
        return None, None
    document = await _read_cached(first.sha256, first.data, first.file_type, services)
    return Submission(first.file_name, document, first.sender), first


def _checked(
    template: Submission | None,
    submission: Submission,
    expected: Sequence[str],
    previous: Mapping[str, Mapping[str, float]] | None = None,
    decided: Mapping[str, str | None] | None = None,
) -> Consolidation:
    """One file consolidated alone against the template: its unit and its findings (against
    the unit's previous period too), with the labels people have decided on."""
    return consolidate(
        template, [submission], expected_units=expected, previous=previous, decided=decided
    )


async def _previous(current: Round, services: Services) -> dict[str, dict[str, float]] | None:
    """Each unit's figures of the last round closed on the same template, if any."""
    stored = await asyncio.to_thread(services.reports.previous_result, current)
    return previous_values(stored) if stored else None


async def handle_round_files(
    message: IncomingMessage, services: Services, language: str, given_unit: str | None
) -> Reply | None:
    """Files sent to a chat with an open round: each read, named, checked and kept; None when
    no round is open here (the files are summarized instead)."""
    current = await asyncio.to_thread(services.reports.open_round_in, chat_of(message))
    if current is None:
        return None
    reply = Reply(language)
    names = ", ".join(a.name[:120] for a in message.attachments)
    await _audit(services, message, f"round {current.id}: files {names}")
    for attachment in message.attachments[:MAX_FILES_PER_MESSAGE]:
        name = attachment.name[:120]
        try:
            data, file_type = await download(attachment, services)
            document = await read_data(data, file_type, services, tables=True)
        except UnreadableFile as exc:
            reply.add(
                Style.PARAGRAPH,
                text(
                    "round_file_unreadable",
                    language,
                    name=name,
                    reason=unreadable_reason(exc, language),
                ),
            )
            continue
        await _take(reply, message, services, current, name, file_type, data, document, given_unit)
    if len(message.attachments) > MAX_FILES_PER_MESSAGE:
        reply.add(Style.NOTE, text("too_many_files", language, limit=MAX_FILES_PER_MESSAGE))
    return reply


async def _take(
    reply: Reply,
    message: IncomingMessage,
    services: Services,
    current: Round,
    name: str,
    file_type: str,
    data: bytes,
    document: ReadFile,
    given_unit: str | None,
) -> None:
    """Check one read file against the round's template, keep it, and say what it counted for."""
    language = reply.language
    submission = Submission(name, document, sender_of(message), given_unit)
    previous = await _previous(current, services)
    try:
        template, _first = await _template_of(current, services)
    except UnreadableFile:  # a registered template that no longer reads
        reply.add(Style.PARAGRAPH, text("round_template_unreadable", language, name=name))
        return
    try:
        result = await services.run_cpu(
            _checked, template, submission, current.expected, previous, current.labels
        )
    except TemplateError:
        key = "round_template_unreadable" if template is not None else "round_no_table"
        reply.add(Style.PARAGRAPH, text(key, language, name=name))
        return
    if not result.units:
        reply.add(Style.PARAGRAPH, text("round_no_table", language, name=name))
        return
    unit = result.units[0]
    await asyncio.to_thread(
        lambda: services.reports.add_file(
            current.id,
            unit=unit.unit,
            unit_given=given_unit is not None,
            sender=sender_of(message),
            file_name=name,
            file_type=file_type,
            data=data,
        )
    )
    await _audit(services, message, f"round {current.id}: {name} counted for {unit.unit}")
    progress = await asyncio.to_thread(services.reports.progress, current)
    _counted(reply, progress, unit.unit, unit.unit_source, name, result, language)


def _counted(
    reply: Reply,
    progress: Progress,
    unit: str,
    source: str,
    name: str,
    result: Consolidation,
    language: str,
) -> None:
    """The reply for a file counted: its unit (and where the name came from), the round's
    progress, and what the engine found in it."""
    reply.add(Style.PARAGRAPH, _progress_line(progress, unit, language))
    if progress.missing:
        reply.add(Style.ITEM, text("round_missing", language, units=_listed(progress.missing)))
    reply.add(
        Style.NOTE,
        text(
            "round_unit_from",
            language,
            name=name,
            source=text(f"round_source_{source}", language),
        ),
    )
    if progress.round.expected and unit in result.unexpected_units:
        reply.add(Style.NOTE, text("round_unit_unexpected", language, unit=unit))
    found = [f for f in result.findings if f.unit == unit]
    if found:
        reply.add(Style.NOTE, text("round_findings", language, count=len(found)))
        for item in found[:SHOWN_FINDINGS]:
            reply.add(Style.ITEM, _finding_line(item, language))
        if len(found) > SHOWN_FINDINGS:
            reply.add(Style.NOTE, text("digest_more", language, count=len(found) - SHOWN_FINDINGS))
    matched = [m for m in result.matches if m.unit == unit]
    if matched:
        reply.add(Style.NOTE, text("round_matches", language, count=len(matched)))
        for match in matched[:SHOWN_FINDINGS]:
            reply.add(Style.ITEM, f"«{match.found}» → «{match.template}»")
        if len(matched) > SHOWN_FINDINGS:
            reply.add(
                Style.NOTE, text("digest_more", language, count=len(matched) - SHOWN_FINDINGS)
            )
        reply.add(Style.NOTE, text("round_label_hint", language))


async def _decide_label(
    request: Request, services: Services, current: Round, action: str, rest: str
) -> Reply:
    """`/tonghop khop FOUND = TEMPLATE` confirms a label matched by similarity (or pairs one
    that was not matched); `/tonghop khongkhop FOUND` says it is none of the template's."""
    language = request.language
    found, sign, target = (part.strip(" «»\"'") for part in rest.partition("="))
    if not found or (action == "same") != bool(sign and target):
        return Reply(language).add(Style.PARAGRAPH, text("round_label_usage", language))
    decided = target if action == "same" else None
    await asyncio.to_thread(services.reports.decide_label, current.id, found, decided)
    await _audit(services, request.message, f"round {current.id}: label {found!r} = {decided!r}")
    key = "round_label_same" if decided else "round_label_not_same"
    return Reply(language).add(Style.PARAGRAPH, text(key, language, found=found, target=target))


def _finding_line(item: Finding, language: str) -> str:
    return f"{item.where}: {item.message if language == 'vi' else item.message_en}"


async def _correct_unit(request: Request, services: Services, current: Round, unit: str) -> Reply:
    """`/tonghop dv <unit>`: the sender's last file of the round counts for this unit."""
    language, message = request.language, request.message
    unit = " ".join(unit.split())[:300]
    if not unit:
        return Reply(language).add(Style.PARAGRAPH, text("round_unit_usage", language))
    stored = await asyncio.to_thread(services.reports.last_file_of, current.id, sender_of(message))
    if stored is None:
        return Reply(language).add(Style.PARAGRAPH, text("round_unit_no_file", language))
    # Read again with the name given, so the name is matched to the expected list as the
    # engine matches any other ("UBND xa D" counts for "UBND xã D").
    try:
        template, first = await _template_of(current, services)
        if first is not None and first.id == stored.id:
            template = None  # the first file is the template: it is checked against itself
        document = await _read_cached(stored.sha256, stored.data, stored.file_type, services)
        submission = Submission(stored.file_name, document, stored.sender, unit)
        result = await services.run_cpu(_checked, template, submission, current.expected)
    except (UnreadableFile, TemplateError):
        result = None
    named = result.units[0].unit if result is not None and result.units else unit
    await asyncio.to_thread(services.reports.set_unit, stored.id, named)
    await _audit(
        services, message, f"round {current.id}: {stored.file_name} {stored.unit} -> {named}"
    )
    progress = await asyncio.to_thread(services.reports.progress, current)
    reply = Reply(language).add(
        Style.PARAGRAPH,
        text("round_unit_corrected", language, name=stored.file_name, unit=named),
    )
    reply.add(Style.ITEM, _progress_line(progress, named, language))
    if progress.missing:
        reply.add(Style.ITEM, text("round_missing", language, units=_listed(progress.missing)))
    return reply


def _latest_per_unit(files: Sequence[RoundFile]) -> list[RoundFile]:
    """The last file of each unit, in the order the units first reported."""
    latest: dict[str, RoundFile] = {}
    for item in files:
        key = (item.unit or item.file_name).casefold()
        latest.pop(key, None)
        latest[key] = item
    return list(latest.values())


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", fold(title).lower()).strip("-")
    return words[:60].rstrip("-") or "bao-cao"


async def _close(request: Request, services: Services, current: Round) -> Reply:
    """Consolidate the last file of each unit, keep the result, answer with the analysis and
    the workbook."""
    language, message = request.language, request.message
    files = await asyncio.to_thread(services.reports.files, current.id, with_data=True)
    if not files:
        return Reply(language).add(Style.PARAGRAPH, text("round_nothing_to_close", language))
    try:
        template, _first = await _template_of(current, services)
    except UnreadableFile:
        return Reply(language).add(Style.PARAGRAPH, text("round_close_failed", language))
    chosen = _latest_per_unit(files)
    read = await _read_round_files(chosen, services)
    submissions = [s for s in read if isinstance(s, Submission)]
    unreadable = [
        finding("unreadable", item.unit or item.file_name, item.file_name, f"{e.code}: {e.detail}")
        for item, e in zip(chosen, read, strict=True)
        if isinstance(e, UnreadableFile)
    ]
    previous = await _previous(current, services)
    try:
        result = await services.run_cpu(
            consolidate,
            template,
            submissions,
            expected_units=current.expected,
            previous=previous,
            decided=current.labels,
        )
    except TemplateError:
        return Reply(language).add(Style.PARAGRAPH, text("round_close_failed", language))
    result.findings.extend(unreadable)
    workbook = await services.run_cpu(write_workbook, result, title=current.title)
    data: dict[str, Any] = to_json(result)
    await asyncio.to_thread(services.reports.close, current.id, data)
    await _audit(
        services,
        message,
        f"round {current.id} closed: {current.title}; {len(result.units)} units, "
        f"{len(result.findings)} findings",
    )
    reply = Reply(language).add(Style.TITLE, text("round_closed", language, title=current.title))
    for line in analyse(result, language, previous).splitlines():
        reply.add(Style.PARAGRAPH, line)
    reply.add(Style.NOTE, text("round_workbook", language))
    reply.files.append(OutFile(f"tong-hop-{_slug(current.title)}.xlsx", workbook, XLSX_MIME))
    return reply


async def _read_round_files(
    items: Sequence[RoundFile], services: Services
) -> list[Submission | UnreadableFile]:
    """The stored files read again, by one sandboxed child one after another (the parsers
    start once for the round), each named as stored when a person named it."""
    limits = services.files
    documents = await services.run_cpu(
        read_isolated_many,
        [(item.data, item.file_type) for item in items],
        max_pages=limits.max_pages,
        timeout_s=limits.parse_timeout_s,
        memory_mb=limits.parse_memory_mb,
        tables=True,
    )
    for at, (item, document) in enumerate(zip(items, documents, strict=True)):
        if isinstance(document, UnreadableFile) and document.code in SCANNED_CODES:
            try:  # a scan: read again alone, with OCR and its ruled table
                documents[at] = await read_data(item.data, item.file_type, services, tables=True)
            except UnreadableFile as exc:
                documents[at] = exc
    return [
        document
        if isinstance(document, UnreadableFile)
        else Submission(
            item.file_name, document, item.sender, item.unit if item.unit_given else None
        )
        for item, document in zip(items, documents, strict=True)
    ]


def unit_in_caption(command: str, args: str) -> str | None:
    """The unit named in a file's caption (`/tonghop dv <unit>`; `command` is the English
    name the router read), if any."""
    if command != "consolidate":
        return None
    action, rest = action_of(args)
    unit = " ".join(rest.split())[:300]
    return unit or None if action == "unit" else None
