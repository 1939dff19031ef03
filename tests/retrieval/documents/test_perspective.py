"""A page photographed at an angle on a desk: its corners found, the page drawn flat and read."""

from __future__ import annotations

from PIL import Image, ImageFilter

from retrieval.documents.ocr import OcrOptions, TesseractOcr
from retrieval.documents.perspective import flattened, page_corners, perspective_coefficients
from tests.scans import DECISION, NUMBER, needs_tesseract, page_image

# Where the corners of an A4 page (2480 x 3508) land on a 3200 x 4300 photo of the desk: the far
# edge narrower, the page turned a little.
SEEN = ((560.0, 450.0), (2650.0, 390.0), (2900.0, 3950.0), (300.0, 3880.0))
PAGE = ((0.0, 0.0), (2480.0, 0.0), (2480.0, 3508.0), (0.0, 3508.0))


def _photographed(page: Image.Image) -> Image.Image:
    """The page as a phone sees it lying on a grey desk, slightly blurred."""
    seen = page.transform(
        (3200, 4300),
        Image.Transform.PERSPECTIVE,
        perspective_coefficients(SEEN, PAGE),
        resample=Image.Resampling.BICUBIC,
        fillcolor=70,
    )
    return seen.filter(ImageFilter.GaussianBlur(1))


def test_the_coefficients_take_each_corner_to_its_corner() -> None:
    """Pillow's perspective coefficients map the target corners onto the source corners."""
    a, b, c, d, e, f, g, h = perspective_coefficients(SEEN, PAGE)
    for (x, y), (u, v) in zip(SEEN, PAGE, strict=True):
        w = g * x + h * y + 1
        assert abs((a * x + b * y + c) / w - u) < 1e-6
        assert abs((d * x + e * y + f) / w - v) < 1e-6


def test_the_corners_of_a_page_on_a_desk_are_found() -> None:
    """Each corner within 1% of the photo's width; the page comes out upright, about A4 in
    shape (a photo keeps no exact proportions), and all paper: none of the desk left."""
    import numpy as np  # noqa: PLC0415

    photo = _photographed(page_image(DECISION))
    corners = page_corners(photo)
    assert corners is not None
    for (x, y), (want_x, want_y) in zip(corners, SEEN, strict=True):
        assert abs(x - want_x) < 32 and abs(y - want_y) < 32
    flat = flattened(photo)
    assert abs(flat.height / flat.width - 3508 / 2480) < 0.1
    pixels = np.asarray(flat)
    for edge in (pixels[:20], pixels[-20:], pixels[:, :20], pixels[:, -20:]):
        assert edge.mean() > 200


def test_a_scan_or_a_photo_from_above_is_left_as_it_is() -> None:
    """All paper (a scan), or paper running to the edges in uneven light: nothing to flatten."""
    page = page_image(DECISION)
    assert page_corners(page) is None and flattened(page) is page
    shade = Image.linear_gradient("L").resize(page.size).point(lambda v: 255 - v * 60 // 100)
    shaded = Image.composite(page, Image.new("L", page.size, 0), shade)
    assert page_corners(shaded) is None


@needs_tesseract
def test_a_page_photographed_at_an_angle_is_read() -> None:
    """The number and the articles read back from the angled photo."""
    found = TesseractOcr(OcrOptions()).read(_photographed(page_image(DECISION)))
    assert NUMBER in found.text
    assert "cải cách hành chính" in found.text and "Điều 2." in found.text


def test_odd_pictures_are_left_as_they_are() -> None:
    """One grey level, a bright triangle, a thin bright diamond and a sheet turned 45 degrees
    on a desk: no sheet to draw flat, so each picture comes back as it is, without an error."""
    from PIL import ImageDraw  # noqa: PLC0415

    pictures = [Image.new("L", (600, 800), 128)]
    for shape in (
        [(100, 700), (500, 700), (300, 100)],  # a triangle
        [(300, 100), (320, 400), (300, 700), (280, 400)],  # a thin diamond
        [(300, 120), (520, 400), (300, 680), (80, 400)],  # a sheet turned 45 degrees
    ):
        picture = Image.new("L", (600, 800), 60)
        ImageDraw.Draw(picture).polygon(shape, fill=235)
        pictures.append(picture)
    for picture in pictures:
        assert flattened(picture) is picture
