"""What the handlers need from the rest of the system, built once by the bot."""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.answer import AnswerPolicy
from retrieval.library import Library
from retrieval.llm import LlmAnswerer


@dataclass
class Services:
    """The library, the answer policy and the optional LLM, shared by every handler."""

    library: Library
    policy: AnswerPolicy = field(default_factory=AnswerPolicy)
    llm: LlmAnswerer | None = None
    top_k: int = 5
    collections: list[str] | None = None
