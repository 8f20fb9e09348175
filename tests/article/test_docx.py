"""The Word reader: a reporter's .docx read like the same article in a text file, plus styles."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import lxml.etree
import pytest
from docx.document import Document
from docx.shared import Inches
from PIL import Image

from narrate.article import read_article, read_docx
from narrate.errors import InputError

from .test_encoding import tcvn3

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TITLE = "Hợp tác xã Tân Bình thu mua 1.200 tấn xoài cát Hòa Lộc"
DATE_LINE = "Cập nhật ngày: 14/05/2021 08:20"
LEAD = "Sáng 13/5, Hợp tác xã Tân Bình ký hợp đồng bao tiêu xoài với 85 hộ dân trong xã."
CAPTION = "Xã viên phân loại xoài trước khi đóng thùng"
STYLED_CAPTION = "Kho lạnh 200 tấn vừa đưa vào sử dụng"
PARAGRAPHS = (
    "Giá thu mua loại 1 là 32.000 đồng/kg, cao hơn giá thị trường khoảng 3,5%.",
    "Đến năm 2025, hợp tác xã dự kiến mở rộng vùng nguyên liệu lên 150 ha.",
    "Hợp tác xã còn hỗ trợ xã viên vay vốn không lãi để mua phân bón.",
)
HEADING = "Mở rộng vùng nguyên liệu"
BOLD_HEADING = "Kết quả khả quan"
AUTHOR = "KIM NGÂN"


def png() -> io.BytesIO:
    """A tiny real photo, as a reporter's file would hold."""
    stream = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 120, 40)).save(stream, format="PNG")
    stream.seek(0)
    return stream


def save(document: Document, tmp_path: Path, name: str = "bai-viet.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def reporters_file() -> Document:
    """A .docx laid out the way reporters send them: every part this reader knows."""
    document = docx.Document()
    document.add_heading(TITLE, 0)
    document.add_paragraph(DATE_LINE)
    document.add_paragraph("ĐTO - " + LEAD)
    document.add_picture(png(), width=Inches(1))
    document.add_paragraph(CAPTION)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_heading(HEADING, 2)
    document.add_paragraph(PARAGRAPHS[1])
    document.add_paragraph(STYLED_CAPTION, style="Caption")
    document.add_paragraph().add_run(BOLD_HEADING).bold = True
    document.add_paragraph(PARAGRAPHS[2])
    document.add_paragraph(AUTHOR)
    document.add_paragraph("Gửi bình luận của bạn")
    return document


def test_a_reporters_file_yields_title_date_lead_headings_captions_and_byline(
    tmp_path: Path,
) -> None:
    path = save(reporters_file(), tmp_path)
    article = read_docx(path)

    assert article.title == TITLE
    assert article.published == datetime(2021, 5, 14, 8, 20, tzinfo=TZ)
    assert article.source_code == "ĐTO"
    assert article.author == AUTHOR
    assert article.source == str(path)
    assert article.warnings == ()
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("lead", LEAD),
        ("caption", CAPTION),
        ("paragraph", PARAGRAPHS[0]),
        ("heading", HEADING),
        ("paragraph", PARAGRAPHS[1]),
        ("caption", STYLED_CAPTION),
        ("heading", BOLD_HEADING),
        ("paragraph", PARAGRAPHS[2]),
    ]


def test_read_article_picks_the_word_reader_by_name_and_by_content(tmp_path: Path) -> None:
    expected = read_docx(save(reporters_file(), tmp_path))
    renamed = save(reporters_file(), tmp_path, "bai-viet.txt")

    assert read_article(save(reporters_file(), tmp_path, "khac.docx")).blocks == expected.blocks
    assert read_article(renamed).blocks == expected.blocks
    assert read_article(save(reporters_file(), tmp_path, "cu.doc")).blocks == expected.blocks


def unstyled(document: Document) -> None:
    for line in (TITLE, DATE_LINE, "ĐTO - " + LEAD, *PARAGRAPHS, AUTHOR):
        document.add_paragraph(line)


def subtitle_lead(document: Document) -> None:
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(LEAD, style="Subtitle")
    for line in (*PARAGRAPHS, AUTHOR):
        document.add_paragraph(line)


def kicker_above_title(document: Document) -> None:
    document.add_paragraph(DATE_LINE)
    document.add_heading(TITLE, 1)
    for line in (LEAD, *PARAGRAPHS, AUTHOR):
        document.add_paragraph(line)


def caption_beside_picture(document: Document) -> None:
    document.add_heading(TITLE, 0)
    document.add_paragraph(LEAD)
    paragraph = document.add_paragraph()
    paragraph.add_run().add_picture(png(), width=Inches(1))
    paragraph.add_run(CAPTION)
    for line in (*PARAGRAPHS, AUTHOR):
        document.add_paragraph(line)


def picture_table(document: Document) -> None:
    document.add_heading(TITLE, 0)
    document.add_paragraph(LEAD)
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).paragraphs[0].add_run().add_picture(png(), width=Inches(1))
    table.cell(1, 0).paragraphs[0].add_run(CAPTION)
    for line in (*PARAGRAPHS, AUTHOR):
        document.add_paragraph(line)


def tracked_insertion(document: Document) -> None:
    document.add_heading(TITLE, 0)
    paragraph = document.add_paragraph("Sáng 13/5, ")
    inserted = lxml.etree.SubElement(paragraph._p, f"{{{W}}}ins")
    run = lxml.etree.SubElement(inserted, f"{{{W}}}r")
    lxml.etree.SubElement(run, f"{{{W}}}t").text = LEAD.removeprefix("Sáng 13/5, ")
    for line in (*PARAGRAPHS, AUTHOR):
        document.add_paragraph(line)


def soft_line_breaks(document: Document) -> None:
    document.add_heading(TITLE, 0)
    paragraph = document.add_paragraph(LEAD)
    for line in PARAGRAPHS:
        paragraph.add_run().add_break()
        paragraph.add_run(line)
    document.add_paragraph(AUTHOR)


def tcvn3_fonts(document: Document) -> None:
    for line in (TITLE, LEAD, *PARAGRAPHS, AUTHOR):
        document.add_paragraph(tcvn3(line).decode("cp1252")).runs[0].font.name = ".VnTime"


LAYOUTS: dict[str, tuple[Callable[[Document], None], tuple[str, ...]]] = {
    "unstyled": (unstyled, ("lead", "paragraph", "paragraph", "paragraph")),
    "subtitle_lead": (subtitle_lead, ("lead", "paragraph", "paragraph", "paragraph")),
    "kicker_above_title": (kicker_above_title, ("lead", "paragraph", "paragraph", "paragraph")),
    "caption_beside_picture": (
        caption_beside_picture,
        ("lead", "caption", "paragraph", "paragraph", "paragraph"),
    ),
    "picture_table": (picture_table, ("lead", "caption", "paragraph", "paragraph", "paragraph")),
    "tracked_insertion": (tracked_insertion, ("lead", "paragraph", "paragraph", "paragraph")),
    "soft_line_breaks": (soft_line_breaks, ("lead", "paragraph", "paragraph", "paragraph")),
    "tcvn3_fonts": (tcvn3_fonts, ("lead", "paragraph", "paragraph", "paragraph")),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_way_reporters_lay_out_a_file_gives_the_same_article(
    tmp_path: Path, layout: str
) -> None:
    build, kinds = LAYOUTS[layout]
    document = docx.Document()
    build(document)
    article = read_docx(save(document, tmp_path))

    assert article.title == TITLE
    assert article.lead == LEAD
    assert article.paragraphs[1:] == PARAGRAPHS
    assert article.author == AUTHOR
    assert tuple(block.kind for block in article.blocks) == kinds
    if "caption" in kinds:
        assert article.captions == (CAPTION,)


def test_a_file_without_a_title_style_or_byline_warns_like_a_text_file(tmp_path: Path) -> None:
    document = docx.Document()
    for line in (TITLE, LEAD, PARAGRAPHS[0]):
        document.add_paragraph(line)
    article = read_docx(save(document, tmp_path))

    assert article.title == TITLE
    assert any("byline" in warning for warning in article.warnings)
    assert any("publication date" in warning for warning in article.warnings)


# --- refusals ---------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _with_document_xml(document_xml: bytes) -> Callable[[Path], bytes]:
    """A real .docx whose main part is replaced."""

    def make(tmp_path: Path) -> bytes:
        data = save(reporters_file(), tmp_path, "ok.docx").read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        members["word/document.xml"] = document_xml
        return _zip(members)

    return make


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BAD_FILES: dict[str, tuple[str, Callable[[Path], bytes], str]] = {
    "old_word_doc": ("bai.doc", lambda _: OLE, "old Word .doc file"),
    "old_word_doc_named_docx": ("bai.docx", lambda _: OLE, "save it as .docx"),
    "rtf": ("bai.doc", lambda _: b"{\\rtf1\\ansi Tin moi}", "Rich Text"),
    "not_a_zip": ("bai.docx", lambda _: "Tiêu đề\n\nNội dung".encode(), "not a zip archive"),
    "truncated_zip": ("bai.docx", lambda path: _broken_zip(path), "damaged"),
    "zip_without_word": ("bai.docx", lambda _: _zip({"a.txt": b"x"}), "not a Word document"),
    "broken_document_xml": (
        "bai.docx",
        _with_document_xml(b"<w:document><w:body><w:p>"),
        "cannot be read as a Word document",
    ),
    "document_xml_of_another_format": (
        "bai.docx",
        _with_document_xml(b"<html><body>Tin</body></html>"),
        "not Word's document format",
    ),
    "unknown_doc": ("bai.doc", lambda _: b"WordPerfect document", "save it as .docx"),
}


def _broken_zip(tmp_path: Path) -> bytes:
    return save(reporters_file(), tmp_path, "ok.docx").read_bytes()[:300]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_file_word_cannot_give_us_is_refused_saying_how_to_save_it(
    tmp_path: Path, case: str
) -> None:
    name, make, reason = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))

    with pytest.raises(InputError, match=reason) as raised:
        read_article(path)

    message = str(raised.value)
    assert message.startswith(str(path))
    assert "\n" not in message
    assert ".docx" in message


def test_read_docx_refuses_an_old_doc_file_too(tmp_path: Path) -> None:
    path = tmp_path / "bai.doc"
    path.write_bytes(OLE)

    with pytest.raises(InputError, match=r"old Word \.doc file"):
        read_docx(path)
