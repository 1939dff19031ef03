"""Every user-facing string, one module per language (`vi`, `en`); Vietnamese is the default."""

from __future__ import annotations

from handlers.messages import en, vi

LANGUAGES = {"vi": vi.TEXTS, "en": en.TEXTS}


def has_text(key: str) -> bool:
    """Whether a string exists for the key (codes from elsewhere may have none)."""
    return key in vi.TEXTS


def text(key: str, language: str, **values: object) -> str:
    """The string for a key in a language (Vietnamese when the language is unknown)."""
    return LANGUAGES.get(language, vi.TEXTS)[key].format(**values)
