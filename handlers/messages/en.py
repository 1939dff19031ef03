"""Every user-facing string in English, by key (the same keys as `vi`)."""

TEXTS: dict[str, str] = {
    "summary_title": "Summary of {name}: {title}",
    "field_type": "Type",
    "field_number": "Number and symbol",
    "field_issuer": "Issued by",
    "field_where": "Place and date",
    "field_subject": "Subject",
    "field_signer": "Signed by",
    "field_addressees": "To",
    "field_recipients": "Recipients",
    "summary_points": "Key points:",
    "summary_generated": "Summary (written by the model from the file's text):",
    "summary_nothing": "No sentence in the file says enough to summarize.",
    "summary_deadlines": "Deadlines:",
    "summary_partial": "A very long file: the summary covers only its first {chars} characters.",
    "deadline_open": "date not fixed",
    "summary_amounts": "Amounts in the text",
    "summary_size": "({pages} page(s), {chars} characters read)",
    "summary_ocr": (
        "Text read by OCR from a scan (page(s) {pages}; mean confidence {confidence}%): "
        "check names and numbers against the original."
    ),
    "summary_ocr_unread": "Page(s) {pages} could not be read.",
    "summary_ocr_missing": "Scanned pages were not read: {reason}",
    "sheet_size": "Sheet “{name}”: {rows} rows × {cols} columns",
    "sheet_columns": "Columns",
    "sheet_totals": "Totals (computed)",
    "sheet_totals_given": "Totals (the sheet's own)",
    "sheet_mismatch": "Note: the total row differs from the sum of the rows in {columns}",
    "sheet_unchecked": "Total row of {columns} not checked: a formula with no saved value",
    "sheet_max": "Highest ({column}): {label} – {value}",
    "sheet_min": "Lowest ({column}): {label} – {value}",
    "add_offer": "An administrator may add this file to the library: /add {code} <collection>",
    "add_usage": "Usage: /add <file code> <collection> (the code is in the file's summary).",
    "add_bad_collection": (
        "Not a collection name: {name} (letters, digits, dashes; not a role's name)."
    ),
    "add_unknown": "No file is kept under the code {code} (files are kept for 7 days).",
    "add_failed": "Could not add it to the library: {reason}",
    "add_done": "Added {name} to the collection {collection} ({status}).",
    "label_public": "Public",
    "label_internal": "Internal",
    "label_confidential": "Confidential",
    "nothing": "(none)",
    "not_allowed": (
        "Sorry, you have not been given access to this assistant yet. Send the code {me} to "
        "your office's IT officer to be given access."
    ),
    "files_need_role": (
        "Sorry, only people who have been given access may send files to the assistant."
    ),
    "admin_only": "That is for administrators (IT officers) only.",
    "ask_privately": (
        "This group may use only some documents. Ask me in a private chat to search the "
        "documents you may read."
    ),
    "access_changed": "Done: {detail}",
    "access_unchanged": "Nothing changed (it was already so): {detail}",
    "access_help": (
        "Usage (administrators):\n/grant telegram:123 staff — give a role (admin, staff, "
        "leader); #3 is person 3\n/grant role:staff internal-docs — a role may read a "
        "collection\n/grant slack:U123 secret-docs — one person may read a collection\n/grant "
        "here internal-docs — this group may use a collection (or chat:telegram:-100…)\n/revoke "
        "… — take back, same forms\n/link telegram:123 slack:U123 — two accounts are one "
        "person\n/label internal-docs internal — sensitivity: public, internal, "
        "confidential\n/whois all — everyone and every collection; /whois here — what this "
        "group may use"
    ),
    "whois_operator": "You are the operator at the server: every role, every document.",
    "whois_unknown": "You are not known yet. Your code: {me}",
    "whois_person": "{who} — roles: {roles}",
    "whois_readable_here": "May be used in this chat: {names}",
    "whois_chat": "This chat is cleared for the collections: {names}",
    "whois_private_only": "Details about others are shown only in a private chat with me.",
    "whois_people": "People:",
    "whois_collections": "Collections and readers:",
    "help_title": "vanthu, the office clerk assistant",
    "help_body": (
        "Ask about a procedure or rule; I answer from the office's documents and cite the "
        "source (document number, article, page)."
    ),
    "not_covered": "The documents in the library do not cover this question.",
    "nearest": "The nearest documents:",
    "partial_title": (
        "The documents do not answer this exactly. The closest provisions "
        "(they may not answer what you asked):"
    ),
    "answer_title": "According to the documents:",
    "generated_title": "Answer (written from the cited passages):",
    "sources": "Sources:",
    "empty_question": "What would you like to ask? For example: /ask What papers do I need?",
    "unknown_command": "I do not know the command {command}. Type /help for the commands.",
    "docs_none_readable": "There are no documents you may read here.",
    "library_empty": "The library has no documents yet.",
    "docs_title": "Documents in the library ({count}):",
    "internal_error": "Sorry, something went wrong while handling this. Please try again later.",
    "problem": "That could not be done: {detail}",
    "album_name": "an album of {count} photos",
    "file_unreadable": "Could not read the file {name}: {reason}",
    "too_many_files": "I only handle the first {limit} files of a message.",
    "file_unsupported": (
        "this file type is not supported "
        "(PDF, DOCX, XLSX, TXT, Markdown, HTML, JPEG, PNG, TIFF, HEIC)"
    ),
    "file_too_large": "the file is too large",
    "file_over_platform_limit": (
        "Telegram lets bots download files of up to 20 MB; send a smaller copy, or ask the "
        "administrator to run their own Bot API server"
    ),
    "file_too_many_pages": "the file has too many pages",
    "file_download_failed": (
        "the file could not be downloaded from the chat platform; please send it again"
    ),
    "file_empty": "the file is empty",
    "file_corrupt": "the file is damaged",
    "file_encrypted": "the file is password-protected; please send an unprotected copy",
    "file_zip_bomb": "the archive inside the file is abnormally large and was refused for safety",
    "file_no_text_layer": "the PDF is a scan with no text layer (it needs OCR)",
    "file_ocr_missing": (
        "it is a scan or photo and needs OCR, which is not installed on the server: ask the IT "
        "officer to run: apt-get install tesseract-ocr tesseract-ocr-vie"
    ),
    "file_ocr_unreadable": "it is a scan or photo, and OCR found no legible text in it",
    "ocr_progress": "Reading page {page} of {pages} by OCR…",
    "file_not_text": "the file is not text",
    "file_timeout": (
        "reading the file took too long and was stopped; send a smaller or simpler copy"
    ),
    "file_too_complex": (
        "the file is too complex and needs too much memory to read; refused for safety"
    ),
    "file_unsafe_xml": (
        "the file carries unsafe XML declarations (DTD, entities); refused for safety"
    ),
    "file_wrong_type": (
        "the file extension does not match its content; check the format and send it again"
    ),
    "file_legacy_office": (
        "this is an old Word/Excel format (.doc, .xls); save it as .docx or .xlsx and resend"
    ),
    "rate_limited": "You are sending messages a little fast. Please wait a moment and ask again.",
    "working": "Looking it up…",
    "feedback_useful": "👍 Useful",
    "feedback_not_useful": "👎 Not useful",
    "feedback_thanks": "Thank you for the feedback!",
    "feedback_not_counted": (
        "Thank you, but this click was not counted: only the person who asked, or a member "
        "of the chat who may read the cited documents, can rate this answer."
    ),
    "feedback_unknown": "That answer is no longer known.",
    "digest_not_allowed": "You may not manage digests; that is for administrators and leaders.",
    "digest_bad_schedule": (
        "That schedule is wrong: {detail}. For example: /digest subscribe 17:00, /digest "
        "subscribe 08:30 weekdays, /digest subscribe cron 0 16 * * fri"
    ),
    "digest_subscribed": "This channel now receives digests: {what}",
    "digest_unsubscribed": "This channel no longer receives digests.",
    "digest_none_here": "This channel has no digest subscription (/digest subscribe 17:00).",
    "digest_list_empty": "No channel receives digests yet.",
    "digest_list_title": "Channels receiving digests ({count}):",
    "digest_now_sent": "The digest has been posted.",
    "digest_now_resumed": "The digest has been posted.",
    "digest_now_already": "This digest is being posted or was just posted.",
    "digest_now_queued": "The digest is queued for the process that serves this chat.",
    "digest_now_taken_over": "Another process is posting this digest.",
    "digest_chat_only": (
        "Digests go to a Telegram or Zalo group or a Slack channel: type this command there."
    ),
    "digest_help": (
        "Scheduled digests: /digest subscribe 17:00 [weekdays] [en] [office] | /digest "
        "subscribe cron 0 16 * * fri | /digest preview | /digest now | /digest list | /digest "
        "unsubscribe. A digest reports this chat's own questions and files; add 'office' for "
        "the whole office's (leaders' channels only)."
    ),
    "zalo_feedback": "Reply 1 if this answer helped, 0 if it is wrong.",
    "zalo_chart_omitted": (
        "The chart is not sent through Zalo: the server has no public address (zalo_public_url)."
    ),
    "zalo_attachment": (
        "Zalo does not pass attachments on to the bot. For a paper document, send a photo of "
        "each page here; send PDF or DOCX files through Telegram, Slack or the command line "
        "(vanthu ingest). Questions you can type here."
    ),
    "unsupported_message": (
        "I can read text messages and document files (PDF, DOCX, XLSX, TXT, HTML). Type a "
        "question or send a file."
    ),
    "page": "page",
    "digest_title": "vanthu digest {start} – {end}",
    "digest_nothing_new": (
        "Nothing new in this period: no questions, summaries or library changes, and no "
        "deadlines in the coming 7 days."
    ),
    "digest_activity": "Activity in the period:",
    "digest_questions": "Questions: {count} ({change})",
    "digest_not_covered": "Not answered by the documents: {count} ({change})",
    "digest_summaries_count": "Files summarized: {count} ({change})",
    "digest_documents_count": "Library changes: {count} ({change})",
    "digest_feedback": "Feedback on answers: {useful} useful, {not_useful} not useful",
    "digest_change_up": "+{delta} on the last period",
    "digest_change_down": "-{delta} on the last period",
    "digest_change_none": "same as the last period",
    "digest_gaps": "Questions the documents could not answer, by topic (documents to add):",
    "digest_no_gaps": "The documents answered every question in the period.",
    "digest_topic_count": "{label}: {count} question(s)",
    "digest_topic_other": "other questions",
    "digest_gaps_more": "… and {count} other unanswered question(s).",
    "digest_topics": "Most asked topics:",
    "digest_summaries": "Files summarized ({count}):",
    "digest_deadlines": "Deadlines in the coming 7 days ({count}):",
    "digest_due": "{weekday} {date}",
    "digest_due_today": "⚠ TODAY, {weekday} {date}",
    "digest_due_tomorrow": "⚠ TOMORROW, {weekday} {date}",
    "digest_library": "Library changes ({count}):",
    "digest_added": "Added",
    "digest_changed": "Changed",
    "digest_removed": "Removed",
    "digest_more": "… and {count} more",
    "digest_chart_title": "Questions per day",
    "digest_chart_days": "Day",
    "digest_chart_count": "Questions",
    "digest_chart_questions": "Questions",
    "digest_chart_not_covered": "Not covered",
    "weekday_0": "Monday",
    "weekday_1": "Tuesday",
    "weekday_2": "Wednesday",
    "weekday_3": "Thursday",
    "weekday_4": "Friday",
    "weekday_5": "Saturday",
    "weekday_6": "Sunday",
    "cmd_help": "this help",
    "cmd_ask": "ask the documents (or just type the question)",
    "cmd_ask_args": "<question>",
    "cmd_docs": "the documents in the library",
    "cmd_digest": "scheduled digests for leaders (/digest help)",
    "cmd_digest_args": "subscribe | preview | now | list | unsubscribe",
    "cmd_whois": "who you are to the bot and what you may read here",
    "cmd_grant": "give a role or the reading of a collection (/grant help)",
    "cmd_grant_args": "<who> <role|collection>",
    "cmd_revoke": "take a role or a reading back",
    "cmd_revoke_args": "<who> <role|collection>",
    "cmd_link": "make two accounts one person",
    "cmd_link_args": "<account> <account>",
    "cmd_label": "label a collection's sensitivity",
    "cmd_label_args": "<collection> <public|internal|confidential>",
    "cmd_add": "add a file just summarized to the library",
    "cmd_add_args": "<file code> <collection>",
    "cmd_quit": "leave",
    "cmd_consolidate": "a round of units' reports to consolidate (/consolidate for how)",
    "cmd_consolidate_args": (
        "<title>, due DD/MM/YYYY, units: A; B | progress | unit <name> | done | cancel"
    ),
    "round_usage": (
        "How to use it:\n/consolidate <title>, due DD/MM/YYYY, units: A; B; C — open a round "
        "(add «template: NAME» for a registered template)\nThen send the report files to this "
        "chat (several at once is fine).\n/consolidate progress — who has reported\n"
        "/consolidate unit <name> — correct the unit of the file you just sent\n"
        "/consolidate same <label in the file> = <template's label>, /consolidate notsame "
        "<label> — confirm or refuse a label matched approximately\n/consolidate "
        "done — close the round, get the workbook and the analysis\n/consolidate cancel — "
        "cancel the round"
    ),
    "round_managers_only": "Only leaders and administrators open, close or cancel a round.",
    "round_none": (
        "No report round is open in this chat. Open one: /consolidate <title>, due DD/MM/YYYY, "
        "units: A; B; C"
    ),
    "round_bad_date": "The due date is not a date; write it as DD/MM/YYYY, e.g. 15/01/2027.",
    "round_unknown_template": "No template is named «{name}». Registered templates: {names}.",
    "round_already_open": (
        "The round «{title}» is open here; /consolidate done or /consolidate cancel it first."
    ),
    "round_opened": "Report round opened: {title}",
    "round_deadline": "Due: {date}",
    "round_expected": "Units to report ({count}): {units}",
    "round_template": "Template: {name}",
    "round_template_first": "Template: the first file received",
    "round_how": (
        "Units or the specialist send the report files (Excel, Word, PDF) here; /consolidate "
        "progress shows who has reported, /consolidate done consolidates."
    ),
    "round_received": "Received the report of {unit} ({done}/{total}).",
    "round_received_open": "Received the report of {unit} ({count} files in the round).",
    "round_progress_title": "Progress of «{title}»",
    "round_progress_counts": "{done}/{total} units reported ({files} files)",
    "round_reported": "Reported: {units}",
    "round_missing": "Not yet reported: {units}",
    "round_files": "{files} files received",
    "round_unexpected": "Not on the list: {units}",
    "round_file_unreadable": (
        "Could not read the file {name}: {reason}. It is not counted; the reports already "
        "received stay as they are."
    ),
    "round_template_unreadable": (
        "Could not check {name}: the round's template holds no table with labelled rows and "
        "columns."
    ),
    "round_no_table": "No table like the template in {name}; it is not counted.",
    "round_unit_from": (
        "The unit of {name} was read from {source}; if it is wrong, send /consolidate unit <name>."
    ),
    "round_source_given": "the name you gave",
    "round_source_header": "the document's header",
    "round_source_cell": "its «Đơn vị báo cáo» line",
    "round_source_file": "the file name",
    "round_source_sender": "the sender",
    "round_unit_unexpected": "{unit} is not on the round's list of units.",
    "round_findings": "To look at ({count}):",
    "round_matches": (
        "{count} row/column labels matched the template approximately (please confirm):"
    ),
    "round_label_hint": (
        "If they are right, nothing to do; if not, send /consolidate notsame <label in the "
        "file>, or /consolidate same <label in the file> = <template's label>."
    ),
    "round_label_usage": (
        "Usage: /consolidate same <label in the file> = <template's label>, or "
        "/consolidate notsame <label in the file>."
    ),
    "round_label_same": (
        "Noted: «{found}» is the template's «{target}» (used when the round closes)."
    ),
    "round_label_not_same": (
        "Noted: «{found}» is none of the template's labels; that row or column is not summed."
    ),
    "round_unit_usage": "Usage: /consolidate unit <name> (corrects the file you sent last).",
    "round_unit_no_file": "You have not sent a file in this round.",
    "round_unit_corrected": "The file {name} now counts for {unit}.",
    "round_nothing_to_close": "The round has received no file to consolidate yet.",
    "round_close_failed": (
        "Could not consolidate: the template holds no table with labelled rows and columns."
    ),
    "round_cancelled": "The round «{title}» is cancelled.",
    "round_closed": "Consolidated: {title}",
    "round_workbook": "The consolidated workbook (Excel) is attached.",
    "file_elsewhere": (
        "Zalo does not let bots send files: the workbook {names} is available through Telegram, "
        "Slack or the vanthu reports command on the server."
    ),
    "file_not_sent": (
        "Could not share the file {name} here (the bot needs files:write and must be in the "
        "channel)."
    ),
    "file_saved": "File saved: {path}",
    "round_no_deadline": "not set",
    "digest_rounds": "Report rounds open ({count}):",
    "digest_round": "{title} — due {date}: {done}/{total} reported",
    "digest_round_open": "{title} — due {date}: {files} files received",
    "digest_round_missing": "Not yet reported: {units}",
    "bye": "Goodbye.",
}
