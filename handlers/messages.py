"""Every user-facing string, in Vietnamese and English."""

from __future__ import annotations

_TEXTS: dict[str, dict[str, str]] = {
    "help_title": {"vi": "Trợ lý văn thư vanthu", "en": "vanthu, the office clerk assistant"},
    "help_body": {
        "vi": "Hãy đặt câu hỏi về thủ tục, quy định; tôi trả lời từ tài liệu của cơ quan và "
        "ghi rõ nguồn (số văn bản, điều, trang). Gõ được cả khi không có dấu.",
        "en": "Ask about a procedure or rule; I answer from the office's documents and cite "
        "the source (document number, article, page).",
    },
    "help_ask": {
        "vi": "/ask <câu hỏi>: hỏi tài liệu (hoặc chỉ cần gõ câu hỏi)",
        "en": "/ask <question>: ask the documents (or just type the question)",
    },
    "help_docs": {
        "vi": "/docs: danh sách tài liệu trong thư viện",
        "en": "/docs: the documents in the library",
    },
    "help_help": {"vi": "/help: hướng dẫn này", "en": "/help: this help"},
    "not_covered": {
        "vi": "Tài liệu hiện có không đề cập đến câu hỏi này.",
        "en": "The documents in the library do not cover this question.",
    },
    "nearest": {"vi": "Các tài liệu gần nhất:", "en": "The nearest documents:"},
    "answer_title": {"vi": "Theo tài liệu:", "en": "According to the documents:"},
    "generated_title": {
        "vi": "Trả lời (tóm tắt từ các đoạn trích dẫn):",
        "en": "Answer (written from the cited passages):",
    },
    "sources": {"vi": "Nguồn:", "en": "Sources:"},
    "empty_question": {
        "vi": "Bạn muốn hỏi gì? Ví dụ: /ask Thủ tục đăng ký tạm trú cần giấy tờ gì?",
        "en": "What would you like to ask? For example: /ask What papers do I need?",
    },
    "unknown_command": {
        "vi": "Tôi không hiểu lệnh {command}. Gõ /help để xem các lệnh.",
        "en": "I do not know the command {command}. Type /help for the commands.",
    },
    "library_empty": {
        "vi": "Thư viện chưa có tài liệu nào.",
        "en": "The library has no documents yet.",
    },
    "docs_title": {
        "vi": "Tài liệu trong thư viện ({count}):",
        "en": "Documents in the library ({count}):",
    },
    "internal_error": {
        "vi": "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau.",
        "en": "Sorry, something went wrong while handling this. Please try again later.",
    },
    "problem": {
        "vi": "Không thực hiện được yêu cầu: {detail}",
        "en": "That could not be done: {detail}",
    },
    "page": {"vi": "trang", "en": "page"},
}


def text(key: str, language: str, **values: object) -> str:
    """The string for a key in a language (Vietnamese when the language is unknown)."""
    entry = _TEXTS[key]
    return entry.get(language, entry["vi"]).format(**values)
