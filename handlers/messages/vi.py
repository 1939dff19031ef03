"""Every user-facing string in Vietnamese, by key (the same keys as `en`)."""

TEXTS: dict[str, str] = {
    "summary_title": "Tóm tắt tệp {name}: {title}",
    "field_type": "Loại văn bản",
    "field_number": "Số, ký hiệu",
    "field_issuer": "Cơ quan ban hành",
    "field_where": "Nơi, ngày ban hành",
    "field_subject": "Trích yếu",
    "field_signer": "Người ký",
    "field_addressees": "Kính gửi",
    "field_recipients": "Nơi nhận",
    "summary_points": "Các ý chính:",
    "summary_generated": "Tóm tắt (mô hình viết từ nội dung tệp):",
    "summary_nothing": "Không tìm được câu nào đủ ý để tóm tắt.",
    "summary_deadlines": "Thời hạn:",
    "summary_partial": "Tệp rất dài: bản tóm tắt chỉ dựa trên {chars} ký tự đầu.",
    "deadline_open": "chưa xác định ngày",
    "summary_amounts": "Số tiền nêu trong văn bản",
    "summary_ocr": (
        "Văn bản được nhận dạng ký tự (OCR) từ bản quét (trang {pages}; độ tin cậy trung bình "
        "{confidence}%): hãy đối chiếu tên và số liệu với bản gốc."
    ),
    "summary_ocr_unread": "Không đọc được trang {pages}.",
    "summary_ocr_missing": "Các trang bản quét chưa được đọc: {reason}",
    "summary_size": "({pages} trang, {chars} ký tự đọc được)",
    "sheet_size": "Trang tính “{name}”: {rows} dòng × {cols} cột",
    "sheet_columns": "Các cột",
    "sheet_totals": "Tổng (tính từ các dòng)",
    "sheet_totals_given": "Tổng (theo dòng tổng)",
    "sheet_mismatch": "Lưu ý: dòng tổng khác tổng các dòng ở cột {columns}",
    "sheet_unchecked": "Chưa kiểm tra được dòng tổng ở cột {columns} (công thức chưa có giá trị)",
    "sheet_max": "Cao nhất ({column}): {label} – {value}",
    "sheet_min": "Thấp nhất ({column}): {label} – {value}",
    "add_offer": "Quản trị viên có thể thêm tệp này vào thư viện: /add {code} <bộ sưu tập>",
    "add_usage": "Cách dùng: /add <mã tệp> <bộ sưu tập> (mã có trong bản tóm tắt tệp).",
    "add_bad_collection": (
        "Tên bộ sưu tập không hợp lệ: {name} (chữ, số, gạch ngang; không trùng tên vai trò)."
    ),
    "add_unknown": "Không còn tệp nào mang mã {code} (tệp được giữ 7 ngày).",
    "add_failed": "Không thêm được vào thư viện: {reason}",
    "add_done": "Đã thêm {name} vào bộ sưu tập {collection} ({status}).",
    "label_public": "Công khai",
    "label_internal": "Nội bộ",
    "label_confidential": "Mật",
    "nothing": "(không có)",
    "not_allowed": (
        "Xin lỗi, bạn chưa được cấp quyền dùng trợ lý này. Hãy gửi mã {me} cho cán bộ CNTT của "
        "cơ quan để được cấp quyền."
    ),
    "files_need_role": "Xin lỗi, chỉ cán bộ đã được cấp quyền mới gửi tệp cho trợ lý được.",
    "admin_only": "Việc này chỉ dành cho quản trị viên (cán bộ CNTT).",
    "ask_privately": (
        "Nhóm này chỉ được dùng một số tài liệu. Bạn có thể hỏi riêng tôi (tin nhắn riêng) để "
        "tra cứu các tài liệu bạn được phép đọc."
    ),
    "access_changed": "Đã cập nhật: {detail}",
    "access_unchanged": "Không có gì thay đổi (đã như vậy): {detail}",
    "access_help": (
        "Cách dùng (quản trị viên):\n/grant telegram:123 staff — cấp vai trò (admin, staff, "
        "leader); #3 là người số 3\n/grant role:staff noi-bo — vai trò được đọc bộ sưu "
        "tập\n/grant slack:U123 mat — một người được đọc bộ sưu tập\n/grant here noi-bo — nhóm "
        "này được dùng bộ sưu tập (hoặc chat:telegram:-100…)\n/revoke … — thu hồi, cùng cú "
        "pháp\n/link telegram:123 slack:U123 — hai tài khoản là một người\n/label noi-bo "
        "internal — nhãn mức độ: public, internal, confidential\n/whois all — mọi người và bộ "
        "sưu tập; /whois here — nhóm này được dùng gì"
    ),
    "whois_operator": "Bạn là người vận hành tại máy chủ: mọi quyền, mọi tài liệu.",
    "whois_unknown": "Bạn chưa có trong danh sách. Mã của bạn: {me}",
    "whois_person": "{who} — vai trò: {roles}",
    "whois_readable_here": "Được dùng ở cuộc trò chuyện này: {names}",
    "whois_chat": "Nhóm này được dùng các bộ sưu tập: {names}",
    "whois_private_only": "Thông tin về người khác chỉ xem được trong tin nhắn riêng với tôi.",
    "whois_people": "Mọi người:",
    "whois_collections": "Bộ sưu tập và người được đọc:",
    "help_title": "Trợ lý văn thư vanthu",
    "help_body": (
        "Hãy đặt câu hỏi về thủ tục, quy định; tôi trả lời từ tài liệu của cơ quan và ghi rõ "
        "nguồn (số văn bản, điều, trang). Gõ được cả khi không có dấu."
    ),
    "not_covered": "Tài liệu hiện có không đề cập đến câu hỏi này.",
    "nearest": "Các tài liệu gần nhất:",
    "partial_title": (
        "Tài liệu chưa trả lời chính xác câu hỏi này. Các quy định gần nhất "
        "(có thể không trả lời đúng điều bạn hỏi):"
    ),
    "answer_title": "Theo tài liệu:",
    "generated_title": "Trả lời (tóm tắt từ các đoạn trích dẫn):",
    "sources": "Nguồn:",
    "empty_question": "Bạn muốn hỏi gì? Ví dụ: /ask Thủ tục đăng ký tạm trú cần giấy tờ gì?",
    "unknown_command": "Tôi không hiểu lệnh {command}. Gõ /help để xem các lệnh.",
    "docs_none_readable": "Ở đây bạn chưa được đọc tài liệu nào trong thư viện.",
    "library_empty": "Thư viện chưa có tài liệu nào.",
    "docs_title": "Tài liệu trong thư viện ({count}):",
    "internal_error": "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau.",
    "problem": "Không thực hiện được yêu cầu: {detail}",
    "album_name": "album {count} ảnh",
    "file_unreadable": "Không đọc được tệp {name}: {reason}",
    "too_many_files": "Tôi chỉ xử lý {limit} tệp đầu tiên của mỗi tin nhắn.",
    "file_unsupported": (
        "loại tệp này chưa được hỗ trợ "
        "(PDF, DOCX, XLSX, TXT, Markdown, HTML, JPEG, PNG, TIFF, HEIC)"
    ),
    "file_too_large": "tệp quá lớn",
    "file_over_platform_limit": (
        "Telegram chỉ cho bot tải tệp đến 20 MB; hãy gửi bản nhỏ hơn, hoặc nhờ quản trị viên "
        "chạy Bot API server riêng"
    ),
    "file_too_many_pages": "tệp có quá nhiều trang",
    "file_download_failed": "không tải được tệp từ nền tảng chat, vui lòng gửi lại",
    "file_empty": "tệp rỗng, không có chữ",
    "file_corrupt": "tệp bị hỏng hoặc sai định dạng",
    "file_encrypted": "tệp được đặt mật khẩu; hãy gửi bản không mật khẩu",
    "file_zip_bomb": "tệp nén có kích thước bất thường, đã từ chối để an toàn",
    "file_no_text_layer": "tệp PDF là bản quét, không có lớp chữ (cần nhận dạng ký tự OCR)",
    "file_ocr_missing": (
        "đây là bản quét hoặc ảnh chụp, cần nhận dạng ký tự (OCR) nhưng máy chủ chưa cài: đề nghị "
        "cán bộ CNTT chạy lệnh: apt-get install tesseract-ocr tesseract-ocr-vie"
    ),
    "file_ocr_unreadable": "đây là bản quét hoặc ảnh chụp, nhưng OCR không đọc được chữ nào",
    "ocr_progress": "Đang đọc trang {page}/{pages} bằng OCR…",
    "file_not_text": "tệp không phải văn bản",
    "file_timeout": (
        "đọc tệp mất quá nhiều thời gian nên đã dừng; hãy gửi bản nhỏ hơn hoặc đơn giản hơn"
    ),
    "file_too_complex": "tệp quá phức tạp, cần quá nhiều bộ nhớ để đọc; đã từ chối để an toàn",
    "file_unsafe_xml": "tệp chứa khai báo XML không an toàn (DTD, thực thể); đã từ chối để an toàn",
    "file_wrong_type": "đuôi tệp không khớp với nội dung thật; hãy kiểm tra định dạng và gửi lại",
    "file_legacy_office": (
        "tệp Word/Excel định dạng cũ (.doc, .xls); hãy lưu lại thành .docx, .xlsx rồi gửi"
    ),
    "rate_limited": "Bạn đang gửi hơi nhanh. Xin chờ một chút rồi hỏi tiếp nhé.",
    "working": "Đang tra cứu…",
    "feedback_useful": "👍 Hữu ích",
    "feedback_not_useful": "👎 Chưa đúng",
    "feedback_thanks": "Cảm ơn bạn đã góp ý!",
    "feedback_not_counted": (
        "Cảm ơn bạn, nhưng góp ý này không được tính: chỉ người đã hỏi, hoặc thành viên nhóm "
        "được đọc các tài liệu trích dẫn, mới đánh giá được câu trả lời."
    ),
    "feedback_unknown": "Không tìm thấy câu trả lời này nữa.",
    "digest_not_allowed": (
        "Bạn không có quyền quản lý bản tin; việc này dành cho quản trị viên và lãnh đạo."
    ),
    "digest_bad_schedule": (
        "Lịch gửi sai: {detail}. Ví dụ: /digest subscribe 17:00, /digest subscribe 08:30 "
        "weekdays, /digest subscribe cron 0 16 * * fri"
    ),
    "digest_subscribed": "Đã đăng ký bản tin cho kênh này: {what}",
    "digest_unsubscribed": "Đã hủy bản tin của kênh này.",
    "digest_none_here": "Kênh này chưa đăng ký bản tin (/digest subscribe 17:00).",
    "digest_list_empty": "Chưa có kênh nào đăng ký bản tin.",
    "digest_list_title": "Các kênh nhận bản tin ({count}):",
    "digest_now_sent": "Đã gửi bản tin.",
    "digest_now_resumed": "Đã gửi bản tin.",
    "digest_now_already": "Bản tin này đang được gửi hoặc vừa gửi xong.",
    "digest_now_queued": "Bản tin đã được xếp hàng cho tiến trình phục vụ nhóm này.",
    "digest_now_taken_over": "Một tiến trình khác đang gửi bản tin này.",
    "digest_chat_only": (
        "Bản tin được gửi vào nhóm Telegram, nhóm Zalo hoặc kênh Slack: hãy gõ lệnh này ở đó."
    ),
    "digest_help": (
        "Bản tin định kỳ: /digest subscribe 17:00 [weekdays] [en] [office] | /digest subscribe "
        "cron 0 16 * * fri | /digest preview | /digest now | /digest list | /digest "
        "unsubscribe. Bản tin nêu câu hỏi và tệp của chính nhóm này; thêm 'office' để nêu của "
        "toàn cơ quan (chỉ cho nhóm lãnh đạo)."
    ),
    "zalo_feedback": "Trả lời 1 nếu câu trả lời hữu ích, 0 nếu chưa đúng.",
    "zalo_chart_omitted": (
        "Biểu đồ không gửi qua Zalo được vì máy chủ chưa có địa chỉ công khai (zalo_public_url)."
    ),
    "zalo_attachment": (
        "Zalo chưa chuyển tệp đính kèm cho bot. Nếu là văn bản giấy, hãy chụp ảnh từng trang và "
        "gửi ảnh vào đây; tệp PDF, DOCX thì gửi qua Telegram, Slack hay dòng lệnh "
        "(vanthu ingest). Câu hỏi thì cứ gõ ở đây."
    ),
    "unsupported_message": (
        "Tôi chỉ đọc được tin nhắn văn bản và tệp tài liệu (PDF, DOCX, XLSX, TXT, HTML). Hãy gõ "
        "câu hỏi hoặc gửi tệp."
    ),
    "page": "trang",
    "digest_title": "Bản tin vanthu {start} – {end}",
    "digest_nothing_new": (
        "Không có gì mới trong kỳ này: không có câu hỏi, văn bản tóm tắt hay thay đổi nào trong "
        "thư viện, và không có thời hạn nào trong 7 ngày tới."
    ),
    "digest_activity": "Hoạt động trong kỳ:",
    "digest_questions": "Câu hỏi: {count} ({change})",
    "digest_not_covered": "Tài liệu chưa trả lời được: {count} ({change})",
    "digest_summaries_count": "Văn bản được tóm tắt: {count} ({change})",
    "digest_documents_count": "Thay đổi trong thư viện: {count} ({change})",
    "digest_feedback": "Góp ý về câu trả lời: {useful} hữu ích, {not_useful} chưa đúng",
    "digest_change_up": "+{delta} so với kỳ trước",
    "digest_change_down": "-{delta} so với kỳ trước",
    "digest_change_none": "bằng kỳ trước",
    "digest_gaps": "Câu hỏi tài liệu chưa trả lời được, theo chủ đề (cần bổ sung tài liệu):",
    "digest_no_gaps": "Tài liệu đã trả lời được mọi câu hỏi trong kỳ.",
    "digest_topic_count": "{label}: {count} câu hỏi",
    "digest_topic_other": "câu hỏi khác",
    "digest_gaps_more": "… và {count} câu hỏi chưa trả lời được khác.",
    "digest_topics": "Chủ đề được hỏi nhiều nhất:",
    "digest_summaries": "Văn bản đã tóm tắt ({count}):",
    "digest_deadlines": "Thời hạn trong 7 ngày tới ({count}):",
    "digest_due": "{weekday}, {date}",
    "digest_due_today": "⚠ HÔM NAY, {weekday}, {date}",
    "digest_due_tomorrow": "⚠ NGÀY MAI, {weekday}, {date}",
    "digest_library": "Thay đổi trong thư viện ({count}):",
    "digest_added": "Thêm mới",
    "digest_changed": "Cập nhật",
    "digest_removed": "Gỡ bỏ",
    "digest_more": "… và {count} mục khác",
    "digest_chart_title": "Câu hỏi mỗi ngày",
    "digest_chart_days": "Ngày",
    "digest_chart_count": "Số câu hỏi",
    "digest_chart_questions": "Câu hỏi",
    "digest_chart_not_covered": "Chưa có trong tài liệu",
    "weekday_0": "Thứ Hai",
    "weekday_1": "Thứ Ba",
    "weekday_2": "Thứ Tư",
    "weekday_3": "Thứ Năm",
    "weekday_4": "Thứ Sáu",
    "weekday_5": "Thứ Bảy",
    "weekday_6": "Chủ Nhật",
    "cmd_help": "hướng dẫn này",
    "cmd_ask": "hỏi tài liệu (hoặc chỉ cần gõ câu hỏi)",
    "cmd_ask_args": "<câu hỏi>",
    "cmd_docs": "danh sách tài liệu trong thư viện",
    "cmd_digest": "bản tin định kỳ cho lãnh đạo (/digest help)",
    "cmd_digest_args": "subscribe | preview | now | list | unsubscribe",
    "cmd_whois": "bạn là ai với bot và được đọc những gì ở đây",
    "cmd_grant": "cấp vai trò hoặc quyền đọc bộ sưu tập (/grant help)",
    "cmd_grant_args": "<ai> <vai trò|bộ sưu tập>",
    "cmd_revoke": "thu hồi vai trò hoặc quyền đọc",
    "cmd_revoke_args": "<ai> <vai trò|bộ sưu tập>",
    "cmd_link": "gộp hai tài khoản của cùng một người",
    "cmd_link_args": "<tài khoản> <tài khoản>",
    "cmd_label": "đặt nhãn mật cho bộ sưu tập",
    "cmd_label_args": "<bộ sưu tập> <public|internal|confidential>",
    "cmd_add": "thêm tệp vừa tóm tắt vào thư viện",
    "cmd_add_args": "<mã tệp> <bộ sưu tập>",
    "cmd_quit": "thoát",
    "cmd_consolidate": "đợt tổng hợp báo cáo của các đơn vị (/tonghop để xem cách dùng)",
    "cmd_consolidate_args": (
        "<tên đợt>, hạn DD/MM/YYYY, đơn vị: A; B | tiendo | dv <đơn vị> | xong | huy"
    ),
    "round_usage": (
        "Cách dùng:\n/tonghop <tên đợt>, hạn DD/MM/YYYY, đơn vị: A; B; C — mở đợt tổng hợp "
        "(thêm «mẫu: TÊN» để dùng mẫu đã đăng ký)\nSau đó gửi tệp báo cáo vào cuộc trò chuyện "
        "này (gửi nhiều tệp một lúc cũng được).\n/tonghop tiendo — ai đã nộp, ai chưa\n"
        "/tonghop dv <tên đơn vị> — sửa tên đơn vị của tệp bạn vừa gửi\n"
        "/tonghop khop <nhãn trong tệp> = <nhãn của mẫu>, /tonghop khongkhop <nhãn> — xác nhận "
        "hoặc bác một nhãn khớp gần đúng\n/tonghop xong — đóng "
        "đợt, nhận bảng tổng hợp và nhận xét\n/tonghop huy — hủy đợt"
    ),
    "round_managers_only": "Chỉ lãnh đạo hoặc quản trị viên mới mở, đóng hoặc hủy đợt tổng hợp.",
    "round_none": (
        "Chưa có đợt tổng hợp nào đang mở ở cuộc trò chuyện này. Mở đợt: /tonghop <tên đợt>, "
        "hạn DD/MM/YYYY, đơn vị: A; B; C"
    ),
    "round_bad_date": "Ngày hạn không hợp lệ; hãy viết theo dạng DD/MM/YYYY, ví dụ 15/01/2027.",
    "round_unknown_template": "Chưa có mẫu nào tên «{name}». Các mẫu đã đăng ký: {names}.",
    "round_already_open": (
        "Đang có đợt «{title}» mở ở đây; hãy /tonghop xong hoặc /tonghop huy trước khi mở đợt mới."
    ),
    "round_opened": "Đã mở đợt tổng hợp: {title}",
    "round_deadline": "Hạn nộp: {date}",
    "round_expected": "Đơn vị phải nộp ({count}): {units}",
    "round_template": "Mẫu: {name}",
    "round_template_first": "Mẫu: tệp đầu tiên nhận được",
    "round_how": (
        "Các đơn vị hoặc chuyên viên gửi tệp báo cáo (Excel, Word, PDF) vào đây; /tonghop tiendo "
        "xem tiến độ, /tonghop xong để tổng hợp."
    ),
    "round_received": "Đã nhận báo cáo của {unit} ({done}/{total}).",
    "round_received_open": "Đã nhận báo cáo của {unit} ({count} tệp trong đợt).",
    "round_progress_title": "Tiến độ đợt «{title}»",
    "round_progress_counts": "Đã nộp {done}/{total} đơn vị ({files} tệp)",
    "round_reported": "Đã nộp: {units}",
    "round_missing": "Chưa nộp: {units}",
    "round_files": "Đã nhận {files} tệp",
    "round_unexpected": "Ngoài danh sách: {units}",
    "round_file_unreadable": (
        "Không đọc được tệp {name}: {reason}. Tệp này chưa được tính; các báo cáo đã nhận vẫn "
        "giữ nguyên."
    ),
    "round_template_unreadable": (
        "Chưa kiểm tra được {name}: mẫu của đợt không có bảng số liệu có nhãn dòng và cột."
    ),
    "round_no_table": (
        "Không tìm thấy bảng số liệu giống mẫu trong tệp {name}; tệp này chưa được tính."
    ),
    "round_unit_from": (
        "Tên đơn vị của {name} lấy từ {source}; nếu sai, gửi /tonghop dv <tên đơn vị>."
    ),
    "round_source_given": "tên bạn ghi",
    "round_source_header": "tiêu đề văn bản",
    "round_source_cell": "dòng «Đơn vị báo cáo»",
    "round_source_file": "tên tệp",
    "round_source_sender": "người gửi",
    "round_unit_unexpected": "{unit} không có trong danh sách đơn vị của đợt.",
    "round_findings": "Cần xem lại ({count}):",
    "round_matches": "{count} nhãn dòng/cột khớp gần đúng với mẫu (hãy xác nhận):",
    "round_label_hint": (
        "Đúng thì không cần làm gì; sai thì gửi /tonghop khongkhop <nhãn trong tệp>, hoặc "
        "/tonghop khop <nhãn trong tệp> = <nhãn của mẫu>."
    ),
    "round_label_usage": (
        "Cách dùng: /tonghop khop <nhãn trong tệp> = <nhãn của mẫu>, hoặc "
        "/tonghop khongkhop <nhãn trong tệp>."
    ),
    "round_label_same": "Đã ghi: «{found}» là «{target}» của mẫu (áp dụng khi đóng đợt).",
    "round_label_not_same": (
        "Đã ghi: «{found}» không phải nhãn nào của mẫu; dòng/cột đó sẽ không được cộng."
    ),
    "round_unit_usage": "Cách dùng: /tonghop dv <tên đơn vị> (sửa tệp bạn gửi gần nhất).",
    "round_unit_no_file": "Bạn chưa gửi tệp nào trong đợt này.",
    "round_unit_corrected": "Đã ghi tệp {name} cho {unit}.",
    "round_nothing_to_close": "Đợt này chưa nhận được tệp nào để tổng hợp.",
    "round_close_failed": "Không tổng hợp được: mẫu không có bảng số liệu có nhãn dòng và cột.",
    "round_cancelled": "Đã hủy đợt «{title}».",
    "round_closed": "Tổng hợp: {title}",
    "round_workbook": "Bảng tổng hợp (Excel) gửi kèm.",
    "file_elsewhere": (
        "Zalo chưa cho gửi tệp: bảng tổng hợp {names} có qua Telegram, Slack hoặc lệnh "
        "vanthu reports trên máy chủ."
    ),
    "file_not_sent": (
        "Không gửi được tệp {name} vào kênh này (bot cần quyền files:write và phải ở trong kênh)."
    ),
    "file_saved": "Đã lưu tệp: {path}",
    "round_no_deadline": "chưa đặt",
    "digest_rounds": "Đợt tổng hợp báo cáo đang mở ({count}):",
    "digest_round": "{title} — hạn {date}: đã nộp {done}/{total}",
    "digest_round_open": "{title} — hạn {date}: đã nhận {files} tệp",
    "digest_round_missing": "Chưa nộp: {units}",
    "bye": "Tạm biệt.",
}
