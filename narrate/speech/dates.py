"""Dates written the newsroom way: "ngày 12.3", "(21-4)", "2019-03-14", "tháng 3 - 9.2019".

Real copy writes day and month with a dot or a hyphen as often as with a slash, and the same
marks also write decimals ("2.5 lần"), ranges ("3-5 ngày") and scores ("(2-1)"). A reader
decides by the words around them; so does each speaker here, and every date it decides is said
by ``patterns._date_words``, the one reading of a date (so "chiều 4.6", "chiều 4/6" and
"chiều (4-6)" sound the same). A date chosen with nothing deciding is returned with a note, which
``narrate check --strict`` reports as a guess.

Speakers take a match and the verbalize call's context and return what to say (a ``Said``
when there is a note for ``narrate check``), or None to leave the match to later rules;
``normalize.RULES`` places them.
"""

from __future__ import annotations

import re
from typing import Final

from narrate.speech.patterns import (
    _COUNTED_AFTER,
    _DATE_CONTEXT,
    _DAY_PART,
    _DAY_WORDS,
    _MONTH_WORD,
    _QUANTITY_BEFORE,
    _SCORE_BEFORE,
    _SPORTS,
    Said,
    Says,
    _after,
    _before,
    _date_words,
    _ends,
    _is_date,
    _starts,
)

GUESSED_DATE: Final = "ambiguous: d.m with no deciding context, read as a date"

# Words after which d.m is a section, a version or an amount, never a date.
_NOT_DATE_BEFORE: Final = _ends(
    "điều|khoản|mục|chương|phần|bước|phiên bản|version|bản|lớp|mức|cấp|hệ số|chỉ số|điểm|"
    "tỷ lệ|tỉ lệ|gấp|khoảng|gần|hơn|trên|dưới|chiếm|đạt|tăng|giảm|còn|bằng|là|số|"
    "iOS|Android|Windows|Python|HTML|IPv|Euro|Industry|Web|lần"
)
# ... or followed by a unit, a scale or a counted noun: "2.5 lần", "1.5 triệu", "4.5 điểm".
_NOT_DATE_AFTER: Final = re.compile(
    r"^\s*(?:%|‰|°|lần|điểm|triệu|tỷ|tỉ|nghìn|ngàn|km|m|kg|tấn|ha|lít|giờ|phút|giây|"
    r"USD|đồng|đ|tuổi|người|độ|inch|GB|MB)(?!\w)"
)
_MORE_DATE_CONTEXT: Final = _ends("hết|ngay|sau ngày|trước ngày|kể từ|bắt đầu từ|tính đến")
_OPEN: Final = re.compile(r"\(\s*$")
# The second end of a range of dotted dates: "30.4 - 1.5".
_DATE_BEFORE_DASH: Final = re.compile(r"(?<![0-9.])[0-9]{1,2}\.[0-9]{1,2}\s*[-–]\s*$")
_CLOSE: Final = re.compile(r"^\s*\)")
# "Hà Nội FC - Bình Định (2-1)": two names joined by a dash just before the numbers.
_NAME: Final = r"[A-ZĐ][\w.]*(?:\s+(?:[A-ZĐ0-9][\w.]*|FC|CLB))*"
TEAMS_BEFORE: Final = re.compile(rf"{_NAME}\s+[-–]\s+{_NAME}\s*\(?\s*$")
# A result verb a few words back: "Việt Nam thắng Lào 3 - 0", "đánh bại đối thủ 2-4".
SCORE_VERB_NEAR: Final = re.compile(
    r"(?:^|[^\w])(?:thắng|thua|hòa|hoà|đánh bại|vượt qua|cầm hòa|cầm hoà|hạ gục|"
    r"đè bẹp|thắng ngược|gỡ hòa)(?:\s+[^\s\d]+){0,4}\s*$",
    re.IGNORECASE,
)
_NOT_SCORE_AFTER: Final = _starts("ngày|tháng|năm|tuần|giờ|phút|người|lần|tuổi|%|km")


def _say_day(before: str) -> bool:
    return not _DAY_WORDS.search(before)


def speak_iso_date(match: re.Match[str], context: Says) -> str | None:
    """2019-03-14 (machine timestamps in copied pages): the same words as 14/03/2019."""
    day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
    if not _is_date(day, month):
        return None
    return _date_words(context, day, month, year, say_day=_say_day(_before(match)))


def speak_dotted_day_month(match: re.Match[str], context: Says) -> str | Said | None:
    """12.3 is a date after ngày/sáng/từ/đến or a weekday, or alone in brackets; a decimal,
    a section or a version after a quantity or section word or before a unit; with nothing
    deciding, a valid day and month is read as a date (news is full of them) and reported."""
    day, month = int(match["day"]), int(match["month"])
    if not _is_date(day, month) or (match["month"].startswith("0") and len(match["month"]) > 1):
        return None
    before, after = _before(match), _after(match)
    spoken = _date_words(context, day, month, None, say_day=_say_day(before))
    if _DAY_PART.search(before) or _DATE_BEFORE_DASH.search(before):
        return spoken  # ngày 30.6 năm nay, 30.4 - 1.5: a day word or a date range decides
    if _NOT_DATE_AFTER.search(after) or _COUNTED_AFTER.search(after):
        return None
    decided = (
        _DATE_CONTEXT.search(before)
        or _MORE_DATE_CONTEXT.search(before)
        or (_OPEN.search(before) and _CLOSE.search(after))
    )
    if decided:
        return spoken
    if _NOT_DATE_BEFORE.search(before) or _QUANTITY_BEFORE.search(before):
        return None
    return Said(spoken, GUESSED_DATE)


def speak_bracketed_day_month(match: re.Match[str], context: Says) -> str | None:
    """(21-4) is a date, as datelines write it; after two team names or a result word, or in a
    sports story without a date word before it, it is a score: (2-1) "hai - một"."""
    first, second = int(match["day"]), int(match["month"])
    before = _before(match)
    scored = (
        TEAMS_BEFORE.search(before)
        or _SCORE_BEFORE.search(before)
        or SCORE_VERB_NEAR.search(before)
        or (_SPORTS.search(match.string[: match.start()]) and not _DATE_CONTEXT.search(before))
    )
    if scored:
        return f"({context.cardinal(first)} - {context.cardinal(second)})"
    if not _is_date(first, second):
        return None
    return f"({_date_words(context, first, second, None)})"


def is_score_context(match: re.Match[str]) -> bool:
    """Whether two numbers joined by a dash are a result: after two team names or a result
    verb a few words back, and not followed by a counted noun ("thắng 3-5 ngày" is no score)."""
    before = _before(match)
    if _NOT_SCORE_AFTER.search(_after(match)):
        return False
    return bool(TEAMS_BEFORE.search(before) or SCORE_VERB_NEAR.search(before))


# What may follow a date that ends its phrase: "từ 8-2 đến 15-2", "hôm nay 3-11, trời mưa".
_DATE_PHRASE_END: Final = re.compile(
    r"^\s*(?:$|[,.;:)!?]|(?:đến|tới|và|năm|sẽ|vừa|đã|tại|ở|là|này|tới đây|vừa qua)(?!\w))"
)


def hyphen_date(before: str, after: str) -> bool:
    """Whether d-m outside brackets is a date: after ngày/sáng/hôm (always), or after từ, đến,
    trước, a weekday … when the phrase ends there ("từ 8-2 đến 15-2"); "từ 3-5 học sinh" is
    a range."""
    if _DAY_PART.search(before):
        return True
    return bool(_DATE_CONTEXT.search(before) and _DATE_PHRASE_END.search(after))


def month_range_allowed(match: re.Match[str]) -> bool:
    """ "3 - 9.2019" is a month range only after "tháng"; with a slash (01-12/2025) always."""
    return match["sep"] != "." or bool(_MONTH_WORD.search(_before(match)))
