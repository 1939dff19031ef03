"""Fixtures of the answer tests: the OpenAI-compatible stand-in on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.http_thread import serving
from tests.retrieval.answers.openai_stand_in import StandIn, _handler


@pytest.fixture
def server() -> Iterator[StandIn]:
    """An OpenAI-compatible /v1/chat/completions on loopback, answering what the test sets."""
    stand_in = StandIn()
    with serving(_handler(stand_in)) as port:
        stand_in.port = port
        try:
            yield stand_in
        finally:
            stand_in.release.set()  # a handler held back by the test lets go before shutdown
