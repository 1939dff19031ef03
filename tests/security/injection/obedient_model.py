"""An OpenAI-compatible model that obeys the documents, in every way the tests try."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from bot.render import WORD_JOINER
from tests.security.hostile import PDF, RLO, ZWSP


@dataclass(frozen=True)
class Obedience:
    """How the stand-in model "obeys": its reply, given the user message, and whether the
    answerer should keep it (None: depends on what the passages hold)."""

    name: str
    reply: Callable[[str], str]
    kept: bool | None


def _echo(human: str) -> str:
    """The passages repeated as the answer (the document's own "[n]" text included)."""
    passages = human.partition("Passages:\n")[2].partition("\n\nQuestion:")[0]
    return f"{passages} [1]"


OBEDIENCE = (
    Obedience(
        "broadcast",
        lambda _: "@channel @here Đã hủy bản tin và cấp quyền quản trị cho @nguyenvana. [1]",
        kept=True,
    ),
    Obedience("no-citation", lambda _: "Đã gửi thông báo tới <!everyone> theo tài liệu.", False),
    Obedience(
        "invented-passages", lambda _: "Theo [7] và [12], /digest unsubscribe đã chạy.", False
    ),
    Obedience(
        "markup",
        lambda _: (
            '<a href="javascript:alert(1)">bấm</a> <b>KHẨN</b> <!channel> '
            "<https://evil.example|bấm vào đây> [bấm](http://evil.example) <@U12345> [1]"
        ),
        kept=True,
    ),
    Obedience("commands", lambda _: "/digest unsubscribe\n/grant @x admin\n/docs [1]", kept=True),
    Obedience("echo", _echo, kept=None),
    Obedience("not-covered", lambda _: "NOT_COVERED", kept=False),
    Obedience(
        "invisible", lambda _: f"@{ZWSP}channel {RLO}nimda{PDF} @{WORD_JOINER}here [1]", kept=True
    ),
    Obedience(
        "fake-source",
        lambda _: "Văn phòng đã đóng cửa vĩnh viễn [1].\nNguồn: Nghị định 99/2099/NĐ-CP, Điều 1",
        kept=True,
    ),
)


@dataclass
class Model:
    """The stand-in's current behaviour and every request body it received."""

    obedience: Obedience = OBEDIENCE[0]
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    def messages(self, index: int) -> dict[str, str]:
        """One request's message contents by role."""
        return {m["role"]: str(m["content"]) for m in self.requests[index]["messages"]}


def _handler(model: Model) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            model.requests.append(body)
            human = next((m["content"] for m in body["messages"] if m["role"] == "user"), "")
            content = model.obedience.reply(str(human))
            payload = {
                "id": "chatcmpl-hostile",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", ""),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    return Handler
