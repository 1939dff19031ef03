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
    "file_received": {"vi": "Đã nhận tệp {name}", "en": "Received the file {name}"},
    "file_number": {"vi": "Số, ký hiệu: {number}", "en": "Number and symbol: {number}"},
    "file_size": {
        "vi": "{pages} trang, {chars} ký tự đọc được",
        "en": "{pages} page(s), {chars} characters of text",
    },
    "summary_pending": {
        "vi": "Tôi đã đọc được tệp này. Tính năng tóm tắt (ý chính, thời hạn, người ký) đang "
        "được xây dựng và sẽ có trong bản cập nhật tới.",
        "en": "I could read this file. Summaries (key points, deadlines, signer) are being "
        "built and will come in the next update.",
    },
    "file_unreadable": {
        "vi": "Không đọc được tệp {name}: {reason}",
        "en": "Could not read the file {name}: {reason}",
    },
    "too_many_files": {
        "vi": "Tôi chỉ xử lý {limit} tệp đầu tiên của mỗi tin nhắn.",
        "en": "I only handle the first {limit} files of a message.",
    },
    "file_unsupported": {
        "vi": "loại tệp này chưa được hỗ trợ (PDF, DOCX, TXT, Markdown, HTML)",
        "en": "this file type is not supported (PDF, DOCX, TXT, Markdown, HTML)",
    },
    "file_too_large": {"vi": "tệp quá lớn", "en": "the file is too large"},
    "file_over_platform_limit": {
        "vi": "Telegram chỉ cho bot tải tệp đến 20 MB; hãy gửi bản nhỏ hơn, hoặc nhờ quản trị "
        "viên chạy Bot API server riêng",
        "en": "Telegram lets bots download files of up to 20 MB; send a smaller copy, or ask "
        "the administrator to run their own Bot API server",
    },
    "file_too_many_pages": {"vi": "tệp có quá nhiều trang", "en": "the file has too many pages"},
    "file_download_failed": {
        "vi": "không tải được tệp từ nền tảng chat, vui lòng gửi lại",
        "en": "the file could not be downloaded from the chat platform; please send it again",
    },
    "file_empty": {"vi": "tệp rỗng, không có chữ", "en": "the file is empty"},
    "file_corrupt": {"vi": "tệp bị hỏng hoặc sai định dạng", "en": "the file is damaged"},
    "file_encrypted": {
        "vi": "tệp được đặt mật khẩu; hãy gửi bản không mật khẩu",
        "en": "the file is password-protected; please send an unprotected copy",
    },
    "file_zip_bomb": {
        "vi": "tệp nén có kích thước bất thường, đã từ chối để an toàn",
        "en": "the archive inside the file is abnormally large and was refused for safety",
    },
    "file_no_text_layer": {
        "vi": "tệp PDF là bản quét, không có lớp chữ (cần nhận dạng ký tự OCR)",
        "en": "the PDF is a scan with no text layer (it needs OCR)",
    },
    "file_not_text": {"vi": "tệp không phải văn bản", "en": "the file is not text"},
    "rate_limited": {
        "vi": "Bạn đang gửi hơi nhanh. Xin chờ một chút rồi hỏi tiếp nhé.",
        "en": "You are sending messages a little fast. Please wait a moment and ask again.",
    },
    "working": {"vi": "Đang tra cứu…", "en": "Looking it up…"},
    "feedback_useful": {"vi": "👍 Hữu ích", "en": "👍 Useful"},
    "feedback_not_useful": {"vi": "👎 Chưa đúng", "en": "👎 Not useful"},
    "feedback_thanks": {"vi": "Cảm ơn bạn đã góp ý!", "en": "Thank you for the feedback!"},
    "feedback_unknown": {
        "vi": "Không tìm thấy câu trả lời này nữa.",
        "en": "That answer is no longer known.",
    },
    "page": {"vi": "trang", "en": "page"},
}


def text(key: str, language: str, **values: object) -> str:
    """The string for a key in a language (Vietnamese when the language is unknown)."""
    entry = _TEXTS[key]
    return entry.get(language, entry["vi"]).format(**values)
