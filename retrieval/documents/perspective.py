"""A page photographed at an angle, found on the table it lies on and drawn flat.

A phone held over a sheet of paper sees it as a quadrilateral on a darker ground: narrower at the
far edge, turned, with the table around it. Tesseract reads such a page badly (the lines
converge, and the ground's edge is read as junk), so before OCR the page's four corners are found
on a small copy (the largest bright region: the paper; its corners the points farthest along the
four diagonals) and the page is drawn as a rectangle with one perspective transform. A picture
that is all paper (a scan, a photo cropped to the page) is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from PIL.Image import Image

# The paper is looked for on a copy this size (pixels, longest side).
FIND_SIZE = 400
# The paper must cover this share of the picture at least (a page photographed from afar still
# does) and at most (more is a scan or a photo already cropped to the page).
LEAST_PAPER, MOST_PAPER = 0.2, 0.9
# The ground must show all round the paper: a bright region that runs along the picture's edges
# is the lit part of a page photographed from above, not a sheet on a desk.
MOST_EDGE = 0.05
# The paper must fill its quadrilateral this well: a sheet, not a bright blotch of another shape.
LEAST_FILL = 0.9
# No side of the sheet is shorter than this share of the picture's shorter side.
LEAST_SIDE = 0.2

Corners = tuple[tuple[float, float], ...]


def page_corners(gray: Image) -> Corners | None:
    """The corners of the paper in the picture (top left, top right, bottom right, bottom left,
    in the picture's pixels), or None when the picture shows no sheet on a darker ground."""
    import numpy as np  # noqa: PLC0415
    from scipy import ndimage  # noqa: PLC0415

    small = gray.copy()
    small.thumbnail((FIND_SIZE, FIND_SIZE))
    pixels = np.asarray(small, dtype=np.float32)
    bright = pixels > _otsu(pixels)
    # The text is dark on the paper: with its holes filled, the sheet is one region.
    bright = ndimage.binary_fill_holes(bright)
    labels, count = ndimage.label(bright)
    if count == 0:
        return None
    sizes = np.bincount(labels.ravel())[1:]
    paper = labels == 1 + int(sizes.argmax())
    share = paper.mean()
    edge = np.concatenate([paper[0], paper[-1], paper[:, 0], paper[:, -1]])
    if not LEAST_PAPER <= share <= MOST_PAPER or edge.mean() > MOST_EDGE:
        return None
    ys, xs = np.nonzero(paper)
    sums, diffs = xs + ys, xs - ys
    picks = [sums.argmin(), diffs.argmax(), sums.argmax(), diffs.argmin()]
    corners = [(float(xs[i]) + 0.5, float(ys[i]) + 0.5) for i in picks]
    area, sides = _area(corners), _sides(corners)
    # A sheet: it fills its quadrilateral and the quadrilateral covers it (a page turned near
    # 45 degrees gives corners mid-edge), convex, no side much shorter than a page's.
    if not LEAST_FILL * area <= paper.sum() <= area / LEAST_FILL or not _convex(corners):
        return None
    if min(sides) < LEAST_SIDE * min(small.size):
        return None
    scale = gray.width / small.width
    return tuple((x * scale, y * scale) for x, y in corners)


def flattened(image: Image) -> Image:
    """The picture with the page photographed at an angle drawn as a flat rectangle, cut from
    the ground around it; any other picture as it is."""
    import numpy as np  # noqa: PLC0415

    try:
        corners = page_corners(image.convert("L"))
        if corners is None:
            return image
        return _drawn_flat(image, corners)
    except (np.linalg.LinAlgError, ValueError):  # no transform for these corners: as it is
        return image


def _drawn_flat(image: Image, corners: Corners) -> Image:
    from PIL import Image as PILImage  # noqa: PLC0415

    top_left, top_right, bottom_right, bottom_left = corners
    width = round(max(_distance(top_left, top_right), _distance(bottom_left, bottom_right)))
    height = round(max(_distance(top_left, bottom_left), _distance(top_right, bottom_right)))
    target = ((0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height)))
    return image.transform(
        (width, height),
        PILImage.Transform.PERSPECTIVE,
        perspective_coefficients(target, corners),
        resample=PILImage.Resampling.BICUBIC,
    )


def perspective_coefficients(target: Corners, source: Corners) -> tuple[float, ...]:
    """Pillow's eight coefficients of the perspective transform that takes each target corner
    to its source corner (Pillow maps each output pixel back to the input)."""
    import numpy as np  # noqa: PLC0415

    rows: list[list[float]] = []
    values: list[float] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    solved = np.linalg.solve(np.array(rows), np.array(values))
    return tuple(float(c) for c in solved)


def _otsu(pixels: NDArray[np.float32]) -> float:
    """The grey level that best splits the picture into two classes (Otsu's threshold)."""
    import numpy as np  # noqa: PLC0415

    counts = np.bincount(pixels.astype(np.uint8).ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(counts)
    total = weight[-1]
    mean = np.cumsum(counts * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * (total - weight))
    if not np.isfinite(between[:-1]).any():  # one grey level: nothing is brighter
        return float(pixels.max())
    return float(np.nanargmax(between[:-1]))


def _area(corners: list[tuple[float, float]]) -> float:
    """The area of a polygon from its corners in order (the shoelace formula)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _sides(corners: list[tuple[float, float]]) -> list[float]:
    return [_distance(a, b) for a, b in zip(corners, corners[1:] + corners[:1], strict=True)]


def _convex(corners: list[tuple[float, float]]) -> bool:
    """Whether the corners, in order, turn the same way at each one (a convex quadrilateral)."""
    turns = []
    for i, (x1, y1) in enumerate(corners):
        x2, y2 = corners[(i + 1) % len(corners)]
        x3, y3 = corners[(i + 2) % len(corners)]
        turns.append((x2 - x1) * (y3 - y2) - (y2 - y1) * (x3 - x2))
    return all(t > 0 for t in turns) or all(t < 0 for t in turns)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)
