"""PDFs gone bad: hand-written objects nested deep, page-count claims, stream bombs, scans."""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Iterator

from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from tests.documents import DECREE_LINES, FONT
from tests.security.bad_files.common import FAILED, BadFile, _bad, _Valid


def valid_pdf(pages: int = 3) -> bytes:
    """A real PDF with Vietnamese text on each page."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for number in range(pages):
        pdf.add_page()
        for line in DECREE_LINES:
            pdf.multi_cell(0, 6, f"{line} ({number + 1})", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF of page images only: what a scanner produces, with no text layer."""
    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20):
        draw.text((40, 40 + row * 36), f"CONG VAN SO {row}/UBND-VP", fill=0)
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


# --- PDF objects --------------------------------------------------------------------------


def raw_pdf(page_extra: bytes = b"", *, count: int = 1, more: tuple[bytes, ...] = ()) -> bytes:
    """A hand-written PDF: catalog, page tree declaring `count` pages, one page, extra objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page_extra + b" >>",
        *more,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def flate_stream(size: int) -> bytes:
    """A content stream object that inflates to `size` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + (b"\nendstream")
    )


def pdf_with_pages(pages: int) -> bytes:
    """A real PDF of many tiny blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(10, 10)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(source: bytes, user: str, owner: str, algorithm: str) -> bytes:
    """A copy of a PDF encrypted by pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_structure(_rng: random.Random, _valid: _Valid) -> Iterator[BadFile]:
    for depth in (100, 1000, 10_000, 100_000, 500_000):
        arrays = b"/Foo " + b"[" * depth + b"]" * depth
        dicts = b"/Foo " + b"<< /A " * depth + b">>" * depth
        yield _bad("nested_pdf", f"mang-{depth}.pdf", raw_pdf(arrays), *FAILED)
        yield _bad("nested_pdf", f"tu-dien-{depth}.pdf", raw_pdf(dicts), *FAILED)
        yield _bad("nested_pdf", f"mo-{depth}.pdf", raw_pdf(b"/Foo " + b"[" * depth), *FAILED)
    loop = raw_pdf(b"/Resources 3 0 R", more=(b"<< /Kids [2 0 R] >>",))
    yield _bad("nested_pdf", "vong-lap.pdf", loop, *FAILED)
    for count in (100_000, 10**9, 10**15):
        yield _bad("pdf_pages", f"trang-{count}.pdf", raw_pdf(count=count), "too_many_pages")
    yield _bad("pdf_pages", "trang-am.pdf", raw_pdf(count=-1), *FAILED)
    yield _bad("pdf_pages", "trang-2500.pdf", pdf_with_pages(2500), "too_many_pages")
    for mib in (16, 128, 400):
        bomb = raw_pdf(b"/Contents 4 0 R", more=(flate_stream(mib << 20),))
        yield _bad("pdf_stream_bomb", f"bom-{mib}mb.pdf", bomb, *FAILED)
    for pages in (1, 3, 5):
        yield _bad("scanned_pdf", f"ban-quet-{pages}.pdf", scanned_pdf(pages), "no_text_layer")
