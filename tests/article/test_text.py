"""The plain-text reader: each article part found, each fallback warned, each bad file refused."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.article import MAX_ARTICLE_BYTES, decode_article, parse_article, read_article
from narrate.errors import ArticleError, InputError
from narrate.models import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

TITLE = "Hợp tác xã Tân Bình thu mua 1.200 tấn xoài cát Hòa Lộc"
DATE_LINE = "Cập nhật ngày: 14/05/2021 08:20:45"
LEAD = "Sáng 13/5, Hợp tác xã Tân Bình ký hợp đồng bao tiêu xoài với 85 hộ dân trong xã."
CAPTION = "Xã viên Hợp tác xã Tân Bình phân loại xoài cát Hòa Lộc trước khi đóng thùng"
PARAGRAPHS = (
    "Giá thu mua loại 1 là 32.000 đồng/kg, cao hơn giá thị trường khoảng 3,5%.",
    "Đến năm 2025, hợp tác xã dự kiến mở rộng vùng nguyên liệu lên 150 ha.",
)
AUTHOR = "KIM NGÂN"


def article_text(
    *,
    title: str | None = TITLE,
    date: str | None = DATE_LINE,
    lead: str | None = "ĐTO - " + LEAD,
    caption: str | None = CAPTION,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    author: str | None = AUTHOR,
    furniture: tuple[str, ...] = ("Gửi bình luận của bạn",),
) -> str:
    """An article in the seed's layout; pass None to leave a part out."""
    parts = [title, date, lead, caption, *paragraphs, author, *furniture]
    return "\n\n".join(part for part in parts if part is not None)


def write(tmp_path: Path, data: bytes, name: str = "bai-viet.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the examples ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    title: str
    published: datetime
    author: str
    caption_start: str


EXPECTED_EXAMPLES = {
    "lua-dong-thap.txt": Expected(
        title="Nông dân Tháp Mười trúng mùa lúa đông xuân",
        published=datetime(2020, 3, 12, 9, 15, 30, tzinfo=TZ),
        author="MINH TÂM",
        caption_start="Nông dân xã Mỹ Hòa thu hoạch",
    ),
    "truong-hoc-cao-lanh.txt": Expected(
        title="Trường THCS Mỹ Tân khánh thành dãy phòng học mới",
        published=datetime(2019, 9, 5, 15, 42, 10, tzinfo=TZ),
        author="THANH HÀ",
        caption_start="Học sinh Trường THCS Mỹ Tân",
    ),
    "duong-lap-vo.txt": Expected(
        title="Lấp Vò thông xe tuyến đường liên xã dài 6,8 km",
        published=datetime(2021, 11, 20, 10, 5, tzinfo=TZ),
        author="HỮU NGHĨA",
        caption_start="Xe cộ lưu thông trên tuyến đường",
    ),
}


def test_examples_folder_holds_exactly_the_examples_described_here() -> None:
    assert {path.name for path in EXAMPLES.glob("*.txt")} == set(EXPECTED_EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_each_example_yields_title_date_source_code_author_and_paragraphs(name: str) -> None:
    expected = EXPECTED_EXAMPLES[name]
    article = read_article(EXAMPLES / name)

    assert article.title == expected.title
    assert article.published == expected.published
    assert article.published.tzinfo is not None
    assert article.published.utcoffset() == expected.published.utcoffset()
    assert article.source_code == "ĐTO"
    assert article.author == expected.author
    assert article.source == str(EXAMPLES / name)
    assert article.warnings == ()
    assert len(article.paragraphs) >= 2
    assert not article.lead.startswith("ĐTO")


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_each_example_has_one_caption_standing_after_the_lead(name: str) -> None:
    article = read_article(EXAMPLES / name)
    kinds = [block.kind for block in article.blocks]

    assert kinds[0] == "lead"
    assert kinds.count("caption") == 1
    assert kinds.index("caption") == 1
    assert article.captions[0].startswith(EXPECTED_EXAMPLES[name].caption_start)


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_no_example_block_holds_metadata_byline_or_furniture(name: str) -> None:
    article = read_article(EXAMPLES / name)
    texts = " ".join(block.text for block in article.blocks)

    for printed in ("Cập nhật ngày", "Gửi bình luận", "Chia sẻ", "Tags:", article.author):
        assert printed not in texts


# --- decoding ---------------------------------------------------------------------------------

ENCODING_VARIANTS = {
    "bom": lambda text: codecs.BOM_UTF8 + text.encode(),
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "cr": lambda text: text.replace("\n", "\r").encode(),
    "bom_and_crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("variant", sorted(ENCODING_VARIANTS))
def test_bom_and_windows_line_ends_give_the_same_article_as_plain_utf8(
    tmp_path: Path, variant: str
) -> None:
    text = article_text()
    plain = read_article(write(tmp_path, text.encode(), "plain.txt"))
    other = read_article(write(tmp_path, ENCODING_VARIANTS[variant](text), "other.txt"))

    assert replace(other, source="") == replace(plain, source="")


def test_decomposed_nfd_text_is_read_as_composed_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", article_text())
    assert nfd != article_text()

    article = read_article(write(tmp_path, nfd.encode()))

    assert article.title == TITLE
    assert article.author == AUTHOR
    for text in (article.title, *(block.text for block in article.blocks)):
        assert unicodedata.is_normalized("NFC", text)


def test_decode_article_returns_lf_nfc_text() -> None:
    data = codecs.BOM_UTF8 + unicodedata.normalize("NFD", "Đồng Tháp\r\nSa Đéc\rLai Vung").encode()

    assert decode_article(data, "x.txt") == "Đồng Tháp\nSa Đéc\nLai Vung"


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
UNREADABLE_BYTES = {
    "empty": b"",
    "whitespace_only": b"  \n\t\r\n   \n",
    "bom_only": codecs.BOM_UTF8 + b"\n",
    "png_header": PNG_HEADER,
    "nul_bytes_in_text": b"Tin m\x00i\n\nN\x00i dung.",
    "control_characters": bytes(range(1, 9)) * 20 + b"abc",
    "latin1": "Thông báo mới\n\nNội dung.".encode("latin-1", errors="replace"),
    "utf16_damaged": codecs.BOM_UTF16_LE + "Đồng Tháp".encode("utf-16-le")[:-1],
}


@pytest.mark.parametrize("case", sorted(UNREADABLE_BYTES))
def test_unreadable_bytes_raise_a_one_line_input_error_naming_the_file(
    tmp_path: Path, case: str
) -> None:
    path = write(tmp_path, UNREADABLE_BYTES[case])

    with pytest.raises(InputError) as raised:
        read_article(path)

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(str(path))


READABLE_LEGACY_BYTES = {
    "windows_1258": (b"\xd0\xf4\xccng Tha\xecp\n\nN\xf4\xf2i dung.", "Đồng Tháp\n\nNội dung."),
    "utf16": ("Đồng Tháp\n\nNội dung bài.".encode("utf-16"), "Đồng Tháp\n\nNội dung bài."),
}


@pytest.mark.parametrize("case", sorted(READABLE_LEGACY_BYTES))
def test_windows_1258_and_utf16_with_a_bom_are_read_as_nfc_text(case: str) -> None:
    data, text = READABLE_LEGACY_BYTES[case]

    assert decode_article(data, "x.txt") == text


def test_undecodable_byte_is_reported_with_its_value_line_and_how_to_fix_it() -> None:
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 0xe9 on line 3, position 16\)"):
        decode_article("Tiêu đề\n\n".encode() + b"caf\xe9", "x.txt")
    with pytest.raises(InputError, match="save it as UTF-8"):
        decode_article(b"caf\xe9", "x.txt")


def _directory(tmp_path: Path) -> Path:
    return tmp_path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "khong-co.txt"


def _oversized(tmp_path: Path) -> Path:
    return write(tmp_path, b"a" * (MAX_ARTICLE_BYTES + 1))


@pytest.mark.parametrize(
    ("make_path", "reason"),
    [
        (_directory, "is a directory"),
        (_missing, "does not exist"),
        (_oversized, "larger than 5 MB"),
    ],
)
def test_paths_that_are_not_a_readable_article_raise_one_line_input_error(
    tmp_path: Path, make_path, reason: str
) -> None:
    path = make_path(tmp_path)

    with pytest.raises(InputError, match=reason) as raised:
        read_article(path)

    assert "\n" not in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_file_without_read_permission_raises_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who can read a chmod 000 file, so the refusal is simulated.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path, article_text().encode())
    monkeypatch.setattr(Path, "open", refuse)

    with pytest.raises(InputError, match="permission denied"):
        read_article(path)


# --- required parts ---------------------------------------------------------------------------

MISSING_REQUIRED = {
    "empty_text": "",
    "furniture_only": "Gửi bình luận của bạn\n\nChia sẻ",
    "title_only": TITLE,
    "title_date_and_furniture": article_text(
        lead=None, caption=None, paragraphs=(), author=None, furniture=("Bình luận",)
    ),
    "lead_in_first_place": article_text(title=None),
    "paragraph_in_first_place": "Nội dung rất dài " * 30,
}


@pytest.mark.parametrize("case", sorted(MISSING_REQUIRED))
def test_text_without_a_title_or_a_paragraph_raises_one_line_article_error(case: str) -> None:
    with pytest.raises(ArticleError) as raised:
        parse_article(MISSING_REQUIRED[case], source="bai.txt")

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("bai.txt has ")


def test_title_and_one_paragraph_are_enough_with_warnings_for_the_rest() -> None:
    article = parse_article(f"{TITLE}\n\n{LEAD}")

    assert article.title == TITLE
    assert article.lead == LEAD
    assert (article.published, article.author, article.source_code) == (None, None, None)
    assert len(article.warnings) == 2


def test_a_complete_article_has_no_warnings() -> None:
    assert parse_article(article_text()).warnings == ()


def test_missing_date_leaves_published_empty_with_a_warning() -> None:
    article = parse_article(article_text(date=None))

    assert article.published is None
    assert [warning for warning in article.warnings if "publication date" in warning]


def test_missing_byline_leaves_author_empty_with_a_warning() -> None:
    article = parse_article(article_text(author=None))

    assert article.author is None
    assert [warning for warning in article.warnings if "byline" in warning]
    assert article.paragraphs[-1] == PARAGRAPHS[-1]


# --- publication time -------------------------------------------------------------------------

DATE_LINES = {
    "Cập nhật ngày: 03/06/2020 16:49:04": datetime(2020, 6, 3, 16, 49, 4, tzinfo=TZ),
    "Cập nhật ngày: 03/06/2020 16:49": datetime(2020, 6, 3, 16, 49, tzinfo=TZ),
    "Ngày đăng: 3/6/2020 16:49": datetime(2020, 6, 3, 16, 49, tzinfo=TZ),
    "Thứ Tư, 03/06/2020 - 16:49 (GMT+7)": datetime(2020, 6, 3, 16, 49, tzinfo=TZ),
    "16:49 ngày 03/06/2020": datetime(2020, 6, 3, 16, 49, tzinfo=TZ),
    "Cập nhật lúc 7h05 03/06/2020": datetime(2020, 6, 3, 7, 5, tzinfo=TZ),
}


@pytest.mark.parametrize("line", list(DATE_LINES))
def test_date_line_gives_an_aware_publication_time_and_is_not_a_block(line: str) -> None:
    article = parse_article(article_text(date=line))

    assert article.published == DATE_LINES[line]
    assert article.published.tzinfo is not None
    assert article.published.utcoffset().total_seconds() == 7 * 3600
    assert article.warnings == ()
    assert all("06/2020" not in block.text for block in article.blocks)


def test_date_line_above_the_title_is_still_metadata() -> None:
    text = article_text(title=None, date=None)
    article = parse_article(f"{DATE_LINE}\n\n{TITLE}\n\n{text}")

    assert article.title == TITLE
    assert article.published == datetime(2021, 5, 14, 8, 20, 45, tzinfo=TZ)


@pytest.mark.parametrize(
    ("line", "published", "warning"),
    [
        ("Cập nhật ngày: 31/02/2020 16:49:04", None, "not a real date"),
        ("Cập nhật ngày: 03/06/2020", datetime(2020, 6, 3, tzinfo=TZ), "no time"),
        ("Cập nhật ngày: hôm qua", None, "no date could be read"),
    ],
)
def test_an_unusable_date_line_is_dropped_with_a_warning(
    line: str, published: datetime | None, warning: str
) -> None:
    article = parse_article(article_text(date=line))

    assert article.published == published
    assert any(warning in text for text in article.warnings)
    assert article.lead == LEAD


@pytest.mark.parametrize(
    "paragraph",
    [
        "Đăng ký trước ngày 03/06/2020 tại trụ sở ủy ban xã.",
        "Ngày 03/06/2020",
        "15h30 ngày 3/6/2020",
    ],
)
def test_a_body_line_that_mentions_a_date_is_not_a_date_line(paragraph: str) -> None:
    article = parse_article(article_text(paragraphs=(paragraph,)))

    assert paragraph in [block.text for block in article.blocks]  # "Ngày …" alone: a subheading
    assert article.published == datetime(2021, 5, 14, 8, 20, 45, tzinfo=TZ)


# --- source code ------------------------------------------------------------------------------

SOURCE_CODES = {
    "ĐTO - ": "ĐTO",
    "ĐTO– ": "ĐTO",
    "(TTXVN) - ": "TTXVN",
    "(TTXVN) -": "TTXVN",
    "Hà Nội (TTXVN) - ": "TTXVN",
    "VOV.VN - ": "VOV.VN",
    "(Chinhphu.vn) - ": "Chinhphu.vn",
    "ĐTO -\n\n": "ĐTO",
}


@pytest.mark.parametrize("marker", list(SOURCE_CODES))
def test_source_code_is_taken_off_the_lead_and_kept(marker: str) -> None:
    article = parse_article(article_text(lead=marker + LEAD))

    assert article.source_code == SOURCE_CODES[marker]
    assert article.lead == LEAD


@pytest.mark.parametrize(
    "lead",
    [
        LEAD,
        "COVID-19 không làm gián đoạn việc thu mua xoài của hợp tác xã.",
        "Sáng nay - ngày đầu mùa, nông dân bắt đầu thu hoạch xoài.",
        "Ông Lê Văn Tư (giám đốc hợp tác xã) - người khởi xướng mô hình - cho biết như vậy.",
    ],
)
def test_a_lead_without_a_source_code_is_kept_whole(lead: str) -> None:
    article = parse_article(article_text(lead=lead))

    assert article.source_code is None
    assert article.lead == lead
    assert article.warnings == ()


def test_a_headline_that_starts_like_a_code_is_still_a_title() -> None:
    title = "ĐBSCL - vựa trái cây của cả nước"
    assert parse_article(article_text(title=title)).title == title


# --- captions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ending", [".", "!", "?", "…", ":", ";", "”", '"'])
def test_a_line_with_final_punctuation_is_not_a_caption(ending: str) -> None:
    line = CAPTION + ending
    article = parse_article(article_text(caption=line))

    assert article.captions == ()
    assert line in article.paragraphs


@pytest.mark.parametrize(
    "line",
    ["Mở rộng vùng nguyên liệu", "KẾT QUẢ KHẢ QUAN TRONG MÙA XOÀI NĂM NAY Ở TÂN BÌNH"],
)
def test_a_short_or_capitalised_subheading_is_not_a_caption(line: str) -> None:
    article = parse_article(article_text(caption=line))

    assert article.captions == ()
    assert [b.text for b in article.blocks if b.kind == "heading"] == [line]


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Ảnh: Toàn cảnh buổi ký kết", "Toàn cảnh buổi ký kết"),
        # the photographer's credit is evidence of a caption, but is not read ("Ảnh" once)
        ("Toàn cảnh buổi ký kết (Ảnh: KIM NGÂN)", "Toàn cảnh buổi ký kết"),
        ("Toàn cảnh buổi ký kết - Ảnh: KIM NGÂN", "Toàn cảnh buổi ký kết"),
    ],
)
def test_a_line_that_names_a_photo_is_a_caption_whatever_its_length(
    line: str, caption: str
) -> None:
    assert parse_article(article_text(caption=line)).captions == (caption,)


def test_a_caption_between_paragraphs_stays_in_place() -> None:
    article = parse_article(article_text(caption=None, paragraphs=(PARAGRAPHS[0], CAPTION)))

    assert [block.kind for block in article.blocks] == ["lead", "paragraph", "caption"]


def test_the_lead_is_never_a_caption_even_without_final_punctuation() -> None:
    article = parse_article(article_text(lead=CAPTION, caption=None))

    assert article.blocks[0].kind == "lead"
    assert article.lead == CAPTION


# --- byline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("DŨNG CHINH", "DŨNG CHINH"),
        ("NGUYỄN THỊ KIM NGÂN", "NGUYỄN THỊ KIM NGÂN"),
        ("Bài và ảnh: HỮU NGHĨA", "HỮU NGHĨA"),
        ("MINH TÂM - THANH HÀ", "MINH TÂM - THANH HÀ"),
        ("N.T.NGÂN", "N.T.NGÂN"),
        ("Bài, ảnh: Kim Ngân", "Kim Ngân"),
        ("Kim Ngân", "Kim Ngân"),  # normal case too (VI-NEWS-LAYOUTS §1C)
    ],
)
def test_a_short_last_line_naming_people_in_capitals_or_normal_case_is_the_author(
    line: str, author: str
) -> None:
    article = parse_article(article_text(author=line))

    assert article.author == author
    assert article.paragraphs[-1] == PARAGRAPHS[-1]


@pytest.mark.parametrize(
    "line",
    [
        "Đồng Tháp",
        "HỢP TÁC XÃ TÂN BÌNH HUYỆN LAI VUNG TỈNH ĐỒNG THÁP",
        "THÔNG BÁO!",
        "Theo kế hoạch, hợp tác xã sẽ thu mua thêm",
    ],
)
def test_a_last_line_that_is_not_a_byline_stays_a_paragraph(line: str) -> None:
    article = parse_article(article_text(author=line))

    assert article.author is None
    assert article.blocks[-1].text == line


# --- furniture --------------------------------------------------------------------------------

FURNITURE = [
    "Gửi bình luận của bạn",
    "Bình luận",
    "Bình luận (3)",
    "Chia sẻ",
    "Chia sẻ qua Facebook",
    "In bài viết",
    "Tags: xoài cát Hòa Lộc, Lai Vung",
    "Từ khóa: hợp tác xã",
    "Xem thêm",
    "Zalo",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_is_dropped_wherever_it_stands(line: str) -> None:
    text = article_text(
        paragraphs=(PARAGRAPHS[0], line, PARAGRAPHS[1]), furniture=(line, "Gửi bình luận của bạn")
    )
    article = parse_article(text)

    assert article == parse_article(article_text())


def test_lists_of_other_stories_after_the_article_are_dropped() -> None:
    related = ("Tin liên quan", "Lai Vung mở rộng vùng trồng quýt hồng", "Giá xoài tăng mạnh")
    article = parse_article(article_text(furniture=related))

    assert article == parse_article(article_text())


# --- robustness -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_either_decode_or_raise_input_error(data: bytes) -> None:
    try:
        text = decode_article(data, "x.txt")
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert "\r" not in text
        assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8).map("\n\n".join))
def test_any_text_gives_an_article_with_a_title_and_a_lead_or_an_article_error(text: str) -> None:
    try:
        article = parse_article(text)
    except ArticleError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(article, Article)
        assert article.title
        assert article.blocks[0].kind == "lead"
        assert all(block.text for block in article.blocks)
