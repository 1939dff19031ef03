"""Answering a question from the documents, with citations."""

from __future__ import annotations

import asyncio

from handlers.messages import text
from handlers.services import Services
from handlers.types import Reply, Request, Style
from retrieval.answers.extractive import Answer, Citation, extractive_answer
from retrieval.privacy import mask_personal_data
from retrieval.records.audit import document_label
from retrieval.records.events import Asked
from retrieval.text import detect_language, topic_terms


def cite(citation: Citation, language: str) -> str:
    """One line naming the document, its number and symbol, the article and the page."""
    parts = [citation.title + (f" ({citation.number})" if citation.number else "")]
    if citation.heading and citation.heading != citation.title:
        parts.append(citation.heading)
    if citation.page is not None:
        parts.append(f"{text('page', language)} {citation.page}")
    return ", ".join(parts) + f" · {text('label_' + citation.sensitivity, language)}"


def answer_question(
    question: str, services: Services, collections: tuple[str, ...] | None = None
) -> Answer:
    """Search the given collections (all when None) and answer; synchronous CPU work."""
    language = detect_language(question)
    # The search, the judge and the quotes read the question as the library understands it.
    understood = services.library.understand(question)
    evidence = services.library.search(
        question,
        k=services.top_k,
        collections=None if collections is None else list(collections),
        understood=understood.query,
    )
    answer = extractive_answer(
        understood.query,
        language,
        evidence,
        services.library.idf,
        services.policy,
        reading=understood.reading,
    )
    answer.question = question
    if answer.covered:
        answer.generated = services.writer.generate(answer)
    return answer


def render_answer(answer: Answer) -> Reply:
    """The reply blocks of an answer, in the asker's language."""
    language = answer.language
    reply = Reply(language, answer=answer)
    if answer.kind == "not_covered":
        reply.add(Style.PARAGRAPH, text("not_covered", language))
        if answer.nearest:
            reply.add(Style.NOTE, text("nearest", language))
            for citation in answer.nearest:
                reply.add(Style.ITEM, cite(citation, language))
        return reply
    if answer.generated:
        reply.add(Style.TITLE, text("generated_title", language))
        reply.add(Style.PARAGRAPH, answer.generated)
        reply.add(Style.NOTE, text("sources", language))
        for number, quote in enumerate(answer.quotes, start=1):
            reply.add(Style.ITEM, f"[{number}] {cite(quote.citation, language)}")
        return reply
    reply.add(Style.TITLE, text("partial_title" if answer.partial else "answer_title", language))
    for quote in answer.quotes:
        reply.add(Style.QUOTE, quote.text)
        reply.add(Style.SOURCE, cite(quote.citation, language))
    return reply


async def handle_ask(request: Request, services: Services) -> Reply:
    """Answer a question and record it; an empty one gets a prompt with an example. In a group,
    an answer the documents here do not cover says when the asker may read more in private."""
    question, message, language = request.args.strip(), request.message, request.language
    if not question:
        return Reply(language).add(Style.PARAGRAPH, text("empty_question", language))
    answer = await services.run_cpu(answer_question, question, services, message.collections)
    reply = render_answer(answer)
    shown = [q.citation for q in answer.quotes] + list(answer.nearest)
    await services.log_audit(
        message,
        "question",
        mask_personal_data(question),
        sorted({document_label(c.title, c.number, c.source) for c in shown}),
    )
    asked = Asked(
        platform=message.platform,
        chat_id=message.chat_id,
        user_id=message.user_id,
        language=answer.language,
        question=mask_personal_data(question[:2000]),
        covered=answer.covered,
        documents=sorted({quote.citation.source for quote in answer.quotes}),
        terms=topic_terms(question),
    )
    reply.feedback_id = await asyncio.to_thread(services.events.record_question, asked)
    if not message.is_private and not answer.covered:
        await _hint_private(reply, request, services)
    return reply


async def _hint_private(reply: Reply, request: Request, services: Services) -> None:
    """In a group, say when the asker may read more in a private chat (never what)."""
    here, message = request.clearance.collections, request.message
    if here is None:
        return
    private = await asyncio.to_thread(
        services.access.clearance, message.platform, message.user_id, "", private=True
    )
    if private.collections and private.collections - here:
        reply.add(Style.NOTE, text("ask_privately", request.language))
