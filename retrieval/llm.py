"""The optional language model: where it is served and its langchain chat client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}


@dataclass(frozen=True)
class LlmSettings:
    """Where the model is served."""

    base_url: str
    model: str
    api_key: str = "not-needed"
    timeout_s: float = 60.0


def chat_model(settings: LlmSettings) -> BaseChatModel:
    """The langchain chat client for the endpoint: no retries, deterministic."""
    from langchain_openai import ChatOpenAI  # noqa: PLC0415 - only when an LLM is set

    return ChatOpenAI(
        base_url=settings.base_url,
        model=settings.model,
        api_key=settings.api_key,  # type: ignore[arg-type]
        timeout=settings.timeout_s,
        max_retries=0,
        temperature=0,
    )
