"""verbalize: what a news reader says for digits, dates, units, symbols and abbreviations.

One table per reading; a new reading is one new row. Expected outputs are written the way a
VOV/VTV reader says them (../shared/VI-READING.md), not copied from the program.
"""

from __future__ import annotations

import unicodedata

import pytest

from narrate.speech import verbalize
from narrate.speech.normalize import RULES, Rule, pattern_rule, verbalize_with_trace

Y2020 = "hai nghìn không trăm hai mươi"
Y2019 = "hai nghìn không trăm mười chín"


def _rows(table: str) -> list[tuple[str, str]]:
    """Rows "written → spoken", one per line, so a table reads like the spec."""
    rows = []
    for line in table.strip().splitlines():
        written, spoken = line.split(" → ")
        rows.append((written.strip(), spoken.strip()))
    return rows


CARDINALS = _rows(
    """
    Có 39 cuộc → Có ba mươi chín cuộc
    với 1.890 lượt người → với một nghìn tám trăm chín mươi lượt người
    1.000.500 người → một triệu năm trăm người
    2.005 hộ → hai nghìn không trăm linh năm hộ
    105 xã → một trăm linh năm xã
    21 xã → hai mươi mốt xã
    24 ấp → hai mươi tư ấp
    25 hộ → hai mươi lăm hộ
    15 người → mười lăm người
    10 năm → mười năm
    2.000.000 → hai triệu
    1.005.000 → một triệu không trăm linh năm nghìn
    569 tỷ đồng → năm trăm sáu mươi chín tỷ đồng
    có 0 ca → có không ca
    """
)


@pytest.mark.parametrize(("written", "spoken"), CARDINALS)
def test_cardinals_use_dot_for_thousands_and_say_muoi_mot_tu_lam_linh(
    written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken


DECIMALS = _rows(
    """
    2,5 lần → hai phẩy năm lần
    0,05 → không phẩy không năm
    3,14 → ba phẩy mười bốn
    1.890,5 → một nghìn tám trăm chín mươi phẩy năm
    tăng 3,8% → tăng ba phẩy tám phần trăm
    đạt 95 % → đạt chín mươi lăm phần trăm
    từ 20-25% → từ hai mươi đến hai mươi lăm phần trăm
    1.5 triệu người → một phẩy năm triệu người
    2,5 tỷ → hai phẩy năm tỷ
    """
)


@pytest.mark.parametrize(("written", "spoken"), DECIMALS)
def test_decimal_comma_and_percent_are_read_in_words(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


NEGATIVES_AND_SIGNS = _rows(
    """
    -5 độ C → âm năm độ xê
    nhiệt độ −3 độ → nhiệt độ âm ba độ
    lúc đó là -12 → lúc đó là âm mười hai
    tăng +3% → tăng cộng ba phần trăm
    """
)


@pytest.mark.parametrize(("written", "spoken"), NEGATIVES_AND_SIGNS)
def test_a_sign_before_a_number_is_am_or_cong(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


YEARS_AND_ORDINALS = _rows(
    f"""
    năm 2019 → năm {Y2019}
    năm 2020 → năm {Y2020}
    năm 1975 → năm một nghìn chín trăm bảy mươi lăm
    thứ 1 → thứ nhất
    Thứ 4 → Thứ tư
    thứ 2 → thứ hai
    đứng thứ 10 → đứng thứ mười
    lần thứ 14 → lần thứ mười bốn
    Thứ 7 → Thứ bảy
    sáng CN → sáng chủ nhật
    """
)


@pytest.mark.parametrize(("written", "spoken"), YEARS_AND_ORDINALS)
def test_years_are_read_in_full_and_ordinals_say_nhat_and_tu(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


DATES = _rows(
    f"""
    03/06/2020 → ngày ba tháng sáu năm {Y2020}
    ngày 03/06/2020 → ngày ba tháng sáu năm {Y2020}
    Ngày 03/06/2020 → Ngày ba tháng sáu năm {Y2020}
    15/4/2020 → ngày mười lăm tháng tư năm {Y2020}
    4.1.2017 → ngày bốn tháng một năm hai nghìn không trăm mười bảy
    ngày 3-6-2020 → ngày ba tháng sáu năm {Y2020}
    24 - 7 - 2002 → ngày hai mươi tư tháng bảy năm hai nghìn không trăm linh hai
    3/6 → ngày ba tháng sáu
    ngày 3/6 → ngày ba tháng sáu
    ngày 3-6 → ngày ba tháng sáu
    Sáng 3/4, ông đến → Sáng ngày ba tháng tư, ông đến
    mùng 8/3 → mùng tám tháng ba
    6/2020 → tháng sáu năm {Y2020}
    tháng 6/2020 → tháng sáu năm {Y2020}
    tháng 6-2020 → tháng sáu năm {Y2020}
    tháng 4 → tháng tư
    tháng 11 → tháng mười một
    tháng 1 → tháng một
    từ 20/4 đến 30/6 → từ ngày hai mươi tháng tư đến ngày ba mươi tháng sáu
    20/4 - 30/6 → ngày hai mươi tháng tư đến ngày ba mươi tháng sáu
    từ 20-30/4 → từ ngày hai mươi đến ba mươi tháng tư
    ngày 20-30/4 → ngày hai mươi đến ba mươi tháng tư
    từ 01-12/2025 → từ tháng một đến tháng mười hai năm hai nghìn không trăm hai mươi lăm
    quý 3/2023 → quý ba năm hai nghìn không trăm hai mươi ba
    """
)


@pytest.mark.parametrize(("written", "spoken"), DATES)
def test_dates_are_read_with_ngay_thang_nam_and_thang_tu(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


FRACTIONS_VERSUS_DATES = _rows(
    """
    1/2 số hộ → một phần hai số hộ
    khoảng 3/4 diện tích → khoảng ba phần tư diện tích
    chiếm 2/3 → chiếm hai phần ba
    phục vụ 24/7 → phục vụ hai mươi tư trên bảy
    trực 24/24 giờ → trực hai mươi tư trên hai mươi tư giờ
    13/20 tỉnh → mười ba phần hai mươi tỉnh
    ngày 1/2 → ngày một tháng hai
    Hôm nay 3/4 → Hôm nay ngày ba tháng tư
    """
)


@pytest.mark.parametrize(("written", "spoken"), FRACTIONS_VERSUS_DATES)
def test_a_slash_is_a_fraction_or_a_date_by_the_words_around_it(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


TIMES = _rows(
    """
    16:49:04 → mười sáu giờ bốn mươi chín phút bốn giây
    16:49 → mười sáu giờ bốn mươi chín phút
    16:00 → mười sáu giờ
    8:00:00 → tám giờ
    15h30 → mười lăm giờ ba mươi phút
    7h → bảy giờ
    0h → không giờ
    lúc 7h05 sáng → lúc bảy giờ năm phút sáng
    14g30 → mười bốn giờ ba mươi phút
    7 giờ 5 phút → bảy giờ năm phút
    9h-10h → chín giờ đến mười giờ
    10:00-11:00 → mười giờ đến mười một giờ
    7h30 - 11h → bảy giờ ba mươi phút đến mười một giờ
    3p20s → ba phút hai mươi giây
    """
)


@pytest.mark.parametrize(("written", "spoken"), TIMES)
def test_clock_times_are_read_as_gio_phut_giay(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


RANGES_SCORES_RATIOS = _rows(
    f"""
    2019-2020 → {Y2019} đến {Y2020}
    2020 – 2025 → {Y2020} đến hai nghìn không trăm hai mươi lăm
    năm học 2019/2020 → năm học {Y2019} đến {Y2020}
    nhiệm kỳ 2020-2025 → nhiệm kỳ {Y2020} đến hai nghìn không trăm hai mươi lăm
    từ 3-5 năm → từ ba đến năm năm
    10 - 15 người → mười đến mười lăm người
    tỷ số 4-2 → tỷ số bốn - hai
    thắng 2-1 → thắng hai - một
    thua 0-3 → thua không - ba
    hòa 1-1 → hòa một - một
    Việt Nam thắng Lào 4 - 0 → Việt Nam thắng Lào bốn - không
    sơ đồ 4-2-3-1 → sơ đồ bốn - hai - ba - một
    tỷ lệ 1:2 → tỷ lệ một - hai
    tỷ lệ 1:10 → tỷ lệ một - mười
    tỉ số 2:1 → tỉ số hai - một
    """
)


@pytest.mark.parametrize(("written", "spoken"), RANGES_SCORES_RATIOS)
def test_ranges_say_den_and_scores_and_ratios_never_say_tru(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


MONEY = _rows(
    """
    500.000đ → năm trăm nghìn đồng
    500.000 đ → năm trăm nghìn đồng
    500.000 VNĐ → năm trăm nghìn đồng
    500.000 VND → năm trăm nghìn đồng
    500.000₫ → năm trăm nghìn đồng
    10 USD → mười đô la Mỹ
    $10 → mười đô la Mỹ
    $2 triệu → hai triệu đô la Mỹ
    5 EUR → năm ơ-rô
    €5 → năm ơ-rô
    50.000 đồng/kg → năm mươi nghìn đồng một ki-lô-gam
    500.000đ/tháng → năm trăm nghìn đồng một tháng
    10 USD/tấn → mười đô la Mỹ một tấn
    50.000đ-100.000đ → năm mươi nghìn đồng đến một trăm nghìn đồng
    10k → mười nghìn
    1tr5 → một triệu năm trăm nghìn
    2tr → hai triệu
    tỷ giá USD → tỷ giá đô la Mỹ
    """
)


@pytest.mark.parametrize(("written", "spoken"), MONEY)
def test_money_is_read_as_amount_then_currency(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


UNITS = _rows(
    """
    5 km → năm ki-lô-mét
    100m → một trăm mét
    20 cm → hai mươi xăng-ti-mét
    2 mm → hai mi-li-mét
    50 m2 → năm mươi mét vuông
    30 m² → ba mươi mét vuông
    10 m3 → mười mét khối
    8 m³ → tám mét khối
    2,5 ha → hai phẩy năm héc-ta
    3 kg → ba ki-lô-gam
    500 g → năm trăm gam
    500g → năm trăm gam
    12 tấn → mười hai tấn
    5 l → năm lít
    60 km/h → sáu mươi ki-lô-mét trên giờ
    30°C → ba mươi độ xê
    30 độ C → ba mươi độ xê
    100 kWh → một trăm ki-lô-oát giờ
    50 MW → năm mươi mê-ga-oát
    5 tấn/ha → năm tấn trên héc-ta
    100 lượt/ngày → một trăm lượt mỗi ngày
    3kg-6kg → ba ki-lô-gam đến sáu ki-lô-gam
    100cm x 50cm → một trăm xăng-ti-mét nhân năm mươi xăng-ti-mét
    220V → hai trăm hai mươi vôn
    """
)


@pytest.mark.parametrize(("written", "spoken"), UNITS)
def test_units_after_a_number_are_said_in_full(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize("written", ["m", "nhóm m", "kg", "ha ha"])
def test_a_unit_without_a_number_is_left_alone(written: str) -> None:
    assert verbalize(written) == written


ROMAN_NUMERALS = _rows(
    """
    Khóa XII → Khóa mười hai
    khoá XV → khoá mười lăm
    Quý IV → Quý bốn
    quý IV/2023 → quý bốn năm hai nghìn không trăm hai mươi ba
    thế kỷ XXI → thế kỷ hai mươi mốt
    Hội nghị Trung ương 4 khóa XII → Hội nghị Trung ương bốn khóa mười hai
    kỳ họp thứ IX → kỳ họp thứ chín
    Chiến tranh thế giới thứ II → Chiến tranh thế giới thứ hai
    Đại hội XIII → Đại hội mười ba
    lần thứ IV → lần thứ tư
    chương III → chương ba
    giai đoạn II → giai đoạn hai
    """
)


@pytest.mark.parametrize(("written", "spoken"), ROMAN_NUMERALS)
def test_roman_numerals_are_read_after_trigger_words(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


NOT_ROMAN = _rows(
    """
    Nguyễn Văn I → Nguyễn Văn i
    loại V → loại vê
    vitamin C → vitamin xê
    khóa MC → khóa em-mờ xê
    """
)


@pytest.mark.parametrize(("written", "spoken"), NOT_ROMAN)
def test_an_i_or_v_without_a_trigger_word_is_a_letter_not_a_number(
    written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken


PHONES_AND_CODES = _rows(
    """
    0913 123 456 → không chín một ba một hai ba bốn năm sáu
    0913.123.456 → không chín một ba một hai ba bốn năm sáu
    0913123456 → không chín một ba một hai ba bốn năm sáu
    +84 913 123 456 → cộng tám bốn chín một ba một hai ba bốn năm sáu
    hotline 1900 1234 → hotline một chín không không một hai ba bốn
    mã số 0123 → mã số không một hai ba
    H5N1 → hát năm en-nờ một
    QL1A → quốc lộ một a
    U23 → u hai mươi ba
    5G → năm giê
    F0 → ép không
    COVID-19 → cô-vít mười chín
    Điều 3.2 → Điều ba chấm hai
    công nghiệp 4.0 → công nghiệp bốn chấm không
    45/13/2020 → bốn mươi lăm trên mười ba trên hai nghìn không trăm hai mươi
    """
)


@pytest.mark.parametrize(("written", "spoken"), PHONES_AND_CODES)
def test_phone_numbers_and_codes_are_read_digit_by_digit_in_groups(
    written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken


DOCUMENTS = _rows(
    f"""
    Nghị định 15/2020/NĐ-CP quy định → Nghị định mười lăm năm {Y2020} của chính phủ quy định
    số 1234/QĐ-UBND của UBND tỉnh → số một nghìn hai trăm ba mươi tư của ủy ban nhân dân tỉnh
    Chỉ thị 16/CT-TTg → Chỉ thị mười sáu của thủ tướng chính phủ
    """
)


@pytest.mark.parametrize(("written", "spoken"), DOCUMENTS)
def test_legal_document_numbers_name_the_issuer_once(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


WEB_AND_SYMBOLS = _rows(
    """
    abc@gmail.com → a bê xê a còng gờ meo chấm com
    baodongthap.vn → bao dong thap chấm vê en
    VOV.VN → vê o vê chấm vê en
    https://vov.vn → vê o vê chấm vê en
    www.google.com → vê kép vê kép vê kép chấm google chấm com
    A & B → a và bê
    1 + 1 = 2 → một cộng một bằng hai
    ~50 người → khoảng năm mươi người
    """
)


@pytest.mark.parametrize(("written", "spoken"), WEB_AND_SYMBOLS)
def test_addresses_and_symbols_are_said_in_words(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


ABBREVIATIONS = _rows(
    """
    UBND huyện → ủy ban nhân dân huyện
    HĐND tỉnh → hội đồng nhân dân tỉnh
    tại TP.HCM → tại thành phố Hồ Chí Minh
    tại TP. HCM. → tại thành phố Hồ Chí Minh.
    tại TP HCM → tại thành phố Hồ Chí Minh
    trường THPT → trường trung học phổ thông
    KT-XH → kinh tế - xã hội
    cam, quýt, v.v. → cam, quýt, vân vân.
    GS.TS Trần Văn Minh → giáo sư tiến sĩ Trần Văn Minh
    TS. Lê Thị Hoa → tiến sĩ Lê Thị Hoa
    Q.1 → quận một
    P. Tân Định → phường Tân Định
    tp. Hà Nội → thành phố Hà Nội
    Bộ GD&ĐT → Bộ giáo dục và đào tạo
    Đội tuyển VN → Đội tuyển Việt Nam
    các nước ASEAN → các nước a-xê-an
    """
)


@pytest.mark.parametrize(("written", "spoken"), ABBREVIATIONS)
def test_abbreviations_from_the_built_in_table_are_expanded(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


AMBIGUOUS = _rows(
    """
    ĐH Quốc gia → đại học Quốc gia
    thi ĐH → thi đại học
    khai mạc ĐH → khai mạc đại hội
    ĐH Đảng bộ → đại hội Đảng bộ
    Công ty CP Sữa → Công ty cổ phần Sữa
    Thủ tướng CP → Thủ tướng chính phủ
    CA tỉnh → công an tỉnh
    ĐT848 → đường tỉnh tám trăm bốn mươi tám
    ĐT Việt Nam → đội tuyển Việt Nam
    TT Trump → tổng thống Trump
    TT Y tế huyện → trung tâm y tế huyện
    """
)


@pytest.mark.parametrize(("written", "spoken"), AMBIGUOUS)
def test_ambiguous_abbreviations_are_resolved_by_neighbouring_words(
    written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken


CAPITALS = _rows(
    """
    DŨNG CHINH → dũng chinh
    TĂNG CƯỜNG NĂNG LỰC → tăng cường năng lực
    VTV → vê tê vê
    ĐTO → đê tê o
    NASA → nasa
    HIV → hát i vê
    Nguyễn Văn B → Nguyễn Văn bê
    """
)


@pytest.mark.parametrize(("written", "spoken"), CAPITALS)
def test_capitals_are_read_as_words_when_they_are_syllables_and_spelled_otherwise(
    written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    "written",
    ["UBNDX", "xUBND", "ông P. là", "Nguyễn Văn P. Hùng", "iPhone", "VnExpress"],
)
def test_abbreviations_are_only_read_as_whole_words(written: str) -> None:
    spoken = verbalize(written)
    assert "ủy ban" not in spoken and "phường" not in spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Dự án của UBND.", "Dự án của ủy ban nhân dân."),
        ("Họ đến từ TP.HCM.", "Họ đến từ thành phố Hồ Chí Minh."),
        ("Trái cây gồm cam, xoài, v.v.", "Trái cây gồm cam, xoài, vân vân."),
    ],
)
def test_an_abbreviation_ending_a_sentence_keeps_the_full_stop(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


SOUTH = _rows(
    f"""
    105 → một trăm lẻ năm
    1.890 → một ngàn tám trăm chín mươi
    03/06/2020 → ngày ba tháng sáu năm hai ngàn không trăm hai mươi
    10k → mười ngàn
    2.005 → hai ngàn không trăm lẻ năm
    năm {2019} → năm hai ngàn không trăm mười chín
    """
)


@pytest.mark.parametrize(("written", "spoken"), SOUTH)
def test_southern_dialect_says_ngan_and_le(written: str, spoken: str) -> None:
    assert verbalize(written, dialect="south") == spoken


def test_text_is_nfc_normalized_before_reading() -> None:
    decomposed = unicodedata.normalize("NFD", "Hội đồng 39 người")
    assert verbalize(decomposed) == "Hội đồng ba mươi chín người"


def test_an_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        verbalize("1", dialect="central")


def test_rules_are_data_that_a_caller_can_extend() -> None:
    heart = pattern_rule("heart", r"♥", lambda match, context: "yêu", kind="symbol")
    assert verbalize("tôi ♥ Hà Nội", rules=(heart, *RULES)) == "tôi yêu Hà Nội"
    assert all(isinstance(rule, Rule) and rule.name for rule in RULES)


def test_rule_names_are_unique_so_a_trace_names_one_rule() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_the_trace_says_which_rule_read_each_span() -> None:
    trace = verbalize_with_trace("Ngày 3/6, UBND chi 500.000đ.")
    readings = {(span.written, span.kind) for span in trace.spans}
    assert ("3/6", "date") in readings
    assert ("UBND", "abbreviation") in readings
    assert ("500.000đ", "money") in readings
    assert trace.spoken == verbalize("Ngày 3/6, UBND chi 500.000đ.")
    for span in trace.spans:
        assert trace.written[span.start : span.end] == span.written


def test_a_digit_run_nothing_else_reads_falls_back_to_digits_and_is_traced() -> None:
    trace = verbalize_with_trace("mã 0123")
    assert trace.spoken == "mã không một hai ba"
    assert [span.kind for span in trace.spans] == ["digits"]


MORE_NEWS_SHAPES = _rows(
    f"""
    Cập nhật ngày: 03/06/2020 → Cập nhật ngày: ba tháng sáu năm {Y2020}
    thu nhập 65 triệu đồng/người/năm → thu nhập sáu mươi lăm triệu đồng một người một năm
    lãi suất 0,6%/tháng → lãi suất không phẩy sáu phần trăm một tháng
    Luật số 45/2019/QH14 → Luật số bốn mươi lăm năm {Y2019} quốc hội mười bốn
    Vòng 1/8 World Cup → Vòng một phần tám World Cup
    xếp thứ 3/10 đội → xếp thứ ba trên mười đội
    SN 1985 → sinh năm một nghìn chín trăm tám mươi lăm
    xe BKS 66B-012.34 → xe biển kiểm soát sáu sáu bê không một hai ba bốn
    cao 1m70 → cao một mét bảy mươi
    3-4 tỷ đồng → ba đến bốn tỷ đồng
    từ 7-9 giờ sáng → từ bảy đến chín giờ sáng
    ngày 30-4 → ngày ba mươi tháng tư
    30/4 - 1/5 → ngày ba mươi tháng tư đến ngày một tháng năm
    lớp 12A1 → lớp mười hai a một
    Quý I/2024 → Quý một năm hai nghìn không trăm hai mươi tư
    U19 Việt Nam thua U19 Thái Lan 0-1 → u mười chín Việt Nam thua u mười chín Thái Lan không - một
    nhiệt độ 35-37 độ C → nhiệt độ ba mươi lăm đến ba mươi bảy độ xê
    mức 1.000.000.000 đồng → mức một tỷ đồng
    1.000.000.001 → một tỷ không trăm linh một
    """
)


@pytest.mark.parametrize(("written", "spoken"), MORE_NEWS_SHAPES)
def test_shapes_common_in_vietnamese_news_are_read_naturally(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken
