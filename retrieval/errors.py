"""Expected problems, each with a stable code that the handlers turn into a message."""

from __future__ import annotations


class VanthuError(Exception):
    """An expected problem that the user should hear about in plain words."""

    code = "error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)
        self.detail = detail


class UnreadableFile(VanthuError):
    """A file that cannot be read: unsupported, corrupt, encrypted, empty or too large."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


class NotFound(VanthuError):
    """A document or collection that does not exist."""

    code = "not_found"


class IndexMismatch(VanthuError):
    """Index files that do not describe the library's current metadata."""

    code = "index_mismatch"
