"""A local OpenAI-compatible /v1/chat/completions that answers what the test sets.

`StandIn` holds the reply (or an HTTP status, or a delay) and records every request body;
`_handler(stand_in)` is the request handler to serve with `tests.http_thread.serving`, and
`answerer(stand_in)` the real langchain-backed answerer pointed at it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from retrieval.answers.generated import LlmAnswerer
from retrieval.llm import LlmSettings


@dataclass
class StandIn:
    """What the fake model answers and every request body it received."""

    port: int = 0
    reply: str = "Lệ phí là 15.000 đồng [1]. Có thể nộp trực tuyến [2]."
    status: int = 200
    delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def messages(self, index: int = -1) -> dict[str, str]:
        """The messages of one recorded request, by role."""
        return {m["role"]: m["content"] for m in self.requests[index]["messages"]}


def _handler(stand_in: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            stand_in.paths.append(self.path)
            stand_in.requests.append(body)
            if stand_in.delay_s:
                stand_in.release.wait(stand_in.delay_s)
            if self.path != "/v1/chat/completions":
                self._send(404, {"error": {"message": "not found"}})
            elif stand_in.status != 200:
                self._send(stand_in.status, {"error": {"message": "model crashed"}})
            else:
                self._send(
                    200,
                    {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", ""),
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": stand_in.reply},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout case)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    return Handler


def answerer(stand_in: StandIn, timeout_s: float = 10.0) -> LlmAnswerer:
    """The real langchain-backed answerer pointed at the stand-in."""
    return LlmAnswerer(LlmSettings(base_url=stand_in.base_url, model="local", timeout_s=timeout_s))
