"""Personal data masked before it leaves for a log line, an LLM endpoint or the digests.

Vietnamese citizen ID numbers (12-digit CCCD, 9-digit CMND), phone numbers (mobile and
landline, 0 or +84, with spaces, dots or dashes) and e-mail addresses become a placeholder.
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 0 or +84/84, then 9 or 10 more digits, in groups separated by one space, dot or dash.
# Or an area code in brackets: (028) 3829 5555.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+84|84|0)(?:[\s.-]?\d){8,10}|\(0\d{2,3}\)(?:[\s.-]?\d){7,8})(?!\d)"
)
CITIZEN_ID = re.compile(r"(?<![\d.,])(?:\d{12}|\d{9})(?![\d.,]\d)")

PLACEHOLDERS = {"email": "[email]", "phone": "[số điện thoại]", "id": "[số định danh]"}


def mask_personal_data(text: str) -> str:
    """The text with e-mail addresses, phone numbers and citizen ID numbers replaced."""
    text = EMAIL.sub(PLACEHOLDERS["email"], text)
    text = PHONE.sub(PLACEHOLDERS["phone"], text)
    return CITIZEN_ID.sub(PLACEHOLDERS["id"], text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks personal data in every record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, masked; keep the record."""
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
