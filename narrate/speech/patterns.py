"""Pieces of patterns and the context words that rules share (number edges, date words).

Kept apart from ``normalize`` so that rule modules (dates, codes, measures) can use them
without importing the rule list that imports them.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple, Protocol


class Said(NamedTuple):
    """What a rule says, with a note for ``narrate check`` (e.g. "no context: default")."""

    spoken: str
    note: str


class Says(Protocol):
    """What a helper needs from a verbalize call: the dialect's cardinal numbers."""

    def cardinal(self, value: int) -> str: ...


_DIGIT: Final = re.compile(r"[0-9]")
_LETTER: Final = r"[^\W\d_]"
_UPPER: Final = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# A number starts at a word edge and is not the tail of a longer number (the 890 of 1.890).
# Checked just after its first digit: a pattern that starts with a character class lets the
# regex engine jump from candidate to candidate instead of trying every position.
_S: Final = r"(?<![^\Wx×][0-9])(?<![.,][0-9])(?<![0-9][.,/:][0-9])"
# The same, but a letter may touch it (U23, QL1A, H5N1).
_SL: Final = r"(?<![0-9][0-9])(?<![0-9][.,/:][0-9])"
# ... and does not run on into another number; a letter may follow (100km, 5G).
_END: Final = r"(?![0-9])(?![.,/:][0-9])"
_WORD_END: Final = r"(?!\w)(?![.,/:][0-9])"
# 1.890 / 2,5 / 1.000.500,75 / 39. A dot between digits is a thousands mark only before 3 digits.
_NUMBER: Final = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
# Before a unit or scale a dot with one or two digits is a decimal mark written the English way.
_AMOUNT: Final = rf"[0-9]+\.[0-9]{{1,2}}(?![0-9])|{_NUMBER}"


def _digits(name: str, more: str = "*", start: str = _S) -> str:
    """A named run of digits that starts a match: ``more`` says how many follow the first."""
    return rf"(?P<{name}>[0-9]{start}[0-9]{more})"


def _number_first(name: str, start: str = _S) -> str:
    """``_NUMBER`` as the start of a match."""
    return (
        rf"(?P<{name}>[0-9]{start}(?:[0-9]{{0,2}}(?:\.[0-9]{{3}})+(?:,[0-9]+)?"
        r"|[0-9]*(?:,[0-9]+)?))"
    )


def _amount_first(name: str) -> str:
    """``_AMOUNT`` as the start of a match."""
    return (
        rf"(?P<{name}>[0-9]{_S}(?:[0-9]*\.[0-9]{{1,2}}(?![0-9])"
        r"|[0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]*(?:,[0-9]+)?))"
    )


def _ends(words: str) -> re.Pattern[str]:
    """A test that text ends with one of ``words`` (then spaces, maybe a colon or a bracket)."""
    return re.compile(rf"(?:^|[^\w])(?:{words})\s*[:(\[“\"']?\s*$", re.IGNORECASE)


def _starts(words: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{words})(?!\w)", re.IGNORECASE)


def _before(match: re.Match[str], size: int = 48) -> str:
    return match.string[max(0, match.start() - size) : match.start()]


def _after(match: re.Match[str], size: int = 48) -> str:
    return match.string[match.end() : match.end() + size]


_DAY_WORDS: Final = _ends("ngày|mùng|mồng|hôm")
_DATE_CONTEXT: Final = _ends(
    "ngày|mùng|mồng|hôm|sáng|trưa|chiều|tối|đêm|khuya|rạng sáng|từ|đến|tới|trước|sau|vào|"
    "hạn|dịp|nay|qua|lúc|cùng ngày|thứ [0-9]|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy|"
    "chủ nhật|CN"
)
_DAY_PART: Final = _ends("ngày|mùng|mồng|hôm|sáng|trưa|chiều|tối|đêm|khuya|rạng sáng")
_MONTH_WORD: Final = _ends("tháng")
_QUANTITY_BEFORE: Final = _ends(
    "vòng|khoảng|gần|hơn|trên|dưới|chiếm|chỉ|còn|bằng|đạt|được|mất|tăng|giảm|thêm|cả|gấp|"
    "là|tới gần|hơn một"
)
_FRACTION_AFTER: Final = _starts(
    "số|dân số|diện tích|tổng|lượng|trong|thời gian|quãng|chặng|giá trị|ngân sách|dân|"
    "lực lượng|cổ phần|vốn|quỹ|sản lượng|đoạn|phần|cư dân|học sinh|người|hộ|các|những|"
    "quãng đường|chiều dài|khối lượng"
)
# Said as written with "trên" however they look: round-the-clock services.
_SLASH_IDIOMS: Final = frozenset({"24/7", "24/24"})
_SCORE_BEFORE: Final = _ends(
    "tỷ số|tỉ số|thắng|thua|hòa|hoà|cầm hòa|cầm hoà|gỡ hòa|đánh bại|vượt qua|hạ|dẫn|"
    "dẫn trước|chung cuộc|cách biệt|thắng lợi|thắng đậm|thua đậm|với tỷ số|với tỉ số"
)
_SPORTS: Final = re.compile(
    r"(?:^|[^\w])(?:tỷ số|tỉ số|bàn thắng|ghi bàn|trận|đội tuyển|CLB|câu lạc bộ|HLV|"
    r"V-League|SEA Games|AFF|World Cup|cầu thủ|hiệp|set|ván|loạt sút|luân lưu|sơ đồ|"
    r"đội hình|U[0-9]{2})(?!\w)",
    re.IGNORECASE,
)
_RATIO_BEFORE: Final = _ends("tỷ lệ|tỉ lệ|tỷ số|tỉ số|theo tỷ lệ|theo tỉ lệ|bản đồ")
_COUNTED_AFTER: Final = _starts(
    "năm|tháng|ngày|tuần|giờ|phút|giây|người|bàn|lần|tuổi|%|km|m|kg|tấn|triệu|tỷ|nghìn|ngàn"
)
_OF_AFTER: Final = _starts("của")
_RANK_BEFORE: Final = _ends("thứ|hạng|top|xếp")

MONTH_NAMES: Final[tuple[str, ...]] = (
    "",
    "một",
    "hai",
    "ba",
    "tư",  # tháng tư, never "tháng bốn"
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai",
)
_DAYS_IN_MONTH: Final = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_date(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]


def _date_words(
    context: Says, day: int | None, month: int, year: int | None, *, say_day: bool = True
) -> str:
    words = []
    if day is not None:
        words += (["ngày"] if say_day else []) + [context.cardinal(day)]
    words += ["tháng", MONTH_NAMES[month]]
    if year is not None:
        words += ["năm", context.cardinal(year)]
    return " ".join(words)


def _clock_words(context: Says, hours: int, minutes: int, seconds: int) -> str:
    words = [context.cardinal(hours), "giờ"]
    if minutes or seconds:
        words += [context.cardinal(minutes), "phút"]
    if seconds:
        words += [context.cardinal(seconds), "giây"]
    return " ".join(words)
