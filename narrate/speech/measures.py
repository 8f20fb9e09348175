"""Fractions in context, dollars and cents, the half of the day after a clock time.

A bare "1/4" in news is a date (VI-READING); "1/4 lít", "2 3/4 cốc" and "-2/3" are fractions,
because a unit, a kitchen measure, a whole number before or a sign says so. "3,25 USD" is said
with its cents ("ba đô la hai mươi lăm xu"), and "6h15pm" with the half of the day a Vietnamese
listener expects ("sáu giờ mười lăm phút tối"). ``normalize.RULES`` places the speakers.
"""

from __future__ import annotations

import re
from typing import Final

from narrate.speech.numbers import read_fraction
from narrate.speech.patterns import Says, _before, _ends, _starts
from narrate.speech.units import UNITS, unit_words

# Kitchen and shop measures and other counted things a fraction of which is usual.
_MEASURE_WORDS: Final = (
    "cốc|chén|thìa|muỗng|bát|ly|tách|quả|trái|củ|gói|hộp|lon|chai|can|inch|dặm|"
    "giờ|tiếng|phút|giây|trận|hiệp|vòng|quãng|chặng|lít|tấn|tạ|yến|cân|lạng|gam|"
    "mét|ki-lô-mét|ki-lô-gam|phần|cái|miếng|lát|nhánh|bó|nắm"
)
MEASURE_AFTER: Final = re.compile(
    rf"^\s*(?:(?:{_MEASURE_WORDS})(?!\w)|(?:"
    + "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True) if unit != "%")
    + r")(?![^\W\d_]))"
)
_ANY_WORD_AFTER: Final = _starts(_MEASURE_WORDS)

_USUAL_DENOMINATORS: Final = frozenset({2, 3, 4, 5, 8, 10, 16})
_ADDRESS_OR_DATE_BEFORE: Final = _ends(
    "quận|phường|số|nhà|hẻm|ngõ|ngách|kiệt|đường|khu|lô|phòng|tổ|ấp|khóm|ngày|sáng|chiều|tối|"
    "từ|đến|hôm|thứ|lúc|vào"
)
MIXED_FRACTION: Final = (
    r"(?P<whole>[0-9](?<![\w.,/][0-9])[0-9]{0,2})\s(?P<num>[0-9]{1,2})/(?P<den>[0-9]{1,2})(?![\w/])"
)
SIGNED_FRACTION: Final = (
    r"[-−](?<![^\s(=][-−])(?P<num>[0-9]{1,3})/(?P<den>[0-9]{1,3})(?![\w/]|[.,][0-9])"
)


def speak_mixed_fraction(match: re.Match[str], context: Says) -> str | None:
    """2 3/4 cốc → hai và ba phần tư cốc: a whole number, then a proper fraction; without a
    measure after it, only halves, thirds, quarters … and not in an address ("Quận 3 1/2")
    or after a date word."""
    numerator, denominator = int(match["num"]), int(match["den"])
    if not 0 < numerator < denominator:
        return None
    if not MEASURE_AFTER.search(match.string[match.end() :]) and (
        denominator not in _USUAL_DENOMINATORS or _ADDRESS_OR_DATE_BEFORE.search(_before(match))
    ):
        return None
    fraction = read_fraction(numerator, denominator)
    return f"{context.cardinal(int(match['whole']))} và {fraction}"


def speak_signed_fraction(match: re.Match[str], context: Says) -> str | None:
    """-2/3 → âm hai phần ba: no date has a minus sign."""
    denominator = int(match["den"])
    if denominator == 0:
        return None
    return "âm " + read_fraction(int(match["num"]), denominator)


def speak_fraction_of_unit(match: re.Match[str], context: Says) -> str | None:
    """1/4 lít, 3/4 kg, 1/5 km: a proper fraction of a unit, unit and all."""
    numerator, denominator = int(match["num"]), int(match["den"])
    if not 0 < numerator < denominator:
        return None
    return f"{read_fraction(numerator, denominator)} {unit_words(match['unit'])}"


def measured(after: str) -> bool:
    """Whether a unit or a measure follows: "1/4 lít", "3/4 kg", "1/2 quả chanh"."""
    return bool(MEASURE_AFTER.search(after))


# Currencies said with cents: whole units, then "xu" for the two decimals.
CENT_CURRENCIES: Final = {
    "USD": "đô la",
    "usd": "đô la",
    "US$": "đô la",
    "$": "đô la",
    "EUR": "ơ-rô",
    "€": "ơ-rô",
    "£": "bảng",
    "GBP": "bảng",
}


def with_cents(amount: str, currency: str, context: Says) -> str | None:
    """ "3,25" USD → ba đô la hai mươi lăm xu; None unless exactly two decimals after , or .
    and a currency that has cents."""
    name = CENT_CURRENCIES.get(currency)
    found = re.fullmatch(r"([0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+)[.,]([0-9]{2})", amount)
    if name is None or found is None:
        return None
    whole, cents = int(found[1].replace(".", "")), int(found[2])
    spoken = [f"{context.cardinal(whole)} {name}"] if whole else []
    if cents:
        spoken.append(f"{context.cardinal(cents)} xu")
    return " ".join(spoken) or f"không {name}"


def half_of_day(hours: int, marker: str | None) -> str:
    """ "pm" / "am" after a clock time as Vietnamese says it: sáng, trưa, chiều, tối, đêm."""
    if not marker:
        return ""
    if marker.lower() == "am":
        return " đêm" if hours == 12 else " sáng"
    if hours == 12:
        return " trưa"
    return " chiều" if hours < 6 else " tối" if hours < 10 else " đêm"
