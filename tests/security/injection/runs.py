"""The hostile library, the questions asked of it, and what a run records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.types import IncomingMessage
from retrieval.search.library import DocumentInfo, Library
from scheduler.runner import DigestRunner
from scheduler.schedule import Subscription
from tests.security.hostile import HostileDocument, hostile_documents
from tests.security.injection.effects import Asked
from tests.security.injection.obedient_model import Obedience

DOCUMENTS = hostile_documents()
COLLECTION = "hostile"
ASKER = "501"  # the Telegram chat and user asking, also a digest manager
EDGE_SUBSET = (0, 14, 21, 22, 27)  # broadcasts, Slack links, zero-width, markup, a 5000-char line
SLACK_CHANNEL = "D0HOSTILE"


def question(document: HostileDocument, **extra: Any) -> IncomingMessage:
    """The document's question from the asker, in a private Telegram chat."""
    return IncomingMessage(
        text=document.question,
        user_id=ASKER,
        chat_id=ASKER,
        platform="telegram",
        is_private=True,
        **extra,
    )


@dataclass(frozen=True)
class State:
    """Everything a command could change."""

    documents: tuple[DocumentInfo, ...]
    collections: tuple[str, ...]
    subscriptions: tuple[Subscription, ...] = ()

    @classmethod
    def of(cls, library: Library, runner: DigestRunner | None = None) -> State:
        subscriptions = tuple(runner.subscriptions.all()) if runner is not None else ()
        return cls(tuple(library.documents()), tuple(library.collections()), subscriptions)


@dataclass
class Run:
    """The answers to all questions and the state around them."""

    asked: list[Asked]
    before: State
    after: State
    posted: list[str] = field(default_factory=list)  # digests the publisher was asked to post
    recorded: int = 0  # questions in the event log


@dataclass
class GeneratedRun:
    """Each document asked with the obeying model, and what the answerer made of it."""

    asked: list[tuple[Obedience, Asked, bool]]  # (behaviour, answer, generated text kept)
    before: State
    after: State


EDGE_RESULTS: dict[str, tuple[int, int, int]] = {}  # edge -> (asked, quoted, effects)
