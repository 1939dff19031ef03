"""Every user-facing string, in Vietnamese and English."""

from __future__ import annotations

_TEXTS: dict[str, dict[str, str]] = {
    "summary_title": {"vi": "Tóm tắt tệp {name}: {title}", "en": "Summary of {name}: {title}"},
    "field_type": {"vi": "Loại văn bản", "en": "Type"},
    "field_number": {"vi": "Số, ký hiệu", "en": "Number and symbol"},
    "field_issuer": {"vi": "Cơ quan ban hành", "en": "Issued by"},
    "field_where": {"vi": "Nơi, ngày ban hành", "en": "Place and date"},
    "field_subject": {"vi": "Trích yếu", "en": "Subject"},
    "field_signer": {"vi": "Người ký", "en": "Signed by"},
    "field_recipients": {"vi": "Nơi nhận", "en": "Recipients"},
    "summary_points": {"vi": "Các ý chính:", "en": "Key points:"},
    "summary_generated": {
        "vi": "Tóm tắt (mô hình viết từ nội dung tệp):",
        "en": "Summary (written by the model from the file's text):",
    },
    "summary_nothing": {
        "vi": "Không tìm được câu nào đủ ý để tóm tắt.",
        "en": "No sentence in the file says enough to summarize.",
    },
    "summary_deadlines": {"vi": "Thời hạn:", "en": "Deadlines:"},
    "summary_partial": {
        "vi": "Tệp rất dài: bản tóm tắt chỉ dựa trên {chars} ký tự đầu.",
        "en": "A very long file: the summary covers only its first {chars} characters.",
    },
    "deadline_open": {"vi": "chưa xác định ngày", "en": "date not fixed"},
    "summary_amounts": {"vi": "Số tiền nêu trong văn bản", "en": "Amounts in the text"},
    "summary_size": {
        "vi": "({pages} trang, {chars} ký tự đọc được)",
        "en": "({pages} page(s), {chars} characters read)",
    },
    "sheet_size": {
        "vi": "Trang tính “{name}”: {rows} dòng × {cols} cột",
        "en": "Sheet “{name}”: {rows} rows × {cols} columns",
    },
    "sheet_columns": {"vi": "Các cột", "en": "Columns"},
    "sheet_totals": {"vi": "Tổng (tính từ các dòng)", "en": "Totals (computed)"},
    "sheet_totals_given": {"vi": "Tổng (theo dòng tổng)", "en": "Totals (the sheet's own)"},
    "sheet_mismatch": {
        "vi": "Lưu ý: dòng tổng khác tổng các dòng ở cột {columns}",
        "en": "Note: the total row differs from the sum of the rows in {columns}",
    },
    "sheet_max": {
        "vi": "Cao nhất ({column}): {label} – {value}",
        "en": "Highest ({column}): {label} – {value}",
    },
    "sheet_min": {
        "vi": "Thấp nhất ({column}): {label} – {value}",
        "en": "Lowest ({column}): {label} – {value}",
    },
    "add_offer": {
        "vi": "Quản trị viên có thể thêm tệp này vào thư viện: /add {code} <bộ sưu tập>",
        "en": "An administrator may add this file to the library: /add {code} <collection>",
    },
    "add_usage": {
        "vi": "Cách dùng: /add <mã tệp> <bộ sưu tập> (mã có trong bản tóm tắt tệp).",
        "en": "Usage: /add <file code> <collection> (the code is in the file's summary).",
    },
    "add_bad_collection": {
        "vi": "Tên bộ sưu tập không hợp lệ: {name} (chữ, số, gạch ngang; không trùng tên vai trò).",
        "en": "Not a collection name: {name} (letters, digits, dashes; not a role's name).",
    },
    "add_unknown": {
        "vi": "Không còn tệp nào mang mã {code} (tệp được giữ 7 ngày).",
        "en": "No file is kept under the code {code} (files are kept for 7 days).",
    },
    "add_failed": {
        "vi": "Không thêm được vào thư viện: {reason}",
        "en": "Could not add it to the library: {reason}",
    },
    "add_done": {
        "vi": "Đã thêm {name} vào bộ sưu tập {collection} ({status}).",
        "en": "Added {name} to the collection {collection} ({status}).",
    },
    "help_access": {
        "vi": "/grant, /revoke <ai> <vai trò|bộ sưu tập>, /link, /label: phân quyền (/grant help)",
        "en": "/grant, /revoke <who> <role|collection>, /link, /label: access (/grant help)",
    },
    "help_whois": {
        "vi": "/whois: bạn là ai với bot và được đọc những gì ở đây",
        "en": "/whois: who you are to the bot and what you may read here",
    },
    "label_public": {"vi": "Công khai", "en": "Public"},
    "label_internal": {"vi": "Nội bộ", "en": "Internal"},
    "label_confidential": {"vi": "Mật", "en": "Confidential"},
    "nothing": {"vi": "(không có)", "en": "(none)"},
    "not_allowed": {
        "vi": "Xin lỗi, bạn chưa được cấp quyền dùng trợ lý này. Hãy gửi mã {me} cho cán bộ "
        "CNTT của cơ quan để được cấp quyền.",
        "en": "Sorry, you have not been given access to this assistant yet. Send the code {me} "
        "to your office's IT officer to be given access.",
    },
    "files_need_role": {
        "vi": "Xin lỗi, chỉ cán bộ đã được cấp quyền mới gửi tệp cho trợ lý được.",
        "en": "Sorry, only people who have been given access may send files to the assistant.",
    },
    "admin_only": {
        "vi": "Việc này chỉ dành cho quản trị viên (cán bộ CNTT).",
        "en": "That is for administrators (IT officers) only.",
    },
    "ask_privately": {
        "vi": "Nhóm này chỉ được dùng một số tài liệu. Bạn có thể hỏi riêng tôi (tin nhắn "
        "riêng) để tra cứu các tài liệu bạn được phép đọc.",
        "en": "This group may use only some documents. Ask me in a private chat to search "
        "the documents you may read.",
    },
    "access_off": {
        "vi": "Phân quyền chưa được bật trên máy chủ này.",
        "en": "Access control is not enabled on this server.",
    },
    "access_changed": {"vi": "Đã cập nhật: {detail}", "en": "Done: {detail}"},
    "access_unchanged": {
        "vi": "Không có gì thay đổi (đã như vậy): {detail}",
        "en": "Nothing changed (it was already so): {detail}",
    },
    "access_help": {
        "vi": "Cách dùng (quản trị viên):\n"
        "/grant telegram:123 staff — cấp vai trò (admin, staff, leader); #3 là người số 3\n"
        "/grant role:staff noi-bo — vai trò được đọc bộ sưu tập\n"
        "/grant slack:U123 mat — một người được đọc bộ sưu tập\n"
        "/grant here noi-bo — nhóm này được dùng bộ sưu tập (hoặc chat:telegram:-100…)\n"
        "/revoke … — thu hồi, cùng cú pháp\n"
        "/link telegram:123 slack:U123 — hai tài khoản là một người\n"
        "/label noi-bo internal — nhãn mức độ: public, internal, confidential\n"
        "/whois all — mọi người và bộ sưu tập; /whois here — nhóm này được dùng gì",
        "en": "Usage (administrators):\n"
        "/grant telegram:123 staff — give a role (admin, staff, leader); #3 is person 3\n"
        "/grant role:staff internal-docs — a role may read a collection\n"
        "/grant slack:U123 secret-docs — one person may read a collection\n"
        "/grant here internal-docs — this group may use a collection (or chat:telegram:-100…)\n"
        "/revoke … — take back, same forms\n"
        "/link telegram:123 slack:U123 — two accounts are one person\n"
        "/label internal-docs internal — sensitivity: public, internal, confidential\n"
        "/whois all — everyone and every collection; /whois here — what this group may use",
    },
    "whois_operator": {
        "vi": "Bạn là người vận hành tại máy chủ: mọi quyền, mọi tài liệu.",
        "en": "You are the operator at the server: every role, every document.",
    },
    "whois_unknown": {
        "vi": "Bạn chưa có trong danh sách. Mã của bạn: {me}",
        "en": "You are not known yet. Your code: {me}",
    },
    "whois_person": {"vi": "{who} — vai trò: {roles}", "en": "{who} — roles: {roles}"},
    "whois_readable_here": {
        "vi": "Được dùng ở cuộc trò chuyện này: {names}",
        "en": "May be used in this chat: {names}",
    },
    "whois_chat": {
        "vi": "Nhóm này được dùng các bộ sưu tập: {names}",
        "en": "This chat is cleared for the collections: {names}",
    },
    "whois_people": {"vi": "Mọi người:", "en": "People:"},
    "whois_collections": {"vi": "Bộ sưu tập và người được đọc:", "en": "Collections and readers:"},
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
    "docs_none_readable": {
        "vi": "Ở đây bạn chưa được đọc tài liệu nào trong thư viện.",
        "en": "There are no documents you may read here.",
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
    "file_unreadable": {
        "vi": "Không đọc được tệp {name}: {reason}",
        "en": "Could not read the file {name}: {reason}",
    },
    "too_many_files": {
        "vi": "Tôi chỉ xử lý {limit} tệp đầu tiên của mỗi tin nhắn.",
        "en": "I only handle the first {limit} files of a message.",
    },
    "file_unsupported": {
        "vi": "loại tệp này chưa được hỗ trợ (PDF, DOCX, XLSX, TXT, Markdown, HTML)",
        "en": "this file type is not supported (PDF, DOCX, XLSX, TXT, Markdown, HTML)",
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
    "file_timeout": {
        "vi": "đọc tệp mất quá nhiều thời gian nên đã dừng; hãy gửi bản nhỏ hơn hoặc đơn giản hơn",
        "en": "reading the file took too long and was stopped; send a smaller or simpler copy",
    },
    "file_too_complex": {
        "vi": "tệp quá phức tạp, cần quá nhiều bộ nhớ để đọc; đã từ chối để an toàn",
        "en": "the file is too complex and needs too much memory to read; refused for safety",
    },
    "file_unsafe_xml": {
        "vi": "tệp chứa khai báo XML không an toàn (DTD, thực thể); đã từ chối để an toàn",
        "en": "the file carries unsafe XML declarations (DTD, entities); refused for safety",
    },
    "file_wrong_type": {
        "vi": "đuôi tệp không khớp với nội dung thật; hãy kiểm tra định dạng và gửi lại",
        "en": "the file extension does not match its content; check the format and send it again",
    },
    "file_legacy_office": {
        "vi": "tệp Word/Excel định dạng cũ (.doc, .xls); hãy lưu lại thành .docx, .xlsx rồi gửi",
        "en": "this is an old Word/Excel format (.doc, .xls); save it as .docx or .xlsx and resend",
    },
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
    "digest_off": {
        "vi": "Bản tin định kỳ chưa được bật ở đây.",
        "en": "Scheduled digests are not enabled here.",
    },
    "digest_not_allowed": {
        "vi": "Bạn không có quyền quản lý bản tin; việc này dành cho quản trị viên và lãnh đạo.",
        "en": "You may not manage digests; that is for administrators and leaders.",
    },
    "digest_bad_schedule": {
        "vi": "Lịch gửi sai: {detail}. Ví dụ: /digest subscribe 17:00, "
        "/digest subscribe 08:30 weekdays, /digest subscribe cron 0 16 * * fri",
        "en": "That schedule is wrong: {detail}. For example: /digest subscribe 17:00, "
        "/digest subscribe 08:30 weekdays, /digest subscribe cron 0 16 * * fri",
    },
    "digest_subscribed": {
        "vi": "Đã đăng ký bản tin cho kênh này: {what}",
        "en": "This channel now receives digests: {what}",
    },
    "digest_unsubscribed": {
        "vi": "Đã hủy bản tin của kênh này.",
        "en": "This channel no longer receives digests.",
    },
    "digest_none_here": {
        "vi": "Kênh này chưa đăng ký bản tin (/digest subscribe 17:00).",
        "en": "This channel has no digest subscription (/digest subscribe 17:00).",
    },
    "digest_list_empty": {
        "vi": "Chưa có kênh nào đăng ký bản tin.",
        "en": "No channel receives digests yet.",
    },
    "digest_list_title": {
        "vi": "Các kênh nhận bản tin ({count}):",
        "en": "Channels receiving digests ({count}):",
    },
    "digest_now_sent": {"vi": "Đã gửi bản tin.", "en": "The digest has been posted."},
    "digest_now_resumed": {"vi": "Đã gửi bản tin.", "en": "The digest has been posted."},
    "digest_now_already": {
        "vi": "Bản tin này đang được gửi hoặc vừa gửi xong.",
        "en": "This digest is being posted or was just posted.",
    },
    "digest_chat_only": {
        "vi": "Bản tin được gửi vào nhóm Telegram hoặc kênh Slack: hãy gõ lệnh này ở đó.",
        "en": "Digests go to a Telegram group or a Slack channel: type this command there.",
    },
    "digest_help": {
        "vi": "Bản tin định kỳ: /digest subscribe 17:00 [weekdays] [en] [office] | "
        "/digest subscribe cron 0 16 * * fri | /digest preview | /digest now | /digest list | "
        "/digest unsubscribe. Bản tin nêu câu hỏi và tệp của chính nhóm này; thêm 'office' để "
        "nêu của toàn cơ quan (chỉ cho nhóm lãnh đạo).",
        "en": "Scheduled digests: /digest subscribe 17:00 [weekdays] [en] [office] | "
        "/digest subscribe cron 0 16 * * fri | /digest preview | /digest now | /digest list | "
        "/digest unsubscribe. A digest reports this chat's own questions and files; add "
        "'office' for the whole office's (leaders' channels only).",
    },
    "help_digest": {
        "vi": "/digest: bản tin định kỳ cho lãnh đạo (/digest help)",
        "en": "/digest: scheduled digests for leaders (/digest help)",
    },
    "unsupported_message": {
        "vi": "Tôi chỉ đọc được tin nhắn văn bản và tệp tài liệu (PDF, DOCX, XLSX, TXT, HTML). "
        "Hãy gõ câu hỏi hoặc gửi tệp.",
        "en": "I can read text messages and document files (PDF, DOCX, XLSX, TXT, HTML). "
        "Type a question or send a file.",
    },
    "page": {"vi": "trang", "en": "page"},
    "digest_title": {
        "vi": "Bản tin vanthu {start} – {end}",
        "en": "vanthu digest {start} – {end}",
    },
    "digest_nothing_new": {
        "vi": "Không có gì mới trong kỳ này: không có câu hỏi, văn bản tóm tắt hay thay đổi "
        "nào trong thư viện, và không có thời hạn nào trong 7 ngày tới.",
        "en": "Nothing new in this period: no questions, summaries or library changes, and no "
        "deadlines in the coming 7 days.",
    },
    "digest_activity": {"vi": "Hoạt động trong kỳ:", "en": "Activity in the period:"},
    "digest_questions": {
        "vi": "Câu hỏi: {count} ({change})",
        "en": "Questions: {count} ({change})",
    },
    "digest_not_covered": {
        "vi": "Tài liệu chưa trả lời được: {count} ({change})",
        "en": "Not answered by the documents: {count} ({change})",
    },
    "digest_summaries_count": {
        "vi": "Văn bản được tóm tắt: {count} ({change})",
        "en": "Files summarized: {count} ({change})",
    },
    "digest_documents_count": {
        "vi": "Thay đổi trong thư viện: {count} ({change})",
        "en": "Library changes: {count} ({change})",
    },
    "digest_feedback": {
        "vi": "Góp ý về câu trả lời: {useful} hữu ích, {not_useful} chưa đúng",
        "en": "Feedback on answers: {useful} useful, {not_useful} not useful",
    },
    "digest_change_up": {"vi": "+{delta} so với kỳ trước", "en": "+{delta} on the last period"},
    "digest_change_down": {
        "vi": "-{delta} so với kỳ trước",
        "en": "-{delta} on the last period",
    },
    "digest_change_none": {"vi": "bằng kỳ trước", "en": "same as the last period"},
    "digest_gaps": {
        "vi": "Câu hỏi tài liệu chưa trả lời được, theo chủ đề (cần bổ sung tài liệu):",
        "en": "Questions the documents could not answer, by topic (documents to add):",
    },
    "digest_no_gaps": {
        "vi": "Tài liệu đã trả lời được mọi câu hỏi trong kỳ.",
        "en": "The documents answered every question in the period.",
    },
    "digest_topic_count": {
        "vi": "{label}: {count} câu hỏi",
        "en": "{label}: {count} question(s)",
    },
    "digest_topic_other": {"vi": "câu hỏi khác", "en": "other questions"},
    "digest_gaps_more": {
        "vi": "… và {count} câu hỏi chưa trả lời được khác.",
        "en": "… and {count} other unanswered question(s).",
    },
    "digest_topics": {"vi": "Chủ đề được hỏi nhiều nhất:", "en": "Most asked topics:"},
    "digest_summaries": {
        "vi": "Văn bản đã tóm tắt ({count}):",
        "en": "Files summarized ({count}):",
    },
    "digest_deadlines": {
        "vi": "Thời hạn trong 7 ngày tới ({count}):",
        "en": "Deadlines in the coming 7 days ({count}):",
    },
    "digest_due": {"vi": "{weekday}, {date}", "en": "{weekday} {date}"},
    "digest_due_today": {"vi": "⚠ HÔM NAY, {weekday}, {date}", "en": "⚠ TODAY, {weekday} {date}"},
    "digest_due_tomorrow": {
        "vi": "⚠ NGÀY MAI, {weekday}, {date}",
        "en": "⚠ TOMORROW, {weekday} {date}",
    },
    "digest_library": {
        "vi": "Thay đổi trong thư viện ({count}):",
        "en": "Library changes ({count}):",
    },
    "digest_added": {"vi": "Thêm mới", "en": "Added"},
    "digest_changed": {"vi": "Cập nhật", "en": "Changed"},
    "digest_removed": {"vi": "Gỡ bỏ", "en": "Removed"},
    "digest_more": {"vi": "… và {count} mục khác", "en": "… and {count} more"},
    "digest_chart_questions": {"vi": "Câu hỏi", "en": "Questions"},
    "digest_chart_not_covered": {"vi": "Chưa có trong tài liệu", "en": "Not covered"},
    "weekday_0": {"vi": "Thứ Hai", "en": "Monday"},
    "weekday_1": {"vi": "Thứ Ba", "en": "Tuesday"},
    "weekday_2": {"vi": "Thứ Tư", "en": "Wednesday"},
    "weekday_3": {"vi": "Thứ Năm", "en": "Thursday"},
    "weekday_4": {"vi": "Thứ Sáu", "en": "Friday"},
    "weekday_5": {"vi": "Thứ Bảy", "en": "Saturday"},
    "weekday_6": {"vi": "Chủ Nhật", "en": "Sunday"},
}


def has_text(key: str) -> bool:
    """Whether a string exists for the key (codes from elsewhere may have none)."""
    return key in _TEXTS


def text(key: str, language: str, **values: object) -> str:
    """The string for a key in a language (Vietnamese when the language is unknown)."""
    entry = _TEXTS[key]
    return entry.get(language, entry["vi"]).format(**values)
