"""Read an article a reporter sent as a Word document (.docx) into an :class:`Article`.

Word keeps what plain text loses: the headline's style, subheadings, the photos and the
captions under them. Those are read from the document; everything else (date line, dateline
marker, byline in capitals, furniture) follows the text reader's rules, so a .docx and the same
article pasted into a .txt give the same result.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.etree

from narrate.article.encoding import repair_parts
from narrate.article.structure import FINAL_PUNCTUATION as _FINAL_PUNCTUATION
from narrate.article.structure import MAX_CAPTION_CHARS as _MAX_CAPTION_CHARS
from narrate.article.structure import MAX_HEADING_CHARS as _MAX_HEADING_CHARS
from narrate.article.text import (
    MAX_ARTICLE_BYTES,
    Line,
    display_name,
    parse_lines,
    read_file,
)
from narrate.errors import InputError
from narrate.models import Article, BlockKind
from narrate.textclean import clean_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = ["MAX_DOCX_BYTES", "is_docx_data", "parse_docx", "read_docx", "refuse_word_binary"]

# A .docx carries its photos, so it may be far bigger than the text; the unpacked parts are
# bounded too, so a crafted archive cannot fill the memory.
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 4 * MAX_ARTICLE_BYTES

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
_DOCUMENT_XML = "word/document.xml"

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_W_P = f"{{{_NS['w']}}}p"
_W_T = f"{{{_NS['w']}}}t"
_W_TAB = f"{{{_NS['w']}}}tab"
_W_BR = f"{{{_NS['w']}}}br"
_W_CR = f"{{{_NS['w']}}}cr"
_W_HYPHEN = f"{{{_NS['w']}}}noBreakHyphen"
_MC_FALLBACK = f"{{{_NS['mc']}}}Fallback"
_PICTURE = lxml.etree.XPath(".//pic:pic | .//v:imagedata", namespaces=_NS)

# What python-docx raises on a package that is not the Word document it claims to be (a part
# missing, XML that is not WordprocessingML).
_DOCX_ERRORS = (
    KeyError, ValueError, AttributeError, TypeError, zipfile.BadZipFile,
    lxml.etree.LxmlError,
)  # fmt: skip

# A caption under a photo is a sentence or two, not a paragraph of the story.
_MAX_CAPTION_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
# The headline may follow a short kicker or date line; it is looked for this far down.
_TITLE_SEARCH = 3


def refuse_word_binary(data: bytes, name: str) -> None:
    """Refuse the Word formats narrate cannot read, saying how to save the file instead."""
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{name} is an old Word .doc file (Word 97-2003) or a password-protected document; "
            "open it in Word or LibreOffice and save it as .docx (Word Document) without a "
            "password, then try again"
        )
    if data.lstrip()[:5].lower() == _RTF_MAGIC:
        raise InputError(
            f"{name} is a Rich Text (RTF) file; open it in Word or LibreOffice and save it as "
            ".docx (Word Document) or as plain text (.txt, UTF-8), then try again"
        )


def is_docx_data(data: bytes) -> bool:
    """A zip archive holding word/document.xml: a Word document whatever its name says."""
    if not data.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _DOCUMENT_XML in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_docx(path: Path) -> Article:
    """Read one Word document; every failure is one :class:`InputError` line naming the file."""
    data = read_file(path, limit=MAX_DOCX_BYTES)
    refuse_word_binary(data, display_name(str(path), "the Word file"))
    return parse_docx(data, source=str(path))


def parse_docx(data: bytes, *, source: str, title: str | None = None) -> Article:
    """Read the article in the bytes of a .docx file; ``source`` names it in messages.

    Raises :class:`InputError` for a damaged or wrong file, with how to fix it, and
    :class:`~narrate.errors.ArticleError` for a document with no title or no paragraph.
    """
    import docx  # python-docx is only imported for Word files
    from docx.opc.exceptions import OpcError

    name = display_name(source, "the Word file")
    _check_archive(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [_read(paragraph) for paragraph in _paragraphs(document)]
    except (OpcError, *_DOCX_ERRORS) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if isinstance(error, AttributeError | TypeError):
            reason = "its main part is not Word's document format"
        raise InputError(
            f"{name} cannot be read as a Word document ({reason}); open it in Word or "
            "LibreOffice and save it again as .docx"
        ) from None
    texts = [clean_text(text) for text in repair_parts([p.text for p in paragraphs], name)]
    paragraphs = [
        _Para(text, p.style, p.picture, p.bold) for p, text in zip(paragraphs, texts, strict=True)
    ]
    styled, lines = _title_and_lines(paragraphs)
    return parse_lines(lines, source=source, title=title or styled)


def _check_archive(data: bytes, name: str) -> None:
    """A zip archive with a Word document inside, small enough to unpack."""
    damaged = (
        f"{name} is not a valid .docx file ({{reason}}); open it in Word or LibreOffice and "
        "save it again as .docx (Word Document)"
    )
    if not data.startswith(_ZIP_MAGIC):
        raise InputError(damaged.format(reason="it is not a zip archive, so damaged or renamed"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(damaged.format(reason="the zip archive is damaged")) from None
    document = next((m for m in members if m.filename == _DOCUMENT_XML), None)
    if document is None:
        raise InputError(
            f"{name} is a zip archive but not a Word document (it has no {_DOCUMENT_XML}); "
            "save the article from Word as .docx (Word Document)"
        )
    unpacked = sum(member.file_size for member in members)
    if document.file_size > MAX_DOCUMENT_XML_BYTES or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            f"{name} unpacks to {unpacked:,} bytes, far too big for an article; "
            "check that it is the right file"
        )


@dataclass(frozen=True)
class _Para:
    """What matters of one Word paragraph."""

    text: str
    style: str  # lower-case style name, or the built-in one it is based on
    picture: bool
    bold: bool


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph in reading order, those in tables and text boxes included.

    A text box is stored twice (new and old format); the old copy under ``mc:Fallback`` is
    skipped.
    """
    from docx.text.paragraph import Paragraph

    body = document.element.body
    for element in body.iter(_W_P):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in element.iterancestors()):
            continue
        yield Paragraph(element, document)


def _read(paragraph: Paragraph) -> _Para:
    text = _text(paragraph._p)
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    bold = bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)
    return _Para(text, _style_name(paragraph), bool(_PICTURE(paragraph._p)), bold)


def _text(element: lxml.etree._Element) -> str:
    """The paragraph's visible text, tracked insertions and fields included.

    python-docx reads only plain runs and links; a reporter's file often holds tracked changes.
    Text boxes nested in the paragraph are paragraphs of their own and are left out here.
    """
    parts: list[str] = []
    for node in element.iterdescendants(_W_T, _W_TAB, _W_BR, _W_CR, _W_HYPHEN):
        if any(a.tag in (_W_P, _MC_FALLBACK) for a in _ancestors_within(node, element)):
            continue
        if node.tag == _W_T:
            parts.append(node.text or "")
        elif node.tag == _W_HYPHEN:
            parts.append("-")
        elif node.tag == _W_TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _ancestors_within(
    node: lxml.etree._Element, root: lxml.etree._Element
) -> Iterator[lxml.etree._Element]:
    for ancestor in node.iterancestors():
        if ancestor is root:
            return
        yield ancestor


def _style_name(paragraph: Paragraph) -> str:
    """The style, or the first built-in one it derives from ("Tiêu đề bài" → "heading 1")."""
    style = paragraph.style
    for _ in range(5):
        if style is None:
            return ""
        name = (style.name or "").lower()
        if name.startswith(("heading", "title", "subtitle", "caption")):
            return name
        style = style.base_style
    return (paragraph.style.name or "").lower() if paragraph.style is not None else ""


def _title_and_lines(paragraphs: list[_Para]) -> tuple[str | None, list[Line]]:
    """The styled headline near the top, if any, and every other paragraph as a line."""
    filled = [i for i, p in enumerate(paragraphs) if p.text.strip()]
    title_index = next(
        (i for i in filled[:_TITLE_SEARCH] if paragraphs[i].style.startswith(("title", "heading"))),
        None,
    )
    title = " ".join(paragraphs[title_index].text.split()) if title_index is not None else None
    lines: list[Line] = []
    after_picture = False
    # Without a styled headline the first line will be the title, and the lead comes after it.
    lead_at = 0 if title is not None else 1
    texts_seen = 0
    for index, paragraph in enumerate(paragraphs):
        if index == title_index:
            continue
        parts = [part for part in paragraph.text.split("\n") if part.strip()]
        if paragraph.picture:
            lines.extend(Line(part, "caption") for part in parts)
            after_picture = after_picture or not parts
            continue
        if not parts:
            continue
        kind = _kind(paragraph, after_picture=after_picture, first_body=texts_seen == lead_at)
        lines.extend(Line(part, kind) for part in parts)
        after_picture = False
        if kind != "caption":
            texts_seen += 1
    return title, lines


def _kind(paragraph: _Para, *, after_picture: bool, first_body: bool) -> BlockKind | None:
    """What the paragraph's style or place says it is; None leaves it to the text rules."""
    text = " ".join(paragraph.text.split())
    if paragraph.style.startswith("caption"):
        return "caption"
    if after_picture and _is_short_caption(text):
        return "caption"
    if paragraph.style.startswith("subtitle") and first_body:
        return "lead"
    if paragraph.style.startswith(("heading", "title", "subtitle")):
        return "heading"
    if (
        paragraph.bold
        and not first_body
        and len(text) <= _MAX_HEADING_CHARS
        and not text.endswith(_FINAL_PUNCTUATION)
        and not text.isupper()  # a byline in capitals, left to the byline rule
    ):
        return "heading"
    return None


def _is_short_caption(text: str) -> bool:
    sentences = len(_SENTENCE_END.findall(text))
    return len(text) <= _MAX_CAPTION_CHARS and sentences <= _MAX_CAPTION_SENTENCES
