"""Bad files: a deterministic corpus of broken and hostile documents in every supported format.

`bad_files(seed)` builds over 300 files in memory, each a `BadFile` with its kind, a file name
whose extension picks the reader, the bytes, and the outcomes it may have: reason codes of
UnreadableFile, or "read" when the file is damaged but still legible (a text file cut short).
Kinds: empty and whitespace-only files, random bytes, valid PDF/DOCX/XLSX/HTML/TXT/MD cut at
many offsets, zip containers with huge or understated declared sizes, too many entries, a high
compression ratio or nested zips, billion-laughs and external-entity XML in the parts of DOCX
and XLSX files and in HTML, encrypted PDFs (pypdf, RC4 and AES) and OLE "encrypted Office"
files, files with the wrong extension both ways, NUL-laden text, deeply nested PDF arrays and
dictionaries, PDFs claiming 100,000 pages, decompression bombs in PDF streams, scanned PDFs
without a text layer, HTML nested very deep and text on one huge line.

`write_bad_files(folder)` writes them to disk; nothing is committed to the repository.
`answer_all(files, services)` sends each file in a chat message through the router, as an edge
would, and tells what the bot answered and how long it took.

The corpus is assembled in `corpus.py` from the kinds of each format family: `office_zips.py`
(DOCX and XLSX containers, hostile XML), `pdfs.py`, `text_html.py`; what they share is in
`common.py`, the chat path in `chat.py`. The public names are all importable from here.
"""

from tests.security.bad_files.chat import Answered, answer_all, outcome_of
from tests.security.bad_files.common import FAILED, FORMATS, REASONS, BadFile
from tests.security.bad_files.corpus import bad_files, write_bad_files
from tests.security.bad_files.office_zips import (
    DOCX_ROOTS,
    OLE_MAGIC,
    S_NS,
    W_NS,
    XLSX_ROOTS,
    billion_laughs,
    docx_bytes,
    external_entity,
    office_parts,
    ole_file,
    patch_declared_size,
    quadratic_blowup,
    replace_part,
    set_encrypted_flag,
    valid_docx,
    valid_xlsx,
    zip_bytes,
)
from tests.security.bad_files.pdfs import (
    encrypted_pdf,
    flate_stream,
    pdf_with_pages,
    raw_pdf,
    scanned_pdf,
    valid_pdf,
)
from tests.security.bad_files.text_html import valid_html, valid_text

__all__ = [
    "DOCX_ROOTS",
    "FAILED",
    "FORMATS",
    "OLE_MAGIC",
    "REASONS",
    "S_NS",
    "W_NS",
    "XLSX_ROOTS",
    "Answered",
    "BadFile",
    "answer_all",
    "bad_files",
    "billion_laughs",
    "docx_bytes",
    "encrypted_pdf",
    "external_entity",
    "flate_stream",
    "office_parts",
    "ole_file",
    "outcome_of",
    "patch_declared_size",
    "pdf_with_pages",
    "quadratic_blowup",
    "raw_pdf",
    "replace_part",
    "scanned_pdf",
    "set_encrypted_flag",
    "valid_docx",
    "valid_html",
    "valid_pdf",
    "valid_text",
    "valid_xlsx",
    "write_bad_files",
    "zip_bytes",
]
