"""A drawn cover measures only what can fit: a megabyte title must not hang the drawing."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from narrate.publish.cover import MAX_TITLE_CHARS, cover_png, image_format


@pytest.mark.parametrize(
    "title",
    [
        "Ư" * 1_600_000,  # one endless word
        "Tin " * 400_000,  # 1.6 MB of short words
    ],
)
def test_a_huge_title_is_drawn_as_its_first_characters(title: str) -> None:
    cut = " ".join(title[: 2 * MAX_TITLE_CHARS].split())[:MAX_TITLE_CHARS]

    drawn = cover_png(title, size=200)

    assert drawn == cover_png(cut, size=200)
    with Image.open(io.BytesIO(drawn)) as image:
        assert image.size == (200, 200)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"root:x:0:0:root:/root:/bin/bash\n", None),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, None),  # a PNG signature and nothing after
        (b"", None),
    ],
)
def test_only_bytes_that_decode_as_png_or_jpeg_are_an_image(data: bytes, kind: str | None) -> None:
    assert image_format(data) == kind


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("GIF", None)])
def test_a_real_image_is_named_by_its_format(fmt: str, kind: str | None) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(buffer, format=fmt)

    assert image_format(buffer.getvalue()) == kind
