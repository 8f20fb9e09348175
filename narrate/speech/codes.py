"""Numbers that are codes, not amounts: chainage, IP addresses, hotlines, document numbers.

A reader says "Km 15+200" as a position on a road, "192.168.1.1" digit by digit in its groups,
"gọi 115" one digit at a time, and names the kind of a document number that stands alone
("theo 45/2019/QĐ-TTg" → "theo quyết định số …") so that it sounds the same wherever it is
written. ``normalize.RULES`` places these speakers; each returns None to decline a match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from narrate.speech.letters import spell
from narrate.speech.numbers import read_digits
from narrate.speech.patterns import _QUANTITY_BEFORE, Says, _after, _before, _ends, _starts
from narrate.speech.trie import AnyOf

# Each pattern starts with a character class and checks what lies before just after it, so the
# regex engine can jump between candidates (see patterns._S).
CHAINAGE: Final = r"[kK](?<!\w[kK])[mM]\s?(?P<km>[0-9]{1,4})\s?\+\s?(?P<metres>[0-9]{1,3})(?![0-9])"


def speak_chainage(match: re.Match[str], context: Says) -> str:
    """Km 15+200 → ki-lô-mét mười lăm cộng hai trăm (a position on a road, not a sum)."""
    kilometres = context.cardinal(int(match["km"]))
    return f"ki-lô-mét {kilometres} cộng {context.cardinal(int(match['metres']))}"


IP_ADDRESS: Final = (
    r"(?P<ip>[0-9](?<![\w.][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3})(?:/(?P<prefix>[0-9]{1,2}))?"
    r"(?![\w]|\.[0-9])"
)


_AMOUNT_AFTER: Final = _starts(
    "đồng|đ|VNĐ|VND|USD|EUR|người|lượt|hộ|tấn|kg|km|m|ha|tỷ|triệu|nghìn|ngàn|%|cổ phiếu|lít"
)
_IP_BEFORE: Final = _ends("IP|địa chỉ|máy chủ|server|DNS|gateway|tên miền|IPv4")


def speak_ip(match: re.Match[str], context: Says) -> str | None:
    """192.168.1.1 → một chín hai chấm một sáu tám chấm một chấm một (each group's digits)."""
    groups = match["ip"].split(".")
    if any(int(group) > 255 or (group[0] == "0" and len(group) > 1) for group in groups):
        return None
    # 192.168.100.200 could be thousands: an amount when a unit or a quantity word says so
    before = _before(match)
    thousands = all(len(group) == 3 for group in groups[1:]) and not _IP_BEFORE.search(before)
    if thousands and (_AMOUNT_AFTER.search(_after(match)) or _QUANTITY_BEFORE.search(before)):
        return None
    spoken = " chấm ".join(read_digits(group) for group in groups)
    if match["prefix"]:
        spoken += " gạch chéo " + context.cardinal(int(match["prefix"]))
    return spoken


_CALL_BEFORE: Final = _ends(
    "gọi|gọi số|gọi tới|gọi đến|gọi vào|gọi ngay|đường dây nóng|số máy|tổng đài|hotline|"
    "số điện thoại|điện thoại|ĐT|SĐT|số khẩn cấp|quay số|nhắn tin đến|nhắn tin tới|"
    "soạn tin gửi|gửi đến|đầu số"
)
# A cheap test that a text may hold a number to dial at all.
CALL_WORDS: Final = AnyOf(
    "gọi", "GỌI", "ường dây", "ổng đài", "otline", "HOTLINE", "ố máy", "iện thoại", "ĐT",
    "hẩn cấp", "uay số", "hắn tin", "oạn tin", "ửi đến", "ầu số",
)  # fmt: skip
_COUNTED_AFTER: Final = _starts("người|lần|cuộc|ca|vụ|hộ|đồng|năm|tháng|ngày|giờ|phút|%|km")
CALL_NUMBER: Final = r"(?P<number>[0-9](?<![\w.,/+-][0-9])[0-9]{2,4})(?![0-9])(?![.,/:][0-9])"


def speak_call_number(match: re.Match[str], context: Says) -> str | None:
    """After gọi, tổng đài, đường dây nóng …: 115, 1022, 8069 are dialled, said digit by digit."""
    if not _CALL_BEFORE.search(_before(match)) or _COUNTED_AFTER.search(_after(match)):
        return None
    return read_digits(match["number"])


def document_kind_said(match: re.Match[str], types: Mapping[str, str], code: str) -> str:
    """The kind of a document ("quyết định số ") when the text did not say it just before the
    number: "theo 45/2019/QĐ-TTg" and "Quyết định 45/2019/QĐ-TTg" name the same paper."""
    kind = types[code]
    words = re.escape(kind).replace(r"\ ", r"\s+")
    if re.search(rf"(?i)(?:^|[^\w])(?:{words}(?:\s+số)?|số)\s*[:(]?\s*$", _before(match)):
        return ""
    return f"{kind} số "


# Letters glued to three or four digits name a model or a flight, read digit by digit:
# A320neo, MH370, VN123, SH150i. Road numbers (QL279, TL845) are routes, read as numbers.
MODEL_CODE: Final = (
    r"(?P<letters>[A-Z](?<![^\W\d_][A-Z])[A-Z]{0,2})(?P<digits>[0-9]{3,4})"
    r"(?P<suffix>[a-z]{0,4})(?![\w])(?![.,][0-9])"
)
_ROUTE_LETTERS: Final = frozenset({"QL", "TL", "HL", "DT", "CT", "KM", "NR"})


def speak_model_code(match: re.Match[str], context: Says) -> str | None:
    """A320neo → a ba hai không neo; MH370 → em-mờ hát ba bảy không."""
    if match["letters"] in _ROUTE_LETTERS:
        return None
    words = [spell(match["letters"]), read_digits(match["digits"])]
    if match["suffix"]:
        words.append(match["suffix"])
    return " ".join(words)


AIRCRAFT_MAKERS: Final = re.compile(
    r"Boeing|Airbus|ATR|Embraer|Bombardier|Tupolev|Antonov|Sukhoi|Cessna|Ilyushin"
)
_MAKER_BEFORE: Final = _ends(AIRCRAFT_MAKERS.pattern)
AIRCRAFT_NUMBER: Final = r"[0-9](?<![\w.,][0-9])[0-9]{2}(?:-(?P<variant>[0-9]{1,3}))?(?![\w])"


def speak_aircraft_number(match: re.Match[str], context: Says) -> str | None:
    """Boeing 787-9 → bảy tám bảy - chín: an aircraft type is read digit by digit."""
    if not _MAKER_BEFORE.search(_before(match)):
        return None
    number, _, variant = match.group(0).partition("-")
    return read_digits(number) + (f" - {read_digits(variant)}" if variant else "")
