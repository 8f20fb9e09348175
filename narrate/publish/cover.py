"""A square cover for feeds that name no image (Apple refuses a show without one).

The feed title is drawn in Source Sans Pro, which covers every Vietnamese letter with its
precomposed glyph and installs from PyPI (no system fonts on a server). Text is laid out in
lines that fit, shrinking the size until the whole title fits in its box.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from narrate.config import FeedConfig
from narrate.errors import PublishError
from narrate.files import atomic_write, describe_os_error
from narrate.web import is_web_address

log = logging.getLogger(__name__)

COVER_VERSION = 2  # bump when the drawing changes, so covers are redrawn

COVER_SIZE = 1400  # Apple: square, 1400–3000 px
BACKGROUND = (0x0B, 0x3D, 0x5C)  # dark blue; white text on it has a contrast ratio of 11:1
BAND = (0xF2, 0xB1, 0x34)
TEXT = (0xFF, 0xFF, 0xFF)
MARGIN = 0.09  # of the side
MAX_LINES = 5
# Five lines of the smallest size hold some 150 characters; drawing a megabyte title took
# minutes, so only what can fit is ever measured.
MAX_TITLE_CHARS = 300
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # Apple's covers are at most 3000 px: a few megabytes
MAX_IMAGE_PIXELS = 3000 * 3000 * 4


def font_path(weight: str = "Bold") -> Path:
    import font_source_sans_pro

    return Path(font_source_sans_pro.font_directory) / f"SourceSansPro-{weight}.ttf"


def _wrap(text: str, font, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def cover_png(title: str, subtitle: str = "", size: int = COVER_SIZE) -> bytes:
    """A size×size PNG: the title in large white letters, a band, and a subtitle under it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = round(size * MARGIN)
    box_width, box_height = size - 2 * margin, round(size * 0.55)
    title = " ".join(title[: MAX_TITLE_CHARS * 2].split())[:MAX_TITLE_CHARS] or "narrate"
    bold = font_path("Bold")
    for points in range(round(size * 0.13), round(size * 0.035), -4):
        font = ImageFont.truetype(str(bold), points)
        lines = _wrap(title, font, box_width)
        line_height = round(points * 1.15)
        fits = all(font.getlength(line) <= box_width for line in lines)
        if fits and len(lines) <= MAX_LINES and line_height * len(lines) <= box_height:
            break
    top = margin + (box_height - line_height * len(lines)) // 2
    for index, line in enumerate(lines):
        draw.text((margin, top + index * line_height), line, font=font, fill=TEXT)
    band_top = margin + box_height + round(size * 0.04)
    draw.rectangle((margin, band_top, size - margin, band_top + round(size * 0.025)), fill=BAND)
    if subtitle:
        small = ImageFont.truetype(str(font_path("Semibold")), round(size * 0.05))
        sub_lines = _wrap(" ".join(subtitle[:MAX_TITLE_CHARS].split()), small, box_width)[:2]
        for index, line in enumerate(sub_lines):
            y = band_top + round(size * 0.07) + index * round(size * 0.065)
            draw.text((margin, y), line, font=small, fill=TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


EMBEDDED_SIZE = 600  # px: what a player or car radio shows; the full cover is in the feed


def embedded_cover(data: bytes) -> bytes:
    """A small JPEG of the cover for the MP3's APIC frame. Every episode carries one, so a
    1400 px PNG (about 100 KB) would add a sixth to a short episode's download."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB")
        small.thumbnail((EMBEDDED_SIZE, EMBEDDED_SIZE))
        buffer = io.BytesIO()
        small.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def image_format(data: bytes) -> str | None:
    """ "png" or "jpeg" when ``data`` decodes whole as that image, else None.

    A cover is copied into ``public/`` as is: a file named ``x.png`` that is a text file (or a
    link to ``/etc/passwd``) must never be served as the show's image.
    """
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return None
            image.load()
            return str(image.format).lower()
    except Exception:  # Pillow raises many kinds of error for a broken image
        return None


@dataclass(frozen=True)
class Cover:
    url: str
    data: bytes | None  # None: a remote image, not embedded in the MP3
    mime: str


def feed_cover(config: FeedConfig, public: Path) -> Cover:
    """The feed's cover in ``public``: its own image, or one drawn from its title, named by
    its content so a new cover is a new URL that apps fetch again; older covers are removed."""
    image = config.image
    if image and is_web_address(image):
        return Cover(image, None, "image/jpeg" if image.endswith(".jpg") else "image/png")
    try:
        if image:
            source = Path(image)
            suffix = source.suffix.lower().replace(".jpeg", ".jpg")
            data = source.read_bytes()
            name = f"cover-{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
        else:
            suffix = ".png"
            # Named by what it shows: a new title is a new URL that apps fetch again.
            subtitle = config.author if config.author not in config.title else ""
            seed = json.dumps([COVER_VERSION, config.title, subtitle], ensure_ascii=False)
            name = f"cover-{hashlib.sha256(seed.encode()).hexdigest()[:10]}.png"
        dest = public / name
        if dest.is_file():
            data = dest.read_bytes()
        else:
            if not image:
                data = cover_png(config.title, subtitle)
            atomic_write(dest, data)
        for old in public.glob("cover*.*"):
            if old.name != name and not old.name.endswith(".part"):
                _remove(old)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, image or "cover.png")) from None
    mime = "image/jpeg" if suffix == ".jpg" else "image/png"
    return Cover(config.base_url + name, data, mime)


def mp3_cover(data: bytes | None) -> bytes:
    """The cover made small for the MP3, or b"" for none (a remote image, or one Pillow
    cannot read: the episode is still published, without an embedded cover)."""
    if not data:
        return b""
    try:
        return embedded_cover(data)
    except (OSError, ValueError) as exc:  # Pillow cannot read the feed's image
        log.warning("the cover is not embedded in the MP3s: %s", exc)
        return b""


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None
