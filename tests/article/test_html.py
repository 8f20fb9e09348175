"""The web page reader: the article out of a news page, the page around it left behind."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.article import MAX_ARTICLE_BYTES, parse_html, read_article
from narrate.errors import ArticleError, InputError, NarrateError
from narrate.models import Article

from .test_encoding import tcvn3

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Expected:
    title: str
    published: datetime
    author: str | None  # a person or team; a "Theo …" line is a source, never an author
    source_code: str
    url: str | None
    image: str | None
    lead_start: str
    kinds: tuple[str, ...]
    captions: tuple[str, ...]
    headings: tuple[str, ...]


EXPECTED = {
    "xoai-lai-vung.html": Expected(
        title="Hợp tác xã Tân Bình thu mua 1.200 tấn xoài cát Hòa Lộc",
        published=datetime(2021, 5, 14, 8, 20, 45, tzinfo=TZ),
        author="KIM NGÂN",
        source_code="ĐTO",
        url="https://baodongthap.example.vn/kinh-te/hop-tac-xa-tan-binh-thu-mua-1200-tan-xoai-a104512.html",
        image="https://cdn.baodongthap.example.vn/2021/05/14/xoai-tan-binh.jpg",
        lead_start="Sáng 13/5, Hợp tác xã Tân Bình ký hợp đồng",
        kinds=(
            "lead",
            "caption",
            "paragraph",
            "paragraph",
            "heading",
            "paragraph",
            "caption",
            "paragraph",
        ),
        captions=(
            "Xã viên Hợp tác xã Tân Bình phân loại xoài cát Hòa Lộc trước khi đóng thùng",
            # "(Ảnh: KIM NGÂN)" after it is a photo credit, not read ("Ảnh" said once)
            "Kho lạnh 200 tấn của Hợp tác xã Tân Bình vừa đưa vào sử dụng",
        ),
        headings=("Mở rộng vùng nguyên liệu",),
    ),
    "cau-ba-kep.html": Expected(
        title="Thông xe cầu Ba Kẹp nối hai xã cù lao",
        published=datetime(2021, 11, 20, 10, 5, tzinfo=TZ),
        author="HỮU NGHĨA",
        source_code="BVL",
        url="http://www.baovinhlong.example.vn/giaothong/2021/11/thong-xe-cau-ba-kep.asp",
        image=None,
        lead_start="Sáng 19/11, Ủy ban nhân dân huyện Long Hồ tổ chức lễ thông xe",
        kinds=(
            "lead",
            "caption",
            "paragraph",
            "paragraph",
            "heading",
            "paragraph",
            "caption",
            "paragraph",
        ),
        captions=(
            "Người dân xã An Bình đi qua cầu Ba Kẹp trong ngày thông xe",
            "Lãnh đạo huyện Long Hồ cắt băng thông xe cầu Ba Kẹp",
        ),
        headings=("Mong đợi của người dân",),
    ),
    "truong-hoc-thap-muoi.html": Expected(
        title="Trường Tiểu học Mỹ Quý khánh thành 8 phòng học mới",
        published=datetime(2019, 9, 5, 15, 42, tzinfo=TZ),
        author=None,
        source_code="TM",
        url=None,
        image=None,
        lead_start="Sáng 4/9, Trường Tiểu học Mỹ Quý tổ chức lễ khánh thành",
        kinds=("lead", "caption", "paragraph", "heading", "paragraph", "caption", "paragraph"),
        captions=(
            "Học sinh Trường Tiểu học Mỹ Quý trong phòng học mới",
            "Lãnh đạo huyện trao tặng 50 phần quà cho học sinh có hoàn cảnh khó khăn",
        ),
        headings=("Giảm cảnh học ca ba",),
    ),
}

# What the pages print around their articles; none of it may reach a block.
FURNITURE = (
    "Trang chủ", "Thời sự", "Tin liên quan", "Các tin khác", "Chia sẻ", "Zalo", "In bài",
    "Gửi bình luận", "Mong hợp tác xã mở rộng", "Tags", "Lai Vung mở rộng vùng trồng quýt",
    "Đọc nhiều", "Sa Đéc chuẩn bị lễ hội", "Cơ quan của Đảng bộ", "Thông xe tuyến đường huyện 25",
    "Giấy phép", "Nông nghiệp", "Sửa chữa 25 phòng học", "Bản quyền", "Thủ tục hành chính",
    "Cập nhật ngày", "Ngày đăng", "GMT+7", "Bài, ảnh", "Theo Phòng",
)  # fmt: skip


def read(name: str) -> Article:
    return read_article(FIXTURES / name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_yields_its_title_time_author_address_and_photo(name: str) -> None:
    expected = EXPECTED[name]
    article = read(name)

    assert article.title == expected.title
    assert article.published == expected.published
    assert article.published.utcoffset() == expected.published.utcoffset()
    assert article.author == expected.author
    assert article.source_line == (None if expected.author else "Phòng GD&ĐT Tháp Mười")
    assert article.source_code == expected.source_code
    assert article.url == expected.url
    assert article.image == expected.image
    assert article.source == str(FIXTURES / name)
    assert article.warnings == ()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_keeps_lead_headings_and_captions_in_reading_order(name: str) -> None:
    expected = EXPECTED[name]
    article = read(name)

    assert tuple(block.kind for block in article.blocks) == expected.kinds
    assert article.lead.startswith(expected.lead_start)
    assert article.captions == expected.captions
    assert tuple(b.text for b in article.blocks if b.kind == "heading") == expected.headings


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_block_holds_menus_related_stories_comments_or_metadata(name: str) -> None:
    article = read(name)
    texts = [article.title, *(block.text for block in article.blocks)]

    for printed in FURNITURE:
        assert not any(printed in text for text in texts), printed
    credit = article.author or article.source_line
    assert not any(
        credit in block.text for block in article.blocks[1:-1] if block.kind != "caption"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_all_page_text_is_nfc_with_entities_decoded_and_whitespace_collapsed(name: str) -> None:
    article = read(name)

    credit = article.author or article.source_line
    for text in (article.title, credit, *(block.text for block in article.blocks)):
        assert unicodedata.is_normalized("NFC", text)
        assert text == " ".join(text.split())
        assert "&" not in text.replace("GD&ĐT", "")
        assert "\u00a0" not in text


def test_a_home_page_is_refused_as_a_list_of_links() -> None:
    path = FIXTURES / "trang-chu.html"

    with pytest.raises(ArticleError) as raised:
        read_article(path)

    message = str(raised.value)
    assert message.startswith(str(path))
    assert "looks like a home page or list of links, not an article" in message
    assert "give the article's own page" in message
    assert "\n" not in message


# --- encodings and saved pages ----------------------------------------------------------------

LEGACY = (FIXTURES / "cau-ba-kep.html").read_bytes()
META = b'<META http-equiv=Content-Type content="text/html; charset=windows-1258">'
LEGACY_TEXT = LEGACY.decode("cp1258")


def _utf8_keeping_the_old_label(data: bytes) -> bytes:
    return LEGACY_TEXT.encode()


SAVED_PAGES = {
    "windows_1258_declared": (LEGACY, None),
    "windows_1258_undeclared": (LEGACY.replace(META, b""), None),
    "windows_1258_server_says_latin1": (LEGACY, "ISO-8859-1"),
    "windows_1258_server_says_so": (LEGACY.replace(META, b""), "windows-1258"),
    "utf8_resaved_with_old_label": (LEGACY_TEXT.encode(), None),
    "utf8_with_bom": (codecs.BOM_UTF8 + LEGACY_TEXT.encode(), "utf-8"),
    "utf16_with_bom": (LEGACY_TEXT.encode("utf-16"), None),
    "nfd": (unicodedata.normalize("NFD", LEGACY_TEXT).encode(), None),
    "stray_line_before_doctype": (b"HTTP/1.1 200 OK\r\n" + LEGACY_TEXT.encode(), None),
}


@pytest.mark.parametrize("case", sorted(SAVED_PAGES))
def test_a_page_reads_the_same_whatever_its_encoding_and_label(case: str) -> None:
    data, charset = SAVED_PAGES[case]
    expected = parse_html(LEGACY, source="page")

    assert parse_html(data, source="page", charset=charset) == expected
    assert expected.title == EXPECTED["cau-ba-kep.html"].title


def test_a_page_given_as_text_reads_like_its_bytes() -> None:
    assert parse_html(LEGACY_TEXT, source="page") == parse_html(LEGACY, source="page")


@pytest.mark.parametrize("suffix", [".htm", ".xhtml", ".txt", ""])
def test_a_saved_page_is_read_as_html_whatever_its_file_name(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bai{suffix}"
    path.write_bytes(LEGACY)

    assert replace(read_article(path), source="") == replace(read("cau-ba-kep.html"), source="")


def page(
    body: str, head: str = "", *, title: str = "Nông dân Tháp Mười trúng mùa sen - Báo Đồng Tháp"
) -> str:
    """A small news page; the tests below change one part at a time."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    )


HEADLINE = "Nông dân Tháp Mười trúng mùa sen"
PARAGRAPHS = (
    "Vụ sen năm nay, nông dân huyện Tháp Mười thu hoạch gần 2.000 tấn hạt sen tươi, tăng 15% "
    "so với năm trước nhờ áp dụng quy trình canh tác mới.",
    "Giá hạt sen tươi dao động từ 45.000 đến 50.000 đồng/kg, người trồng lãi khoảng 60 triệu "
    "đồng mỗi hécta sau khi trừ chi phí.",
    "Huyện dự kiến mở rộng vùng sen lên 3.500 ha vào năm 2026, gắn với du lịch sinh thái.",
)


def story(*extra: str, lead: str = "ĐTO - " + PARAGRAPHS[0]) -> str:
    """The article's markup; an extra that is markup already stands as it is."""
    parts = (lead, *PARAGRAPHS[1:], *extra)
    html = "".join(part if part.startswith("<") else f"<p>{part}</p>" for part in parts)
    return f"<article><h1>{HEADLINE}</h1>{html}</article>"


def test_an_xhtml_page_with_an_xml_declaration_is_read() -> None:
    data = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>'
        f"<body>{story()}</body></html>"
    ).encode()

    assert parse_html(data, source="p").title == HEADLINE


def test_a_page_typed_in_tcvn3_fonts_is_converted_to_unicode() -> None:
    text = page(f'<font face=".VnTime">{story("MINH TÂM")}</font>', title=HEADLINE)
    data = tcvn3(text).replace(b"charset='utf-8'", b"charset='iso-8859-1'")

    article = parse_html(data, source="p")

    assert article.title == HEADLINE
    assert article.lead == PARAGRAPHS[0]
    assert article.paragraphs[1:] == PARAGRAPHS[1:]
    assert article.author == "MINH TÂM"


def test_a_page_typed_in_vni_is_refused_with_how_to_convert_it() -> None:
    vni = "Nhaân daân huyeän Chaâu Thaønh ñöôïc muøa luùa ñoâng xuaân. Ngöôøi daân vui möøng."
    data = page("<h1>Chaâu Thaønh ñöôïc muøa</h1>" + f"<p>{vni}</p>" * 4).encode()

    with pytest.raises(InputError, match=r"VNI Windows font encoding.*Unikey"):
        parse_html(data, source="p")


def test_entities_left_escaped_in_the_text_are_decoded() -> None:
    body = story(lead="ĐTO - Th&amp;agrave;nh ph&amp;#7889; Cao L&amp;atilde;nh " + "và " * 40)

    assert parse_html(page(body), source="p").lead.startswith("Thành phố Cao Lãnh và")


# --- metadata ---------------------------------------------------------------------------------

PUBLISHED = datetime(2024, 6, 3, 16, 49, 4, tzinfo=TZ)


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2024-06-03T16:49:04+07:00">',
        '<meta property="article:published_time" content="2024-06-03T09:49:04Z">',
        '<meta property="article:published_time" content="2024-06-03T09:49:04.000+00:00">',
        '<meta itemprop="datePublished" content="2024-06-03T16:49:04">',
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage"}, {"@type": ["NewsArticle"], "datePublished": '
        '"2024-06-03T16:49:04+07:00"}]}</script>',
    ],
)
def test_the_publication_time_is_read_from_metadata_in_vietnam_time(head: str) -> None:
    article = parse_html(page(story(), head), source="p")

    assert article.published == PUBLISHED
    assert article.published.utcoffset().total_seconds() == 7 * 3600


def test_a_date_line_on_the_page_is_the_time_when_metadata_has_none() -> None:
    body = '<div class="post-date">Cập nhật ngày: 03/06/2024 16:49:04</div>' + story()

    assert parse_html(page(body), source="p").published == PUBLISHED


def test_a_page_without_a_date_has_a_warning_that_says_what_was_looked_for() -> None:
    article = parse_html(page(story()), source="p")

    assert article.published is None
    assert any("article:published_time" in warning for warning in article.warnings)


@pytest.mark.parametrize(
    ("head", "author"),
    [
        ('<meta property="article:author" content="MINH TÂM">', "MINH TÂM"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
            '[{"@type": "Person", "name": "MINH TÂM"}, {"@type": "Person", "name": "THANH HÀ"}]}'
            "</script>",
            "MINH TÂM - THANH HÀ",
        ),
        ('<meta name="author" content="Báo Đồng Tháp">', None),
        ('<meta property="article:author" content="https://facebook.com/baodongthap">', None),
    ],
)
def test_the_author_comes_from_metadata_but_never_the_newspapers_own_name(
    head: str, author: str | None
) -> None:
    article = parse_html(page(story(), head), source="p")

    assert article.author == author


@pytest.mark.parametrize(
    ("last", "author"),
    [
        ("MINH TÂM", "MINH TÂM"),
        ("<p><strong>Bài và ảnh: Minh Tâm</strong></p>", "Minh Tâm"),
        ("Bài, ảnh: MINH TÂM", "MINH TÂM"),
        ("Minh Tâm", "Minh Tâm"),
    ],
)
def test_a_byline_after_the_last_paragraph_is_the_author_and_leaves_the_body(
    last: str, author: str
) -> None:
    article = parse_html(page(story(last)), source="p")

    assert article.author == author
    assert article.paragraphs[-1] == PARAGRAPHS[-1]


@pytest.mark.parametrize(
    ("last", "source"), [("Theo TTXVN", "TTXVN"), ("(Theo Báo Tuổi Trẻ)", "Báo Tuổi Trẻ")]
)
def test_a_source_line_after_the_last_paragraph_is_a_source_and_never_the_author(
    last: str, source: str
) -> None:
    article = parse_html(page(story(last)), source="p")

    assert (article.author, article.source_line) == (None, source)
    assert article.paragraphs[-1] == PARAGRAPHS[-1]


def test_a_byline_that_repeats_the_metadata_author_is_not_read_out_twice() -> None:
    head = '<meta property="article:author" content="MINH TÂM">'
    article = parse_html(page(story("<p class='author-name'>Minh Tâm</p>"), head), source="p")

    assert article.author == "MINH TÂM"
    assert all("Minh Tâm" not in block.text for block in article.blocks)


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        (
            '<link rel="canonical" href="/kinh-te/sen.html">',
            "https://baodongthap.vn/tin/123",
            "https://baodongthap.vn/kinh-te/sen.html",
        ),
        (
            '<link rel="canonical" href="/kinh-te/sen.html">'
            '<meta property="og:url" content="https://baodongthap.vn/sen">',
            None,
            "https://baodongthap.vn/kinh-te/sen.html",
        ),
        (
            '<meta property="og:url" content="https://baodongthap.vn/sen">',
            None,
            "https://baodongthap.vn/sen",
        ),
        ("", "https://baodongthap.vn/tin/123", "https://baodongthap.vn/tin/123"),
        ('<link rel="canonical" href="/kinh-te/sen.html">', None, None),
        ('<link rel="canonical" href="javascript:void(0)">', None, None),
    ],
)
def test_the_canonical_address_is_absolute_or_left_empty(
    head: str, url: str | None, expected: str | None
) -> None:
    assert parse_html(page(story(), head), source="p", url=url).url == expected


@pytest.mark.parametrize(
    ("head", "image"),
    [
        ('<meta property="og:image" content="/anh/sen.jpg">', "https://baodongthap.vn/anh/sen.jpg"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"image": {"@type": "ImageObject", "url": "https://cdn.vn/sen.jpg"}}</script>',
            "https://cdn.vn/sen.jpg",
        ),
        ("", None),
    ],
)
def test_the_lead_photo_is_an_absolute_address(head: str, image: str | None) -> None:
    article = parse_html(page(story(), head), source="p", url="https://baodongthap.vn/tin/1")

    assert article.image == image


@pytest.mark.parametrize(
    ("title", "head"),
    [
        (f"{HEADLINE} - Báo Đồng Tháp", ""),
        (f"{HEADLINE} | baodongthap.vn", ""),
        (f"Báo Đồng Tháp - {HEADLINE}", ""),
        (
            "Trang tin",
            f'<meta property="og:title" content="{HEADLINE} - Đồng Tháp Online">'
            '<meta property="og:site_name" content="Đồng Tháp Online">',
        ),
    ],
)
def test_without_a_headline_element_the_title_is_the_metadata_title_without_the_site(
    title: str, head: str
) -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    url = "https://baodongthap.vn/tin/1"

    assert parse_html(page(body, head, title=title), source="p", url=url).title == HEADLINE


def test_a_headline_with_a_dash_of_its_own_is_kept_whole() -> None:
    title = "ĐBSCL - vựa trái cây của cả nước"
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)

    assert parse_html(page(body, title=f"{title} - Báo Đồng Tháp"), source="p").title == title


# --- lead, captions, furniture ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sapo",
    [
        '<h2 class="sapo">{}</h2>',
        '<div class="article-sapo">{}</div>',
        '<p class="lead">{}</p>',
        "<p><strong>{}</strong></p>",
    ],
)
def test_the_sapo_is_the_lead_however_the_page_marks_it(sapo: str) -> None:
    body = (
        f"<h1>{HEADLINE}</h1>" + sapo.format("ĐTO - " + PARAGRAPHS[0]) + "<div class='content'>"
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[1:]) + "</div>"
    )  # fmt: skip
    article = parse_html(page(body), source="p")

    assert article.lead == PARAGRAPHS[0]
    assert article.source_code == "ĐTO"
    assert article.paragraphs == PARAGRAPHS


def test_without_a_sapo_the_first_paragraph_is_the_lead_as_in_a_text_file() -> None:
    article = parse_html(page(story(lead=PARAGRAPHS[0])), source="p")

    assert article.blocks[0].kind == "lead"
    assert article.lead == PARAGRAPHS[0]
    assert article.source_code is None


CAPTION = "Nông dân xã Mỹ Hòa thu hoạch sen trên cánh đồng 20 ha"


@pytest.mark.parametrize(
    "photo",
    [
        '<figure><img src="a.jpg"><figcaption>{}</figcaption></figure>',
        '<figure class="image"><img src="a.jpg"><p class="caption"><em>{}</em></p></figure>',
        '<table class="image"><tr><td><img src="a.jpg"></td></tr><tr><td class="image_desc">{}'
        "</td></tr></table>",
        '<table align="center"><tbody><tr><td><img src="a.jpg"></td></tr><tr><td><em>{}</em>'
        "</td></tr></tbody></table>",
        '<p style="text-align:center"><img src="a.jpg"><br><em>{}</em></p>',
        '<p><img src="a.jpg"></p><p><em>{}</em></p>',
        '<p><a href="a.jpg"><img src="a.jpg"></a></p><p style="text-align: center;">{}</p>',
        '<figure><img src="a.jpg"><p>{}</p></figure>',
        '<div class="photo"><img src="a.jpg"><span>{}</span></div>',
    ],
)
def test_a_photo_caption_stays_a_caption_where_the_photo_stands(photo: str) -> None:
    body = story(photo.format(CAPTION), PARAGRAPHS[2]).replace(f"<p>{PARAGRAPHS[2]}</p>", "", 1)
    article = parse_html(page(body), source="p")

    assert article.captions == (CAPTION,)
    assert [block.kind for block in article.blocks][-2:] == ["caption", "paragraph"]


def test_a_quotation_set_as_a_figure_is_read_as_text() -> None:
    quote = f"<figure><blockquote><p>{PARAGRAPHS[2]}</p></blockquote></figure>"
    body = story().replace(f"<p>{PARAGRAPHS[2]}</p>", quote)
    assert quote in body

    assert parse_html(page(body), source="p").paragraphs == PARAGRAPHS


def test_old_pages_laid_out_in_tables_keep_their_text() -> None:
    cells = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    menu = "".join(f"<tr><td><a href='/{i}'>Chuyên mục {i}</a></td></tr>" for i in range(8))
    body = (
        f"<table width=980><tr><td width=200><table>{menu}</table></td>"
        f"<td><span class='title'>{HEADLINE}</span>{cells}</td></tr></table>"
    )

    article = parse_html(page(body), source="p")

    assert article.paragraphs == PARAGRAPHS
    assert article.title == HEADLINE


def test_a_data_table_in_the_body_is_not_read_out() -> None:
    rows = "<tr><td>Xã</td><td>Diện tích</td></tr><tr><td>Mỹ Hòa</td><td>20 ha</td></tr>"
    table = f"<table>{rows}</table>"
    article = parse_html(page(story(table)), source="p")

    assert all("Diện tích" not in block.text for block in article.blocks)


def test_a_related_stories_list_without_a_class_ends_the_article() -> None:
    related = (
        "<p><b>Tin liên quan:</b></p><ul><li><a href='/1'>Sen Tháp Mười xuất khẩu</a></li></ul>"
    )
    article = parse_html(page(story(related)), source="p")

    assert article.paragraphs == PARAGRAPHS


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (page("<h1>Tin vắn</h1><p>Sáng nay trời mưa.</p>").encode(), ArticleError, "too little"),
        (page("<p>" + PARAGRAPHS[0] + "</p>", title="").encode(), ArticleError, "no headline"),
        (b"", InputError, "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", InputError, "binary"),
        (b"<html>" + b" " * MAX_ARTICLE_BYTES + b"</html>", InputError, "larger than 5 MB"),
    ],
)
def test_pages_that_hold_no_readable_article_are_refused_in_one_line(
    data: bytes, error: type[NarrateError], reason: str
) -> None:
    with pytest.raises(error, match=reason) as raised:
        parse_html(data, source="https://baodongthap.vn/tin/1")

    assert str(raised.value).startswith("https://baodongthap.vn/tin/1 ")
    assert "\n" not in str(raised.value)


FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "<div class='sapo'>", "</div>", "<figure>", "<img src=x>", "<figcaption>",
        "<table>", "<td>", "<h1>", "</h1>", "<strong>", "<em>", "<br>", "&agrave;", "&amp;",
        "<script>", "<!--", "-->", "ĐTO - ", "Cập nhật ngày: 03/06/2020 16:49", "MINH TÂM",
        *PARAGRAPHS,
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=30).map("".join))
def test_any_markup_gives_an_article_or_a_one_line_narrate_error(markup: str) -> None:
    try:
        article = parse_html(markup, source="p")
    except NarrateError as error:
        assert "\n" not in str(error)
    else:
        assert article.title
        assert article.lead
        assert all(block.text for block in article.blocks)
