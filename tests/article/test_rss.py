"""Site feeds as Vietnamese newsrooms publish them: messy RSS, Atom, RSS 1.0, Windows-1258."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from narrate.article.fetch import FetchLimits
from narrate.article.rss import (
    FEED_HINTS,
    FeedItem,
    article_from_item,
    parse_feed,
    read_feed,
    select_new,
)
from narrate.errors import InputError
from tests.http_server import LocalServer, Reply, no_proxies, serve_http

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "rss"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SITE = "https://baodongthap.vn"
SEN = f"{SITE}/kinh-te/nong-dan-thap-muoi-trung-mua-sen-120345.aspx"
LUA = f"{SITE}/kinh-te/gia-lua-tang-120400.aspx"
HOA = f"{SITE}/van-hoa/sa-dec-festival-hoa-120390.aspx"
LOTUS = f"{SITE}/english/lotus-bumper-crop-120346.aspx"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    no_proxies(monkeypatch)
    with serve_http() as running:
        yield running


def messy() -> bytes:
    return (FEEDS / "baodongthap.rss").read_bytes()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=TZ)


def rss(*items: str, channel: str = f"<link>{SITE}/</link>") -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return f'<rss version="2.0"><channel><title>T</title>{channel}{body}</channel></rss>'.encode()


def item(key: str, published: datetime | None = None) -> FeedItem:
    return FeedItem(key, key, None, f"Tin {key}", published, None, None, None, "vi")


# -- parsing ------------------------------------------------------------------------------------


def test_a_messy_site_feed_is_read_newest_first_with_undated_items_last() -> None:
    items = parse_feed(messy(), source="baodongthap.rss")
    assert [i.key for i in items] == [LUA, HOA, SEN, LOTUS, "bdt-lich-cup-dien"]
    assert [i.published for i in items] == [at(5, 6), at(4, 14, 30), at(4, 8, 15), at(3, 17), None]


def test_each_field_of_an_item_is_cleaned() -> None:
    sen = parse_feed(messy(), source="baodongthap.rss")[2]
    assert sen.link == SEN  # the newlines and indentation around <link> are gone
    assert sen.guid == "bdt-120345"
    assert sen.title == "Nông dân Tháp Mười trúng mùa sen"  # &nbsp; read as a space
    assert sen.author == "MINH TÂM"
    assert sen.language == "vi"
    assert sen.summary == (
        "Vụ sen năm nay, nông dân huyện Tháp Mười thu hoạch gần 2.000 tấn hạt sen tươi."
    )
    assert sen.content_html is not None
    assert sen.content_html.startswith("<p>ĐTO - Vụ sen năm nay")
    assert sen.published is not None and sen.published.tzinfo is not None


def test_a_bare_ampersand_and_a_relative_link_with_spaces_survive() -> None:
    lua = parse_feed(messy(), source="baodongthap.rss")[0]
    assert lua.title == "Hỏi & đáp: Giá lúa tăng, nông dân có nên bán ngay?"
    assert lua.link == LUA  # "  /kinh-te/..." resolved against the channel's link


def test_items_in_another_language_keep_their_own_language() -> None:
    languages = {i.key: i.language for i in parse_feed(messy(), source="baodongthap.rss")}
    assert languages[LOTUS] == "en"
    assert set(languages.values()) == {"vi", "en"}


@pytest.mark.parametrize(
    "before",
    [
        b"",
        codecs.BOM_UTF8,
        b"\n\n   \t",
        b"Warning: Undefined variable $cat in /var/www/rss.php on line 12\n",
        b"<!-- generated in 0.02 s -->\n",
        codecs.BOM_UTF8 + b"Notice: session_start()<br />\n<!-- cache -->\r\n\r\n",
    ],
    ids=["nothing", "bom", "blank-lines", "php-warning", "html-comment", "all-of-them"],
)
@pytest.mark.parametrize("declaration", [b"", b'<?xml version="1.0" encoding="utf-8"?>\n'])
def test_junk_before_the_xml_is_ignored(before: bytes, declaration: bytes) -> None:
    clean = messy()[messy().index(b"<rss") :]
    items = parse_feed(before + declaration + clean, source="feed")
    assert [i.key for i in items] == [LUA, HOA, SEN, LOTUS, "bdt-lich-cup-dien"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data + b"\n<b>Warning</b>: mysql_close() & co <br />\n",
        lambda data: data.replace(b"bumper crop</title>", b"bumper crop</titel>"),
        lambda data: data.replace(b"</item>", b"", 1),
    ],
    ids=["junk-after", "misspelt-tag", "unclosed-item"],
)
def test_a_feed_that_is_not_well_formed_is_still_read_like_a_browser_would(
    damage: Callable[[bytes], bytes],
) -> None:
    items = parse_feed(damage(messy()), source="feed")
    assert len(items) >= 4  # at most the damaged item is lost
    assert {LUA, HOA} <= {i.key for i in items}


VINH_LONG_TITLES = [
    "Vĩnh Long xuất khẩu lô bưởi Năm Roi đầu tiên sang châu Âu",
    "Nước sông Cổ Chiên lên cao, người dân chủ động phòng lũ",
]


def test_a_windows_1258_feed_is_read_into_composed_unicode() -> None:
    items = parse_feed((FEEDS / "windows-1258.rss").read_bytes(), source="vinhlong.rss")
    assert [i.title for i in items] == VINH_LONG_TITLES
    assert items[0].summary == (
        "Lô hàng 20 tấn bưởi Năm Roi của hợp tác xã Mỹ Hòa đã được xuất sang Hà Lan."
    )
    assert items[0].language == "vi-vn"


@pytest.mark.parametrize("charset", [None, "windows-1258", "iso-8859-1"])
def test_a_windows_1258_feed_with_no_declaration_is_still_read(charset: str | None) -> None:
    data = (FEEDS / "windows-1258.rss").read_bytes()
    undeclared = data[data.index(b"<rss") :]
    items = parse_feed(undeclared, source="vinhlong.rss", charset=charset)
    assert [i.title for i in items] == VINH_LONG_TITLES


def test_a_feed_declared_utf8_but_saved_as_windows_1258_is_read() -> None:
    data = (FEEDS / "windows-1258.rss").read_bytes().replace(b"windows-1258", b"utf-8")
    assert [i.title for i in parse_feed(data, source="f")] == VINH_LONG_TITLES


def test_a_utf16_feed_with_a_bom_is_read() -> None:
    text = messy().decode("utf-8-sig")
    items = parse_feed(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), source="f")
    assert items[0].title.startswith("Hỏi & đáp")


def test_an_atom_feed_is_read_with_links_resolved_against_the_site() -> None:
    items = parse_feed((FEEDS / "atom.xml").read_bytes(), source="atom.xml")
    cau, quyt = items
    assert cau.link == "https://thdt.vn/thoi-su/cao-lanh-khanh-thanh-cau-dinh-trung.html"
    assert cau.guid == "tag:thdt.vn,2024:5501"
    assert cau.published == at(5, 8)
    assert cau.author == "Thanh Tùng"
    assert cau.content_html is not None and cau.content_html.count("<p>") == 3
    assert cau.summary == "Cây cầu dài 120 m nối hai phường của thành phố Cao Lãnh."
    assert quyt.published == at(1, 14)  # 07:00Z in newsroom time
    assert quyt.summary == "Nhà vườn Lai Vung tất bật chăm sóc quýt hồng."
    assert quyt.content_html is None


def test_the_address_the_feed_came_from_is_the_base_of_its_relative_links() -> None:
    items = parse_feed(
        (FEEDS / "atom.xml").read_bytes(), source="x", base_url="https://m.thdt.vn/rss/atom.xml"
    )
    assert [i.link for i in items] == [
        "https://m.thdt.vn/rss/thoi-su/cao-lanh-khanh-thanh-cau-dinh-trung.html",
        "https://m.thdt.vn/kinh-te/lai-vung-mua-quyt-hong.html",
    ]


def test_an_rss_1_0_feed_is_read() -> None:
    items = parse_feed((FEEDS / "rss1.rdf").read_bytes(), source="cantho.rdf")
    assert [i.title for i in items] == ["Chợ nổi Cái Răng đón khách dịp hè", "Bến Ninh Kiều về đêm"]
    assert items[0].published == at(4, 9)
    assert items[0].author == "Khánh Trung"
    assert items[0].link == "https://baocantho.vn/cho-noi-cai-rang-don-khach-a170001.html"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Tue, 04 Jun 2024 08:15:00 +0700", at(4, 8, 15)),
        ("Tue, 04 Jun 2024 01:15:00 GMT", at(4, 8, 15)),
        ("Tue, 04 Jun 2024 08:15:00", at(4, 8, 15)),  # no zone: the newsroom's own time
        ("2024-06-04T08:15:00+07:00", at(4, 8, 15)),
        ("2024-06-04T01:15:00Z", at(4, 8, 15)),
        ("2024-06-04 08:15:00", at(4, 8, 15)),
        ("04/06/2024 08:15", at(4, 8, 15)),
        ("Thứ ba, 04/06/2024 - 08:15", at(4, 8, 15)),
        ("04-06-2024", at(4, 0)),
        ("hôm qua", None),
        ("31/02/2024 08:15", None),
    ],
)
def test_item_dates_are_read_in_newsroom_time(written: str, expected: datetime | None) -> None:
    (only,) = parse_feed(rss(f"<title>A</title><pubDate>{written}</pubDate>"), source="f")
    assert only.published == expected
    if expected is not None:
        assert only.published is not None and only.published.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("fields", "link", "key"),
    [
        ("<link>https://a.vn/x.html</link><guid>g-1</guid>", "https://a.vn/x.html", None),
        ("<link>\n  /tin/x.html\n</link>", f"{SITE}/tin/x.html", None),
        ("<link>tin/x.html</link>", f"{SITE}/tin/x.html", None),
        ("<link>https://a.vn/tin/\n   x.html</link>", "https://a.vn/tin/x.html", None),
        ('<guid isPermaLink="false">bai-12345</guid>', None, "bai-12345"),
        ("<guid>bai-12345</guid>", None, "bai-12345"),  # a permalink guid that is no address
        ("<guid>https://a.vn/y.html</guid>", "https://a.vn/y.html", None),
        ("<link>javascript:void(0)</link><guid>g-2</guid>", None, "g-2"),
        ("<link>mailto:toasoan@a.vn</link>", None, "Tin A | 2024-06-04T08:15:00+07:00"),
    ],
)
def test_the_key_is_the_link_else_the_guid_else_title_and_date(
    fields: str, link: str | None, key: str | None
) -> None:
    date = "<pubDate>Tue, 04 Jun 2024 08:15:00 +0700</pubDate>"
    (only,) = parse_feed(rss(f"<title>Tin A</title>{fields}{date}"), source="f")
    assert only.link == link
    assert only.key == (key or link)


def test_an_item_with_nothing_to_know_it_by_is_skipped_and_repeats_are_merged() -> None:
    items = parse_feed(
        rss(
            "<description>Không tiêu đề, không liên kết.</description>",
            "<title>A</title><link>https://a.vn/1</link>",
            "<title>A (sửa)</title><link>https://a.vn/1</link>",
        ),
        source="f",
    )
    assert [(i.key, i.title) for i in items] == [("https://a.vn/1", "A")]


def test_a_feed_with_no_items_is_an_empty_list() -> None:
    assert parse_feed(rss(), source="f") == []


def test_undefined_html_entities_become_their_characters() -> None:
    (only,) = parse_feed(
        rss("<title>Gi&aacute; v&agrave;ng&nbsp;&hellip; &copy; &bogus; &#7879;</title>"),
        source="f",
    )
    assert only.title == "Giá vàng … © &bogus; ệ"


def test_a_long_description_is_taken_as_the_full_text() -> None:
    paragraphs = "".join(f"<p>Đoạn {n}: nội dung bài viết đầy đủ.</p>" for n in range(4))
    (only,) = parse_feed(
        rss(f"<title>A</title><description><![CDATA[{paragraphs}]]></description>"), source="f"
    )
    assert only.content_html == paragraphs
    assert only.summary is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((FEEDS / "home.html").read_bytes(), r"^https://baodongthap\.vn/ is a web page, not an RSS "
         r"or Atom feed; its feed is at https://baodongthap\.vn/rss/tin-moi-nhat\.rss: give that$"),
        ("<p>Trang chủ</p>".encode(), r"^https://baodongthap\.vn/ is not an RSS "
         r"or Atom feed; give the site's feed address \(often https://baodongthap\.vn/rss\)$"),
        (b"", r"is not an RSS or Atom feed"),
        (b"   \n", r"is not an RSS or Atom feed"),
        (b'{"items": []}', r"is not an RSS or Atom feed"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
         r"is not an RSS or Atom feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", r"looks like a binary file"),
    ],
    ids=["home-page", "html-page", "empty", "blank", "json", "xhtml", "png"],
)  # fmt: skip
def test_something_that_is_not_a_feed_is_refused_with_advice(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_feed(data, source=f"{SITE}/")


# -- choosing what to publish -------------------------------------------------------------------

FEED = [item("e", at(5, 9)), item("d", at(5, 8)), item("c", at(4, 9)), item("b", at(3, 9)),
        item("a", at(2, 9)), item("u1"), item("u2")]  # fmt: skip


@pytest.mark.parametrize(
    ("known", "options", "chosen"),
    [
        (set(), {}, ["a", "b", "c", "d", "e"]),
        (set(), {"max_items": 2}, ["d", "e"]),
        (set(), {"max_items": None}, ["u2", "u1", "a", "b", "c", "d", "e"]),
        (set(), {"everything": True, "max_items": 1}, ["u2", "u1", "a", "b", "c", "d", "e"]),
        (set(), {"max_items": 0}, []),
        ({"e", "c"}, {"max_items": 2}, ["b", "d"]),
        ({"e", "d", "c", "b", "a"}, {}, ["u2", "u1"]),
        (set(), {"since": at(4, 9)}, ["u2", "u1", "c", "d", "e"]),
        (set(), {"since": at(4, 9), "max_items": 2}, ["d", "e"]),
        (set(), {"since": datetime(2024, 6, 5, 8, 30)}, ["u2", "u1", "e"]),  # naive: newsroom time
        ({"u1", "u2"}, {"since": at(6, 0)}, []),
    ],
)
def test_select_new_takes_the_newest_unknown_items_and_returns_them_oldest_first(
    known: set[str], options: dict[str, object], chosen: list[str]
) -> None:
    shuffled = [FEED[i] for i in (3, 0, 5, 2, 6, 1, 4)]  # the order of the input does not matter
    assert [i.key for i in select_new(shuffled, known, **options)] == chosen  # type: ignore[arg-type]


def test_select_new_asks_a_function_whether_an_item_is_known() -> None:
    asked: list[str] = []

    def known(key: str) -> bool:
        asked.append(key)
        return key in ("e", "d")

    assert [i.key for i in select_new(FEED, known, max_items=2)] == ["b", "c"]
    assert set(asked) <= {i.key for i in FEED}


def test_select_new_on_the_messy_feed_publishes_in_site_order() -> None:
    items = parse_feed(messy(), source="baodongthap.rss")
    first = select_new(items, set(), max_items=3)
    assert [i.key for i in first] == [SEN, HOA, LUA]
    later = select_new(items, {i.key for i in first})
    assert [i.key for i in later] == ["bdt-lich-cup-dien", LOTUS]


# -- articles straight from the feed ------------------------------------------------------------


def test_an_item_with_the_full_text_becomes_an_article() -> None:
    sen = parse_feed(messy(), source="baodongthap.rss")[2]
    article = article_from_item(sen, source="baodongthap.rss")
    assert article is not None
    assert article.title == "Nông dân Tháp Mười trúng mùa sen"
    assert article.url == SEN
    assert article.published == at(4, 8, 15)
    assert article.author == "MINH TÂM"
    assert article.source_code == "ĐTO"  # the dateline marker is not read out
    assert article.lead is not None and article.lead.startswith("Vụ sen năm nay")
    assert article.warnings == ()
    assert article.image == f"{SITE}/uploads/2024/06/sen.jpg"
    assert article.source == "baodongthap.rss"
    kinds = [b.kind for b in article.blocks]
    assert kinds == ["lead", "caption", "paragraph", "heading", "paragraph", "paragraph"]
    assert article.captions == ("Nông dân xã Mỹ Hòa thu hoạch gương sen trên cánh đồng 5 ha",)
    assert "3.500 ha" in article.paragraphs[2]  # &nbsp; inside the CDATA is a space too


@pytest.mark.parametrize(
    "content",
    [
        "<p>Chỉ một đoạn giới thiệu ngắn.</p>",
        "<p>Đoạn một.</p><p>Đoạn hai.</p>",
        '<p><img src="/a.jpg"></p><p><em>Chú thích ảnh</em></p><p>Đoạn một.</p>',
        "",
    ],
)
def test_a_teaser_is_no_article_so_the_page_gets_fetched(content: str) -> None:
    teaser = FeedItem("k", "https://a.vn/1", None, "Tin", at(4, 9), content or None, None,
                      None, "vi")  # fmt: skip
    assert article_from_item(teaser, source="f") is None


def test_two_long_paragraphs_are_enough_text_for_an_article() -> None:
    first = "Người dân phấn khởi vì mùa màng bội thu và giá cả ổn định. " * 6
    second = "Hợp tác xã cam kết bao tiêu toàn bộ sản lượng cho xã viên. " * 6
    text = FeedItem("k", "https://a.vn/1", None, "Tin", None, f"<p>{first}</p><p>{second}</p>",
                    None, None, None)  # fmt: skip
    article = article_from_item(text, source="f")
    assert article is not None
    assert [b.kind for b in article.blocks] == ["lead", "paragraph"]
    assert article.warnings == (FEED_HINTS.no_date, FEED_HINTS.no_byline)


def test_text_broken_by_br_photos_and_italic_captions_and_a_byline_are_read() -> None:
    content = (
        "Sáng 5/6, tỉnh tổ chức lễ ra quân.<br><br>Hơn 500 đoàn viên tham gia.<br/>"
        '<div><img src="https://a.vn/anh.jpg"></div><p><em>Đoàn viên ra quân tại Cao Lãnh</em></p>'
        "<p><strong>Nhiều hoạt động ý nghĩa</strong></p>"
        "<p>Các đội hình tình nguyện sẽ làm đường.</p>"
        "<script>track()</script><p><i>Nhấn mạnh</i> trong đoạn văn.</p><p>HỮU NGHĨA</p>"
    )
    item_ = FeedItem("k", "https://a.vn/1", None, "Ra quân mùa hè xanh", None, content, None,
                     None, None)  # fmt: skip
    article = article_from_item(item_, source="f")
    assert article is not None
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("lead", "Sáng 5/6, tỉnh tổ chức lễ ra quân."),
        ("paragraph", "Hơn 500 đoàn viên tham gia."),
        ("caption", "Đoàn viên ra quân tại Cao Lãnh"),
        ("heading", "Nhiều hoạt động ý nghĩa"),
        ("paragraph", "Các đội hình tình nguyện sẽ làm đường."),
        ("paragraph", "Nhấn mạnh trong đoạn văn."),
    ]
    assert article.author == "HỮU NGHĨA"
    assert article.image == "https://a.vn/anh.jpg"


# -- reading a feed from a site or a file -------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply.typed(messy(), "application/rss+xml; charset=utf-8"),
        Reply.typed(messy(), "text/html"),  # many servers call every file a web page
        Reply.typed(messy(), "text/plain"),
        Reply.gzipped(messy(), "text/xml"),
        Reply(200, messy()),
    ],
    ids=["rss", "html", "plain", "gzip", "untyped"],
)
def test_a_feed_is_read_from_a_site_whatever_type_the_server_calls_it(
    server: LocalServer, reply: Reply
) -> None:
    items = read_feed(server.route("/rss/tin-moi-nhat.rss", reply))
    # The one relative link resolves against where the feed was fetched from.
    lua = server.at("/kinh-te/gia-lua-tang-120400.aspx")
    assert [i.key for i in items] == [lua, HOA, SEN, LOTUS, "bdt-lich-cup-dien"]


def test_a_feed_served_as_windows_1258_by_the_header_alone_is_read(server: LocalServer) -> None:
    data = (FEEDS / "windows-1258.rss").read_bytes()
    data = data[data.index(b"<rss") :]
    url = server.route("/rss", Reply.typed(data, "text/xml; charset=windows-1258"))
    assert [i.title for i in read_feed(url)] == VINH_LONG_TITLES


def test_relative_links_resolve_against_the_address_the_feed_ended_at(
    server: LocalServer,
) -> None:
    server.route("/feed", Reply.redirect("/rss/atom.xml", status=301))
    site_link = b'<link rel="alternate" href="https://thdt.vn/"/>'
    atom = (FEEDS / "atom.xml").read_bytes().replace(site_link, b"")  # only the address is left
    server.route("/rss/atom.xml", Reply.typed(atom, "application/atom+xml"))
    items = read_feed(server.at("/feed"))
    assert [i.link for i in items] == [
        server.at("/rss/thoi-su/cao-lanh-khanh-thanh-cau-dinh-trung.html"),
        server.at("/kinh-te/lai-vung-mua-quyt-hong.html"),
    ]


def test_a_home_page_given_instead_of_the_feed_names_the_feed(server: LocalServer) -> None:
    url = server.route("/", Reply.typed((FEEDS / "home.html").read_bytes(), "text/html"))
    message = rf"^{url} is a web page, not an RSS or Atom feed; its feed is at {url}rss/tin-moi-"
    with pytest.raises(InputError, match=message):
        read_feed(url)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply.typed(b"\x89PNG", "image/png"), r"is a image/png, not an RSS or Atom feed"),
        (Reply.html("<h1>Không tìm thấy</h1>", status=404), r"was not found \(HTTP 404"),
        (Reply.typed(b"<rss>" + b" " * 5000, "text/xml"), r"is larger than 4 KB"),
    ],
    ids=["image", "missing", "too-big"],
)  # fmt: skip
def test_a_feed_address_that_gives_no_feed_is_reported(
    server: LocalServer, reply: Reply, message: str
) -> None:
    url = server.route("/rss", reply)
    with pytest.raises(InputError, match=message):
        read_feed(url, limits=FetchLimits(max_bytes=4096, retries=1))


def test_a_feed_is_read_from_a_local_file(tmp_path: Path) -> None:
    path = tmp_path / "Tin mới.rss"
    path.write_bytes(messy())
    items = read_feed(str(path))
    assert items[0].link == LUA  # the channel's link is the base for its relative links


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "khong-co.rss", r"khong-co\.rss does not exist; check the path, or give"),
        (lambda p: p, r"is not a file; give a feed file or the feed's address"),
        (lambda p: _write(p / "big.rss", b"<rss>" + b" " * 5000), r"big\.rss is larger than 4 KB"),
        (lambda p: _write(p / "empty.rss", b""), r"empty\.rss is not an RSS or Atom feed"),
    ],
    ids=["missing", "directory", "too-big", "empty"],
)
def test_a_feed_file_that_cannot_be_used_is_reported(
    tmp_path: Path, make: object, message: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError, match=message):
        read_feed(str(path), limits=FetchLimits(max_bytes=4096))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_feed_address_that_is_not_on_the_web_is_refused() -> None:
    with pytest.raises(InputError, match=r"only http:// and https:// addresses can be fetched"):
        read_feed("ftp://baodongthap.vn/rss")
