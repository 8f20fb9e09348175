"""Every layout real copy comes in (VI-NEWS-LAYOUTS §1), read into exactly the right parts.

The corpus in tests/fixtures/layouts holds invented articles in the shapes of §1 and pages in
five invented site templates, with their expected parts (written by make_corpus.py from the
stories, not from narrate). The byline matrix below is generated from the lists of §1C.
"""

from __future__ import annotations

from collections import Counter

import pytest

from narrate.article import parse_article
from narrate.article.structure import (
    MAX_CAPTION_CHARS,
    read_credit,
    split_long_line,
    strip_title_suffix,
)
from narrate.config import Announcements
from narrate.models import Article
from narrate.script import build_script, to_segments
from tests.article.layouts import CORPUS, EXPECTED, read, score, wrong_parts

# --- the corpus ---------------------------------------------------------------------------------


def test_the_corpus_covers_every_layout_and_five_site_templates() -> None:
    layouts = Counter(str(fields["layout"]) for fields in EXPECTED.values())
    assert {"A", "B", "C", "D", "E"} <= set(layouts)
    assert sum(layouts[layout] for layout in "ABCDE") >= 40
    assert len([layout for layout in layouts if layout.startswith("page")]) >= 5
    assert sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*.*")) == sorted(
        EXPECTED
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_article_comes_out_with_exactly_the_right_parts(name: str) -> None:
    assert wrong_parts(read(name), EXPECTED[name]) == []


def test_the_score_table_counts_every_corpus_article() -> None:
    table = score()
    assert sum(total for _, total in table.values()) == len(EXPECTED)
    assert all(right == total for right, total in table.values()), table


# --- bylines: every shape of §1C × where it stands × capitals or not, each with a twin -------

# (byline as printed in normal case, author, source)
SHAPES = [
    ("Thanh Tâm", "Thanh Tâm", None),
    ("N. Hòa", "N. Hòa", None),
    ("Lê Văn Tám", "Lê Văn Tám", None),
    ("K.Linh", "K.Linh", None),
    ("Minh Trí - Ngọc Diệp", "Minh Trí - Ngọc Diệp", None),
    ("Hữu Phước, Thảo Vy", "Hữu Phước, Thảo Vy", None),
    ("Hồng Nhung/Báo Ví Dụ", "Hồng Nhung", "Báo Ví Dụ"),
    ("Quốc Việt (theo Báo Ví Dụ)", "Quốc Việt", "Báo Ví Dụ"),
    ("Bài, ảnh: Bảo Trâm", "Bảo Trâm", None),
    ("Theo Báo Ví Dụ", None, "Báo Ví Dụ"),
    ("Minh Anh (t/h)", "Minh Anh", None),
    ("(Theo Đài Ví Dụ)", None, "Đài Ví Dụ"),
    ("Nguồn: Cổng thông tin Ví Dụ", None, "Cổng thông tin Ví Dụ"),
    ("Báo Ví Dụ", None, "Báo Ví Dụ"),
    ("Nhóm PV Thời sự", "Nhóm PV Thời sự", None),
    ("Nhóm phóng viên Ví Dụ", "Nhóm phóng viên Ví Dụ", None),
    ("PV", "PV", None),
    ("CTV Hải Đăng", "CTV Hải Đăng", None),
    ("(TTXVN)", None, "TTXVN"),
    ("Theo TTXVN", None, "TTXVN"),
    ("Minh Tâm (TTXVN)", "Minh Tâm", "TTXVN"),
    ("Hoàng Lan", "Hoàng Lan", None),
    ("Mai Hương", "Mai Hương", None),
]
PLACEMENTS = ("own line", "after the full stop", "no punctuation")
LAST = "Sở Giao thông vận tải sẽ tiếp tục thông tin."
HEAD = (
    "Cầu vượt sông Tiền sắp hợp long\n"
    "Sáng 12/3, đơn vị thi công cho biết cầu sẽ hợp long trong tháng tới.\n"
    "Theo ban quản lý dự án, khối lượng thi công đạt hơn 80%.\n"
)


def with_byline(byline: str | None, placement: str) -> str:
    last = LAST.rstrip(".") if placement == "no punctuation" else LAST
    if byline is None:
        return HEAD + last
    if placement == "own line":
        return f"{HEAD}{last}\n{byline}"
    return f"{HEAD}{last} {byline}"


MATRIX = [
    pytest.param(line, author, source, placement, capitals, id=f"{line}|{placement}|{capitals}")
    for line, author, source in SHAPES
    for placement in PLACEMENTS
    for capitals in (False, True)
]


@pytest.mark.parametrize(("line", "author", "source", "placement", "capitals"), MATRIX)
def test_every_byline_shape_is_read_wherever_it_stands_and_its_twin_gets_none(
    line: str, author: str | None, source: str | None, placement: str, capitals: bool
) -> None:
    def case(text: str | None) -> str | None:
        return text.upper() if capitals and text else text

    article = parse_article(with_byline(case(line), placement))
    twin = parse_article(with_byline(None, placement))

    assert (article.author, article.source_line) == (case(author), case(source))
    assert article.paragraphs[-1].rstrip(".").endswith(LAST.rstrip("."))
    assert (twin.author, twin.source_line) == (None, None)
    assert twin.paragraphs == article.paragraphs


@pytest.mark.parametrize(
    "last",
    [
        "Hà Nội",
        "Đồng Tháp",
        "“Cảm ơn bà con đã tin tưởng”",
        "Mọi người đều vui mừng",
        "Kết quả khả quan",
        "Trước đó, đoàn đã đến thăm ông Nguyễn Văn Tám",
        "Sau buổi làm việc, đoàn về Đồng Tháp",
        "Ông nói: “Chúng tôi sẽ trở lại Hải Phòng”",
        "Theo kế hoạch, hợp tác xã sẽ thu mua thêm",
    ],
)
def test_the_last_sentence_a_place_or_a_quotation_never_becomes_an_author(last: str) -> None:
    article = parse_article(f"{HEAD}{LAST}\n{last}")
    glued = parse_article(f"{HEAD}{LAST} {last}")

    for read_as in (article, glued):
        assert (read_as.author, read_as.source_line) == (None, None)
        assert last in " ".join(block.text for block in read_as.blocks)


# --- captions, teasers, titles, one-line bodies --------------------------------------------------


def test_a_name_glued_after_a_closing_quotation_is_the_byline_and_the_quotation_stays() -> None:
    quote = "Ông Tám nói: “Chúng tôi sẽ làm xong sớm”"
    article = parse_article(f"{HEAD}{quote} Minh Khôi")
    twin = parse_article(f"{HEAD}{quote}")

    assert (article.author, article.paragraphs[-1]) == ("Minh Khôi", quote)
    assert (twin.author, twin.paragraphs[-1]) == (None, quote)


def test_a_line_of_several_hundred_characters_is_never_a_caption_whatever_its_end() -> None:
    body = " ".join(["Nông dân thu hoạch lúa trên cánh đồng mẫu lớn của hợp tác xã"] * 8)
    for line in (body, "Ảnh: " + body, body + " (Ảnh: NV)"):
        assert len(line) > MAX_CAPTION_CHARS
        article = parse_article(f"Tiêu đề bài\nMở đầu bài viết ở đây.\n{line}\nThanh Tâm")
        assert article.captions == ()


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Ảnh: Toàn cảnh buổi ký kết tại hội trường", "Toàn cảnh buổi ký kết tại hội trường"),
        ("Toàn cảnh buổi ký kết (Ảnh: NV)", "Toàn cảnh buổi ký kết"),
        ("Nông dân thu hoạch xoài cát tại một nhà vườn ven sông", None),
        (
            "Lãnh đạo xã cắt băng khánh thành cầu dân sinh ấp 3. Ảnh: THANH TÂM",
            "Lãnh đạo xã cắt băng khánh thành cầu dân sinh ấp 3.",
        ),
        (
            "Bà con đón nước về ruộng sau nhiều ngày hạn. Nguồn ảnh: Tư liệu",
            "Bà con đón nước về ruộng sau nhiều ngày hạn.",
        ),
    ],
)
def test_a_caption_is_read_once_without_its_photo_credit(line: str, caption: str | None) -> None:
    article = parse_article(f"Tiêu đề bài\nMở đầu bài viết.\n{line}\nĐoạn tiếp theo.\nThanh Tâm")
    expected = (caption or line,)
    assert article.captions == expected
    spoken = [s.written for p in build_script(article).parts for s in p.sentences]
    assert not any("Ảnh: Ảnh" in text or "(Ảnh" in text for text in spoken)


@pytest.mark.parametrize(
    "furniture",
    [
        "Video: Vì sao giá xăng tăng?",
        "Clip: Toàn cảnh buổi lễ",
        "Xem thêm: Giá vàng hôm nay",
        "(Xem thêm) Giá vàng hôm nay",
        "Tin liên quan: Giá vàng hôm nay",
        ">> Đọc thêm: Giá vàng hôm nay",
        "Mời quý độc giả xem video về buổi lễ",
        "Ảnh minh họa",
        "(Ảnh minh họa)",
        "Ảnh: Tư liệu",
        "Nguồn ảnh: Internet",
        "Bình luận (12)",
        "Đầu trang",
        "Quay lại",
    ],
)
def test_teasers_photo_credits_and_page_furniture_are_not_read(furniture: str) -> None:
    article = parse_article(f"Tiêu đề bài\nMở đầu bài viết.\n{furniture}\nĐoạn tiếp.\nThanh Tâm")
    assert [block.text for block in article.blocks] == ["Mở đầu bài viết.", "Đoạn tiếp."]


def test_a_tag_box_of_short_keyword_lines_after_the_body_is_dropped() -> None:
    text = "Tiêu đề bài\nMở đầu bài viết.\nĐoạn tiếp.\nThanh Tâm\nxoài\nLai Vung\nnông nghiệp"
    article = parse_article(text)
    assert (article.author, [b.text for b in article.blocks]) == (
        "Thanh Tâm",
        ["Mở đầu bài viết.", "Đoạn tiếp."],
    )


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Tiêu đề bài - Thời sự - Báo Ví Dụ Online", "Tiêu đề bài"),
        ("Tiêu đề bài | Báo Ví Dụ", "Tiêu đề bài"),
        ("Tiêu đề bài - vidu.vn", "Tiêu đề bài"),
        ("Báo Ví Dụ | Tiêu đề bài", "Tiêu đề bài"),
        ("Hải Phòng - Nghệ An", "Hải Phòng - Nghệ An"),
        ("Hải Phòng - Nghệ An: chia điểm - Thể thao", "Hải Phòng - Nghệ An: chia điểm"),
        ("Đồng Tháp - vựa lúa của miền Tây", "Đồng Tháp - vựa lúa của miền Tây"),
        ("Giá xăng tăng mạnh - Kinh doanh - Tin Ví Dụ", "Giá xăng tăng mạnh"),
        ("Giá xăng tăng mạnh | Tin Ví Dụ", "Giá xăng tăng mạnh"),
        ("Báo chí cách mạng - 95 năm đồng hành", "Báo chí cách mạng - 95 năm đồng hành"),
    ],
)
def test_a_title_suffix_is_cut_only_when_it_names_the_site_or_a_section(
    title: str, headline: str
) -> None:
    assert strip_title_suffix(title) == headline
    assert parse_article(f"{title}\nMở đầu bài viết.\nThanh Tâm").title == headline


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_short_paragraphs_one_per_line_are_never_joined_as_if_hard_wrapped(gap: str) -> None:
    lines = [
        "Tiêu đề bài",
        "Mở đầu bài viết với một câu ngắn về sự kiện chính của ngày hôm nay ở xã.",
        "Đoạn thứ hai kể lại diễn biến của sự kiện trong buổi sáng cùng ngày ở xã.",
        "Đoạn thứ ba nói về kết quả đạt được sau buổi làm việc của đoàn công tác.",
        "Mai Hương",
    ]
    article = parse_article(gap.join(lines) + "\n")
    assert [b.text for b in article.blocks] == lines[1:4]
    assert article.author == "Mai Hương"


def test_hard_wrapped_copy_is_joined_into_its_paragraphs() -> None:
    import textwrap

    paragraphs = [
        "Sáng 12/3, đơn vị thi công cho biết cầu sẽ hợp long trong tháng tới, sớm hơn kế "
        "hoạch gần hai tháng nhờ thời tiết thuận lợi và vật liệu về kịp.",
        "Theo ban quản lý dự án, khối lượng thi công đạt hơn 80%. Các nhịp dẫn phía bờ bắc "
        "đã hoàn thành, mặt cầu đang được trải lớp bê tông nhựa.",
    ]
    text = "\n\n".join(["Cầu sắp hợp long", *(textwrap.fill(p, 64) for p in paragraphs), "PV"])
    article = parse_article(text + "\n")
    assert [b.text for b in article.blocks] == paragraphs
    assert article.author == "PV"


def test_a_one_line_body_becomes_paragraphs_at_sentence_ends_and_subheadings() -> None:
    sentence = "Nhà thầu huy động hơn năm trăm công nhân làm việc ba ca mỗi ngày. "
    run = sentence * 12 + "Thi công ba ca mỗi ngày Theo kế hoạch, cầu sẽ thông xe. " + sentence * 6
    pieces = split_long_line(run.strip())

    assert ("Thi công ba ca mỗi ngày", True) in pieces
    assert all(len(text) <= 600 for text, _ in pieces)
    assert all(text.endswith(".") for text, heading in pieces if not heading)
    assert " ".join(text for text, _ in pieces) == run.strip()


# --- what is said ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "credits"),
    [
        ("Thanh Tâm", ["Bài viết của tác giả Thanh Tâm."]),
        ("Theo TTXVN", ["Theo TTXVN."]),
        ("Quốc Việt (theo Báo Ví Dụ)", ["Bài viết của tác giả Quốc Việt.", "Theo Báo Ví Dụ."]),
    ],
)
def test_a_person_is_credited_as_author_and_a_source_through_the_source_template(
    byline: str, credits: list[str]
) -> None:
    article = parse_article(f"{HEAD}{LAST}\n{byline}")
    script = build_script(article, announce=Announcements(synthetic_notice=False))
    said = [" ".join(s.written for s in p.sentences) for p in script.parts if p.kind == "credit"]
    assert said == credits


def test_an_empty_source_template_says_no_source() -> None:
    article = parse_article(f"{HEAD}{LAST}\nTheo TTXVN")
    script = build_script(article, announce=Announcements(source=""))
    assert [p for p in script.parts if p.kind == "credit"] == []


def test_no_segment_is_without_a_letter() -> None:
    text = f"{HEAD}Ông ấy nói vậy. (?!) Hội nghị kết thúc. ). Đoàn về. .\nThanh Tâm"
    segments = to_segments(build_script(parse_article(text)), 400)
    assert segments
    assert all(any(char.isalpha() for char in s.spoken) for s in segments)
    assert all(any(char.isalpha() for char in s.written) for s in segments if s.written)


def test_an_article_read_whole_is_still_an_article() -> None:
    assert isinstance(read("text/a-cau-song-tien.txt"), Article)
    assert read_credit("Một câu văn bình thường kết thúc bằng dấu chấm.") is None


# --- one set of rules for every reader ------------------------------------------------------------

CROSS_TITLE = "Nông dân vào vụ thu hoạch xoài cát với giá cao"
CROSS_LEAD = "Những ngày này, nông dân các xã ven sông đang tất bật thu hoạch xoài cát."
CROSS_BODY = (
    "Ông Bảy cho biết năm nay trái to, đẹp và ít sâu bệnh (Ảnh: NV).",
    "Video: Vì sao giá xoài tăng?",
    "Hợp tác xã đã ký hợp đồng bao tiêu với một công ty xuất khẩu.",
    "Theo TTXVN",
)


def cross_text() -> Article:
    return parse_article("\n".join([CROSS_TITLE, CROSS_LEAD, *CROSS_BODY]))


def cross_page() -> Article:
    from narrate.article import parse_html

    body = "".join(f"<p>{line}</p>" for line in (CROSS_LEAD, *CROSS_BODY))
    page = (
        f"<html><head><title>{CROSS_TITLE} - Kinh tế - Báo Ví Dụ</title>"
        '<meta property="og:type" content="article"></head>'
        f"<body><h1>{CROSS_TITLE}</h1><article>{body}</article></body></html>"
    )
    return parse_html(page, source="trang.html")


def cross_item() -> Article:
    from narrate.article.rss import FeedItem, article_from_item

    body = "".join(f"<p>{line}</p>" for line in (CROSS_LEAD, *CROSS_BODY))
    item = FeedItem(key="k", link=None, guid=None, title=CROSS_TITLE, published=None,
                    content_html=body, summary=None, author=None, language="vi")  # fmt: skip
    article = article_from_item(item, source="feed")
    assert article is not None
    return article


def cross_word(tmp_path_factory: pytest.TempPathFactory) -> Article:
    import docx

    from narrate.article import read_article

    document = docx.Document()
    document.add_heading(CROSS_TITLE, level=1)
    for line in (CROSS_LEAD, *CROSS_BODY):
        document.add_paragraph(line)
    path = tmp_path_factory.mktemp("word") / "bai.docx"
    document.save(str(path))
    return read_article(path)


@pytest.mark.parametrize("reader", ["page", "feed item", "word"])
def test_every_reader_finds_the_same_parts_as_the_text_reader(
    reader: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = cross_text()
    other = {"page": cross_page, "feed item": cross_item}.get(reader)
    article = other() if other else cross_word(tmp_path_factory)

    assert article.title == text.title == CROSS_TITLE
    assert (article.author, article.source_line) == (text.author, text.source_line)
    assert (text.author, text.source_line) == (None, "TTXVN")
    assert (
        [b.text for b in article.blocks]
        == [b.text for b in text.blocks]
        == [
            CROSS_LEAD,
            "Ông Bảy cho biết năm nay trái to, đẹp và ít sâu bệnh.",
            "Hợp tác xã đã ký hợp đồng bao tiêu với một công ty xuất khẩu.",
        ]
    )


@pytest.mark.parametrize(
    ("printed", "said"),
    [
        ("DŨNG CHINH", "Dũng Chinh"),
        ("CTV HẢI ĐĂNG", "CTV Hải Đăng"),
        ("N.T.NGÂN", "N.T.Ngân"),
        ("MINH TÂM - THANH HÀ", "Minh Tâm - Thanh Hà"),
        ("TTXVN", "TTXVN"),
    ],
)
def test_a_byline_in_capitals_is_said_as_a_name_and_acronyms_stay(printed: str, said: str) -> None:
    from narrate.script import credit_name

    assert credit_name(printed) == said


@pytest.mark.parametrize(
    "repeated",
    ["Cầu sắp hợp long", "Cầu sắp hợp long.", "Cầu sắp hợp long - Thời sự - Báo Ví Dụ"],
)
def test_the_headline_printed_again_as_the_first_paragraph_is_read_once(repeated: str) -> None:
    article = parse_article(f"Cầu sắp hợp long\n{repeated}\nMở đầu bài viết.\nĐoạn tiếp.\nPV")
    assert [b.text for b in article.blocks] == ["Mở đầu bài viết.", "Đoạn tiếp."]
