"""Read an article saved as plain text into an :class:`~narrate.models.Article`.

The layout is what an editor gets by copying a provincial news page (baodongthap.vn and the
like) into a text file, one paragraph per line::

    Title

    Cập nhật ngày: 03/06/2020 16:49:04

    ĐTO - Lead paragraph ...

    A photo caption with no final punctuation

    Body paragraphs ...

    BYLINE IN CAPITALS

    Gửi bình luận của bạn

Only the title and one paragraph are required; every other part has a fallback that is noted in
``Article.warnings`` so ``narrate check`` can tell the editor what was guessed.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from narrate.errors import ArticleError, InputError
from narrate.models import Article, Block

__all__ = [
    "FURNITURE_PATTERNS",
    "MAX_ARTICLE_BYTES",
    "TRAILER_PATTERNS",
    "decode_article",
    "normalize_text",
    "parse_article",
    "read_article",
]

# A news article is a few kilobytes; anything this big is the wrong file, and refusing it early
# keeps a stray video or database dump from being read into memory and parsed.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

NEWSROOM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Whole lines that belong to the web page, not the article (matched case-insensitively against
# the complete line). Add a pattern here when a new site leaves other links behind.
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"gửi bình luận(?: của bạn)?",
    r"(?:\d+\s+)?bình luận(?:\s*\(\d+\))?",
    r"(?:gửi )?ý kiến(?: bạn đọc| của bạn)?",
    r"chia sẻ(?: bài viết)?(?:\s+(?:qua|lên)\s+\w+)?\s*:?",
    r"facebook|zalo|twitter|e-?mail|share|tweet|like|thích",
    r"in(?: bài(?: viết)?)?|bản in|print",
    r"(?:tags?|từ khóa|từ khoá)\s*:.*",
    r"xem thêm\s*:?",
    r"(?:lên|về) đầu trang|quay lại|trở về|trang chủ(?:\s*[>»›/|].*)?",
)

# Lines after which the rest of the page is lists of other stories; they and everything below
# them are dropped (only once the article itself has begun).
TRAILER_PATTERNS: tuple[str, ...] = (
    r"tin (?:liên quan|cùng chuyên mục|khác|mới(?: nhất)?|đọc nhiều|xem nhiều)\s*:?",
    r"(?:các )?(?:bài viết|bài) (?:liên quan|khác)\s*:?",
    r"có thể bạn quan tâm\s*:?",
)

_FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)
_TRAILER = re.compile("|".join(f"(?:{p})" for p in TRAILER_PATTERNS), re.IGNORECASE)

# Characters a copy from a browser leaves in the text that are never spoken.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# A sentence or a quotation ends here: such a line is prose, never a caption.
_FINAL_PUNCTUATION = (".", "!", "?", "…", ":", ";", "”", '"')

# A dateline marker at the start of the lead: "ĐTO - ", "VOV.VN - ", "(TTXVN) - ",
# "Hà Nội (TTXVN) - ". The dash must be followed by a space so "COVID-19 ..." is not a marker.
_BARE_CODE = re.compile(r"(?P<code>[^\W_][\w]*(?:\.[A-Za-z]{2,4})?)\s*[-–—](?:\s+|$)")
_PAREN_CODE = re.compile(
    r"(?P<place>[^\W\d_][^()\-–—.!?]{0,40}?\s*)?\((?P<code>[^()\n]{2,30})\)\s*[-–—]\s*"
)

# The publication line: an optional label, then only a date, a time, a weekday and a zone.
_DATE_LABEL = re.compile(
    r"(?:ngày |thời gian )?(?:cập nhật|đăng|xuất bản|published|updated)"
    r"(?:\s+(?:ngày|lúc))?(?:\s*:\s*|\s+(?=\d))",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(?<!\d)(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))(?!\d)"
)
_TIME = re.compile(r"(?<!\d)(?P<H>\d{1,2})\s*[:hH]\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?(?!\d)")
_DATE_FILLER = re.compile(
    r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật|\bcn\b|\(?(?:gmt|utc)\s*\+\s*0?7\)?"
    r"|\bngày\b|\blúc\b|[\s,|\-–—]",
    re.IGNORECASE,
)

# A credit label some papers print before the byline ("Bài và ảnh: HỮU NGHĨA").
_CREDIT_LABEL = re.compile(r"(?:bài|tin)(?:\s*(?:và|,)\s*ảnh)?\s*:\s*", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(r"\s+[-–&]\s+|\s*,\s*|\s+")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[.'][^\W\d_]+)*\.?")
_MAX_BYLINE_WORDS = 5

# A caption names itself as a photo ("Ảnh: ...", "... (Ảnh: MINH TÂM)", "... - Ảnh: TTXVN").
_PHOTO_LABEL = re.compile(r"ảnh(?: minh họa| minh hoạ)?\s*:\s*", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(r"(?:\(\s*ảnh\b[^()]*\)|[-–]\s*ảnh\s*:[^.!?]*)$", re.IGNORECASE)
# Without a label, a caption must be long enough not to be a subheading ("Kết quả khả quan").
_MIN_CAPTION_CHARS = 40
_MIN_CAPTION_WORDS = 6

# Title and publication line: the lines where a date with no label is still metadata.
_HEADER_LINES = 3

# A first line this long is a paragraph: the headline is missing.
_MAX_TITLE_CHARS = 300

_BINARY_SAMPLE_BYTES = 8192
_MAX_CONTROL_SHARE = 0.3
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")


def decode_article(data: bytes, source: str) -> str:
    """Turn the bytes of an article file into NFC text with LF line ends.

    Raises :class:`InputError` with one line naming ``source`` for input that is empty, binary
    or not UTF-8, because an editor can fix each of those by re-saving the file.
    """
    name = _display_name(source, "the input")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8 and try again")
    if _looks_binary(data):
        raise InputError(
            f"{name} looks like a binary file, not text; give the article as a UTF-8 .txt file"
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        position = bom + error.start
        line = data.count(b"\n", 0, position) + 1
        raise InputError(
            f"{name} is not UTF-8 text (byte 0x{data[position]:02x} on line {line}, "
            f"position {position}); save it as UTF-8 and try again"
        ) from None
    if not any(char.isprintable() and not char.isspace() for char in text):
        raise InputError(f"{name} is empty; put the article text in it and try again")
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """LF line ends and NFC, so every later rule sees one spelling of each letter and break."""
    return unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))


def parse_article(text: str, *, source: str = "") -> Article:
    """Find the parts of a plain-text article; see the module docstring for the layout.

    Raises :class:`ArticleError` when there is no title or no paragraph; any other missing part
    is left empty and described in ``Article.warnings``.
    """
    name = _display_name(source, "the article text")
    lines = _content_lines(normalize_text(text))
    published, lines, warnings = _take_publication_time(lines)
    if not lines:
        raise ArticleError(f"{name} has no title: it holds no article text")
    title, body = lines[0], lines[1:]
    _check_title(title, name)
    source_code, body = _take_source_code(body)
    if not body:
        raise ArticleError(
            f"{name} has a title but no paragraph; put the article text under the title"
        )
    author, body = _take_author(body)
    if author is None:
        warnings.append(
            "no byline: expected the author's name in capitals (such as 'MINH TÂM') "
            "on its own line after the last paragraph"
        )
    return Article(
        title=title,
        blocks=_blocks(body),
        published=published,
        source_code=source_code,
        author=author,
        source=source,
        warnings=tuple(warnings),
    )


def read_article(path: Path) -> Article:
    """Read, decode and parse one plain-text article file.

    Every way the file can fail to open becomes one :class:`InputError` line, so the CLI can
    report a batch of files without a traceback.
    """
    name = _display_name(str(path), "the article file")
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError(f"{name} is a directory; give the path of an article .txt file")
        if not stat.S_ISREG(status.st_mode):
            raise InputError(f"{name} is not a regular file; give the path of an article .txt file")
        if status.st_size > MAX_ARTICLE_BYTES:
            raise InputError(_too_big(name, status.st_size))
        with path.open("rb") as file:
            # Read one byte past the limit: the file may have grown since stat().
            data = file.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name} does not exist; check the path and try again") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory; give the path of an article .txt file") from None
    except PermissionError:
        raise InputError(
            f"{name} cannot be read (permission denied); check the file's permissions"
        ) from None
    except ValueError:  # a NUL in the path, which no file system accepts
        raise InputError(f"{name} is not a valid file name; check the path") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(
            f"{name} cannot be read ({reason}); check the path and try again"
        ) from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(_too_big(name, len(data)))
    return parse_article(decode_article(data, name), source=str(path))


def _display_name(source: str, fallback: str) -> str:
    """The source as it can be shown on one line (a file name may hold a newline)."""
    if not source:
        return fallback
    return source if source.isprintable() else repr(source)


def _too_big(name: str, size: int) -> str:
    limit_mb = MAX_ARTICLE_BYTES // (1024 * 1024)
    return (
        f"{name} is larger than {limit_mb} MB ({size:,} bytes), far too big for an article; "
        "check that it is the right file"
    )


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: an image, archive or office file, not text."""
    if b"\x00" in data:
        return True
    sample = data[:_BINARY_SAMPLE_BYTES]
    if not sample:
        return False
    controls = sum(
        1 for byte in sample if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS
    )
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _clean_line(line: str) -> str:
    """Drop invisible characters and collapse whitespace, so rules can match whole lines."""
    return " ".join(_CONTROL.sub(" ", line.translate(_INVISIBLE)).split())


def _content_lines(text: str) -> list[str]:
    """Non-empty lines without page furniture, cut at the first list of other stories."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _clean_line(raw)
        if not line or _FURNITURE.fullmatch(line):
            continue
        if _TRAILER.fullmatch(line):
            if len(lines) >= 2:
                break
            continue  # a stray label above the article: drop it alone
        lines.append(line)
    return lines


def _take_publication_time(lines: list[str]) -> tuple[datetime | None, list[str], list[str]]:
    """Remove the date lines; the first one gives the publication time.

    A labelled line ("Cập nhật ngày: ...") counts anywhere; a bare date only in the header,
    so a body line such as "Ngày 03/06/2020" (a chronicle's subheading) stays text.
    """
    published: datetime | None = None
    found = False
    warnings: list[str] = []
    remaining: list[str] = []
    for index, line in enumerate(lines):
        date_match = _date_line(line, bare=index < _HEADER_LINES)
        if date_match is None:
            remaining.append(line)
            continue
        if found:
            continue
        found = True
        published, warning = _publication_time(line, *date_match)
        if warning:
            warnings.append(warning)
    if not found:
        warnings.append(
            "no publication date: expected a line such as 'Cập nhật ngày: 03/06/2020 16:49:04' "
            "under the title"
        )
    return published, remaining, warnings


def _date_line(
    line: str, *, bare: bool
) -> tuple[re.Match[str] | None, re.Match[str] | None] | None:
    """The date and time of a publication line, or None when the line is something else.

    A publication line starts with a label and a colon ("Cập nhật ngày:", "Ngày đăng:"),
    whatever follows; or holds only a date, a time, a weekday and a zone, after a label or,
    when ``bare`` is allowed, without one.
    """
    label = _DATE_LABEL.match(line)
    rest = line[label.end() :] if label else line
    date = _DATE.search(rest)
    leftover = _blank(rest, date)
    time = _TIME.search(leftover)
    leftover = _blank(leftover, time)
    only_date = date is not None and not _DATE_FILLER.sub("", leftover)
    if label is not None and (only_date or ":" in label.group(0)):
        return date, time
    if bare and only_date:
        return date, time
    return None


def _blank(text: str, match: re.Match[str] | None) -> str:
    return text if match is None else f"{text[: match.start()]} {text[match.end() :]}"


def _publication_time(
    line: str, date: re.Match[str] | None, time: re.Match[str] | None
) -> tuple[datetime | None, str | None]:
    if date is None:
        return None, f"no date could be read in '{line}'; the publication date is left empty"
    if date["y"]:
        year, month, day = int(date["y"]), int(date["m"]), int(date["d"])
        if year < 100:
            year += 2000
    else:
        year, month, day = int(date["iy"]), int(date["im"]), int(date["id"])
    hour, minute, second = (
        (int(time["H"]), int(time["M"]), int(time["S"] or 0)) if time else (0, 0, 0)
    )
    try:
        published = datetime(year, month, day, hour, minute, second, tzinfo=NEWSROOM_TZ)
    except ValueError:
        return None, f"'{line}' is not a real date and time; the publication date is left empty"
    if time is None:
        return published, f"'{line}' has a date but no time; 00:00 is assumed"
    return published, None


def _check_title(title: str, name: str) -> None:
    """A lead or a long paragraph in first place means the editor left the headline out."""
    marker = _source_code_match(title)
    # A headline may start like a marker ("ĐBSCL - vựa lúa ...") but does not end a sentence.
    if marker is not None and title.rstrip("”\"')»").endswith((".", "…")):
        raise ArticleError(
            f"{name} has no title: its first line is the lead ('{marker.group(0).strip()} …'); "
            "put the headline on the first line"
        )
    if len(title) > _MAX_TITLE_CHARS:
        raise ArticleError(
            f"{name} has no title: its first line is {len(title)} characters long, a paragraph "
            "rather than a headline; put the headline on the first line"
        )


def _source_code_match(line: str) -> re.Match[str] | None:
    """The dateline marker at the start of ``line``, checked to be a code and not prose."""
    paren = _PAREN_CODE.match(line)
    if paren is not None:
        # "(Chinhphu.vn) - " may be mixed case; after a place name ("Hà Nội (TTXVN) - ") only an
        # agency code is accepted, so "Ông A (Giám đốc Sở) - ..." stays prose.
        code = paren["code"].strip()
        if _is_code(code) or (paren["place"] is None and code[0].isupper()):
            return paren
        return None
    bare = _BARE_CODE.match(line)
    return bare if bare is not None and _is_code(bare["code"]) else None


def _is_code(code: str) -> bool:
    """Capitals with an optional domain: "ĐTO", "TTXVN", "VOV.VN", "VTV.vn"."""
    head, _, domain = code.partition(".")
    return len(head) >= 2 and head.isalnum() and head.isupper() and (not domain or domain.isalpha())


def _take_source_code(body: list[str]) -> tuple[str | None, list[str]]:
    """Split the dateline marker off the lead: it is print convention, not speech."""
    if not body:
        return None, body
    marker = _source_code_match(body[0])
    if marker is None:
        return None, body
    lead = body[0][marker.end() :].strip()
    rest = body[1:]
    return marker["code"].strip(), ([lead, *rest] if lead else rest)


def _take_author(body: list[str]) -> tuple[str | None, list[str]]:
    """A short last line in capitals after at least one paragraph is the byline."""
    if len(body) < 2:
        return None, body
    last = body[-1]
    label = _CREDIT_LABEL.match(last)
    name = last[label.end() :] if label else last
    words = [word for word in _NAME_SEPARATOR.split(name) if word]
    if (
        1 <= len(words) <= _MAX_BYLINE_WORDS
        and len(name) >= 2
        and name.isupper()
        and all(_NAME_WORD.fullmatch(word) for word in words)
    ):
        return name, body[:-1]
    return None, body


def _blocks(body: list[str]) -> tuple[Block, ...]:
    lead, *rest = body
    return (Block("lead", lead), *(_body_block(line) for line in rest))


def _body_block(line: str) -> Block:
    label = _PHOTO_LABEL.match(line)
    if label is not None and line[label.end() :]:
        return Block("caption", line[label.end() :])
    if _is_caption(line):
        return Block("caption", line)
    return Block("paragraph", line)


def _is_caption(line: str) -> bool:
    """A standalone line that names a photo, or is long prose with no closing punctuation."""
    if _PHOTO_CREDIT.search(line):
        return True
    return (
        not line.endswith(_FINAL_PUNCTUATION)
        and len(line) >= _MIN_CAPTION_CHARS
        and len(line.split()) >= _MIN_CAPTION_WORDS
        and not line.isupper()  # a subheading in capitals
    )
