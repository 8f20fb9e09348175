"""Read a news web page (saved from a browser or fetched) into an :class:`Article`.

trafilatura finds the body and drops the page around it; what it cannot know about a Vietnamese
news page is handled here first, on the parsed page:

* the lead (sapo) stands outside the body in ``.sapo``/``h2.sapo``/``.lead`` and is taken out;
* photo captions sit in ``<figure>``, ``<table class="image">`` or an ``<em>`` under the
  ``<img>``, which trafilatura would drop with the photo: each becomes a paragraph whose text
  is remembered, so it comes back as a caption in its place;
* a paragraph wholly in bold is remembered too: short, it is a subheading; first, the lead;
* old pages lay the whole page out in tables, which are unwrapped so the body survives;
* related stories, share buttons, comments and menus are removed by their class names.

Title, time, author, photo and canonical address come from the page's own metadata (Open Graph,
``article:*``, JSON-LD) before any guess from the text. The rest — dateline marker, byline,
furniture, the first paragraph as lead — is decided by the rules the text reader uses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from narrate.article.encoding import (
    decode_bytes,
    detect_legacy,
    from_tcvn3,
    repair_text,
    unescape_entities,
)
from narrate.article.structure import FINAL_PUNCTUATION as _FINAL_PUNCTUATION
from narrate.article.structure import MAX_CAPTION_CHARS as _MAX_CAPTION_CHARS
from narrate.article.structure import MAX_HEADING_CHARS as _MAX_HEADING_CHARS
from narrate.article.structure import strip_title_suffix
from narrate.article.text import (
    MAX_ARTICLE_BYTES,
    NEWSROOM_TZ,
    Hints,
    Line,
    display_name,
    parse_lines,
    read_date_line,
    too_big,
)
from narrate.errors import ArticleError, InputError
from narrate.models import Article, BlockKind
from narrate.textclean import clean_line, clean_markup
from narrate.web import is_web_address

__all__ = ["HTML_HINTS", "looks_like_html", "parse_html"]

HTML_HINTS = Hints(
    no_paragraph="has a headline but no article text; give the page of a full article",
    no_date=(
        "no publication date: the page has no article:published_time, JSON-LD datePublished "
        "or date line such as 'Cập nhật ngày: 03/06/2020 16:49:04'"
    ),
    no_byline=(
        "no byline: the page names no author (article:author, JSON-LD author or a byline "
        "such as 'Thanh Tâm' or 'Theo TTXVN' after the last paragraph)"
    ),
)

# Less article text than this (lead and paragraphs) is not an article.
_MIN_ARTICLE_CHARS = 150
# A page whose text is mostly links, with nothing marking it as an article, is a list page.
_MAX_LINK_SHARE = 0.5
# ... unless trafilatura found this much text there, more than any list of teasers holds.
_MAX_LISTING_TEXT = 2000

_ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)
_DATE_NAMES = (
    "datepublished", "pubdate", "publishdate", "publish-date", "date", "dc.date",
    "dc.date.issued", "article.published", "sailthru.date",
)  # fmt: skip
_MAX_LD_DEPTH = 4
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# The address a browser notes in a page it saves: <!-- saved from url=(0061)http://... -->
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_LEADING_COMMENTS = re.compile(r"^(?:\s*<!--.*?-->|\s*<\?xml[^>]*\?>)*\s*", re.DOTALL)

# Class or id names of everything around an article (matched anywhere in the attribute).
_NOISE = re.compile(
    r"related|lien-?quan|cung-?chuyen-?muc|tin-?khac|other-?news|more-?news|comment|binh-?luan"
    r"|share|sharing|social|breadcrumb|\bmenu|navbar|\bnav\b|banner|advert|\bads?\b|quang-?cao"
    r"|sidebar|popup|rating|\btags?\b|keyword|tu-?khoa|\bprint|toolbar|most-?read|doc-?nhieu"
    r"|xem-?nhieu|tin-?moi|newsletter|subscribe|copyright|site-?footer|site-?header",
    re.IGNORECASE,
)
_SAPO = re.compile(
    r"sapo|chapeau|\blead\b|lead-?text|\bsummary\b|article-?summary|detail-?summary|\bintro\b"
    r"|description|tom-?tat",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"caption|image_?desc|img-?desc|photo-?desc|\bdesc\b|chu-?thich|fig-?cap|note-?image",
    re.IGNORECASE,
)
_IMAGE_BOX = re.compile(r"\bimage|\bimg|\bphoto|\bpicture|\bfigure|\bmedia|\bpic\b", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|ngay|publish|posted", re.IGNORECASE)
_MAX_DATE_CHARS = 80
_BYLINE = re.compile(r"author|tac-?gia|byline|nguoi-?viet|writer", re.IGNORECASE)
_TITLE_CLASS = re.compile(r"title|tieu-?de|headline", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"^(?:tác giả|người viết|bài(?:\s*(?:và|,)\s*ảnh)?|tin)\s*:\s*", re.I)

_JUNK_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "button",
    "select", "input", "textarea", "svg", "canvas", "video", "audio", "object", "embed",
)  # fmt: skip
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})
_BOLD_TAGS = frozenset({"strong", "b"})
_OUTPUT_BLOCKS = frozenset({"p", "head", "list", "quote", "item"})
_ITALIC_TAGS = frozenset({"em", "i"})

_MAX_TITLE_CHARS = 300
# An <h1> is the headline when it is most of what the metadata calls the page.
_TITLE_COVER = 0.6
_MIN_HEADLINE_WORDS = 3
_MAX_SAPO_CHARS = 1500
_MIN_SAPO_CHARS = 30
_MAX_AUTHOR_CHARS = 80
_MIN_LAYOUT_CELL_CHARS = 200
_LONG_PARAGRAPH_CHARS = 150


def looks_like_html(data: bytes) -> bool:
    """A saved web page: ``<!doctype html>`` or ``<html`` first, allowing a BOM, comments and
    one stray line before it (browsers write "<!-- saved from url=... -->")."""
    head = data[:_SNIFF_BYTES]
    for bom, codec in (
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xef\xbb\xbf", "utf-8"),
    ):
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, errors="ignore")
            break
    else:
        text = head.decode("latin-1")
    text = _LEADING_COMMENTS.sub("", text, count=1)
    if _HTML_START.match(text):
        return True
    _, _, rest = text.partition("\n")
    return _HTML_START.match(_LEADING_COMMENTS.sub("", rest, count=1)) is not None


def parse_html(
    data: bytes | str, *, source: str, url: str | None = None, charset: str | None = None
) -> Article:
    """Read the article on one web page.

    ``source`` names the page in messages (a file path or the address asked for); ``url`` is
    where the page was found, for relative links; ``charset`` is what the server declared.
    Raises :class:`InputError` for a page that cannot be read (too big, binary, undecodable,
    typed in VNI) and :class:`ArticleError` for a page that holds no article, such as a home
    page.
    """
    name = display_name(source, "the page")
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_ARTICLE_BYTES:
        raise InputError(too_big(name, size))
    text = data if isinstance(data, str) else _decode(data, name, charset)
    text = clean_markup(_XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1))
    if not text.strip():
        raise InputError(f"{name} is empty; give the article's web page")
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        raise InputError(
            f"{name} cannot be read as a web page ({error}); save the page again as HTML"
        ) from None
    _repair_legacy_text(tree, name)
    saved = _SAVED_FROM.search(text[:_SNIFF_BYTES])
    meta = _metadata(tree, url or (_absolute(saved.group(1), None) if saved else None))
    body = tree.find("body")
    if body is None:
        body = tree
    for element in list(body.iter(*_JUNK_TAGS)):
        _drop(element)
    link_share = _link_share(body)
    page = _Page.read(body, meta, name)
    lines = page.lines()
    _check_is_article(name, meta, page, lines, link_share)
    article = parse_lines(
        lines,
        source=source,
        title=page.title,
        published=meta.published,
        author=page.author,
        hints=HTML_HINTS,
        site_names=meta.site_names,
    )
    warnings = article.warnings
    if meta.published is not None and meta.date_only:
        warnings = (*warnings, "the page gives a publication date but no time; 00:00 is assumed")
    return replace(article, url=meta.url, image=meta.image, warnings=warnings)


def _decode(data: bytes, name: str, charset: str | None) -> str:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    meta_charset = match.group(1).decode("ascii", errors="ignore") if match else None
    return decode_bytes(
        data,
        name,
        declared=(charset, meta_charset),
        binary_hint="give the article's web page saved as .html",
    )


def _clean(text: str | None) -> str:
    """One line of NFC text: entities left in the text decoded, whitespace collapsed."""
    if not text:
        return ""
    return clean_line(unescape_entities(text))


def _text(element: lxml.html.HtmlElement) -> str:
    return _clean(element.text_content())


def _repair_legacy_text(tree: lxml.html.HtmlElement, name: str) -> None:
    """Convert a page typed in TCVN3 (.VnTime fonts) in place; refuse one typed in VNI.

    Done on the parsed page, before trafilatura, which drops the soft hyphen that is TCVN3's "ư".
    """
    nodes = [
        node
        for node in tree.iter()
        if isinstance(node.tag, str) and node.tag not in ("script", "style")
    ]
    sample = "\n".join(part for node in nodes for part in (node.text, node.tail) if part)
    legacy = detect_legacy(sample)
    if legacy == "VNI":
        repair_text(sample, name)  # raises the message that says how to convert it
    if legacy != "TCVN3":
        return
    for node in nodes:
        if node.text:
            node.text = from_tcvn3(node.text)
        if node.tail:
            node.tail = from_tcvn3(node.tail)
        for attribute in ("content", "alt", "title"):
            value = node.get(attribute)
            if value:
                node.set(attribute, from_tcvn3(value))


# --- metadata ---------------------------------------------------------------------------------


@dataclass
class _Meta:
    """What the page says about itself, each field from the most reliable source found."""

    titles: list[str] = field(default_factory=list)  # headline, og:title, <title>
    headline: str = ""  # JSON-LD's, which never carries the site's name
    published: datetime | None = None
    date_only: bool = False
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    image: str | None = None
    site_names: set[str] = field(default_factory=set)
    is_article: bool = False  # og:type article, article:* or JSON-LD says so


def _metadata(tree: lxml.html.HtmlElement, url: str | None) -> _Meta:
    meta = _Meta()
    props: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = element.get("content")
        if key and value and value.strip():
            props.setdefault(key.strip().lower(), []).append(_clean(value))
    ld = _json_ld(tree)

    def first(*keys: str) -> str | None:
        for key in keys:
            for value in props.get(key, ()):
                if value:
                    return value
        return None

    canonical = _link(tree, "canonical")
    og_url = first("og:url")
    base = url or _absolute(og_url, None) or _absolute(canonical, None)
    meta.url = _absolute(canonical, base) or _absolute(og_url, base) or _absolute(url, None)
    image = first("og:image", "og:image:url", "og:image:secure_url") or _ld_image(ld)
    meta.image = _absolute(image or first("twitter:image", "twitter:image:src"), base)

    for name in (
        first("og:site_name"),
        first("application-name"),
        _ld_name(ld.get("publisher")) if ld else None,
    ):
        if name:
            meta.site_names.add(name)
    host = urlsplit(meta.url or url or "").hostname
    if host:
        meta.site_names.add(host.removeprefix("www."))

    headline = _clean(ld.get("headline")) if ld and isinstance(ld.get("headline"), str) else ""
    meta.headline = headline
    title_element = tree.find(".//title")
    for candidate in (
        headline,
        first("og:title"),
        first("twitter:title"),
        _text(title_element) if title_element is not None else "",
    ):
        if candidate and candidate not in meta.titles:
            meta.titles.append(candidate)

    for value in (
        first("article:published_time", "og:published_time"),
        _ld_str(ld, "datePublished"),
        first(*_DATE_NAMES),
        _time_element(tree),
    ):
        published = _parse_time(value)
        if published is not None:
            meta.published, meta.date_only = published
            break
    else:
        meta.published = _date_element(tree)

    authors = props.get("article:author", []) + _ld_authors(ld) + props.get("author", [])
    for author in authors:
        cleaned = _author_name(author, meta.site_names)
        if cleaned and cleaned not in meta.authors:
            meta.authors.append(cleaned)

    og_type = (first("og:type") or "").lower()
    meta.is_article = bool(
        og_type == "article"
        or "article:published_time" in props
        or (ld and ld.get("@type") in _ARTICLE_TYPES)
        or tree.xpath("//*[@itemprop='articleBody']")
    )
    return meta


def _link(tree: lxml.html.HtmlElement, rel: str) -> str | None:
    for element in tree.iter("link"):
        if rel in (element.get("rel") or "").lower().split() and element.get("href"):
            return element.get("href").strip()
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    """An absolute http(s) address, or None for a relative one with nothing to resolve it."""
    if not href:
        return None
    try:
        joined = urljoin(base, href.strip()) if base else href.strip()
    except ValueError:  # such as a broken IPv6 host
        return None
    return joined if is_web_address(joined) else None


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The page's JSON-LD article object (NewsArticle and kin), or an empty dict."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        found.extend(_ld_objects(data))
    for wanted in (("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle"), _ARTICLE_TYPES):
        for item in found:
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(kind in wanted for kind in types):
                return {**item, "@type": next(kind for kind in types if kind in wanted)}
    return {}


def _ld_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD block, looking into lists and ``@graph`` a few levels deep."""
    if depth > _MAX_LD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"], depth + 1)


def _ld_str(ld: dict[str, Any], key: str) -> str | None:
    value = ld.get(key)
    return value if isinstance(value, str) else None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return _clean(value) or None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return _clean(value["name"]) or None
    return None


def _ld_person(value: Any) -> str | None:
    """An author's name; an organisation as author is the newspaper, not a byline."""
    if isinstance(value, dict) and value.get("@type") == "Organization":
        return None
    return _ld_name(value)


def _ld_authors(ld: dict[str, Any]) -> list[str]:
    value = ld.get("author")
    items = value if isinstance(value, list) else [value]
    names = [_ld_person(item) for item in items]
    return [" - ".join(name for name in names if name)] if any(names) else []


def _ld_image(ld: dict[str, Any]) -> str | None:
    value = ld.get("image")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _time_element(tree: lxml.html.HtmlElement) -> str | None:
    for element in tree.xpath("//*[@itemprop='datePublished'] | //time[@datetime]"):
        value = element.get("content") or element.get("datetime")
        if value:
            return value
    return None


def _date_element(tree: lxml.html.HtmlElement) -> datetime | None:
    """A date line the page prints in an element named for it ("date", "time", "ngay")."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or not _DATE_CLASS.search(_classes(element)):
            continue
        text = _text(element)
        if text and len(text) <= _MAX_DATE_CHARS:
            found = read_date_line(text)
            if found is not None:
                return found
    return None


def _parse_time(value: str | None) -> tuple[datetime, bool] | None:
    """An ISO 8601 or Vietnamese date and time, in Vietnam time; True when it has no time."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=NEWSROOM_TZ)
        parsed = parsed.astimezone(NEWSROOM_TZ)
    except (ValueError, OverflowError):
        found = read_date_line(value)
        return (found, ":" not in value and "h" not in value.lower()) if found else None
    return parsed, "T" not in value and ":" not in value


def _author_name(value: str, site_names: set[str]) -> str | None:
    """A person's name as printed; not a profile address and not the newspaper's own name."""
    value = _AUTHOR_LABEL.sub("", _clean(value)).strip(" -–,;")
    if not value or len(value) > _MAX_AUTHOR_CHARS or "://" in value or "@" in value:
        return None
    folded = value.casefold()
    for site in site_names:
        site_folded = site.casefold()
        if folded == site_folded or folded in site_folded or site_folded in folded:
            return None
    if folded.startswith(("báo ", "tạp chí ", "đài ", "cổng thông tin")):
        return None
    return value


# --- the page ---------------------------------------------------------------------------------


@dataclass
class _Page:
    """The page prepared for trafilatura, and what was taken out of it or remembered."""

    tree: lxml.html.HtmlElement
    title: str
    sapo: str | None = None
    author: str | None = None
    captions: set[str] = field(default_factory=set)
    bold: set[str] = field(default_factory=set)
    url: str | None = None

    @classmethod
    def read(cls, body: lxml.html.HtmlElement, meta: _Meta, name: str) -> _Page:
        """Take the title, sapo and byline out of ``body`` and prepare the rest."""
        title, title_element = _title(body, meta, name)
        page = cls(tree=body, title=title, url=meta.url)
        keep = [title_element] if title_element is not None else []
        keep.extend(body.xpath(".//*[@itemprop='articleBody'] | .//article"))
        page.sapo = _take_sapo(body, keep)
        byline = _take_byline(body, keep)
        page.author = (meta.authors[0] if meta.authors else None) or byline
        _drop_noise(body, keep)
        page.sapo = page.sapo or _take_sapo_after(body, title_element)
        if title_element is not None:
            _drop(title_element)
        page.captions = _mark_captions(body)
        _unwrap_layout_tables(body)
        page.bold = _bold_paragraphs(body)
        return page

    def lines(self) -> list[Line]:
        """The article's paragraphs in order, each with the part the page marked it as."""
        import trafilatura  # a second to import: only when a page is read

        lines = [Line(self.sapo, "lead")] if self.sapo else []
        xml = trafilatura.extract(
            self.tree,
            url=self.url,
            output_format="xml",
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            favor_recall=True,
        )
        if not xml:
            return lines
        main = lxml.etree.fromstring(xml.encode("utf-8")).find("main")
        if main is None:
            return lines
        first_paragraph = not lines
        for element in main:
            for text in _element_texts(element):
                kind = self._kind(element.tag, text, first_paragraph)
                if kind in ("lead", "paragraph"):
                    first_paragraph = False
                lines.append(Line(text, kind))
        return lines

    def _kind(self, tag: str, text: str, first_paragraph: bool) -> BlockKind:
        if text in self.captions:
            return "caption"
        if tag == "head":
            return "heading"
        if text in self.bold:
            short = len(text) <= _MAX_HEADING_CHARS and not text.endswith(_FINAL_PUNCTUATION)
            if short:
                return "heading"
            if first_paragraph:
                return "lead"
        return "paragraph"


def _element_texts(element: lxml.etree._Element) -> list[str]:
    """The lines of one element of trafilatura's output: list items and line breaks split."""
    if element.tag == "list":
        return [text for item in element.iter("item") for text in _element_texts(item)]
    if any(child.tag in _OUTPUT_BLOCKS for child in element):
        texts = [_clean(element.text)]
        for child in element:
            texts.extend(_element_texts(child) if child.tag in _OUTPUT_BLOCKS else [])
            texts.append(_clean(child.tail))
        return [text for text in texts if text]
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "list":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return [line for line in (_clean(part) for part in "".join(parts).split("\n")) if line]


def _drop(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _replace_with_paragraph(element: lxml.html.HtmlElement, text: str) -> None:
    paragraph = lxml.html.Element("p")
    paragraph.text = text
    paragraph.tail = element.tail
    parent = element.getparent()
    if parent is not None:
        parent.replace(element, paragraph)


def _classes(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip()


def _contains(element: lxml.html.HtmlElement, others: list[lxml.html.HtmlElement]) -> bool:
    return any(other is element or element in other.iterancestors() for other in others)


def _title(
    body: lxml.html.HtmlElement, meta: _Meta, name: str
) -> tuple[str, lxml.html.HtmlElement | None]:
    """The headline as the page shows it, checked against what its metadata calls it.

    An ``<h1>`` (or an element with a title class) found in the metadata title wins; otherwise
    the JSON-LD headline, og:title or ``<title>`` with the site's name cut off.
    """
    candidates = list(body.iter("h1")) + [
        element
        for element in body.iter("h2", "div", "span", "p", "td", "strong", "b", "a")
        if _TITLE_CLASS.search(_classes(element)) or element.get("itemprop") == "headline"
    ]
    stripped = [_strip_site_name(title, meta.site_names).casefold() for title in meta.titles]
    best: tuple[int, str, lxml.html.HtmlElement] | None = None
    for element in candidates:
        text = _text(element)
        folded = text.casefold()
        if not 2 <= len(text) <= _MAX_TITLE_CHARS:
            continue
        covers = any(folded in t and len(folded) >= _TITLE_COVER * len(t) for t in stripped)
        if covers and (best is None or len(text) > best[0]):
            best = (len(text), text, element)
    if best is not None:
        return best[1], best[2]
    if meta.headline:
        return meta.headline, None
    headings = [(_text(h), h) for h in body.iter("h1") if _text(h)]
    if len(headings) == 1 and len(headings[0][0].split()) >= _MIN_HEADLINE_WORDS:
        return headings[0]  # the page's one headline, under a generic <title>
    for title in meta.titles:
        cut = _strip_site_name(title, meta.site_names)
        if cut:
            return cut, None
    for element in body.iter("h1"):
        text = _text(element)
        if text:
            return text, element
    raise ArticleError(
        f"{name} has no headline (no <h1>, og:title or <title>); give the article's own page"
    )


def _strip_site_name(title: str, site_names: set[str]) -> str:
    """Cut the site's and section's names off a title (one rule: :mod:`.structure`)."""
    return strip_title_suffix(title, site_names)


def _take_sapo(body: lxml.html.HtmlElement, keep: list[lxml.html.HtmlElement]) -> str | None:
    """The lead printed apart from the body (``.sapo``, ``h2.sapo``, ``.lead``), taken out."""
    for element in body.iter():
        if not isinstance(element.tag, str) or not _SAPO.search(_classes(element)):
            continue
        if _contains(element, keep) or len(element.findall(".//p")) > 2:
            continue
        text = _text(element)
        if not _MIN_SAPO_CHARS <= len(text) <= _MAX_SAPO_CHARS or _link_share(element) > 0.5:
            continue
        _drop(element)
        return text
    return None


def _take_sapo_after(
    body: lxml.html.HtmlElement, title: lxml.html.HtmlElement | None
) -> str | None:
    """A sapo with no class: the first text after the headline, in bold or as an ``<h2>``.

    Short lines (date, share buttons) are passed over; the first real paragraph decides.
    """
    if title is None:
        return None
    started = False
    for element in body.iter("p", "div", "h2", "h3", "td", title.tag):
        if element is title:
            started = True
            continue
        if not started or title in element.iterancestors():
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS | {"td"} for c in element):
            continue  # a container: its paragraphs come next
        text = _text(element)
        if len(text) < _MIN_SAPO_CHARS:
            continue
        if len(text) > _MAX_SAPO_CHARS:
            return None
        marked = element.tag in ("h2", "h3") or _in_tags(element, _BOLD_TAGS)
        if marked and _link_share(element) < _MAX_LINK_SHARE:
            _drop(element)
            return text
        return None
    return None


def _take_byline(body: lxml.html.HtmlElement, keep: list[lxml.html.HtmlElement]) -> str | None:
    """The author's name printed in a byline element, taken out of the body."""
    found: str | None = None
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or _contains(element, keep):
            continue
        if not (
            _BYLINE.search(_classes(element))
            or element.get("itemprop") == "author"
            or element.get("rel") == "author"
        ):
            continue
        text = _AUTHOR_LABEL.sub("", _text(element)).strip(" -–,;")
        if not text or len(text) > _MAX_AUTHOR_CHARS:
            continue
        found = found or text
        _drop(element)
    return found


def _drop_noise(body: lxml.html.HtmlElement, keep: list[lxml.html.HtmlElement]) -> None:
    """Remove menus, related stories, share and comment boxes, named by their classes."""
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in ("html", "body") or not _NOISE.search(_classes(element)):
            continue
        if _contains(element, keep) or _long_paragraphs(element) >= 3:
            continue
        _drop(element)


def _long_paragraphs(element: lxml.html.HtmlElement) -> int:
    return sum(1 for p in element.iter("p") if len(p.text_content()) >= _LONG_PARAGRAPH_CHARS)


def _link_share(element: lxml.html.HtmlElement) -> float:
    total = len(" ".join(element.text_content().split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return linked / total


def _mark_captions(body: lxml.html.HtmlElement) -> set[str]:
    """Turn every photo with its caption into a paragraph holding the caption alone.

    The caption's text is returned so it can be told apart after extraction.
    """
    captions: set[str] = set()

    def keep_caption(element: lxml.html.HtmlElement, text: str) -> None:
        if text and len(text) <= _MAX_CAPTION_CHARS:
            captions.add(text)
            _replace_with_paragraph(element, text)
        else:
            _drop(element)

    for figure in list(body.iter("figure")):
        caption = figure.find(".//figcaption")
        text = _text(caption) if caption is not None else _text(figure)
        if figure.find(".//img") is None or len(text) > _MAX_CAPTION_CHARS:
            figure.tag = "div"  # a quotation or a chart set as a figure: its text is the story
        else:
            keep_caption(figure, text)
    for table in list(body.iter("table")):
        if not _attached(table, body) or table.find(".//img") is None:
            continue
        if table.find(".//table") is not None or len(_text(table)) > _MAX_CAPTION_CHARS:
            continue
        keep_caption(table, _text(table))
    for box in list(body.iter("div", "span", "p", "center", "a")):
        if not _attached(box, body) or box.find(".//img") is None:
            continue
        text = _text(box)
        if not text:  # a photo alone: its caption is the italic paragraph under it
            after = box.getnext()
            if after is not None and _is_caption_paragraph(after):
                keep_caption(after, _text(after))
            continue
        if not (_IMAGE_BOX.search(_classes(box)) or box.tag in ("p", "center")):
            continue
        if len(text) > _MAX_CAPTION_CHARS or (box.find(".//p") is not None and box.tag != "p"):
            continue
        if box.tag == "p" and not _in_tags(box, _ITALIC_TAGS, ignore=("img", "br", "a")):
            continue  # a paragraph of text with a photo in it: the text is prose
        keep_caption(box, text)
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or not _attached(element, body):
            continue
        if _CAPTION.search(_classes(element)) and element.find(".//p") is None:
            text = _text(element)
            if text and len(text) <= _MAX_CAPTION_CHARS:
                keep_caption(element, text)
    return captions


def _attached(element: lxml.html.HtmlElement, body: lxml.html.HtmlElement) -> bool:
    """Still in the page: not inside a photo box already replaced by its caption."""
    return element is body or any(ancestor is body for ancestor in element.iterancestors())


def _is_caption_paragraph(element: lxml.html.HtmlElement) -> bool:
    """The paragraph under a photo that is in italics, centred or says it is a caption."""
    if element.tag not in ("p", "div", "span"):
        return False
    text = _text(element)
    if not text or len(text) > _MAX_CAPTION_CHARS:
        return False
    style = (element.get("style") or "").replace(" ", "").lower()
    centered = "text-align:center" in style or (element.get("align") or "").lower() == "center"
    return bool(_CAPTION.search(_classes(element))) or centered or _in_tags(element, _ITALIC_TAGS)


def _in_tags(
    element: lxml.html.HtmlElement, tags: frozenset[str], *, ignore: tuple[str, ...] = ()
) -> bool:
    """All the element's text stands inside one of ``tags`` (such as all in bold)."""
    if (element.text or "").strip():
        return False
    for child in element:
        if not isinstance(child.tag, str):
            if (child.tail or "").strip():
                return False
            continue
        if child.tag in ignore or child.tag == "br" or child.tag in tags:
            pass
        elif child.text_content().strip() and not _in_tags(child, tags, ignore=ignore):
            return False
        if (child.tail or "").strip():
            return False
    return bool(element.text_content().strip())


def _unwrap_layout_tables(body: lxml.html.HtmlElement) -> None:
    """Old pages lay everything out in tables, which trafilatura drops with the data tables."""
    layout = [table for table in body.iter("table") if _is_layout(table)]
    for table in layout:
        for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            element.tag = "div"
            for attribute in ("width", "align", "valign", "colspan", "rowspan"):
                element.attrib.pop(attribute, None)


def _is_layout(table: lxml.html.HtmlElement) -> bool:
    if table.find(".//table") is not None:
        return True
    if next(table.iter(*(_BLOCK_TAGS - {"table", "p"})), None) is not None:
        return True
    return any(len(_text(cell)) >= _MIN_LAYOUT_CELL_CHARS for cell in table.iter("td", "th"))


def _bold_paragraphs(body: lxml.html.HtmlElement) -> set[str]:
    """The text of each paragraph printed wholly in bold: a subheading, or a lead."""
    return {
        _text(paragraph)
        for paragraph in body.iter("p", "div")
        if not any(child.tag in _BLOCK_TAGS for child in paragraph if isinstance(child.tag, str))
        and _in_tags(paragraph, _BOLD_TAGS)
    }


# --- is it an article? ------------------------------------------------------------------------


def _check_is_article(
    name: str, meta: _Meta, page: _Page, lines: list[Line], link_share: float
) -> None:
    """Refuse a home page or list of links, and a page with too little text to narrate.

    A page that says it is an article, or prints a sapo, is never taken for a list page.
    """
    chars = sum(len(line.text) for line in lines if line.kind in ("lead", "paragraph"))
    listing = link_share >= _MAX_LINK_SHARE and chars < _MAX_LISTING_TEXT
    if not meta.is_article and not page.sapo and listing:
        raise ArticleError(
            f"{name} looks like a home page or list of links, not an article; "
            "give the article's own page"
        )
    if chars < _MIN_ARTICLE_CHARS:
        raise ArticleError(
            f"{name} has too little article text ({chars} characters) to be an article; "
            "give the page of a full article"
        )
