"""What to say for what is written: digits, dates, times and abbreviations become Vietnamese words.

A speech engine guesses at "03/06/2020" or "UBND"; a news reader doesn't. Each reading rule here
is one small function over a pattern, and ``RULES`` at the bottom is the one ordered list that
``verbalize`` runs, so adding a reading is one new row and its order is visible in one place
(the way gTTS keeps its pre-processors).

The order matters:
- the feed's lexicon runs first so it can override any built-in reading;
- titles and places with a dot (TS. Lê, Q. 1, TP.HCM) run before the abbreviation table, so the
  dot is read with them and not left behind by the bare "TS" of the table;
- abbreviations run before numbers and treat digits as a word edge (QL1A → quốc lộ một A), so no
  later rule can turn a glued token into a whole word that a second pass would read differently;
- specific number shapes (dates, times, ranges) run before plain numbers, and a last rule reads
  any digit left over one by one, so no digit ever reaches the engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from narrate.speech.numbers import (
    read_cardinal,
    read_digits,
    read_integer_text,
    read_number,
    vocabulary,
)

# Spoken forms of abbreviations read wherever they stand as a whole word. A feed's lexicon
# overrides any of them. Ambiguous ones (ĐH, CP, CA) are left to the lexicon on purpose.
ABBREVIATIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "UBND": "ủy ban nhân dân",
        "HĐND": "hội đồng nhân dân",
        # "TP.HCM" and "TP. HCM" are read as "TP." (below) then "HCM".
        "TPHCM": "thành phố Hồ Chí Minh",
        "HCM": "Hồ Chí Minh",
        "TP": "thành phố",
        "ĐBSCL": "đồng bằng sông Cửu Long",
        "THPT": "trung học phổ thông",
        "THCS": "trung học cơ sở",
        "CSGT": "cảnh sát giao thông",
        "MTTQ": "mặt trận tổ quốc",
        "BCH": "ban chấp hành",
        "BTV": "ban thường vụ",
        "TƯ": "trung ương",
        "TW": "trung ương",
        "HTX": "hợp tác xã",
        "KCN": "khu công nghiệp",
        "QL": "quốc lộ",
        "GS": "giáo sư",
        "PGS": "phó giáo sư",
        "TS": "tiến sĩ",
        "ThS": "thạc sĩ",
        "BS": "bác sĩ",
        "KT-XH": "kinh tế - xã hội",
        "ANTT": "an ninh trật tự",
        "VN": "Việt Nam",
        "v.v.": "vân vân",
    }
)

# Abbreviations with a dot that are only read before a name or a number ("Q. 1", "P. Tân An",
# "TS. Lê Văn A"): a lone "P." may be an initial, so it is left alone elsewhere.
TITLES_AND_PLACES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "TP.": "thành phố",
        "TX.": "thị xã",
        "TT.": "thị trấn",
        "Q.": "quận",
        "P.": "phường",
        "GS.": "giáo sư",
        "PGS.": "phó giáo sư",
        "TS.": "tiến sĩ",
        "ThS.": "thạc sĩ",
        "BS.": "bác sĩ",
    }
)

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

# "thứ 1" is "thứ nhất" and "thứ 4" (also Wednesday) "thứ tư"; other ordinals are cardinals.
ORDINALS: Final[Mapping[str, str]] = MappingProxyType({"1": "nhất", "4": "tư"})


@dataclass(frozen=True)
class Reading:
    """The per-call settings a rule may need: how numbers sound and the feed's own words."""

    dialect: str = "north"
    lexicon: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One reading rule: a name for tests and logs, and a pure text → text step."""

    name: str
    apply: Callable[[str, Reading], str]


Speak = Callable[[re.Match[str], Reading], str]


def _fit(match: re.Match[str], spoken: str) -> str:
    """Put ``spoken`` where ``match`` was, with a space wherever it would touch a letter/digit."""
    if spoken == match.group(0):
        return spoken  # the rule declined: leave the text exactly as it was
    text = match.string
    if match.start() > 0 and text[match.start() - 1].isalnum():
        spoken = " " + spoken
    if match.end() < len(text) and text[match.end()].isalnum():
        spoken += " "
    return spoken


def pattern_rule(name: str, pattern: str, speak: Speak) -> Rule:
    """A rule that replaces every match of ``pattern`` with what ``speak`` says for it.

    ``speak`` may decline a match by returning its text unchanged (a 45/13/2020 is no date).
    """
    compiled = re.compile(pattern)

    def apply(text: str, reading: Reading) -> str:
        return compiled.sub(lambda match: _fit(match, speak(match, reading)), text)

    return Rule(name, apply)


# --- building blocks -------------------------------------------------------------------------

_LETTER: Final = r"[^\W\d_]"
# A number must not be glued to a word before it, nor be the tail of a longer number (1.890).
_START: Final = r"(?<!\w)(?<![0-9][.,/:])"
# ... nor run on into a word or another number after it.
_END: Final = r"(?!\w)(?![.,/:][0-9])"
# Plain numbers may run into a unit (100km) but not into more digits.
_NUMBER_END: Final = r"(?![0-9_])(?![.,/:][0-9])"
_NUMBER: Final = r"(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"


def _edge(char: str) -> str:
    """What may not touch a key on this side: a letter for letters, any word char for digits."""
    if char.isalpha():
        return _LETTER
    if char.isalnum() or char == "_":
        return r"\w"
    return ""


def _whole_word_pattern(keys: Sequence[str]) -> str:
    """One alternation of whole-word keys, longest first so a longer key is never cut short."""
    alternatives = []
    for key in sorted(keys, key=lambda key: (-len(key), key)):
        left, right = _edge(key[0]), _edge(key[-1])
        alternatives.append(
            (f"(?<!{left})" if left else "") + re.escape(key) + (f"(?!{right})" if right else "")
        )
    return "|".join(alternatives)


def _follows_word(match: re.Match[str], word: str) -> bool:
    """Whether ``word`` (any case) stands right before the match, e.g. "ngày" before a date."""
    start = match.start()
    head = match.string[max(0, start - len(word) - 16) : start]
    stripped = head.rstrip()
    if stripped == head or stripped[-len(word) :].lower() != word:
        return False
    at = start - len(head) + len(stripped) - len(word)
    return at == 0 or not match.string[at - 1].isalnum()


def _before_name_or_number(text: str, position: int) -> bool:
    """Whether a capitalised word or a number comes next (after spaces) at ``position``."""
    following = text[position : position + 64].lstrip()
    return bool(following) and (following[0].isupper() or following[0] in "0123456789")


def _date_words(day: int | None, month: int, year: int | None, reading: Reading) -> str:
    words = []
    if day is not None:
        words += ["ngày", read_cardinal(day, reading.dialect)]
    words += ["tháng", MONTH_NAMES[month]]
    if year is not None:
        words += ["năm", read_cardinal(year, reading.dialect)]
    return " ".join(words)


def _clock_words(hours: str, minutes: str | None, seconds: str | None, reading: Reading) -> str:
    words = [read_cardinal(int(hours), reading.dialect), "giờ"]
    if seconds is not None or (minutes is not None and int(minutes)):
        words += [read_cardinal(int(minutes or "0"), reading.dialect), "phút"]
    if seconds is not None:
        words += [read_cardinal(int(seconds), reading.dialect), "giây"]
    return " ".join(words)


# --- rules -------------------------------------------------------------------------------------


def read_lexicon(text: str, reading: Reading) -> str:
    """The feed's own words (written token → spoken form), whole words only, before anything."""
    keys = [key for key in reading.lexicon if key]
    if not keys:
        return text
    pattern = re.compile(_whole_word_pattern(keys))
    return pattern.sub(lambda match: _fit(match, reading.lexicon[match.group(0)]), text)


def _speak_title_or_place(match: re.Match[str], reading: Reading) -> str:
    if not _before_name_or_number(match.string, match.end()):
        return match.group(0)
    return TITLES_AND_PLACES[match.group(0)]


def _speak_abbreviation(match: re.Match[str], reading: Reading) -> str:
    spoken = ABBREVIATIONS[match.group(0)]
    # "…, v.v." ending the text: its dot also ends the sentence, so keep one.
    if match.group(0).endswith(".") and not match.string[match.end() :].strip():
        spoken += "."
    return spoken


def _speak_full_date(match: re.Match[str], reading: Reading) -> str:
    day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    spoken = _date_words(day, month, year, reading)
    return spoken.removeprefix("ngày ") if _follows_word(match, "ngày") else spoken


def _speak_month_year(match: re.Match[str], reading: Reading) -> str:
    month, year = int(match["month"]), int(match["year"])
    if not 1 <= month <= 12:
        return match.group(0)
    after_thang = _follows_word(match, "tháng")
    if match["sep"] == "-" and not after_thang:
        return match.group(0)  # "6-2020" alone is more likely a range than a date
    spoken = _date_words(None, month, year, reading)
    return spoken.removeprefix("tháng ") if after_thang else spoken


def _speak_day_month(match: re.Match[str], reading: Reading) -> str:
    day, month = int(match["day"]), int(match["month"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    after_ngay = _follows_word(match, "ngày")
    if match["sep"] == "-" and not after_ngay:
        return match.group(0)  # "3-6" alone may be a score or a range; "ngày 3-6" is a date
    spoken = _date_words(day, month, None, reading)
    return spoken.removeprefix("ngày ") if after_ngay else spoken


def _speak_month_number(match: re.Match[str], reading: Reading) -> str:
    month = int(match["month"])
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{match['word']}{match['space']}{MONTH_NAMES[month]}"


def _speak_ordinal(match: re.Match[str], reading: Reading) -> str:
    try:
        number = ORDINALS.get(match["number"]) or read_number(match["number"], reading.dialect)
    except ValueError:
        return match.group(0)
    return f"{match['word']}{match['space']}{number}"


def _speak_clock(match: re.Match[str], reading: Reading) -> str:
    return _clock_words(match["hours"], match["minutes"], match["seconds"], reading)


def _speak_hour_mark(match: re.Match[str], reading: Reading) -> str:
    return _clock_words(match["hours"], match["minutes"], None, reading)


def _speak_year_range(match: re.Match[str], reading: Reading) -> str:
    first, last = match["first"], match["last"]
    if first.startswith("0") or last.startswith("0") or int(first) >= int(last):
        return match.group(0)
    return " đến ".join(read_cardinal(int(year), reading.dialect) for year in (first, last))


def _speak_percent_range(match: re.Match[str], reading: Reading) -> str:
    try:
        first = read_number(match["first"], reading.dialect)
        last = read_number(match["last"], reading.dialect)
    except ValueError:
        return match.group(0)
    return f"{first} đến {last} phần trăm"


def _speak_number(match: re.Match[str], reading: Reading) -> str:
    try:
        spoken = read_number(match["number"], reading.dialect)
    except ValueError:
        return match.group(0)
    if match["minus"]:
        spoken = "âm " + spoken
    if match["percent"]:
        spoken += " phần trăm"
    return spoken


def _speak_dotted_number(match: re.Match[str], reading: Reading) -> str:
    parts = match.group(0).split(".")
    return " chấm ".join(read_integer_text(part, reading.dialect) for part in parts)


def _speak_digits(match: re.Match[str], reading: Reading) -> str:
    return read_digits(match.group(0))


RULES: Final[tuple[Rule, ...]] = (
    Rule("lexicon", read_lexicon),
    pattern_rule(
        "titles and places before a name: TS. Lê, Q. 1, TP.HCM",
        _whole_word_pattern(list(TITLES_AND_PLACES)),
        _speak_title_or_place,
    ),
    pattern_rule(
        "abbreviations: UBND, THPT, v.v.",
        _whole_word_pattern(list(ABBREVIATIONS)),
        _speak_abbreviation,
    ),
    pattern_rule(
        "full dates: 03/06/2020, 4.1.2017, 3-6-2020",
        _START + r"(?P<day>[0-9]{1,2})(?P<sep>[/.-])(?P<month>[0-9]{1,2})(?P=sep)"
        r"(?P<year>[0-9]{4})" + _END,
        _speak_full_date,
    ),
    pattern_rule(
        "month and year: 6/2020, tháng 6-2020",
        _START + r"(?P<month>[0-9]{1,2})(?P<sep>[/-])(?P<year>[0-9]{4})" + _END,
        _speak_month_year,
    ),
    pattern_rule(
        "day and month: 3/6, ngày 3-6",
        _START + r"(?P<day>[0-9]{1,2})(?P<sep>[/-])(?P<month>[0-9]{1,2})" + _END,
        _speak_day_month,
    ),
    pattern_rule(
        "months by number: tháng 4 → tháng tư",
        r"(?<!\w)(?P<word>[Tt]háng|THÁNG)(?P<space>\s+)(?P<month>[0-9]{1,2})" + _END,
        _speak_month_number,
    ),
    pattern_rule(
        "ordinals and weekdays: thứ 1 → thứ nhất, Thứ 4 → thứ tư",
        r"(?<!\w)(?P<word>[Tt]hứ|THỨ)(?P<space>\s+)(?P<number>[0-9]+)" + _END,
        _speak_ordinal,
    ),
    pattern_rule(
        "clock times: 16:49:04, 16:49",
        _START + r"(?P<hours>[01]?[0-9]|2[0-4]):(?P<minutes>[0-5][0-9])"
        r"(?::(?P<seconds>[0-5][0-9]))?" + _END,
        _speak_clock,
    ),
    pattern_rule(
        "hours with h: 15h30, 7h",
        _START + r"(?P<hours>[01]?[0-9]|2[0-4])[hH](?P<minutes>[0-5][0-9])?" + _END,
        _speak_hour_mark,
    ),
    pattern_rule(
        "percent ranges: 20-25%",
        _START + rf"(?P<first>{_NUMBER})\s*[-–]\s*(?P<last>{_NUMBER}) ?%",
        _speak_percent_range,
    ),
    pattern_rule(
        "year ranges: 2019-2020, 2020 – 2025, năm học 2019/2020",
        _START + r"(?P<first>[0-9]{4})\s*[-–—/]\s*(?P<last>[0-9]{4})" + _END,
        _speak_year_range,
    ),
    pattern_rule(
        "numbers: 39, 1.890, 2,5, 3,8%, -5",
        r"(?:(?<![^\s(\[])(?P<minus>[-−]))?"
        + _START
        + rf"(?P<number>{_NUMBER})(?P<percent> ?%)?"
        + _NUMBER_END,
        _speak_number,
    ),
    pattern_rule(
        "dotted numbers that are not thousands: Điều 3.2, 1.2.3",
        _START + r"[0-9]+(?:\.[0-9]+)+" + _END,
        _speak_dotted_number,
    ),
    pattern_rule("any digit left: read one by one", r"[0-9]+", _speak_digits),
)


def verbalize(
    text: str,
    *,
    dialect: str = "north",
    lexicon: Mapping[str, str] | None = None,
    rules: Sequence[Rule] = RULES,
) -> str:
    """Rewrite ``text`` as a Vietnamese news reader would say it, in NFC, with no digit left.

    ``lexicon`` maps a written token to its spoken form and wins over every built-in reading.
    ``rules`` is there to extend or reorder the reading; the default is ``RULES``.
    Raises ValueError only for an unknown ``dialect``, never because of the text.
    """
    vocabulary(dialect)  # fail early and clearly on a misspelt dialect
    words = {
        unicodedata.normalize("NFC", written): unicodedata.normalize("NFC", spoken)
        for written, spoken in (lexicon or {}).items()
    }
    reading = Reading(dialect=dialect, lexicon=MappingProxyType(words))
    spoken = unicodedata.normalize("NFC", text)
    for rule in rules:
        spoken = rule.apply(spoken, reading)
    return unicodedata.normalize("NFC", spoken)
