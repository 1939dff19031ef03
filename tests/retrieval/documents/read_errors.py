"""What the readers say of bytes they cannot read."""

from __future__ import annotations

import pytest

from retrieval.documents.readers import read_bytes
from retrieval.errors import UnreadableFile


def error_code(data: bytes, file_type: str, **limits: int) -> str:
    """The code of the UnreadableFile raised when the bytes are read as `file_type`."""
    with pytest.raises(UnreadableFile) as caught:
        read_bytes(data, file_type, max_pages=limits.get("max_pages", 2000))
    return caught.value.code
