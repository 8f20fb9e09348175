"""The abbreviation table by beat (narrate/speech/abbreviations.tsv): size, beats, context rules,
one test per meaning of every ambiguous entry, lazy loading, and the feed's lexicon on top."""

from __future__ import annotations

import subprocess
import sys

import pytest

from narrate.speech import Lexicon, verbalize
from narrate.speech.abbreviations import AMBIGUOUS, read_table, table
from narrate.speech.normalize import verbalize_with_trace

BEATS = {
    "courts",
    "police",
    "traffic",
    "land",
    "finance",
    "infrastructure",
    "weather",
    "sports",
    "health",
    "education",
    "government",
    "party",
    "provinces",
    "ministries",
    "media",
    "general",
}

# (text, abbreviation, the meaning its neighbours pick): one row per meaning at least.
MEANINGS = [
    ("Ủy viên BCT, Bí thư Thành ủy", "BCT", "bộ chính trị"),
    ("theo kết luận của BCT", "BCT", "bộ chính trị"),
    ("Bộ trưởng BCT cho biết", "BCT", "bộ công thương"),
    ("theo BCT, giá xăng", "BCT", "bộ công thương"),
    ("xe ô tô BKS 30A-123.45", "BKS", "biển kiểm soát"),
    ("trưởng BKS công ty", "BKS", "ban kiểm soát"),
    ("HĐQT và BKS nhiệm kỳ mới", "BKS", "ban kiểm soát"),
    ("xe máy BS 59X1-234.56", "BS", "biển số"),
    ("BS Nguyễn Văn An", "BS", "bác sĩ"),
    ("ông là BS giỏi", "BS", "bác sĩ"),
    ("theo hợp đồng BT, nhà đầu tư", "BT", "bê tê"),
    ("dự án BT đã", "BT", "bê tê"),
    ("ông là BT Tỉnh ủy", "BT", "bí thư"),
    ("nguyên BT xã", "BT", "bí thư"),
    ("Ủy viên BTV Tỉnh ủy", "BTV", "ban thường vụ"),
    ("hội nghị BTV mở rộng", "BTV", "ban thường vụ"),
    ("nữ BTV thời sự", "BTV", "biên tập viên"),
    ("là BTV VTV", "BTV", "biên tập viên"),
    ("lực lượng CA tỉnh", "CA", "công an"),
    ("công ty CP Ví Dụ", "CP", "cổ phần"),
    ("Thủ tướng CP chỉ đạo", "CP", "chính phủ"),
    ("khớp lệnh 10.000 CP", "CP", "cổ phiếu"),
    ("lợi nhuận và DT năm nay", "DT", "doanh thu"),
    ("DT thuần đạt", "DT", "doanh thu"),
    ("khu đất có DT lớn", "DT", "diện tích"),
    ("DT đất ở", "DT", "diện tích"),
    ("Chi cục HQ cửa khẩu", "HQ", "hải quan"),
    ("tờ khai HQ điện tử", "HQ", "hải quan"),
    ("du khách HQ đến", "HQ", "Hàn Quốc"),
    ("Nhật Bản và HQ là", "HQ", "Hàn Quốc"),
    ("các tỉnh MN", "MN", "miền Nam"),
    ("xổ số MN", "MN", "miền Nam"),
    ("trường MN Hoa Sen", "MN", "mầm non"),
    ("giáo viên MN công lập", "MN", "mầm non"),
    ("đường dây mua bán MT tổng hợp", "MT", "ma túy"),
    ("tội phạm MT", "MT", "ma túy"),
    ("bảo vệ MT biển", "MT", "môi trường"),
    ("ô nhiễm MT nước", "MT", "môi trường"),
    ("trung tâm phát triển QĐ sạch", "QĐ", "quỹ đất"),
    ("khai thác QĐ công", "QĐ", "quỹ đất"),
    ("theo QĐ số 12", "QĐ", "quyết định"),
    ("ký QĐ khởi tố", "QĐ", "quyết định"),
    ("cố TBT Nguyễn Phú Trọng", "TBT", "tổng bí thư"),
    ("đồng chí TBT Tô Lâm", "TBT", "tổng bí thư"),
    ("Phó TBT báo Ví Dụ", "TBT", "tổng biên tập"),
    ("nhà báo, TBT tạp chí", "TBT", "tổng biên tập"),
    ("lãnh đạo TCT cho biết", "TCT", "tổng cục thuế"),
    ("theo TCT, số thu", "TCT", "tổng cục thuế"),
    ("TCT Điện lực miền Bắc", "TCT", "tổng công ty"),
    ("tổng giám đốc TCT Sông Đà", "TCT", "tổng công ty"),
    ("Cục THA dân sự", "THA", "thi hành án"),
    ("chấp hành viên THA xong", "THA", "thi hành án"),
    ("bệnh nhân THA độ hai", "THA", "tăng huyết áp"),
    ("người bị THA và tiểu đường", "THA", "tăng huyết áp"),
    ("TL 845 bị sạt lở", "TL", "tỉnh lộ"),
    ("đội tuyển TL thắng", "TL", "Thái Lan"),
    ("Việt Nam gặp TL trong", "TL", "Thái Lan"),
    ("kỳ thi TN THPT", "TN", "tốt nghiệp"),
    ("xét TN năm nay", "TN", "tốt nghiệp"),
    ("Đoàn TN Cộng sản", "TN", "thanh niên"),
    ("tháng TN năm nay", "TN", "thanh niên"),
    ("theo TT 12 của bộ", "TT", "thông tư"),
    ("TT Y tế huyện", "TT", "trung tâm"),
    ("TT Mỹ Joe Biden", "TT", "tổng thống"),
    ("Tổng TTCP kết luận", "TTCP", "thanh tra chính phủ"),
    ("theo kết luận TTCP", "TTCP", "thanh tra chính phủ"),
    ("TTCP yêu cầu các bộ", "TTCP", "thủ tướng chính phủ"),
    ("công điện của TTCP", "TTCP", "thủ tướng chính phủ"),
    ("khai mạc ĐH Đảng bộ", "ĐH", "đại hội"),
    ("sinh viên ĐH Bách khoa", "ĐH", "đại học"),
    ("trung tâm ĐK xe cơ giới", "ĐK", "đăng kiểm"),
    ("tem ĐK mới", "ĐK", "đăng kiểm"),
    ("đủ ĐK kinh doanh", "ĐK", "điều kiện"),
    ("tạo ĐK thuận lợi", "ĐK", "điều kiện"),
    ("tuyến ĐT 741", "ĐT", "đường tỉnh"),
    ("liên hệ ĐT: 0912 345 678", "ĐT", "điện thoại"),
    ("ĐT Việt Nam thắng", "ĐT", "đội tuyển"),
    ("cơ sở ĐT nghề", "ĐT", "đào tạo"),
    ("chương trình ĐT từ xa", "ĐT", "đào tạo"),
]


def _spans_of(text: str, written: str) -> list[str]:
    return [span.spoken for span in verbalize_with_trace(text).spans if span.written == written]


def test_the_table_has_more_than_a_thousand_abbreviations() -> None:
    assert len({entry.written for entry in table().entries}) >= 1000


def test_every_line_names_one_of_the_beats_and_covers_them_all() -> None:
    beats = {entry.beat for entry in table().entries}
    assert beats <= BEATS
    assert {"courts", "police", "land", "finance", "infrastructure", "weather", "sports"} <= beats
    assert {"health", "education", "government", "party", "provinces", "ministries"} <= beats


def test_every_ambiguous_reading_has_a_context_rule() -> None:
    for written, entry in AMBIGUOUS.items():
        assert entry.senses, written
        for sense in entry.senses:
            assert sense.before is not None or sense.after is not None, (written, sense.spoken)


@pytest.mark.parametrize(("text", "written", "meaning"), MEANINGS)
def test_the_neighbouring_words_pick_each_meaning_of_an_ambiguous_abbreviation(
    text: str, written: str, meaning: str
) -> None:
    trace = verbalize_with_trace(text)
    spans = [span for span in trace.spans if span.written == written]
    assert [span.spoken for span in spans] == [meaning]
    assert not spans[0].note  # decided, not a guess


def test_every_meaning_in_the_table_has_a_test_row() -> None:
    tested = {(written, meaning) for _, written, meaning in MEANINGS}
    for written, entry in AMBIGUOUS.items():
        for sense in entry.senses:
            assert (written, sense.spoken) in tested, (written, sense.spoken)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("BS nói", "bác sĩ"),  # a default reading, reported as a guess
        ("BTV họp", "ban thường vụ"),
        ("TL hỏng", "tỉnh lộ"),
    ],
)
def test_a_default_reading_with_nothing_deciding_is_noted_as_a_guess(
    text: str, spoken: str
) -> None:
    span = verbalize_with_trace(text).spans[0]
    assert span.spoken == spoken
    assert span.note.startswith("ambiguous")


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("dự án BOT", "dự án bê o tê"),
        ("Cục THA tỉnh", "Cục thi hành án tỉnh"),
        ("hình thức PPP", "hình thức pê pê pê"),
        ("xe BKS 51F-678.90", "xe biển kiểm soát năm một ép sáu bảy tám chín không"),
    ],
)
def test_acronyms_that_spell_a_syllable_are_still_read_from_the_table(
    text: str, spoken: str
) -> None:
    assert verbalize(text) == spoken


def test_the_feeds_lexicon_stays_on_top_of_the_table() -> None:
    lexicon = Lexicon({"THA": "tê hát a", "HTX": "hợp tác xã nông nghiệp"})
    assert verbalize("Cục THA và HTX", lexicon=lexicon) == (
        "Cục tê hát a và hợp tác xã nông nghiệp"
    )


def test_a_bracket_repeating_what_was_said_is_dropped_even_for_the_feeds_own_words() -> None:
    lexicon = Lexicon({"HTX": "hợp tác xã", "QBOG": "quỹ bình ổn"})
    assert verbalize("Các hợp tác xã (HTX) và quỹ bình ổn (QBOG).", lexicon=lexicon) == (
        "Các hợp tác xã và quỹ bình ổn."
    )
    assert verbalize("HTX Ví Dụ", lexicon=lexicon) == "hợp tác xã Ví Dụ"


def test_importing_the_front_end_does_not_read_the_table() -> None:
    code = (
        "import narrate.speech, narrate.speech.normalize;"
        "from narrate.speech.abbreviations import table;"
        "print(table.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"


@pytest.mark.parametrize(
    "line",
    ["UBND\tgovernment", "\tcourts\ttòa án", "TAND\t\ttòa án"],
)
def test_a_table_line_without_its_three_fields_is_refused_with_its_line_number(line: str) -> None:
    with pytest.raises(ValueError, match="line 2"):
        read_table("# header\n" + line)
