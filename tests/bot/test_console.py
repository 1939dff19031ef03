"""Plain-text rendering for the terminal."""

from __future__ import annotations

from bot.console import render_plain
from handlers.types import Reply, Style


def test_render_plain_prefixes_and_strips_control_characters() -> None:
    """Quotes keep their bar on every line; terminal escapes in document text are dropped."""
    reply = Reply("vi")
    reply.add(Style.TITLE, "Theo tài liệu:")
    reply.add(Style.QUOTE, "Điều 3. Hồ sơ\n1. Tờ khai \x1b[31mđỏ\x1b[0m")
    reply.add(Style.SOURCE, "Hướng dẫn (03/HD-UBND), Điều 3")
    reply.add(Style.ITEM, "một\nhai")
    assert render_plain(reply) == (
        "Theo tài liệu:\n"
        "  │ Điều 3. Hồ sơ\n"
        "  │ 1. Tờ khai [31mđỏ[0m\n"
        "  ↳ Hướng dẫn (03/HD-UBND), Điều 3\n"
        "  • một\n"
        "    hai"
    )
