"""Vietnamese number words: how a news reader says 39, 105, 2.005 or 1.000.500.

This module only turns numbers into words; finding numbers in text is ``normalize``'s job, so
dates, times, percentages and (later) money and units all share one reading of a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

DIGIT_WORDS: Final[tuple[str, ...]] = (
    "không",
    "một",
    "hai",
    "ba",
    "bốn",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
)

# After "mươi" (20–90) a reader says 21 "hai mươi mốt", 24 "hai mươi tư", 25 "hai mươi lăm".
_UNITS_AFTER_MUOI: Final[Mapping[int, str]] = MappingProxyType({1: "mốt", 4: "tư", 5: "lăm"})

# A run of more digits than this is an ID or a code, not an amount anyone says as a number.
MAX_CARDINAL_DIGITS: Final = 21

# Fraction digits after "," are said as one number up to this length, then digit by digit.
MAX_FRACTION_AS_NUMBER: Final = 3

_THOUSAND: Final = 1_000
_MILLION: Final = 1_000_000
_BILLION: Final = 1_000_000_000


@dataclass(frozen=True)
class Vocabulary:
    """The few number words that differ between a Northern and a Southern reader."""

    thousand: str  # 1.000: "nghìn" / "ngàn"
    zero_tens: str  # the 0 in 105: "linh" / "lẻ"


VOCABULARIES: Final[Mapping[str, Vocabulary]] = MappingProxyType(
    {
        "north": Vocabulary(thousand="nghìn", zero_tens="linh"),
        "south": Vocabulary(thousand="ngàn", zero_tens="lẻ"),
    }
)


def vocabulary(dialect: str) -> Vocabulary:
    """The number words of ``dialect``; an unknown dialect is a caller's mistake, so it raises."""
    try:
        return VOCABULARIES[dialect]
    except KeyError:
        known = ", ".join(repr(name) for name in VOCABULARIES)
        raise ValueError(f"unknown dialect {dialect!r}: narrate reads {known}") from None


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def read_digits(digits: str) -> str:
    """Say a digit string one digit at a time, as for phone numbers, codes and IDs."""
    if not _is_ascii_digits(digits):
        raise ValueError(f"not a run of ASCII digits: {digits!r}")
    return " ".join(DIGIT_WORDS[ord(digit) - ord("0")] for digit in digits)


def _group_words(group: int, words: Vocabulary, *, inside: bool) -> list[str]:
    """Words for 1–999; ``inside`` a larger number the hundreds are always said (không trăm)."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    spoken: list[str] = []
    if hundreds or inside:
        spoken += [DIGIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if spoken:
                spoken.append(words.zero_tens)
            spoken.append(DIGIT_WORDS[units])
    elif tens == 1:
        spoken.append("mười")
        if units:
            spoken.append("lăm" if units == 5 else DIGIT_WORDS[units])
    else:
        spoken += [DIGIT_WORDS[tens], "mươi"]
        if units:
            spoken.append(_UNITS_AFTER_MUOI.get(units, DIGIT_WORDS[units]))
    return spoken


def _cardinal_words(number: int, words: Vocabulary, *, inside: bool) -> list[str]:
    """Words for a positive number; tỷ repeats for larger scales (một nghìn tỷ, một tỷ tỷ)."""
    if number >= _BILLION:
        billions, rest = divmod(number, _BILLION)
        spoken = [*_cardinal_words(billions, words, inside=inside), "tỷ"]
        if rest:
            spoken += _cardinal_words(rest, words, inside=True)
        return spoken
    spoken = []
    for size, scale in ((_MILLION, "triệu"), (_THOUSAND, words.thousand), (1, "")):
        group, number = divmod(number, size)
        if group == 0:
            continue  # a whole zero group is skipped: 1.000.500 một triệu năm trăm
        spoken += _group_words(group, words, inside=inside)
        if scale:
            spoken.append(scale)
        inside = True
    return spoken


def read_cardinal(number: int, dialect: str = "north") -> str:
    """Say an integer as an amount: 2005 → hai nghìn không trăm linh năm."""
    words = vocabulary(dialect)
    if number < 0:
        return "âm " + read_cardinal(-number, dialect)
    if number == 0:
        return DIGIT_WORDS[0]
    return " ".join(_cardinal_words(number, words, inside=False))


def read_fraction_digits(digits: str, dialect: str = "north") -> str:
    """Say the digits after a decimal comma: leading zeros one by one, then the rest as a number.

    0,05 → (không phẩy) không năm; 3,14 → (ba phẩy) mười bốn; long tails go digit by digit.
    """
    if not _is_ascii_digits(digits):
        raise ValueError(f"not a run of ASCII digits: {digits!r}")
    significant = digits.lstrip("0")
    spoken = [DIGIT_WORDS[0]] * (len(digits) - len(significant))
    if len(significant) > MAX_FRACTION_AS_NUMBER:
        spoken.append(read_digits(significant))
    elif significant:
        spoken.append(read_cardinal(int(significant), dialect))
    return " ".join(spoken)


def read_integer_text(written: str, dialect: str = "north") -> str:
    """Say a written integer; one with a leading zero or too many digits is a code, said digit by
    digit (0913 → không chín một ba), because nobody reads a phone number as an amount."""
    if not _is_ascii_digits(written):
        raise ValueError(f"not a run of ASCII digits: {written!r}")
    if (len(written) > 1 and written.startswith("0")) or len(written) > MAX_CARDINAL_DIGITS:
        return read_digits(written)
    return read_cardinal(int(written), dialect)


def _thousands_value(written: str) -> str:
    """Digits of ``1.000.500``; raises when a "." is not a thousands separator (4.1.2017)."""
    head, *groups = written.split(".")
    if not (1 <= len(head) <= 3 and _is_ascii_digits(head) and not head.startswith("0")):
        raise ValueError(f"not a number with thousands separators: {written!r}")
    if not all(len(group) == 3 and _is_ascii_digits(group) for group in groups):
        raise ValueError(f"not a number with thousands separators: {written!r}")
    return head + "".join(groups)


def read_number(written: str, dialect: str = "north") -> str:
    """Say a number written the Vietnamese way: "." groups thousands, "," is the decimal mark.

    1.890 → một nghìn tám trăm chín mươi; 2,5 → hai phẩy năm; 0913 → không chín một ba.
    Raises ValueError for anything else, so a caller can fall back to another reading.
    """
    integer, comma, fraction = written.partition(",")
    if "." in integer:
        digits = _thousands_value(integer)
        if len(digits) > MAX_CARDINAL_DIGITS:
            raise ValueError(f"too long to say as an amount: {written!r}")
        spoken = read_cardinal(int(digits), dialect)
    else:
        spoken = read_integer_text(integer, dialect)
    if comma:
        if integer.startswith("0") and len(integer) > 1:
            raise ValueError(f"not a decimal number: {written!r}")
        spoken += " phẩy " + read_fraction_digits(fraction, dialect)
    return spoken


# "thứ 1" is "thứ nhất" and "thứ 4" (also Wednesday) "thứ tư"; other ordinals are cardinals.
_ORDINAL_WORDS: Final[Mapping[int, str]] = MappingProxyType({1: "nhất", 4: "tư"})


def read_ordinal(number: int, dialect: str = "north") -> str:
    """Say the number after "thứ": 1 → nhất, 4 → tư, 2 → hai, 14 → mười bốn."""
    return _ORDINAL_WORDS.get(number) or read_cardinal(number, dialect)


def read_fraction(numerator: int, denominator: int, dialect: str = "north") -> str:
    """Say a fraction: 1/2 → một phần hai, 3/4 → ba phần tư (a lone 4 after "phần" is "tư")."""
    below = "tư" if denominator == 4 else read_cardinal(denominator, dialect)
    return f"{read_cardinal(numerator, dialect)} phần {below}"


_ROMAN_VALUES: Final[Mapping[str, int]] = MappingProxyType(
    {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
)


def _to_roman(number: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    written = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        written.append(numeral * count)
    return "".join(written)


def roman_value(written: str) -> int | None:
    """The value of a well-formed Roman numeral (XII → 12, IV → 4); None for anything else.

    Only canonical spellings count, so "IIII" or "VX" are not taken for numbers.
    """
    if not written or any(letter not in _ROMAN_VALUES for letter in written):
        return None
    total = 0
    for letter, following in zip(written, [*written[1:], ""], strict=True):
        value = _ROMAN_VALUES[letter]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total if 0 < total < 4000 and _to_roman(total) == written else None
