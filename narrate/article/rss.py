"""Read a news site's RSS or Atom feed, and choose which of its items to publish now.

feedparser does the parsing because it is as forgiving as a browser and knows RSS 0.9x/1.0/2.0
and Atom. The bytes are prepared first, because Vietnamese sites break feeds in a few repeatable
ways that would otherwise push feedparser onto its loose parser or the wrong encoding: junk
(a BOM, a PHP warning, an HTML comment) before the XML, Windows-1258 bytes with no encoding
declared, and HTML entities such as ``&nbsp;`` that XML does not define. Everything that comes
out is NFC text, so keys and titles compare equal whatever the feed's spelling of a letter.
"""

from __future__ import annotations

import html
import html.entities
import io
import logging
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from narrate.article.encoding import compose_vietnamese, decode_bytes, looks_binary
from narrate.article.fetch import FetchLimits, fetch, format_size
from narrate.article.structure import FINAL_PUNCTUATION as _FINAL_PUNCTUATION
from narrate.article.structure import MAX_CAPTION_CHARS as _MAX_CAPTION_CHARS
from narrate.article.structure import MAX_HEADING_CHARS as _MAX_HEADING_CHARS
from narrate.article.text import NEWSROOM_TZ, Hints, Line, parse_lines
from narrate.errors import ArticleError, InputError
from narrate.models import Article
from narrate.textclean import clean_line, clean_markup
from narrate.web import is_web_address

__all__ = [
    "FEED_HINTS",
    "FEED_TYPES",
    "FULL_TEXT_CHARS",
    "FULL_TEXT_PARAGRAPHS",
    "FeedItem",
    "article_from_item",
    "parse_feed",
    "read_feed",
    "select_new",
]

log = logging.getLogger(__name__)

# What a feed is served as. Many servers send feeds as text/html or text/plain (or bytes of no
# particular type), so those are accepted too and the parse decides.
FEED_TYPES: tuple[str, ...] = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/x-rss+xml",
    "application/xml",
    "text/xml",
    "text/html",
    "text/plain",
    "application/octet-stream",
)
# An item carries the full article when its HTML holds this many paragraphs or this much text;
# anything less is a teaser, and the linked page must be fetched.
FULL_TEXT_PARAGRAPHS = 3
FULL_TEXT_CHARS = 600
FEED_HINTS = Hints(
    no_paragraph="has a title but no article text; read the linked page instead",
    no_date="no publication date: the feed item has none",
    no_byline=("no byline: the feed item names no author and its text ends with no byline"),
)

_FEED_START = re.compile(rb"<(?:\?xml|rss|feed|rdf:RDF)[\s>/?]", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_DMY = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\D+(?P<H>\d{1,2})[:hg](?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_EMAIL = re.compile(r"^\S+@\S+\.\S+$")
_FEED_HINT = "give the address of an RSS or Atom feed"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, cleaned: absolute link, NFC text, an aware date in newsroom time."""

    key: str  # stable identity: the link, else the guid, else title and date
    link: str | None  # absolute http(s)
    guid: str | None
    title: str
    published: datetime | None  # aware, Asia/Ho_Chi_Minh
    content_html: str | None  # the full text (content:encoded, or a long description)
    summary: str | None  # the description as plain text, when it is not the full text
    author: str | None
    language: str | None  # "vi", "en", "vi-vn" as the feed says


def parse_feed(
    data: bytes, *, source: str, base_url: str | None = None, charset: str | None = None
) -> list[FeedItem]:
    """The items of an RSS 1.0/2.0 or Atom feed, newest first (undated ones last, in order).

    ``base_url`` (where the feed was fetched) resolves relative links, else the channel's own
    link does; ``charset`` is the one an HTTP header named, used only for bytes that are not
    UTF-8. Raises :class:`InputError` when ``data`` is not a feed at all.
    """
    name = _printable(source) or "the feed"
    prepared = _prepare(data, name, charset)
    if prepared is None:
        raise InputError(_not_a_feed(data, name, source, base_url))
    parsed = feedparser.parse(io.BytesIO(prepared))
    if not parsed.get("version") and not parsed.entries:
        raise InputError(_not_a_feed(data, name, source, base_url))
    if parsed.get("bozo"):
        log.info("%s: feed is not well-formed XML (%s); read leniently", name,
                 parsed.get("bozo_exception"))  # fmt: skip
    channel = parsed.get("feed", {})
    base = _base(base_url, channel.get("link"), source)
    language = _language_tag(channel.get("language"))
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        item = _item(entry, base, language)
        if item is None:
            log.info("%s: an item with no link, guid or title was skipped", name)
        elif item.key not in seen:
            seen.add(item.key)
            items.append(item)
    return _newest_first(items)


def select_new(
    items: Sequence[FeedItem],
    known: Callable[[str], bool] | set[str] | frozenset[str],
    *,
    max_items: int | None = 5,
    since: datetime | None = None,
    everything: bool = False,
) -> list[FeedItem]:
    """The items to publish now, oldest first so episodes come out in the site's order.

    Items whose key is ``known`` are skipped, and so are items published before ``since``
    (an undated item cannot be shown to be old, so it stays: ``known`` keeps it from
    repeating). Of the rest, the newest ``max_items`` are kept unless ``everything``.
    """
    is_known = known if callable(known) else known.__contains__
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=NEWSROOM_TZ)
    chosen: list[FeedItem] = []
    seen: set[str] = set()
    for item in _newest_first(items):
        if item.key in seen or is_known(item.key):
            continue
        if since is not None and item.published is not None and item.published < since:
            continue
        seen.add(item.key)
        chosen.append(item)
    if not everything and max_items is not None:
        chosen = chosen[: max(max_items, 0)]
    return chosen[::-1]


def article_from_item(item: FeedItem, *, source: str) -> Article | None:
    """The article from the item's own full text, or None: "fetch the linked page instead".

    Only an item whose HTML holds the whole article is used (see FULL_TEXT_PARAGRAPHS and
    FULL_TEXT_CHARS); a teaser would make a ten-second episode. The paragraphs go through the
    rules every reader shares (dateline marker, byline, page furniture), so an article reads
    the same whether it came from the feed or from its page.
    """
    if not item.content_html or not item.title:
        return None
    lines = _lines(item.content_html)
    if not _is_full_text(lines):
        return None
    try:
        article = parse_lines(lines, source=source, title=item.title, published=item.published,
                              author=item.author, hints=FEED_HINTS)  # fmt: skip
    except ArticleError:
        return None
    return replace(article, url=item.link, image=_first_image(item.content_html, item.link))


def read_feed(
    source: str,
    *,
    limits: FetchLimits = FetchLimits(),  # noqa: B008 (frozen, so one shared default is safe)
) -> list[FeedItem]:
    """The items of the feed at ``source``: an http(s) address or a local file."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source.strip()):
        page = fetch(source, limits=limits, accept=FEED_TYPES, what="an RSS or Atom feed")
        return parse_feed(page.body, source=source.strip(), base_url=page.url,
                          charset=page.charset)  # fmt: skip
    return parse_feed(_read_file(Path(source).expanduser(), limits.max_bytes), source=source)


# -- preparing the bytes ------------------------------------------------------------------------


def _prepare(data: bytes, name: str, charset: str | None) -> bytes | None:
    """UTF-8 XML that starts at its root, with only XML's own entities; None: no feed start."""
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: search the text, not the bytes
        text = decode_bytes(data, name, binary_hint=_FEED_HINT)
        data = text.encode("utf-8")
    elif looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not a feed; {_FEED_HINT}")
    start = _FEED_START.search(data)
    if start is None:
        return None
    data = data[start.start() :]
    declared = _DECLARED_ENCODING.match(data)
    labels = [declared.group(1).decode("ascii") if declared else None, charset]
    try:
        text = decode_bytes(data, name, declared=labels, binary_hint=_FEED_HINT)
    except InputError:
        # Not UTF-8 nor Vietnamese: a Latin-1 or Windows-1252 feed says so itself.
        text = _decode_declared(data, labels)
        if text is None:
            raise
    text = _XML_DECLARATION.sub("", text, count=1)
    text = compose_vietnamese(clean_markup(_xml_safe_entities(text)))
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")


def _decode_declared(data: bytes, labels: list[str | None]) -> str | None:
    for label in labels:
        if label:
            try:
                return data.decode(label)
            except (LookupError, UnicodeDecodeError):
                continue
    return None


def _xml_safe_entities(text: str) -> str:
    """``&nbsp;`` → ``&#160;`` and a bare ``&`` → ``&amp;``, outside CDATA sections.

    XML knows five named entities; one HTML entity or "Q&A" in a title makes the whole feed
    ill-formed. Inside CDATA the text is taken literally and is left alone.
    """
    pieces = _CDATA.split(text)
    for index in range(0, len(pieces), 2):  # the odd pieces are the CDATA sections
        piece = _NAMED_ENTITY.sub(_numeric_entity, pieces[index])
        pieces[index] = _BARE_AMPERSAND.sub("&amp;", piece)
    return "".join(pieces)


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    expansion = html.entities.html5.get(name + ";")
    if expansion is None:
        return "&amp;" + name + ";"  # unknown: keep it as text
    return "".join(f"&#{ord(char)};" for char in expansion)


def _not_a_feed(data: bytes, name: str, source: str, base_url: str | None) -> str:
    """Say so, and name the feed a web page links to, since that is the address wanted."""
    site = base_url or source
    feed = _advertised_feed(data, site)
    if feed is not None:
        return f"{name} is a web page, not an RSS or Atom feed; its feed is at {feed}: give that"
    parts = urlsplit(site)
    guess = f"{parts.scheme}://{parts.netloc}/rss" if parts.netloc else "https://…/rss"
    return f"{name} is not an RSS or Atom feed; give the site's feed address (often {guess})"


def _advertised_feed(data: bytes, site: str) -> str | None:
    """The feed a page names with <link rel="alternate" type="application/rss+xml">."""
    if not data.strip():
        return None
    try:
        document = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return None
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind.endswith(("rss+xml", "atom+xml")) and href:
            return urljoin(site, href) if urlsplit(site).netloc else href
    return None


def _read_file(path: Path, max_bytes: int) -> bytes:
    name = _printable(str(path))
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise InputError(f"{name} is not a file; give a feed file or the feed's address")
        if status.st_size > max_bytes:
            raise InputError(_file_too_big(name, max_bytes))
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # one byte more: the file may have grown
    except FileNotFoundError:
        raise InputError(
            f"{name} does not exist; check the path, or give the feed's http(s) address"
        ) from None
    except PermissionError:
        raise InputError(
            f"{name} cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as exc:
        raise InputError(f"{name} cannot be read ({exc.strerror or exc}); check the path") from None
    if len(data) > max_bytes:
        raise InputError(_file_too_big(name, max_bytes))
    return data


def _file_too_big(name: str, max_bytes: int) -> str:
    return (
        f"{name} is larger than {format_size(max_bytes)}, far too big for a feed; "
        "check that it is the right file"
    )


# -- one item -----------------------------------------------------------------------------------


def _item(entry: Any, base: str | None, channel_language: str | None) -> FeedItem | None:
    link = _link(entry, base)
    guid = _clean(entry.get("id")) or None
    title = _plain(entry.get("title", ""), _detail_type(entry, "title_detail"))
    published = _published(entry)
    content, summary = _bodies(entry)
    author = _author(entry)
    if link:
        key = link
    elif guid:
        key = guid
    elif title:
        key = f"{title} | {published.isoformat() if published else ''}"
    else:
        return None
    return FeedItem(
        key=key,
        link=link,
        guid=guid,
        title=title,
        published=published,
        content_html=content,
        summary=summary,
        author=author,
        language=_entry_language(entry) or channel_language,
    )


def _link(entry: Any, base: str | None) -> str | None:
    """The item's page: whitespace removed, made absolute, http(s) only.

    feedparser offers a permalink guid as the link when there is none; a guid that is not an
    address ("bai-12345") is an identity, not a page, and is not taken.
    """
    raw = entry.get("link")
    from_guid = raw and entry.get("guidislink") and raw == entry.get("id")
    if not raw or (from_guid and not re.match(r"^\s*(?:https?://|/)", raw)):
        return None
    link = re.sub(r"\s+", "", raw)
    if base:
        link = urljoin(base, link)
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return link


def _base(base_url: str | None, channel_link: str | None, source: str) -> str | None:
    for candidate in (base_url, channel_link, source):
        if candidate:
            candidate = re.sub(r"\s+", "", candidate)
            if is_web_address(candidate):
                return candidate
    return None


def _bodies(entry: Any) -> tuple[str | None, str | None]:
    """(full text HTML, plain summary) from content:encoded / Atom content and description."""
    contents = [
        c.get("value", "")
        for c in entry.get("content", [])
        if c.get("value", "").strip() and "html" in c.get("type", "text/html")
    ]
    content = max(contents, key=len) if contents else None
    description = entry.get("summary") if "summary_detail" in entry else None
    if description and content and description.strip() == content.strip():
        description = None  # feedparser copies content:encoded into summary when alone
    if content is None and description and _is_full_text(_lines(description)):
        return compose_vietnamese(description), None
    summary = _plain(description, "text/html") if description else None
    return (compose_vietnamese(content) if content else None), (summary or None)


def _published(entry: Any) -> datetime | None:
    """The item's date in newsroom time. A date with no zone is newsroom time, not UTC."""
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
    for field in ("published", "updated", "created"):
        raw = _clean(dict.get(entry, field))
        if raw:
            when = _parse_date(raw)
            if when is not None:
                return when
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, field)
        if parsed:
            year, month, day, hour, minute, second = parsed[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC).astimezone(
                NEWSROOM_TZ
            )
    return None


def _parse_date(raw: str) -> datetime | None:
    when: datetime | None = None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            when = datetime.fromisoformat(raw.replace(" ", "T", 1) if "T" not in raw else raw)
        except ValueError:
            match = _DMY.search(raw)
            if match is not None:
                try:
                    when = datetime(int(match["y"]), int(match["m"]), int(match["d"]),
                                    int(match["H"] or 0), int(match["M"] or 0),
                                    int(match["S"] or 0))  # fmt: skip
                except ValueError:
                    return None
    if when is None:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=NEWSROOM_TZ)
    return when.astimezone(NEWSROOM_TZ)


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    name = _clean(detail.get("name")) or _clean(entry.get("author"))
    if not name or _EMAIL.match(name):
        return None
    return clean_line(name)


def _entry_language(entry: Any) -> str | None:
    """dc:language on the item, else the xml:lang of its text."""
    tags = [entry.get("language")]
    tags += [c.get("language") for c in entry.get("content", [])]
    tags += [(entry.get(d) or {}).get("language") for d in ("title_detail", "summary_detail")]
    for tag in tags:
        if _language_tag(tag):
            return _language_tag(tag)
    return None


def _language_tag(tag: str | None) -> str | None:
    tag = _clean(tag).lower().replace("_", "-")
    return tag or None


def _detail_type(entry: Any, key: str) -> str:
    return (entry.get(key) or {}).get("type", "text/plain")


def _plain(value: str | None, kind: str) -> str:
    """One line of NFC text from a title or description, tags and entities gone."""
    if not value:
        return ""
    text = value
    if "html" in kind and "<" in text:
        text = " ".join(text for _, text, _ in _leaves(text)) or _text_of(text)
    return clean_line(html.unescape(text))


def _text_of(markup: str) -> str:
    try:
        return lxml.html.fragment_fromstring(markup, create_parent="div").text_content()
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", markup)


def _newest_first(items: Iterable[FeedItem]) -> list[FeedItem]:
    items = list(items)
    dated = [item for item in items if item.published is not None]
    undated = [item for item in items if item.published is None]
    dated.sort(key=lambda item: item.published or _EPOCH, reverse=True)
    return dated + undated


def _clean(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _printable(text: str) -> str:
    return text if text.isprintable() else repr(text)


# -- the item's HTML as lines of an article -------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "blockquote", "td", "th",
    "pre", "section", "article", "figure", "table", "ul", "ol", "dl", "dd", "dt", "tr", "tbody",
    "thead", "header", "footer", "aside",
})  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "video", "audio", "svg")
# Classes CMSs give a photo's caption box ("PhotoCMS_Caption", "image_desc", "chu-thich").
_CAPTION_CLASS = re.compile(
    r"caption|chu-?thich|(?:image|img|photo|pic)[-_]?(?:desc|note|text|title)", re.IGNORECASE
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BREAK = "\u2028"  # stands for <br> while text is gathered, so a line break splits paragraphs


def _leaves(markup: str) -> list[tuple[str, str, bool]]:
    """(kind, text, has image) for each innermost block of ``markup``, in reading order.

    kind is "heading", "caption" or "paragraph". Text between blocks, and text split by <br>,
    becomes paragraphs of its own: feeds often hold "line<br><br>line" and no <p> at all.
    """
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for br in root.iter("br"):
        br.tail = _BREAK + (br.tail or "")
    out: list[tuple[str, str, bool]] = []
    _walk(root, out, caption=False)
    return out


def _walk(element: Any, out: list[tuple[str, str, bool]], *, caption: bool) -> None:
    caption = caption or element.tag in ("figure", "figcaption") or _is_caption_box(element)
    if not any(_is_block(child) for child in element.iterdescendants()):
        _emit(_kind(element, caption), element.text_content(), out, _has_image(element))
        return
    loose_kind = "caption" if caption else "paragraph"
    loose = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            loose.append(child.tail or "")
        elif _is_block(child) or any(_is_block(d) for d in child.iterdescendants()):
            _emit(loose_kind, "".join(loose), out, image=False)
            loose = []
            _walk(child, out, caption=caption)
            loose.append(child.tail or "")
        elif _has_image(child):  # a photo between blocks: what follows may describe it
            _emit(loose_kind, "".join(loose), out, image=False)
            loose = [child.text_content()]
            out.append(("image", "", True))
            loose.append(child.tail or "")
        else:
            loose.append(child.text_content() + (child.tail or ""))
    _emit(loose_kind, "".join(loose), out, image=False)


def _emit(kind: str, text: str, out: list[tuple[str, str, bool]], image: bool) -> None:
    lines = [" ".join(line.split()) for line in text.split(_BREAK)]
    lines = [line for line in lines if line]
    out.extend((kind, line, image) for line in lines)
    if image and not lines:
        out.append(("image", "", True))  # marks the spot: an italic line after it is a caption


def _has_image(element: Any) -> bool:
    return element.tag == "img" or next(element.iter("img"), None) is not None


def _is_block(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag in _BLOCK_TAGS


def _is_caption_box(element: Any) -> bool:
    return bool(_CAPTION_CLASS.search(element.get("class") or ""))


def _kind(element: Any, caption: bool) -> str:
    if caption:
        return "caption"
    if element.tag in _HEADINGS:
        return "heading"
    text = element.text_content().strip()
    strong = "".join(e.text_content() for e in element.iter("strong", "b"))
    if (
        text
        and strong.strip() == text
        and len(text) <= _MAX_HEADING_CHARS
        and not text.endswith(_FINAL_PUNCTUATION)
    ):
        return "heading"  # a bold-only line is how most CMSs mark a subheading
    emphasis = "".join(e.text_content() for e in element.iter("em", "i"))
    if text and emphasis.strip() == text:
        return "italic"
    return "paragraph"


def _lines(markup: str) -> list[Line]:
    """The item's HTML as lines for :func:`parse_lines`, each with the part its markup shows."""
    lines: list[Line] = []
    after_image = False
    for kind, text, has_image in _leaves(markup):
        if kind == "image":
            after_image = True
            continue
        if kind == "italic":
            kind = "caption" if after_image or has_image else "paragraph"
        elif has_image and kind == "paragraph" and len(text) <= _MAX_CAPTION_CHARS:
            kind = "caption"  # text beside a photo in one box describes it
        after_image = False
        lines.append(Line(compose_vietnamese(text), kind))  # type: ignore[arg-type]
    return lines


def _is_full_text(lines: list[Line]) -> bool:
    paragraphs = [line.text for line in lines if line.kind == "paragraph"]
    return len(paragraphs) >= FULL_TEXT_PARAGRAPHS or sum(map(len, paragraphs)) >= FULL_TEXT_CHARS


def _first_image(markup: str, base: str | None) -> str | None:
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    for img in root.iter("img"):
        src = (img.get("data-src") or img.get("src") or "").strip()
        if not src or src.startswith("data:"):
            continue
        absolute = urljoin(base, src) if base else src
        if is_web_address(absolute):
            return absolute
    return None
