"""Tables of real-copy shapes (VI-NEWS-LAYOUTS §3) and of the failing classes of issue 13.

Every fixture is invented. ``CASES`` maps a class name to rows (written, spoken): the whole
text and what a VOV/VTV reader says for it. Numbers inside an expectation are spelled with
``read_cardinal`` (tested on its own in test_numbers.py) so a row states the *decision* (date or
decimal, score or range, amount or digits) rather than re-deriving every number word.

Run ``python -m tests.speech.newsroom_cases`` to print the pass count per class.
"""

from __future__ import annotations

from narrate.speech.numbers import read_cardinal, read_digits

MONTHS = ("", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một")
MONTHS += ("mười hai",)


def c(number: int) -> str:
    return read_cardinal(number)


def d(digits: str) -> str:
    return read_digits(digits)


def _date(day: int, month: int, year: int | None = None, *, say_day: bool = True) -> str:
    words = (["ngày"] if say_day else []) + [c(day), "tháng", MONTHS[month]]
    if year is not None:
        words += ["năm", c(year)]
    return " ".join(words)


_DM = [(12, 3), (4, 6), (8, 2), (15, 2), (21, 4), (30, 4), (1, 5), (2, 9), (19, 8), (31, 12)]
_DAY_PARTS = ["sáng", "chiều", "tối", "trưa", "đêm", "rạng sáng"]
_WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def _dotted_dates() -> list[tuple[str, str]]:
    rows = []
    for day, month in _DM:
        rows.append((f"ngày {day}.{month}", f"ngày {_date(day, month, say_day=False)}"))
        rows.append((f"hôm {day}.{month}", f"hôm {_date(day, month, say_day=False)}"))
    for index, part in enumerate(_DAY_PARTS):
        day, month = _DM[index]
        rows.append((f"{part} {day}.{month}, đoàn", f"{part} {_date(day, month)}, đoàn"))
    for index, weekday in enumerate(_WEEKDAYS):
        day, month = _DM[index + 1]
        rows.append((f"{weekday} ({day}.{month})", f"{weekday} ({_date(day, month)})"))
    rows += [
        ("từ 8.2 đến 15.2", f"từ {_date(8, 2)} đến {_date(15, 2)}"),
        ("từ 1.3 tới 10.3", f"từ {_date(1, 3)} tới {_date(10, 3)}"),
        ("tháng 9.2018", f"tháng chín năm {c(2018)}"),
        ("tháng 12.2020 này", f"tháng mười hai năm {c(2020)} này"),
        ("ngày 2.9.1945", f"ngày hai tháng chín năm {c(1945)}"),
        ("sáng 30.4.1975", f"sáng ngày ba mươi tháng tư năm {c(1975)}"),
        ("khai mạc (12.3) tại", f"khai mạc ({_date(12, 3)}) tại"),
        ("đến hết 31.12", f"đến hết {_date(31, 12)}"),
        ("trước 15.6", f"trước {_date(15, 6)}"),
        ("vào 20.11", f"vào {_date(20, 11)}"),
        ("đến ngày 30.6 năm nay", f"đến ngày {_date(30, 6, say_day=False)} năm nay"),
        ("Dịp 30.4 - 1.5 năm nay", f"Dịp {_date(30, 4)} đến {_date(1, 5)} năm nay"),
        ("Thứ Hai, 12.3, trời mưa", f"Thứ Hai, {_date(12, 3)}, trời mưa"),
        ("Sáng nay 5.9, học sinh", f"Sáng nay {_date(5, 9)}, học sinh"),
        ("quý 1.2024", f"quý một năm {c(2024)}"),
        # not dates: a section, a version, an amount
        ("Điều 3.2 quy định", "Điều ba chấm hai quy định"),
        ("phiên bản 2.1", "phiên bản hai chấm một"),
        ("tăng 2.5 lần", "tăng hai phẩy năm lần"),
        ("đạt 1.5 triệu", "đạt một phẩy năm triệu"),
    ]
    return rows


def _hyphen_dates() -> list[tuple[str, str]]:
    rows = []
    for day, month in _DM:
        rows.append((f"hôm nay ({day}-{month})", f"hôm nay ({_date(day, month)})"))
        rows.append((f"Sáng qua ({day}-{month}), ông", f"Sáng qua ({_date(day, month)}), ông"))
        rows.append((f"ngày {day}-{month}", f"ngày {_date(day, month, say_day=False)}"))
    rows += [
        ("tối 2-9", f"tối {_date(2, 9)}"),
        ("chiều 30-4", f"chiều {_date(30, 4)}"),
        ("Hà Nội (21-4) - Đoàn", f"Hà Nội ({_date(21, 4)}) - Đoàn"),
        ("UBND tỉnh (3-11) cho biết", f"ủy ban nhân dân tỉnh ({_date(3, 11)}) cho biết"),
        # outside brackets: a date word before and the phrase ending after
        ("hôm nay 3-11, trời mưa", f"hôm nay {_date(3, 11)}, trời mưa"),
        ("từ 8-2 đến 15-2", f"từ {_date(8, 2)} đến {_date(15, 2)}"),
        ("Thứ Hai 12-3", f"Thứ Hai {_date(12, 3)}"),
        ("trước 15-6.", f"trước {_date(15, 6)}."),
        # ... but a range before a counted noun
        ("từ 3-5 học sinh", "từ ba đến năm học sinh"),
        ("sau 2-3 năm", "sau hai đến ba năm"),
    ]
    return rows


def _scores() -> list[tuple[str, str]]:
    rows = []
    for verb in ["thắng", "thua", "hòa", "tỷ số", "cầm hòa", "đánh bại đối thủ", "dẫn"]:
        for first, last in [(2, 4), (3, 1), (0, 0)]:
            rows.append((f"{verb} {first}-{last}", f"{verb} {c(first)} - {c(last)}"))
    teams = [
        ("Hà Nội FC - Bình Định", "Hà Nội ép xê - Bình Định"),
        ("Viettel - Nam Định", "Viettel - Nam Định"),
        ("Thanh Hóa - Hải Phòng", "Thanh Hóa - Hải Phòng"),
    ]
    for written, spoken in teams:
        for first, last in [(2, 1), (0, 3), (1, 1)]:
            rows.append((f"{written} ({first}-{last})", f"{spoken} ({c(first)} - {c(last)})"))
    rows += [
        ("Việt Nam thắng Lào 3 - 0", "Việt Nam thắng Lào ba - không"),
        ("với tỷ số 2-1", "với tỷ số hai - một"),
    ]
    return rows


def _ranges() -> list[tuple[str, str]]:
    rows = []
    for first, last in [(3, 5), (2, 3), (10, 15), (7, 10), (1, 2)]:
        rows.append((f"từ {first}-{last} ngày", f"từ {c(first)} đến {c(last)} ngày"))
        rows.append((f"{first} - {last} năm", f"{c(first)} đến {c(last)} năm"))
        rows.append((f"{first}-{last}%", f"{c(first)} đến {c(last)} phần trăm"))
    for first, last in [(18, 21), (25, 30), (30, 35)]:
        rows.append((f"{first} - {last} độ C", f"{c(first)} đến {c(last)} độ xê"))
        rows.append((f"{first}-{last} km", f"{c(first)} đến {c(last)} ki-lô-mét"))
    for first, last in [(2018, 2019), (2020, 2025), (2021, 2026)]:
        rows.append((f"năm {first}-{last}", f"năm {c(first)} đến {c(last)}"))
        rows.append((f"nhiệm kỳ {first} - {last}", f"nhiệm kỳ {c(first)} đến {c(last)}"))
    rows += [
        ("từ tháng 3 - 9.2019", f"từ tháng ba đến tháng chín năm {c(2019)}"),
        ("từ tháng 1 - 6.2020", f"từ tháng một đến tháng sáu năm {c(2020)}"),
        ("tháng 4 - 8.2021", f"tháng tư đến tháng tám năm {c(2021)}"),
    ]
    return rows


def _timestamps() -> list[tuple[str, str]]:
    rows = []
    for year, month, day, hour, minute in [
        (2019, 3, 14, 8, 5),
        (2020, 12, 1, 23, 59),
        (2021, 6, 30, 0, 15),
        (2018, 1, 9, 14, 30),
        (2022, 4, 21, 7, 45),
        (2023, 9, 2, 10, 10),
        (2024, 11, 20, 19, 0),
        (2017, 5, 5, 6, 6),
        (2016, 8, 19, 12, 12),
        (2025, 2, 28, 21, 9),
    ]:
        clock = f"{c(hour)} giờ" + (f" {c(minute)} phút" if minute else "")
        iso = f"{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
        rows.append((iso, f"{_date(day, month, year)} {clock}"))
        vn = f"{day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d} GMT+7"
        rows.append((vn, f"{_date(day, month, year)} {clock} giê em-mờ tê cộng bảy"))
        rows.append((f"{year}-{month:02d}-{day:02d}", _date(day, month, year)))
    return rows


def _phones() -> list[tuple[str, str]]:
    rows = []
    for hotline in ["1900 1234", "1800 1567", "1900 545 454", "1900.6789", "1800 599 920"]:
        rows.append(
            (f"gọi {hotline}", "gọi " + " ".join(d(g) for g in hotline.replace(".", " ").split()))
        )
    for phone in [
        "024.3825 1234",
        "0912.345.678",
        "0912 345 678",
        "028 3829 1234",
        "0236.3822.111",
    ]:
        groups = phone.replace(".", " ").split()
        rows.append((f"Điện thoại: {phone}", "Điện thoại: " + " ".join(d(g) for g in groups)))
        rows.append((f"liên hệ số {phone}.", "liên hệ số " + " ".join(d(g) for g in groups) + "."))
    for area, number in [("028", "3829 1234"), ("024", "3825 1234"), ("0236", "382 2111")]:
        spoken = " ".join(d(g) for g in number.split())
        # the brackets are not said: the area code is dialled first
        rows.append((f"({area}) {number}", f"{d(area)} {spoken}"))
        rows.append((f"ĐT: ({area}) {number}", f"điện thoại: {d(area)} {spoken}"))
    for mobile in ["0987654321", "0903123456", "0388999000", "0706111222", "0868000111"]:
        rows.append((f"gọi {mobile}", f"gọi {d(mobile)}"))
    rows += [
        ("+84 912 345 678", "cộng tám bốn chín một hai ba bốn năm sáu bảy tám"),
        ("đường dây nóng 113", "đường dây nóng một một ba"),
        ("gọi 115", "gọi một một năm"),
        ("gọi số 114", "gọi số một một bốn"),
        ("tổng đài 1022", "tổng đài một không hai hai"),
    ]
    return rows


def _plate(province: str, series: str, number: str) -> str:
    letters = {"A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê"}
    letters |= {"H": "hát", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ", "P": "pê"}
    letters |= {"X": "ích-xì", "T": "tê", "S": "ét-sì", "V": "vê", "Z": "dét", "U": "u"}
    said_series = " ".join(d(ch) if ch.isdigit() else letters[ch] for ch in series)
    said_number = " ".join(d(part) for part in number.split("."))
    return f"{d(province)} {said_series} {said_number}"


def _plates() -> list[tuple[str, str]]:
    rows = []
    plates = [
        ("29", "A", "123.45"),
        ("51", "F", "678.90"),
        ("30", "E", "123.45"),
        ("43", "C", "111.22"),
        ("66", "B", "012.34"),
        ("59", "X1", "234.56"),
        ("15", "K", "001.23"),
        ("92", "H", "5678"),
        ("77", "G", "345.67"),
        ("36", "L", "987.65"),
    ]
    for province, series, number in plates:
        written = f"{province}{series}-{number}"
        spoken = _plate(province, series, number)
        rows.append((f"xe biển số {written}", f"xe biển số {spoken}"))
        rows.append((f"ô tô BKS {written}", f"ô tô biển kiểm soát {spoken}"))
        rows.append((f"xe BS {written}", f"xe biển số {spoken}"))
    # the older way: province, dash, series, space
    for province, series, number in plates[:6]:
        spoken = _plate(province, series, number)
        rows.append((f"xe {province}-{series} {number} bị", f"xe {spoken} bị"))
    return rows


def _documents() -> list[tuple[str, str]]:
    rows = []
    decrees = [
        ("Quyết định", "QĐ-TTg", "thủ tướng chính phủ", 45, 2019),
        ("Thông tư", "TT-BTC", "bộ tài chính", 12, 2020),
        ("Nghị định", "NĐ-CP", "chính phủ", 100, 2019),
        ("Nghị quyết", "NQ-CP", "chính phủ", 11, 2022),
        ("Chỉ thị", "CT-TTg", "thủ tướng chính phủ", 16, 2020),
        ("Quyết định", "QĐ-UBND", "ủy ban nhân dân", 1234, 2021),
    ]
    for word, code, issuer, number, year in decrees:
        said = f"{c(number)} năm {c(year)} của {issuer}"
        rows.append((f"{word} {number}/{year}/{code}", f"{word} {said}"))
        rows.append((f"{word} số {number}/{year}/{code}", f"{word} số {said}"))
        rows.append((f"theo {number}/{year}/{code}", f"theo {word.lower()} số {said}"))
        rows.append((f"({number}/{year}/{code})", f"({word.lower()} số {said})"))
    for number, code, said_code in [
        (1234, "UBND-KT", "ủy ban nhân dân ca tê"),
        (56, "BGDĐT-GDTH", "bộ giáo dục và đào tạo giê dê tê hát"),
        (789, "BYT-KCB", "bộ y tế khám chữa bệnh"),
    ]:
        rows.append((f"Công văn {number}/{code}", f"Công văn {c(number)} {said_code}"))
        rows.append((f"Công văn số {number}/{code}", f"Công văn số {c(number)} {said_code}"))
    return rows


def _chainage() -> list[tuple[str, str]]:
    rows = []
    for km, metres in [(15, 200), (1, 500), (0, 800), (120, 50), (7, 999), (33, 100)]:
        said = f"ki-lô-mét {c(km)} cộng {c(metres)}"
        padded = f"{metres:03d}"
        rows.append((f"Km {km}+{padded}", said))
        rows.append((f"tại Km{km}+{padded}", f"tại {said}"))
        rows.append((f"km {km}+{padded} QL1A", f"{said} quốc lộ một a"))
        rows.append((f"đoạn Km {km}+{padded} - Km {km + 1}+{padded}", ""))
        rows.append((f"lý trình Km {km} + {padded}", f"lý trình {said}"))
    # The range rows check both ends are chainage and joined by "đến".
    fixed = []
    for written, spoken in rows:
        if not spoken:
            km = int(written.split("Km ")[1].split("+")[0])
            metres = int(written.split("+")[1].split(" ")[0])
            spoken = (
                f"đoạn ki-lô-mét {c(km)} cộng {c(metres)} đến "
                f"ki-lô-mét {c(km + 1)} cộng {c(metres)}"
            )
        fixed.append((written, spoken))
    return fixed


def _urls() -> list[tuple[str, str]]:
    rows = []
    domains = [
        ("vidu.vn", "vi du chấm vê en"),
        ("baovidu.vn", "bao vi du chấm vê en"),
        ("vidu.gov.vn", "vi du chấm gốp chấm vê en"),
        ("tintuc.com.vn", "tin tuc chấm com chấm vê en"),
        ("dulich.org", "du lich chấm o rờ gờ"),
        ("thoitiet.net", "thoi tiet chấm nét"),
    ]
    for domain, said in domains:
        rows.append((f"(http://{domain})", f"({said})"))
        rows.append((f"tại https://{domain}", f"tại {said}"))
        rows.append((f"trang www.{domain}", f"trang vê kép vê kép vê kép chấm {said}"))
        rows.append((f"xem {domain} nhé", f"xem {said} nhé"))
        rows.append((f"(https://www.{domain}/)", f"(vê kép vê kép vê kép chấm {said})"))
    return rows


def _big_numbers() -> list[tuple[str, str]]:
    rows = []
    for value in [
        1_234_567_890_123,
        9_000_000_000_000,
        10_500_000_000_000,
        123_456_789_012_345,
        1_000_000_000_000_000,
        2_500_000_000_000_000,
        12_345_678_901_234_567,
        100_000_000_000_000_000,
        1_000_000_000_000_000_000,
        999_999_999_999_999_999_999,
    ]:
        rows.append((f"tổng {value} đồng", f"tổng {c(value)} đồng"))
        rows.append((f"khoảng {value:,} đồng".replace(",", "."), f"khoảng {c(value)} đồng"))
        rows.append((f"là {value}", f"là {c(value)}"))
    return rows


def _units() -> list[tuple[str, str]]:
    rows = []
    for written, said in [
        ("kw", "ki-lô-oát"),
        ("KW", "ki-lô-oát"),
        ("Kw", "ki-lô-oát"),
        ("gb", "gi-ga-bai"),
        ("Gb", "gi-ga-bai"),
        ("hz", "héc"),
        ("HZ", "héc"),
        ("mv", "mi-li-vôn"),
        ("mV", "mi-li-vôn"),
        ("Mhz", "mê-ga-héc"),
        ("mhz", "mê-ga-héc"),
        ("MHZ", "mê-ga-héc"),
        ("hp", "mã lực"),
        ("HP", "mã lực"),
        ("tb", "tê-ra-bai"),
        ("v", "vôn"),
        ("kv", "ki-lô-vôn"),
        ("kwh", "ki-lô-oát giờ"),
        ("KWH", "ki-lô-oát giờ"),
        ("mb", "mê-ga-bai"),
        ("ghz", "gi-ga-héc"),
        ("KM", "ki-lô-mét"),
        ("Km", "ki-lô-mét"),
        ("KG", "ki-lô-gam"),
        ("Kg", "ki-lô-gam"),
        ("ML", "mi-li-lít"),
        ("mw", "mê-ga-oát"),
        ("gw", "gi-ga-oát"),
        ("khz", "ki-lô-héc"),
        ("kb", "ki-lô-bai"),
        ("mAh", "mi-li-am-pe giờ"),
        ("MAH", "mi-li-am-pe giờ"),
        ("L", "lít"),
    ]:
        rows.append((f"đạt 100 {written}.", f"đạt một trăm {said}."))
        rows.append((f"5{written} mỗi", f"năm {said} mỗi"))
    return rows


def _fractions() -> list[tuple[str, str]]:
    rows = [
        ("2 3/4 cốc bột", "hai và ba phần tư cốc bột"),
        ("1 1/2 thìa đường", "một và một phần hai thìa đường"),
        ("3 1/3 chén", "ba và một phần ba chén"),
        ("-2/3", "âm hai phần ba"),
        ("bằng -1/2", "bằng âm một phần hai"),
        ("x = -3/4", "x bằng âm ba phần tư"),
        ("1/4 lít", "một phần tư lít"),
        ("3/4 kg thịt", "ba phần tư ki-lô-gam thịt"),
        ("1/2 muỗng cà phê", "một phần hai muỗng cà phê"),
        ("2/3 cốc nước", "hai phần ba cốc nước"),
        ("1/3 chén", "một phần ba chén"),
        ("5/8 inch", "năm phần tám inch"),
        ("1/5 km", "một phần năm ki-lô-mét"),
        ("3/5 m", "ba phần năm mét"),
        ("1/4 thìa muối", "một phần tư thìa muối"),
        ("1/2 quả chanh", "một phần hai quả chanh"),
        ("1/10 tấn", "một phần mười tấn"),
        ("hơn 2/3 số hộ", "hơn hai phần ba số hộ"),
        ("chiếm 1/4 diện tích", "chiếm một phần tư diện tích"),
        ("gần 3/4 dân số", "gần ba phần tư dân số"),
        ("pha theo tỷ lệ 1/3", "pha theo tỷ lệ một phần ba"),
        ("7/10 học sinh", "bảy phần mười học sinh"),
        ("1/2 giờ", "một phần hai giờ"),
        ("4 1/2 giờ", "bốn và một phần hai giờ"),
        ("1/4 trận", "một phần tư trận"),
        ("2 1/4 lít sữa", "hai và một phần tư lít sữa"),
        ("-5/6", "âm năm phần sáu"),
        ("1/8 cốc", "một phần tám cốc"),
        ("9/10 ml", "chín phần mười mi-li-lít"),
        ("dung tích 1.5L", "dung tích một phẩy năm lít"),
        ("màn hình 6.1 inch", "màn hình sáu phẩy một inch"),
        ("1/3 m", "một phần ba mét"),
        ("tăng 2 1/2", "tăng hai và một phần hai"),
        ("bằng 3 3/4", "bằng ba và ba phần tư"),
        # a bare d/m in news stays a date
        ("ngày 1/4", "ngày một tháng tư"),
        ("sáng 3/4 tại", "sáng ngày ba tháng tư tại"),
    ]
    return rows


def _romans() -> list[tuple[str, str]]:
    rows = [
        ("thế kỷ xviii", "thế kỷ mười tám"),
        ("thế kỷ xxi", "thế kỷ hai mươi mốt"),
        ("thế kỉ xix", "thế kỉ mười chín"),
        ("phần iv", "phần bốn"),
        ("phần ii", "phần hai"),
        ("khóa xi", "khóa mười một"),
        ("khóa xiii", "khóa mười ba"),
        ("chương iii", "chương ba"),
        ("chương vii", "chương bảy"),
        ("quý iv", "quý bốn"),
        ("quý ii/2023", f"quý hai năm {c(2023)}"),
        ("điều xii", "điều mười hai"),
        ("tập ix", "tập chín"),
        ("đại hội xiv", "đại hội mười bốn"),
        ("MDCCLXXVI", c(1776)),
        ("năm MCMXLV", f"năm {c(1945)}"),
        ("năm MMXX", f"năm {c(2020)}"),
        ("MCMLXXV", c(1975)),
        ("MDCCCLXXXV", c(1885)),
        ("khóa XII", "khóa mười hai"),
        ("Quý IV", "Quý bốn"),
        ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
        # never numbers elsewhere
        ("I love Việt Nam", "i love Việt Nam"),
        ("vitamin C và v", "vitamin xê và v"),
        ("hạng v", "hạng v"),
        ("chữ i ngắn", "chữ i ngắn"),
        ("Vua Louis XIV", "Vua Louis mười bốn"),
        ("Giáo hoàng Gioan Phaolô II", "Giáo hoàng Gioan Phaolô hai"),
        ("Elizabeth II", "Elizabeth hai"),
        ("Thế chiến II", "Thế chiến hai"),
        ("Chiến tranh thế giới thứ II", "Chiến tranh thế giới thứ hai"),
        ("lần thứ iii", "lần thứ ba"),
    ]
    return rows


def _ips() -> list[tuple[str, str]]:
    rows = []
    for address in [
        "192.168.1.1",
        "10.0.0.1",
        "8.8.8.8",
        "172.16.254.3",
        "203.113.131.1",
        "127.0.0.1",
        "255.255.255.0",
        "14.225.10.99",
        "1.1.1.1",
        "113.160.92.5",
    ]:
        said = " chấm ".join(d(group) for group in address.split("."))
        rows.append((f"địa chỉ IP {address}", f"địa chỉ i pê {said}"))
        rows.append((f"máy chủ {address}.", f"máy chủ {said}."))
        rows.append((f"({address})", f"({said})"))
    # groups of three may be thousands: a unit or a quantity word decides
    rows += [
        (
            "máy chủ 192.168.100.200",
            "máy chủ " + " chấm ".join(d(g) for g in ("192", "168", "100", "200")),
        ),
        ("tổng 120.150.200.100 đồng", f"tổng {c(120150200100)} đồng"),
        ("khoảng 100.200.100.100", f"khoảng {c(100200100100)}"),
        ("là 1.000.000.000", f"là {c(10**9)}"),
    ]
    return rows


def _cents() -> list[tuple[str, str]]:
    rows = []
    for whole, cents in [(3, 25), (1, 50), (10, 99), (2, 5), (199, 95), (0, 75)]:
        # no whole unit: only the cents are said
        dollars = (f"{c(whole)} đô la " if whole else "") + f"{c(cents)} xu"
        euros = (f"{c(whole)} ơ-rô " if whole else "") + f"{c(cents)} xu"
        rows.append((f"{whole},{cents:02d} USD", dollars))
        rows.append((f"${whole}.{cents:02d}", dollars))
        rows.append((f"{whole},{cents:02d} EUR", euros))
        rows.append((f"€{whole},{cents:02d}", euros))
        rows.append((f"giá {whole},{cents:02d} USD/thùng", f"giá {dollars} một thùng"))
    return rows


def _compact_times() -> list[tuple[str, str]]:
    rows = []
    for hours, minutes in [(7, 5), (1, 30), (2, 15), (10, 0), (3, 45)]:
        said = f"{c(hours)} giờ" + (f" {c(minutes)} phút" if minutes else "")
        rows.append((f"chạy {hours}h{minutes}m", f"chạy {said}"))
        # with seconds, a zero minute is still said
        full = f"{c(hours)} giờ {c(minutes)} phút ba mươi giây"
        rows.append((f"mất {hours}h{minutes:02d}m{30}s", f"mất {full}"))
    for hours, minutes, am_pm, part in [
        (6, 15, "pm", "tối"),
        (3, 30, "pm", "chiều"),
        (9, 0, "am", "sáng"),
        (7, 45, "AM", "sáng"),
        (11, 5, "PM", "đêm"),
        (1, 20, "pm", "chiều"),
        (8, 10, "am", "sáng"),
        (5, 55, "pm", "chiều"),
        (10, 30, "pm", "đêm"),
        (12, 0, "pm", "trưa"),
    ]:
        said = f"{c(hours)} giờ" + (f" {c(minutes)} phút" if minutes else "") + f" {part}"
        rows.append((f"lúc {hours}h{minutes:02d}{am_pm}", f"lúc {said}"))
        rows.append((f"lúc {hours}:{minutes:02d} {am_pm}", f"lúc {said}"))
    return rows


def _said_once() -> list[tuple[str, str]]:
    rows = []
    for words, abbr in [
        ("hợp tác xã", "HTX"),
        ("Ủy ban nhân dân", "UBND"),
        ("khu công nghiệp", "KCN"),
        ("cảnh sát giao thông", "CSGT"),
        ("bất động sản", "BĐS"),
        ("Ban quản lý dự án", "BQLDA"),
        ("tổ chức tín dụng", "TCTD"),
        ("Cơ quan điều tra", "CQĐT"),
        ("Hội đồng xét xử", "HĐXX"),
        ("Ngân hàng Nhà nước", "NHNN"),
        ("Quỹ bình ổn giá", "QBOG"),
        ("Bộ Giáo dục và Đào tạo", "GD&ĐT"),
    ]:
        rows.append((f"{words} ({abbr}) đã", f"{words} đã"))
        rows.append((f"Các {words} ({abbr}).", f"Các {words}."))
    for written, spoken in [
        ("Cục THA dân sự", "Cục thi hành án dân sự"),
        ("cơ quan THA", "cơ quan thi hành án"),
        ("dự án BOT", "dự án bê o tê"),
        ("trạm BOT Cai Lậy", "trạm bê o tê Cai Lậy"),
        ("hình thức PPP", "hình thức pê pê pê"),
        ("hợp đồng BT", "hợp đồng bê tê"),
        ("ông TAN cho biết", "ông tê a en-nờ cho biết"),
        ("bà HOA nói", "bà hát o a nói"),
        ("HÀ NỘI CAN THIỆP", "hà nội can thiệp"),
        ("Chi cục THA dân sự", "Chi cục thi hành án dân sự"),
        ("bệnh nhân THA độ 2", "bệnh nhân tăng huyết áp độ hai"),
    ]:
        rows.append((written, spoken))
    return rows


def _month_ranges() -> list[tuple[str, str]]:
    rows = []
    for first, last, year in [
        (3, 9, 2019),
        (1, 6, 2020),
        (4, 8, 2021),
        (10, 12, 2022),
        (2, 5, 2023),
    ]:
        said = f"tháng {MONTHS[first]} đến tháng {MONTHS[last]} năm {c(year)}"
        rows.append((f"từ tháng {first} - {last}.{year}", f"từ {said}"))
        rows.append((f"tháng {first}-{last}/{year}", said))
        rows.append((f"từ tháng {first} đến tháng {last}.{year}", f"từ {said}"))
        rows.append((f"trong tháng {first} – {last}/{year}", f"trong {said}"))
        rows.append((f"{first:02d}-{last:02d}/{year}", said))
        rows.append((f"từ {first}-{last}/{year}", f"từ {said}"))
    return rows


def _money_per_unit() -> list[tuple[str, str]]:
    rows = []
    for written, said in [
        ("15.000 đồng/cổ phiếu", f"{c(15000)} đồng một cổ phiếu"),
        ("25.500 đồng/kg", f"{c(25500)} đồng một ki-lô-gam"),
        ("80 USD/thùng", "tám mươi đô la Mỹ một thùng"),
        ("3,5 triệu đồng/m2", "ba phẩy năm triệu đồng một mét vuông"),
        ("150 nghìn đồng/người", f"{c(150)} nghìn đồng một người"),
        ("500.000đ/tháng", f"{c(500000)} đồng một tháng"),
        ("1.200 USD/tấn", f"{c(1200)} đô la Mỹ một tấn"),
        ("22.000 đồng/lít", f"{c(22000)} đồng một lít"),
        ("2 triệu đồng/ha", "hai triệu đồng một héc-ta"),
        ("45.000đ/suất", f"{c(45000)} đồng một suất"),
    ]:
        rows.append((f"giá {written}", f"giá {said}"))
        rows.append((f"khoảng {written}.", f"khoảng {said}."))
        rows.append((f"({written})", f"({said})"))
    return rows


def _model_codes() -> list[tuple[str, str]]:
    rows = []
    for written, said in [
        ("A320neo", "a ba hai không neo"),
        ("A321", "a ba hai một"),
        ("MH370", "em-mờ hát ba bảy không"),
        ("VN123", "vê en-nờ một hai ba"),
        ("SH150i", "ét-sì hát một năm không i"),
        ("QH2024", "quy hát hai không hai bốn"),
    ]:
        rows.append((f"chiếc {written} đã", f"chiếc {said} đã"))
        rows.append((f"({written})", f"({said})"))
    for written, said in [
        ("Boeing 787-9", "Boeing bảy tám bảy - chín"),
        ("Boeing 737", "Boeing bảy ba bảy"),
        ("Airbus 350", "Airbus ba năm không"),
        ("ATR 72", "a tê e-rờ bảy mươi hai"),  # two digits: said as a number
        ("Boeing 777-300", "Boeing bảy bảy bảy - ba không không"),
        ("Sukhoi 30", "Sukhoi ba mươi"),
    ]:
        rows.append((f"máy bay {written} hạ cánh", f"máy bay {said} hạ cánh"))
        rows.append((f"loại {written}.", f"loại {said}."))
    for written, said in [
        ("QL279", f"quốc lộ {c(279)}"),
        ("QL1A", "quốc lộ một a"),
        ("TL845", f"tỉnh lộ {c(845)}"),
        ("U23", "u hai mươi ba"),
        ("H5N1", "hát năm en-nờ một"),
        ("COVID-19", "cô-vít mười chín"),
    ]:
        rows.append((f"trên {written} có", f"trên {said} có"))
    return rows


CASES: dict[str, list[tuple[str, str]]] = {
    "dotted dates": _dotted_dates(),
    "hyphen dates": _hyphen_dates(),
    "scores": _scores(),
    "ranges": _ranges(),
    "timestamps": _timestamps(),
    "phones": _phones(),
    "plates": _plates(),
    "documents": _documents(),
    "chainage": _chainage(),
    "urls": _urls(),
    "big numbers": _big_numbers(),
    "units in any case": _units(),
    "fractions": _fractions(),
    "roman numerals": _romans(),
    "ip addresses": _ips(),
    "money with cents": _cents(),
    "compact times": _compact_times(),
    "said once and acronyms": _said_once(),
    "month ranges": _month_ranges(),
    "money per unit": _money_per_unit(),
    "model codes": _model_codes(),
}


def score() -> dict[str, tuple[int, int]]:
    """Pass count per class with today's code."""
    from narrate.speech import verbalize

    return {
        name: (sum(verbalize(written) == spoken for written, spoken in rows), len(rows))
        for name, rows in CASES.items()
    }


if __name__ == "__main__":
    import sys

    for name, (passed, total) in score().items():
        print(f"{name:24} {passed:3d}/{total}")
    if "-v" in sys.argv:
        from narrate.speech import verbalize

        for name, rows in CASES.items():
            for written, spoken in rows:
                got = verbalize(written)
                if got != spoken:
                    print(f"[{name}] {written!r}\n   want {spoken!r}\n   got  {got!r}")
