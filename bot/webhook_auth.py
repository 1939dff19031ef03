"""The check every webhook makes before it reads a body: the platform's secret header."""

from __future__ import annotations

import hmac

from aiohttp import web
from pydantic import SecretStr


def secret_matches(request: web.Request, header: str, secret: SecretStr | None) -> bool:
    """Whether a webhook request carries the configured secret (compared in constant time);
    never when no secret is configured."""
    given = request.headers.get(header, "").encode("utf-8", "surrogateescape")
    return secret is not None and hmac.compare_digest(given, secret.get_secret_value().encode())
