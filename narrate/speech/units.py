"""Units and currencies as a reader says them after a number (5 km → năm ki-lô-mét).

Symbols are case-sensitive (5 g is grams, 5G a network) and only read after a number: a lone
"m" is a letter. Compound units ("tấn/ha", "đồng/kg") join the two with the word a reader uses:
"một" after money (giá năm mươi nghìn đồng một ki-lô-gam), "mỗi" between a counted thing and a
span of time (một trăm lượt mỗi ngày), "trên" otherwise (tấn trên héc-ta, ki-lô-mét trên giờ).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "km": "ki-lô-mét",
        "m": "mét",
        "dm": "đề-xi-mét",
        "cm": "xăng-ti-mét",
        "mm": "mi-li-mét",
        "µm": "mi-crô-mét",
        "μm": "mi-crô-mét",
        "nm": "na-nô-mét",
        "km2": "ki-lô-mét vuông",
        "km²": "ki-lô-mét vuông",
        "m2": "mét vuông",
        "m²": "mét vuông",
        "cm2": "xăng-ti-mét vuông",
        "cm²": "xăng-ti-mét vuông",
        "m3": "mét khối",
        "m³": "mét khối",
        "cm3": "xăng-ti-mét khối",
        "cm³": "xăng-ti-mét khối",
        "ha": "héc-ta",
        "kg": "ki-lô-gam",
        "g": "gam",
        "mg": "mi-li-gam",
        "l": "lít",
        "ml": "mi-li-lít",
        "km/h": "ki-lô-mét trên giờ",
        "m/s": "mét trên giây",
        "°C": "độ xê",
        "ºC": "độ xê",
        "oC": "độ xê",
        "độ C": "độ xê",
        "°F": "độ ép",
        "độ F": "độ ép",
        "°": "độ",
        "kWh": "ki-lô-oát giờ",
        "KWh": "ki-lô-oát giờ",
        "MWh": "mê-ga-oát giờ",
        "GWh": "gi-ga-oát giờ",
        "W": "oát",
        "kW": "ki-lô-oát",
        "KW": "ki-lô-oát",
        "MW": "mê-ga-oát",
        "GW": "gi-ga-oát",
        "kV": "ki-lô-vôn",
        "KV": "ki-lô-vôn",
        "V": "vôn",
        "mA": "mi-li-am-pe",
        "mAh": "mi-li-am-pe giờ",
        "L": "lít",
        "inch": "inch",
        "mV": "mi-li-vôn",
        "hp": "mã lực",
        "HP": "mã lực",
        "Hz": "héc",
        "kHz": "ki-lô-héc",
        "MHz": "mê-ga-héc",
        "GHz": "gi-ga-héc",
        "KB": "ki-lô-bai",
        "kB": "ki-lô-bai",
        "MB": "mê-ga-bai",
        "GB": "gi-ga-bai",
        "TB": "tê-ra-bai",
        "Mbps": "mê-ga-bít trên giây",
        "Gbps": "gi-ga-bít trên giây",
        "dB": "đề-xi-ben",
        "kcal": "ki-lô-ca-lo",
        "cal": "ca-lo",
        "ppm": "phần triệu",
        "%": "phần trăm",
        "‰": "phần nghìn",
        "s": "giây",
        "ph": "phút",
        "tr": "triệu",
        "k": "nghìn",
    }
)

# Units as copy often types them, in lower or mixed case (100 kw, 5 gb, 50 hz, 2 Mhz): matched
# case-insensitively, after the exact table. Where two units share letters (mW, MW) the one news
# means is kept; none is a Vietnamese word ("ma" of mA is left out), and "v" only after a number.
FOLDED_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "kw": "ki-lô-oát",
        "mw": "mê-ga-oát",
        "gw": "gi-ga-oát",
        "kwh": "ki-lô-oát giờ",
        "mwh": "mê-ga-oát giờ",
        "gwh": "gi-ga-oát giờ",
        "kv": "ki-lô-vôn",
        "mv": "mi-li-vôn",
        "v": "vôn",
        "hz": "héc",
        "khz": "ki-lô-héc",
        "mhz": "mê-ga-héc",
        "ghz": "gi-ga-héc",
        "kb": "ki-lô-bai",
        "mb": "mê-ga-bai",
        "gb": "gi-ga-bai",
        "tb": "tê-ra-bai",
        "mbps": "mê-ga-bít trên giây",
        "gbps": "gi-ga-bít trên giây",
        "hp": "mã lực",
        "mah": "mi-li-am-pe giờ",
        "km": "ki-lô-mét",
        "kg": "ki-lô-gam",
        "ml": "mi-li-lít",
        "mg": "mi-li-gam",
        "cm": "xăng-ti-mét",
        "mm": "mi-li-mét",
        "db": "đề-xi-ben",
        "kcal": "ki-lô-ca-lo",
        "km/h": "ki-lô-mét trên giờ",
    }
)


def unit_words(unit: str) -> str:
    """What is said for a unit written exactly as in ``UNITS`` or in any case."""
    return UNITS.get(unit) or FOLDED_UNITS.get(unit.lower(), unit)


# Money after a number ("500.000đ", "10 USD", "5 €") or, for symbols, before it ("$10").
CURRENCIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "đ": "đồng",
        "đồng": "đồng",
        "₫": "đồng",
        "VNĐ": "đồng",
        "VND": "đồng",
        "vnđ": "đồng",
        "vnd": "đồng",
        "USD": "đô la Mỹ",
        "usd": "đô la Mỹ",
        "US$": "đô la Mỹ",
        "$": "đô la Mỹ",
        "EUR": "ơ-rô",
        "€": "ơ-rô",
        "£": "bảng Anh",
        "GBP": "bảng Anh",
        "¥": "yên",
        "JPY": "yên Nhật",
        "NDT": "nhân dân tệ",
        "CNY": "nhân dân tệ",
        "KRW": "won",
    }
)

PREFIX_CURRENCIES: Final[frozenset[str]] = frozenset({"$", "US$", "€", "£", "¥"})

# Words that may follow a number and a slash: "100 lượt/ngày", "50.000 đồng/người".
PER_WORDS: Final[frozenset[str]] = frozenset(
    {
        "ngày",
        "đêm",
        "tuần",
        "tháng",
        "năm",
        "quý",
        "giờ",
        "phút",
        "giây",
        "người",
        "hộ",
        "lượt",
        "con",
        "cái",
        "chiếc",
        "suất",
        "lít",
        "tấn",
        "tạ",
        "bao",
        "thùng",
        "căn",
        "lô",
        "cây",
        "sào",
        "công",
        "vụ",
        "ca",
        "buổi",
        "lần",
        "học sinh",
        "khách",
    }
)

# Spans of time: "x per day" reads "mỗi ngày" after a counted thing.
TIME_WORDS: Final[frozenset[str]] = frozenset(
    {"ngày", "đêm", "tuần", "tháng", "năm", "quý", "giờ", "phút", "giây", "buổi", "ca", "vụ"}
)

# Scale words a reader keeps between an amount and its currency: "$2 triệu" → hai triệu đô la Mỹ.
SCALES: Final[tuple[str, ...]] = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ")
