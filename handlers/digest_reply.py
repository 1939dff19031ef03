"""The digest as a reply: what the office asked, what the documents missed, what is due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from handlers.messages import text
from handlers.types import Reply, Style
from retrieval.records.period import DeadlineRow, DocumentRow, SummaryRow
from retrieval.records.rounds import Progress
from scheduler.digest import ChartWords, Digest, chart_png
from scheduler.topics import Topic

MAX_ITEMS = 10
MAX_DEADLINES = 15
MAX_QUOTE = 300
_CHART_WORDS = ("title", "days", "count", "questions", "not_covered")  # ChartWords, in order
_ACTIONS = {"added": "digest_added", "changed": "digest_changed", "removed": "digest_removed"}


def _moment(moment: datetime, digest: Digest) -> str:
    return f"{moment.astimezone(digest.zone):%d/%m/%Y %H:%M}"


def _number(value: int, language: str) -> str:
    """A count with the language's thousands separator: 10.234 in Vietnamese, 10,234 in English."""
    grouped = f"{value:,}"
    return grouped if language == "en" else grouped.replace(",", ".")


def _change(now: int, before: int, language: str) -> str:
    """The change against the previous period, in words ("+5 so với kỳ trước")."""
    if now > before:
        return text("digest_change_up", language, delta=_number(now - before, language))
    if now < before:
        return text("digest_change_down", language, delta=_number(before - now, language))
    return text("digest_change_none", language)


def _shorten(value: str, limit: int = MAX_QUOTE) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _document(title: str, number: str | None) -> str:
    return title + (f" ({number})" if number else "")


def _label(topic: Topic, language: str) -> str:
    return text(
        "digest_topic_count",
        language,
        label=topic.label or text("digest_topic_other", language),
        count=_number(topic.count, language),
    )


def _due(deadline: DeadlineRow, today: date, language: str) -> str:
    """When a deadline falls: date and weekday, marked when it is today or tomorrow."""
    key = {today: "digest_due_today", today + timedelta(days=1): "digest_due_tomorrow"}.get(
        deadline.due, "digest_due"
    )
    weekday = text(f"weekday_{deadline.due.weekday()}", language)
    return text(key, language, weekday=weekday, date=f"{deadline.due:%d/%m/%Y}")


def _more(reply: Reply, shown: int, total: int, language: str) -> None:
    if total > shown:
        reply.add(Style.NOTE, text("digest_more", language, count=_number(total - shown, language)))


def _activity(reply: Reply, digest: Digest, language: str) -> None:
    now, before = digest.counts, digest.previous
    reply.add(Style.NOTE, text("digest_activity", language))
    for key, count, previous in (
        ("digest_questions", now.questions, before.questions),
        ("digest_not_covered", now.not_covered, before.not_covered),
        ("digest_summaries_count", now.summaries, before.summaries),
        ("digest_documents_count", now.documents, before.documents),
    ):
        if not count and not previous:
            continue  # "0 (as before)" says nothing
        change = _change(count, previous, language)
        reply.add(Style.ITEM, text(key, language, count=_number(count, language), change=change))
    if now.useful or now.not_useful:
        reply.add(
            Style.ITEM,
            text(
                "digest_feedback",
                language,
                useful=_number(now.useful, language),
                not_useful=_number(now.not_useful, language),
            ),
        )
        for question in digest.marked_wrong[:MAX_ITEMS]:
            reply.add(Style.QUOTE, _shorten(question))


def _gaps(reply: Reply, digest: Digest, language: str) -> None:
    if not digest.gaps:
        if digest.counts.questions:
            reply.add(Style.NOTE, text("digest_no_gaps", language))
        return
    reply.add(Style.NOTE, text("digest_gaps", language))
    for topic in digest.gaps:
        reply.add(Style.ITEM, _label(topic, language))
        for example in topic.examples:
            reply.add(Style.QUOTE, _shorten(example))
    rest = digest.counts.not_covered - sum(topic.count for topic in digest.gaps)
    if rest > 0:
        reply.add(Style.NOTE, text("digest_gaps_more", language, count=_number(rest, language)))


def _summaries(reply: Reply, rows: list[SummaryRow], language: str) -> None:
    reply.add(Style.NOTE, text("digest_summaries", language, count=_number(len(rows), language)))
    for row in rows[:MAX_ITEMS]:
        line = _document(row.title, row.number) + (f" — {row.issuer}" if row.issuer else "")
        reply.add(Style.ITEM, _shorten(line))
    _more(reply, MAX_ITEMS, len(rows), language)


def _deadlines(reply: Reply, digest: Digest, language: str) -> None:
    rows, today = digest.deadlines, digest.today
    reply.add(Style.NOTE, text("digest_deadlines", language, count=_number(len(rows), language)))
    for row in rows[:MAX_DEADLINES]:
        line = f"{_due(row, today, language)}: {row.text} — {_document(row.title, row.number)}"
        reply.add(Style.ITEM, _shorten(line))
    _more(reply, MAX_DEADLINES, len(rows), language)


def _library(reply: Reply, rows: list[DocumentRow], language: str) -> None:
    reply.add(Style.NOTE, text("digest_library", language, count=_number(len(rows), language)))
    order = list(_ACTIONS)
    ranked = sorted(rows, key=lambda r: order.index(r.action) if r.action in order else len(order))
    for row in ranked[:MAX_ITEMS]:
        action = text(_ACTIONS[row.action], language) if row.action in _ACTIONS else row.action
        line = f"{action}: {_document(row.title, row.number)} — {row.collection}"
        reply.add(Style.ITEM, _shorten(line))
    _more(reply, MAX_ITEMS, len(rows), language)


def _rounds(reply: Reply, rounds: list[Progress], language: str) -> None:
    """Each open report round: its deadline, how many units have reported, who has not."""
    reply.add(Style.NOTE, text("digest_rounds", language, count=_number(len(rounds), language)))
    for progress in rounds[:MAX_ITEMS]:
        found = progress.round
        due = (
            f"{found.deadline:%d/%m/%Y}"
            if found.deadline is not None
            else text("round_no_deadline", language)
        )
        if found.expected:
            line = text(
                "digest_round",
                language,
                title=found.title,
                date=due,
                done=_number(len(progress.reported), language),
                total=_number(len(found.expected), language),
            )
        else:
            files = _number(progress.files, language)
            line = text("digest_round_open", language, title=found.title, date=due, files=files)
        reply.add(Style.ITEM, _shorten(line))
        if progress.missing:
            missing = "; ".join(progress.missing)
            reply.add(Style.ITEM, _shorten(text("digest_round_missing", language, units=missing)))
    _more(reply, MAX_ITEMS, len(rounds), language)


def render_digest(digest: Digest, language: str) -> Reply:
    """The digest in a channel's language: activity, gaps, topics, summaries, deadlines, library."""
    reply = Reply(language)
    reply.add(
        Style.TITLE,
        text(
            "digest_title",
            language,
            start=_moment(digest.start, digest),
            end=_moment(digest.end, digest),
        ),
    )
    if digest.is_empty:
        return reply.add(Style.PARAGRAPH, text("digest_nothing_new", language))
    _activity(reply, digest, language)
    _gaps(reply, digest, language)
    if digest.topics:
        reply.add(Style.NOTE, text("digest_topics", language))
        for topic in digest.topics:
            reply.add(Style.ITEM, _label(topic, language))
    if digest.summaries:
        _summaries(reply, digest.summaries, language)
    if digest.deadlines:
        _deadlines(reply, digest, language)
    if digest.rounds:
        _rounds(reply, digest.rounds, language)
    if digest.documents:
        _library(reply, digest.documents, language)
    return reply


def digest_chart(digest: Digest, language: str) -> bytes | None:
    """The daily activity chart, titled and labelled in the channel's language (None: no
    chart, nothing was asked in the period)."""
    words = ChartWords(
        *(text(f"digest_chart_{key}", language) for key in _CHART_WORDS),
    )
    return chart_png(digest, words)
