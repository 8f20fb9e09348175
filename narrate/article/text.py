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

The other layouts real copy comes in are read too (``../shared/VI-NEWS-LAYOUTS.md`` §1): an
aggregator's dump with the whole body on one line ending in the author's name, one paragraph per
line with a byline in normal case, hard-wrapped e-mail or wire copy, wire copy with a dateline
and a source line. Only the title and one paragraph are required; every other part has a
fallback that is noted in ``Article.warnings`` so ``narrate check`` can tell the editor what was
guessed.

The same rules read web pages, Word files and feed items: their readers hand
:func:`parse_lines` the paragraphs with what the markup already says (lead, heading, caption)
and metadata that wins over what the text says, so every format gives the same article. What
is furniture, a caption, a subheading or a byline is decided in :mod:`.structure`.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from narrate.article.encoding import decode_bytes, repair_text
from narrate.article.structure import (
    FURNITURE_PATTERNS,
    TRAILER_PATTERNS,
    Credit,
    caption_text,
    cut_glued_tags,
    glued_byline,
    is_furniture,
    is_heading,
    is_trailer,
    keyword_tail,
    read_credit,
    split_long_line,
    strip_photo_credits,
    strip_title_suffix,
)
from narrate.errors import ArticleError, InputError
from narrate.models import Article, Block, BlockKind
from narrate.textclean import clean_line, clean_text

__all__ = [
    "FURNITURE_PATTERNS",
    "MAX_ARTICLE_BYTES",
    "NEWSROOM_TZ",
    "TEXT_HINTS",
    "TRAILER_PATTERNS",
    "Hints",
    "Line",
    "decode_article",
    "display_name",
    "normalize_text",
    "parse_article",
    "parse_lines",
    "read_date_line",
    "read_file",
    "read_text_article",
    "too_big",
]

# A news article is a few kilobytes; anything this big is the wrong file, and refusing it early
# keeps a stray video or database dump from being read into memory and parsed.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_ARTICLE_FILE = "an article file (.txt, .html or .docx)"

NEWSROOM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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

# Hard-wrapped copy: lines no longer than this, and a line this full of the width was wrapped.
_MAX_WRAP_WIDTH = 100
_WRAPPED_SHARE = 0.6

# Title and publication line: the lines where a date with no label is still metadata.
_HEADER_LINES = 3

# A first line this long is a paragraph: the headline is missing.
_MAX_TITLE_CHARS = 300
# ... and so is a first line of two sentences or more this long.
_MAX_TWO_SENTENCE_TITLE_CHARS = 150
# ... and so is a sentence that opens the way a lead does ("Sáng 12/3, …", "Chiều qua, …").
_LEAD_OPENING = re.compile(
    r"(?:sáng|chiều|tối|trưa|đêm|ngày|hôm|cuối|đầu|từ|trong)\b[^,.!?]{0,25},\s", re.IGNORECASE
)
_SENTENCE_INSIDE = re.compile(r"[.!?…][”\"’)]*\s+[\"“(]?[^\W\d_]")


def decode_article(data: bytes, source: str) -> str:
    """Turn the bytes of an article file into NFC text with LF line ends.

    UTF-8 (with or without BOM), UTF-16 with a BOM, Windows-1258 and text typed in the TCVN3
    font encoding are all read (see :mod:`narrate.article.encoding`). Raises
    :class:`InputError` with one line naming ``source`` for input that is empty, binary, in an
    encoding that cannot be told apart, or typed in VNI, because an editor can fix each of
    those by re-saving or converting the file.
    """
    name = display_name(source, "the input")
    text = decode_bytes(data, name)
    if not any(char.isprintable() and not char.isspace() for char in text):
        raise InputError(f"{name} is empty; put the article text in it and try again")
    return normalize_text(repair_text(text, name))


def normalize_text(text: str) -> str:
    """LF line ends, no unspeakable characters, NFC (one home: :mod:`narrate.textclean`)."""
    return clean_text(text)


@dataclass(frozen=True)
class Line:
    """One paragraph before its part is decided; ``kind`` when the markup already says it.

    Plain text gives no kinds and every rule guesses; a web page or a Word file knows its
    lead, headings and captions, and only the rest is guessed the same way.
    """

    text: str
    kind: BlockKind | None = None


@dataclass(frozen=True)
class Hints:
    """What a missing part is reported as, worded for the format that was read."""

    no_paragraph: str = "has a title but no paragraph; put the article text under the title"
    no_date: str = (
        "no publication date: expected a line such as 'Cập nhật ngày: 03/06/2020 16:49:04' "
        "under the title"
    )
    no_byline: str = (
        "no byline: the text ends with no author's name or source line (such as "
        "'Thanh Tâm', 'MINH TÂM' or 'Theo TTXVN') after the last paragraph"
    )


TEXT_HINTS = Hints()


def parse_article(text: str, *, source: str = "", title: str | None = None) -> Article:
    """Find the parts of a plain-text article; see the module docstring for the layout.

    ``title`` is the headline when the editor gives it apart (the text then starts with its
    first paragraph). Raises :class:`ArticleError` when there is no title or no paragraph; any
    other missing part is left empty and described in ``Article.warnings``.
    """
    texts = _unwrapped(normalize_text(text).split("\n"))
    return parse_lines([Line(line) for line in texts], source=source, title=title)


def _unwrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped copy (e-mail, wire services) with each paragraph's lines joined again.

    Wrapped copy has short lines (at most :data:`_MAX_WRAP_WIDTH`) in paragraphs separated by
    blank lines, most of them several lines long; a line joins the one before it when that one
    reached most of the width. The headline and a date line are never joined. One paragraph
    per line, with or without blank lines between, is left as it is.
    """
    blocks = [block for block in "\n".join(lines).split("\n\n") if block.strip()]
    wrapped_blocks = sum(1 for block in blocks if len(block.strip().split("\n")) > 1)
    width = max((len(line.strip()) for line in lines), default=0)
    if width > _MAX_WRAP_WIDTH or wrapped_blocks < 2 or wrapped_blocks * 3 < len(blocks):
        return lines
    joined: list[str] = []
    previous = ""
    filled = 0  # lines kept with text: the first is the headline, never joined to
    for line in lines:
        text = line.strip()
        wrapped = previous and len(previous) >= _WRAPPED_SHARE * width
        if text and wrapped and _date_line(text, bare=True) is None:
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(line)
            filled += bool(text)
        previous = text if filled > 1 else ""
    return joined


def parse_lines(
    lines: Iterable[Line],
    *,
    source: str = "",
    title: str | None = None,
    published: datetime | None = None,
    author: str | None = None,
    hints: Hints = TEXT_HINTS,
    site_names: Iterable[str] = (),
) -> Article:
    """Build an article from its paragraphs in reading order: the rules every reader shares.

    Without ``title`` the first line is the headline, as in a text file; the site's and
    section's names after it are cut (``site_names`` are the site's own). ``published`` and
    ``author`` from a page's metadata win over a date line or a byline, which are still taken
    out of the text. Page furniture, teasers, tag boxes, lists of other stories and the dateline
    marker are removed, the lead is the first ``"lead"`` line, else the first paragraph, and a
    body pasted as one long line is cut back into paragraphs (:mod:`.structure`).
    Raises :class:`ArticleError` when there is no title or no paragraph.
    """
    name = display_name(source, "the article text")
    lines = _content_lines(lines, begun=2 if title is None else 1)
    header = _HEADER_LINES if title is None else _HEADER_LINES - 1
    found, lines, warnings = _take_publication_time(lines, header=header, hint=hints.no_date)
    if published is None:
        published = found
    else:
        warnings = []
    if title is None:
        if not lines:
            raise ArticleError(f"{name} has no title: it holds no article text")
        title, lines = lines[0].text, lines[1:]
        _check_title(title, name)
    title = strip_title_suffix(_clean_line(title), site_names)
    while lines and _same_headline(lines[0].text, title):
        lines = lines[1:]  # the headline printed again as the first paragraph
    source_code, lines, lead = _take_lead(lines)
    if lead is None:
        raise ArticleError(f"{name} {hints.no_paragraph}")
    # pages often print the headline again under the sapo; a tag box may be glued to a line
    body = (_without_tags(line) for line in lines[lead + 1 :])
    lines = [*lines[: lead + 1], *(line for line in body if not _same_headline(line.text, title))]
    lines = lines[: len(lines) - keyword_tail([line.text for line in lines[lead + 1 :]])]
    credit, lines = _take_credit(lines, lead, author)
    lines = _split_long_lines(lines, lead)
    if credit.author is None and credit.source is None:
        warnings.append(hints.no_byline)
    return Article(
        title=title,
        blocks=_blocks(lines, lead, credited=credit != Credit()),
        published=published,
        source_code=source_code,
        author=credit.author,
        source_line=credit.source,
        source=source,
        warnings=tuple(warnings),
    )


def read_file(path: Path, *, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """All the bytes of one article file, refused past ``limit``.

    Every way the file can fail to open becomes one :class:`InputError` line, so the CLI can
    report a batch of files without a traceback.
    """
    name = display_name(str(path), "the article file")
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError(f"{name} is a directory; give the path of {_ARTICLE_FILE}")
        if not stat.S_ISREG(status.st_mode):
            raise InputError(f"{name} is not a regular file; give the path of {_ARTICLE_FILE}")
        if status.st_size > limit:
            raise InputError(too_big(name, status.st_size, limit))
        with path.open("rb") as file:
            # Read one byte past the limit: the file may have grown since stat().
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{name} does not exist; check the path and try again") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory; give the path of {_ARTICLE_FILE}") from None
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
    if len(data) > limit:
        raise InputError(too_big(name, len(data), limit))
    return data


def read_text_article(path: Path) -> Article:
    """Read, decode and parse one plain-text article file."""
    data = read_file(path)
    return parse_article(decode_article(data, str(path)), source=str(path))


def read_date_line(line: str) -> datetime | None:
    """The time in a publication line ("Thứ Bảy, 20/11/2021 - 10:05 (GMT+7)"), else None."""
    line = _clean_line(line)
    found = _date_line(line, bare=True)
    return None if found is None else _publication_time(line, *found)[0]


def display_name(source: str, fallback: str) -> str:
    """The source as it can be shown on one line (a file name may hold a newline)."""
    if not source:
        return fallback
    return source if source.isprintable() else repr(source)


def too_big(name: str, size: int, limit: int = MAX_ARTICLE_BYTES) -> str:
    """The message for a file or page far bigger than any article."""
    limit_mb = limit // (1024 * 1024)
    return (
        f"{name} is larger than {limit_mb} MB ({size:,} bytes), far too big for an article; "
        "check that it is the right file"
    )


def _clean_line(line: str) -> str:
    """Drop invisible characters and collapse whitespace, so rules can match whole lines."""
    return clean_line(line)


def _content_lines(lines: Iterable[Line], *, begun: int) -> list[Line]:
    """Non-empty lines without page furniture, cut at the first list of other stories.

    The cut only counts once ``begun`` lines are kept, so a stray label above the article is
    dropped alone.
    """
    kept: list[Line] = []
    for line in lines:
        text = _clean_line(line.text)
        if text and is_trailer(text):  # before furniture: "Tin liên quan:" is both
            if len(kept) >= begun:
                break
            continue
        if not text or is_furniture(text):
            continue
        kept.append(Line(text, line.kind))
    return kept


def _take_publication_time(
    lines: list[Line], *, header: int, hint: str
) -> tuple[datetime | None, list[Line], list[str]]:
    """Remove the date lines; the first one gives the publication time.

    A labelled line ("Cập nhật ngày: ...") counts anywhere; a bare date only in the first
    ``header`` lines, so a body line such as "Ngày 03/06/2020" (a chronicle's subheading) stays
    text.
    """
    published: datetime | None = None
    found = False
    warnings: list[str] = []
    remaining: list[Line] = []
    for index, line in enumerate(lines):
        date_match = None if line.kind == "caption" else _date_line(line.text, bare=index < header)
        if date_match is None:
            remaining.append(line)
            continue
        if found:
            continue
        found = True
        published, warning = _publication_time(line.text, *date_match)
        if warning:
            warnings.append(warning)
    if not found:
        warnings.append(hint)
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
            "put the headline on the first line (or give it with publish --title)"
        )
    sentences = len(_SENTENCE_INSIDE.findall(title)) + 1
    if _LEAD_OPENING.match(title) and title.rstrip("”\"')»").endswith((".", "…")):
        raise ArticleError(
            f"{name} has no title: its first line is a paragraph ('{title[:40]} …'); put the "
            "headline on the first line (or give it with publish --title)"
        )
    if len(title) > _MAX_TITLE_CHARS or (
        sentences > 1 and len(title) > _MAX_TWO_SENTENCE_TITLE_CHARS
    ):
        raise ArticleError(
            f"{name} has no title: its first line is {len(title)} characters long, a paragraph "
            "rather than a headline; put the headline on the first line (or give it with "
            "publish --title)"
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


def _same(text: str, other: str) -> bool:
    return text.casefold() == other.casefold()


def _take_lead(lines: list[Line]) -> tuple[str | None, list[Line], int | None]:
    """Find the lead and split the dateline marker off it: it is print convention, not speech.

    The lead is the line marked as one, else the first paragraph; a marker standing alone
    ("ĐTO -") makes the next paragraph the lead.
    """
    index = _lead_index(lines)
    if index is None:
        return None, lines, None
    marker = _source_code_match(lines[index].text)
    if marker is None:
        return None, lines, index
    code = marker["code"].strip()
    rest = lines[index].text[marker.end() :].strip()
    if rest:
        lines = [*lines[:index], Line(rest, lines[index].kind), *lines[index + 1 :]]
        return code, lines, index
    lines = [*lines[:index], *lines[index + 1 :]]
    return code, lines, _lead_index(lines)


def _lead_index(lines: list[Line]) -> int | None:
    marked = [i for i, line in enumerate(lines) if line.kind == "lead"]
    if marked:
        return marked[0]
    plain = [i for i, line in enumerate(lines) if line.kind in (None, "paragraph")]
    return plain[0] if plain else None


def _same_headline(line: str, title: str) -> bool:
    """The headline printed again, maybe with a full stop or the site's suffix."""
    return _same(strip_title_suffix(line).rstrip(" .:"), title.rstrip(" .:"))


def _take_credit(
    lines: list[Line], lead: int, printed_by_page: str | None
) -> tuple[Credit, list[Line]]:
    """The byline or source line at the end, taken out of the text.

    On its own last line, or glued after the last sentence of the last paragraph. A page's
    metadata (``printed_by_page``) names the author first; a byline printed under the text is
    still removed, and a source it names is kept.
    """
    printed, lines = _printed_credit(lines, lead)
    if printed_by_page is None:
        return printed or Credit(), lines
    page = read_credit(printed_by_page) or Credit(author=_clean_line(printed_by_page))
    found = printed or Credit()
    return Credit(author=page.author or found.author, source=page.source or found.source), lines


def _printed_credit(lines: list[Line], lead: int) -> tuple[Credit | None, list[Line]]:
    last = lines[-1]
    if last.kind == "caption":
        return None, lines
    if len(lines) - 1 > lead:
        credit = read_credit(last.text)
        if credit is not None:
            return credit, lines[:-1]  # a byline set in bold is marked as a heading
    if last.kind == "heading":
        return None, lines
    glued = glued_byline(last.text)
    if glued is None:
        return None, lines
    text, credit = glued
    # what the byline was glued to is the end of the body: prose, never a caption
    return credit, [*lines[:-1], Line(text, last.kind or "paragraph")]


def _without_tags(line: Line) -> Line:
    cut = cut_glued_tags(line.text)
    return line if cut == line.text else Line(cut, line.kind)


def _split_long_lines(lines: list[Line], lead: int) -> list[Line]:
    """A body pasted as one line becomes paragraphs and subheadings again (from the lead on)."""
    result: list[Line] = lines[:lead]
    for index, line in enumerate(lines[lead:], start=lead):
        if line.kind not in (None, "paragraph", "lead"):
            result.append(line)
            continue
        for number, (text, heading) in enumerate(split_long_line(line.text)):
            if number == 0:
                result.append(Line(text, "heading" if heading and index != lead else line.kind))
            else:
                result.append(Line(text, "heading" if heading else "paragraph"))
    return result


def _blocks(lines: list[Line], lead: int, *, credited: bool) -> tuple[Block, ...]:
    """Every line as a block in reading order; what the markup did not say is guessed.

    A plain line is a caption only with evidence (:func:`.structure.caption_text`); the last
    line of an article with no byline is not "between paragraphs", so it stays prose.
    """
    lead_text = strip_photo_credits(lines[lead].text) or lines[lead].text
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if index == lead:
            blocks.append(Block("lead", lead_text))
            continue
        if line.kind != "heading" and _same(line.text, lines[lead].text):
            continue  # the sapo printed again as the first paragraph
        block = _block(line, between=index > lead and (credited or index < len(lines) - 1))
        if block is not None:
            blocks.append(block)
    return tuple(blocks)


def _block(line: Line, *, between: bool) -> Block | None:
    """One line's block, or None for a photo credit standing alone."""
    if line.kind == "heading":
        return Block("heading", line.text)
    marked = line.kind == "caption"
    caption = caption_text(line.text, marked=marked, between=between and line.kind is None)
    if caption:
        return Block("caption", caption)
    if caption == "":
        return None
    # a "caption" of several hundred characters is prose: it is read as a paragraph
    if line.kind in (None, "paragraph") and between and is_heading(line.text):
        return Block("heading", line.text)
    text = strip_photo_credits(line.text)
    return Block("paragraph", text) if text else None
