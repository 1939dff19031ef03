"""Text, Markdown and HTML gone bad: the valid pages to break, and NUL-laden text."""

from __future__ import annotations

import random
from collections.abc import Iterator

from tests.documents import DECREE_LINES
from tests.security.bad_files.common import BadFile, _bad, _Valid


def valid_html() -> bytes:
    """A small HTML page in Vietnamese."""
    body = "".join(f"<p>{line}</p>" for line in DECREE_LINES)
    return f"<html><head><title>Nghị định</title></head><body>{body}</body></html>".encode()


def valid_text() -> bytes:
    """Vietnamese text, UTF-8."""
    return "\n".join(DECREE_LINES).encode()


def _nul_text(rng: random.Random, _valid: _Valid) -> Iterator[BadFile]:
    text = valid_text()
    for ext in ("txt", "md", "html"):
        yield _bad("nul_text", f"nul-dau.{ext}", b"\x00" + text, "not_text")
        middle = text[:50] + b"\x00" * 10 + text[50:]
        yield _bad("nul_text", f"nul-giua.{ext}", middle, "not_text")
        yield _bad("nul_text", f"utf16.{ext}", text.decode().encode("utf-16-le"), "not_text")
        late = text * 30 + b"\x00" + text  # one NUL past the first 4 KB: dropped on reading
        yield _bad("nul_text", f"nul-muon.{ext}", late, "read")
        spread = b"\x00".join(text * 20 for _ in range(100))
        yield _bad("nul_text", f"nul-rai.{ext}", b"x" * 5000 + spread, "read", "not_text")
        sprinkled = bytes(b for c in text * 200 for b in (c, 0) if b or rng.random() < 0.1)
        yield _bad("nul_text", f"nul-rac.{ext}", sprinkled, "not_text")
