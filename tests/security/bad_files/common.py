"""What every family of bad files shares: the formats, the reasons, a bad file and its outcomes."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("pdf", "docx", "xlsx", "txt", "html", "md")
# Every reason a file can be refused for, each with its sentence in handlers/messages.py.
REASONS = (
    "unsupported",
    "too_large",
    "download_failed",
    "empty",
    "corrupt",
    "encrypted",
    "legacy_office",
    "zip_bomb",
    "unsafe_xml",
    "wrong_type",
    "no_text_layer",
    "not_text",
    "too_many_pages",
    "timeout",
    "too_complex",
)
FAILED = frozenset({"corrupt", "too_complex", "timeout", "empty", "no_text_layer", "not_text"})


@dataclass(frozen=True)
class BadFile:
    """One file of the corpus and the outcomes it may have ("read" or reason codes)."""

    kind: str
    name: str
    data: bytes
    expected: frozenset[str]


def _bad(kind: str, name: str, data: bytes, *expected: str) -> BadFile:
    return BadFile(kind, name, data, frozenset(expected))


@dataclass(frozen=True)
class _Valid:
    """The valid documents every kind starts from."""

    pdf: bytes
    docx: bytes
    xlsx: bytes

    def office(self) -> tuple[tuple[str, bytes, str], ...]:
        """(extension, bytes, main part) of the two Office formats."""
        return (
            ("docx", self.docx, "word/document.xml"),
            ("xlsx", self.xlsx, "xl/worksheets/sheet1.xml"),
        )
