"""What to say for what is written: digits, dates, units, abbreviations become Vietnamese words.

A speech engine guesses at "03/06/2020", "UBND" or "4-2"; a news reader doesn't. Each reading is
one small rule (a pattern and a function that says a match), and ``RULES`` at the bottom is the
one ordered list that ``verbalize`` runs, the way gTTS keeps its pre-processors.

How rules meet: the text is never rewritten in place. Each rule scans the written text and
may only claim characters no earlier rule claimed; a claimed span is final. So an earlier, more
specific rule (03/06/2020 a date) shuts out a later, general one (03 a number), no rule ever
re-reads another rule's words (which keeps verbalize idempotent), patterns always see the real
neighbouring text, and every span remembers the rule that said it, which
``verbalize_with_trace`` hands to ``narrate check``.

The order, and why:
1. the feed's lexicon (rules, then words): it overrides everything;
2. web and e-mail addresses, legal document numbers (15/2020/NĐ-CP), road chainage (Km 15+200),
   IP addresses, phone numbers, numbers to dial (gọi 115), licence plates, model and flight
   codes (A320neo): their dots, slashes and digits are neither amounts nor dates (``codes``);
3. abbreviations with a dot before a name (TP. Cao Lãnh), a bracket that only repeats what was
   just said ("hợp tác xã (HTX)"), the table by beat (``abbreviations.tsv``; GD&ĐT before its
   ĐT), ambiguous ones decided by their neighbours (ĐH, CP, THA), Roman numerals after trigger
   words and names (khóa XII, thế kỷ xviii, Louis XIV) and long ones (MDCCLXXVI);
4. fractions a context makes fractions (2 3/4 cốc, -2/3, 1/4 lít: ``measures``), machine
   dates (2019-03-14), dates, dates in brackets or scores after two teams ((21-4), (2-1)) and
   dotted dates (ngày 12.3: ``dates``), day and month ranges, clock times (6h15pm), fractions,
   year ranges, scores and ratios, signs, money (with cents: 3,25 USD), measures (any case:
   100 kw), ordinals, months, number ranges, plain and dotted numbers: specific shapes before
   general ones;
5. capitals: a real syllable is read as a word (DŨNG CHINH), anything else is spelled (VTV),
   and so is a bare ASCII syllable in capitals inside lower-case text (ông TAN);
6. symbols (& + = @), the dash between two times, dates or amounts ("đến"), the "x" between
   two amounts ("nhân"), and a last rule that reads any digit left one by one, so no digit
   ever reaches the engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from narrate.speech.abbreviations import (
    ABBREVIATIONS,
    AMBIGUOUS,
    BEFORE_NAMES,
    DOCUMENT_ISSUERS,
    DOCUMENT_TYPES,
    SAID_AS_WORDS,
    SINGLE_LETTER_PLACES,
    introduces,
    resolve,
)
from narrate.speech.codes import (
    AIRCRAFT_MAKERS,
    AIRCRAFT_NUMBER,
    CALL_NUMBER,
    CALL_WORDS,
    CHAINAGE,
    IP_ADDRESS,
    MODEL_CODE,
    document_kind_said,
    speak_aircraft_number,
    speak_call_number,
    speak_chainage,
    speak_ip,
    speak_model_code,
)
from narrate.speech.dates import (
    hyphen_date,
    is_score_context,
    month_range_allowed,
    speak_bracketed_day_month,
    speak_dotted_day_month,
    speak_iso_date,
)
from narrate.speech.letters import spell
from narrate.speech.lexicon import Lexicon
from narrate.speech.measures import (
    MIXED_FRACTION,
    SIGNED_FRACTION,
    half_of_day,
    measured,
    speak_fraction_of_unit,
    speak_mixed_fraction,
    speak_signed_fraction,
    with_cents,
)
from narrate.speech.numbers import (
    MAX_CARDINAL_DIGITS,
    read_cardinal,
    read_digits,
    read_fraction,
    read_fraction_digits,
    read_integer_text,
    read_number,
    read_ordinal,
    roman_value,
    vocabulary,
)
from narrate.speech.patterns import (
    _AMOUNT,
    _COUNTED_AFTER,
    _DATE_CONTEXT,
    _DAY_WORDS,
    _DIGIT,
    _END,
    _FRACTION_AFTER,
    _LETTER,
    _MONTH_WORD,
    _NUMBER,
    _OF_AFTER,
    _QUANTITY_BEFORE,
    _RANK_BEFORE,
    _RATIO_BEFORE,
    _SCORE_BEFORE,
    _SL,
    _SLASH_IDIOMS,
    _SPORTS,
    _UPPER,
    _WORD_END,
    MONTH_NAMES,
    Said,
    _after,
    _amount_first,
    _before,
    _clock_words,
    _date_words,
    _digits,
    _is_date,
    _number_first,
    _starts,
)
from narrate.speech.syllables import is_syllable, is_unmarked_syllable
from narrate.speech.trie import AnyOf, LazyPattern, whole_words
from narrate.speech.units import (
    CURRENCIES,
    FOLDED_UNITS,
    PREFIX_CURRENCIES,
    SCALES,
    TIME_WORDS,
    UNITS,
    unit_words,
)

# --- the machinery -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """The per-call settings a rule may need: how numbers sound and the feed's own words."""

    dialect: str = "north"
    lexicon: Lexicon = field(default_factory=Lexicon)


@dataclass(frozen=True)
class Span:
    """A stretch of the written text, what is said for it, and the rule that decided."""

    start: int
    end: int
    written: str
    spoken: str
    rule: str
    kind: str
    note: str = ""


SPELLED: Final = "spelled letter by letter"


class Context:
    """One verbalize call: the whole text (rules look around a match) and the spans so far."""

    def __init__(self, text: str, reading: Reading, rules: Sequence[Rule]) -> None:
        self.text = text
        self.reading = reading
        self.rules = rules
        self.ending_at: dict[int, Span] = {}
        self.starting_at: dict[int, Span] = {}

    @property
    def dialect(self) -> str:
        return self.reading.dialect

    def number(self, written: str) -> str | None:
        """A written number in words, or None when it is not a number narrate can read."""
        try:
            return read_number(written, self.reading.dialect)
        except ValueError:
            return None

    def cardinal(self, value: int) -> str:
        return read_cardinal(value, self.reading.dialect)


Speak = Callable[[re.Match[str], Context], "str | Said | None"]


@dataclass(frozen=True)
class Rule:
    """One reading rule: a name for tests and ``narrate check``, a kind, a pattern, a speaker.

    ``speak`` returns what to say for a match, or None to leave the match to later rules.
    ``gate``, when given, must occur in the text for the rule to run at all (a cheap skip:
    many sentences have no digit, and few have an "@").
    """

    name: str
    kind: str
    pattern: re.Pattern[str] | LazyPattern
    speak: Speak
    gate: re.Pattern[str] | AnyOf | None = None
    # A match that runs into claimed text is cut short there instead of skipped: for the last
    # rule, which must read every digit left, even one glued to a claimed span.
    clip: bool = False


def pattern_rule(
    name: str, pattern: str, speak: Speak, *, kind: str = "custom", gate: str | None = None
) -> Rule:
    """A rule from a pattern string; ``speak`` may also decline by returning the match itself."""
    compiled = re.compile(pattern)

    def said(match: re.Match[str], context: Context) -> str | Said | None:
        spoken = speak(match, context)
        return None if spoken == match.group(0) else spoken

    return Rule(name, kind, compiled, said, re.compile(gate) if gate else None)


def _claim(text: str, rules: Sequence[Rule], reading: Reading) -> list[Span]:
    """Run ``rules`` in order; a match that touches text an earlier rule claimed is skipped.

    Each rule scans the whole text once (patterns see real neighbours, and one C-level scan
    per rule is what keeps this fast); ``claimed`` marks the characters already said.
    """
    context = Context(text, reading, rules)
    claimed = bytearray(len(text))
    spans: list[Span] = []
    for rule in rules:
        gate = rule.gate
        if gate is not None and gate.search(text) is None:
            continue  # e.g. no digit anywhere: none of the number rules can apply
        speak, search = rule.speak, rule.pattern.search
        position = 0
        while (match := search(text, position)) is not None:
            start, end = match.span()
            blocked = claimed.find(1, start, end)
            if blocked > start and rule.clip:
                match = search(text, start, blocked) or match
                start, end = match.span()
                blocked = claimed.find(1, start, end)
            if start == end or blocked != -1:
                # Look again just past what blocked it: "TP." claimed inside "TP.HCM" must
                # not hide the "HCM" after it.
                free = claimed.find(0, blocked) if blocked != -1 else -1
                position = max(start + 1, free if free != -1 else len(text))
                continue
            position = end
            said = speak(match, context)
            if said is None:
                continue
            spoken, note = (said, "") if isinstance(said, str) else said
            span = Span(start, end, match.group(0), spoken, rule.name, rule.kind, note)
            spans.append(span)
            context.ending_at[end] = span
            context.starting_at[start] = span
            claimed[start:end] = b"\x01" * (end - start)
    spans.sort(key=lambda span: span.start)
    return spans


def _join(pieces: list[str], piece: str) -> None:
    """Append ``piece``, with a space where a word would otherwise run into the previous one."""
    if not piece:
        return
    if pieces and pieces[-1][-1].isalnum() and piece[0].isalnum():
        pieces.append(" ")
    pieces.append(piece)


def _assemble(text: str, spans: Sequence[Span]) -> str:
    pieces: list[str] = []
    position = 0
    for span in spans:
        _join(pieces, text[position : span.start])
        _join(pieces, span.spoken)
        position = span.end
    _join(pieces, text[position:])
    return "".join(pieces)


def _amount(context: Context, written: str) -> str | None:
    """A number that may use an English decimal dot (1.5 triệu): dot + 1–2 digits is a comma."""
    head, dot, tail = written.partition(".")
    if dot and "," not in written and len(tail) in (1, 2) and tail.isdigit():
        written = f"{head},{tail}"
    return context.number(written)


def _speak_sign(match: re.Match[str], context: Context) -> str:
    """A sign glued to a number after a space: -5 độ C → âm năm độ xê, +3 → cộng ba."""
    return "cộng" if match.group(0) == "+" else "âm"


# --- 1. the feed's lexicon ------------------------------------------------------------------


def _lexicon_rules(lexicon: Lexicon) -> tuple[Rule, ...]:
    """The feed's rules and words as Rules; what they say is then read by the built-in rules."""

    def inner(spoken: str, context: Context) -> str:
        plain = Reading(dialect=context.dialect)
        builtin = [rule for rule in context.rules if rule.kind != "lexicon"]
        return _assemble(spoken, _claim(spoken, builtin, plain))

    rules = []
    for number, entry in enumerate(lexicon.rules, start=1):

        def speak(match: re.Match[str], context: Context, say: str = entry.say) -> str:
            return inner(match.expand(say), context)

        rules.append(Rule(f"lexicon rule {number}", "lexicon", entry.pattern, speak))
    if lexicon.words:
        words = lexicon.words

        def speak_word(match: re.Match[str], context: Context) -> str:
            return inner(words[match.group(0)], context)

        rules.append(Rule("lexicon words", "lexicon", lexicon.words_pattern, speak_word))
    return tuple(rules)


# --- 2. addresses and document numbers ------------------------------------------------------

_WEB_WORDS: Final[Mapping[str, str]] = {
    "www": "vê kép vê kép vê kép",
    "http": "hát tê tê pê",
    "https": "hát tê tê pê ét",
    "vn": "vê en",
    "com": "com",
    "net": "nét",
    "org": "o rờ gờ",
    "gov": "gốp",
    "edu": "e đu",
    "info": "in phô",
    "gmail": "gờ meo",
    "yahoo": "da hu",
    "facebook": "phây búc",
    "youtube": "diu túp",
    "zalo": "da lô",
    "vnexpress": "vi en ếch-prét",
}
_WEB_MARKS: Final[Mapping[str, str]] = {
    "@": "a còng",
    ".": "chấm",
    "/": "gạch chéo",
    ":": "hai chấm",
    "-": "gạch ngang",
    "_": "gạch dưới",
    "?": "chấm hỏi",
    "=": "bằng",
    "&": "và",
    "#": "thăng",
    "%": "phần trăm",
    "+": "cộng",
    "~": "ngã",
}
_WEB_PIECE: Final = re.compile(r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]")
_VOWELS: Final = frozenset("aeiouy")


def _say_web_word(word: str) -> str:
    lower = word.lower()
    if lower in _WEB_WORDS:
        return _WEB_WORDS[lower]
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if is_syllable(lower):
        return lower
    syllables = _syllables_of(lower)
    if syllables:
        return " ".join(syllables)
    return lower if len(lower) > 3 and _pronounceable(lower) else spell(word)


def _syllables_of(word: str) -> list[str] | None:
    """Split a run-together domain name into syllables (baodongthap → bao dong thap), or None.

    Longest syllable first; worked from the end so each suffix is split once (linear time)."""
    if not word:
        return None
    cut: list[int | None] = [None] * len(word) + [len(word)]  # where the syllable at i ends
    for start in range(len(word) - 1, -1, -1):
        for size in range(min(7, len(word) - start), 1, -1):
            if cut[start + size] is not None and is_unmarked_syllable(word[start : start + size]):
                cut[start] = start + size
                break
    if cut[0] is None:
        return None
    syllables, start = [], 0
    while start < len(word):
        end = cut[start]
        assert end is not None
        syllables.append(word[start:end])
        start = end
    return syllables


_SCHEME: Final = re.compile(r"^(?i:https?)://|/$")


def _speak_web(match: re.Match[str], context: Context) -> str:
    """Read an address the way announcers do: the scheme (http://) and a last "/" unsaid."""
    words = []
    for piece in _WEB_PIECE.findall(_SCHEME.sub("", match.group(0))):
        if piece[0].isdigit():
            words.append(read_digits(piece))
        elif piece.isalpha():
            words.append(_say_web_word(piece))
        else:
            # Anything else in an address (a stray symbol) is said by name or not at all.
            words.append(_WEB_MARKS.get(piece) or SYMBOLS.get(piece, ""))
    return " ".join(word for word in words if word.strip())


_TLD: Final = r"(?:vn|com|net|org|gov|edu|info|biz|io|int|asia|tv)"
_WEB: Final = (
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?<![^\W\d_])(?:https?://|www\.)[^\s<>\"“”()]*[^\s<>\"“”().,;:!?'’]"
    rf"|(?<![^\W\d_])(?<![@.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?i:{_TLD})(?![^\W\d_]|-)"
    r"(?:/[^\s<>\"“”()]*[^\s<>\"“”().,;:!?'’])?"
)


def _say_code_part(part: str, table: Mapping[str, str]) -> str:
    letters = part.rstrip("0123456789")
    if letters != part:  # QH14: Quốc hội (khóa) mười bốn
        return f"{_say_code_part(letters, table)} {read_cardinal(int(part[len(letters) :]))}"
    found = table.get(part) or ABBREVIATIONS.get(part) or DOCUMENT_ISSUERS.get(part)
    if found:
        return found
    return " và ".join(spell(piece) for piece in part.split("&") if piece)


def _speak_document(match: re.Match[str], context: Context) -> str:
    words = [context.cardinal(int(match["number"]))]
    if match["year"]:
        words += ["năm", context.cardinal(int(match["year"]))]
    parts = match["code"].split("-")
    if len(parts) > 1 and parts[0] in DOCUMENT_TYPES:
        # The type repeats the word before the number; a reader names the issuer instead,
        # and names the type only when the text did not ("theo 45/2019/QĐ-TTg").
        words[0] = document_kind_said(match, DOCUMENT_TYPES, parts[0]) + words[0]
        if not _OF_AFTER.search(_after(match)):
            words += ["của", *(_say_code_part(part, DOCUMENT_ISSUERS) for part in parts[1:])]
    else:
        words += [_say_code_part(part, DOCUMENT_TYPES) for part in parts]
    return " ".join(words)


# --- 3. phone numbers ---------------------------------------------------------------------------


def _speak_phone(match: re.Match[str], context: Context) -> str | None:
    written = match.group(0)
    digits = sum(char.isdigit() for char in written)
    if not (written.startswith("+") or 8 <= digits <= 12):
        return None
    groups = re.findall(r"[0-9]+", written)
    spoken = " ".join(read_digits(group) for group in groups)
    return ("cộng " + spoken) if written.startswith("+") else spoken


_PHONE: Final = (
    r"\+(?<![\w+]\+)[0-9]{1,3}(?:[ .-]?\(?[0-9]{1,4}\)?){2,6}(?![0-9])"
    r"|\+(?<![\w+]\+)84(?![0-9.,%])(?!\s?%)"
    r"|0(?<![\w.,/+-]0)[0-9]{2,4}(?:[ .-]?[0-9]{3,4}){1,3}(?![0-9])(?![.,/][0-9])"
    r"|1(?<![\w.,/+-]1)[89]00[ .-]?[0-9]{3,6}(?:[ .-][0-9]{2,4})?(?![0-9])(?![.,/][0-9])"
    r"|\(0[0-9]{2,3}\)\s?[0-9]{3,4}(?:[ .-]?[0-9]{3,4}){1,2}(?![0-9])(?![.,/][0-9])"
)


def _speak_plate(match: re.Match[str], context: Context) -> str:
    """Plates are read like phone numbers: digit by digit, the series letter by letter."""
    series = " ".join(
        read_digits(piece) if piece.isdigit() else spell(piece)
        for piece in re.findall(r"[0-9]+|[A-Z]+", match["series"] or match["old_series"])
    )
    number = " ".join(read_digits(part) for part in match["number"].split("."))
    return f"{read_digits(match['province'])} {series} {number}"


# --- 4. abbreviations, capitals and Roman numerals -----------------------------------------


def _speak_before_name(match: re.Match[str], context: Context) -> str | None:
    written = match.group(0)
    following = match.string[match.end() : match.end() + 8].lstrip()
    if not following or not (following[0].isupper() or following[0] in "0123456789"):
        return None
    if written in SINGLE_LETTER_PLACES:
        previous = (_before(match, 24).rstrip().rsplit(maxsplit=1)[-1:] or [""])[0]
        if previous[:1].isupper() and previous[1:].islower() and previous.isalpha():
            return None  # "Nguyễn Văn P. Hùng": an initial, not a ward
    return BEFORE_NAMES[written]


def _speak_ambiguous(match: re.Match[str], context: Context) -> Said:
    written = match.group(0)
    spoken, decided = resolve(written, _before(match), _after(match))
    if spoken is None:
        return Said(spell(written), "ambiguous: no context, spelled")
    return Said(spoken, "" if decided else "ambiguous: no context, default reading")


_AMOUNT_BEFORE: Final = re.compile(r"[0-9]\s?(?:(?:nghìn|ngàn|triệu|tỷ|tỉ|k|tr)\s?)?$")


def _speak_abbreviation(match: re.Match[str], context: Context) -> str | None:
    written = match.group(0)
    if written in CURRENCIES and _AMOUNT_BEFORE.search(_before(match, 12)):
        return None  # "10 USD/tấn": the money rule reads amount, currency and "/tấn" together
    spoken = ABBREVIATIONS.get(written) or SAID_AS_WORDS[written]
    # "…, v.v." ending the text: its dot also ends the sentence, so keep one.
    if written.endswith(".") and not match.string[match.end() :].strip():
        spoken += "."
    return spoken


_ROMAN_TRIGGERS: Final = (
    "khóa|khoá|kỳ họp|kì họp|đại hội|hội nghị|quý|thế kỷ|thế kỉ|chương|phần|mục|điều|khoản|"
    "hồi|tập|lần thứ|thứ|giai đoạn|vòng|trung ương|phụ lục|đoạn|kỳ|kì|phiên|cấp|thế chiến"
)


def _speak_roman(match: re.Match[str], context: Context) -> str | None:
    value = roman_value(match["roman"].upper())  # thế kỷ xviii, phần iv: lower case too
    if value is None or not set(match["roman"].upper()) & set("IVX"):
        return None
    trigger = match["trigger"]
    if trigger.lower().endswith("thứ"):
        number = read_ordinal(value, context.dialect)
    else:
        number = context.cardinal(value)
    spoken = f"{trigger}{match['space']}{number}"
    if match["year"]:
        spoken += " năm " + context.cardinal(int(match["year"]))
    return spoken


def _speak_long_roman(match: re.Match[str], context: Context) -> str | None:
    """A long well-formed numeral anywhere (MDCCLXXVI), a year after "năm" (năm MMXX)."""
    value = roman_value(match.group(0))
    return None if value is None else context.cardinal(value)


def _pronounceable(word: str) -> bool:
    """Whether a foreign all-capital word reads as a word (NASA, UNESCO) rather than letters:
    vowels in at least a third of the letters and no run of three consonants."""
    lower = word.lower()
    vowels = sum(char in _VOWELS for char in lower)
    return vowels * 3 >= len(lower) and not re.search(r"[^aeiouy]{3}", lower)


_NEIGHBOUR_BEFORE: Final = re.compile(r"([^\W\d_]+)[^\w]*$")
_NEIGHBOUR_AFTER: Final = re.compile(r"^[^\w]*([^\W\d_]+)")


def _inside_lower_case(match: re.Match[str]) -> bool:
    """Whether words on both sides are not in capitals: "ông TAN cho biết", not "HÀ NỘI"."""
    before = _NEIGHBOUR_BEFORE.search(_before(match, 24))
    after = _NEIGHBOUR_AFTER.search(_after(match, 24))
    return bool(before and after and not before[1].isupper() and not after[1].isupper())


_NAME_BEFORE: Final = re.compile(
    rf"(?:^|\s)(?:[{_UPPER}]{_LETTER}*|ông|bà|anh|chị|cô|chú|em|cháu|cụ)\s+$"
)
# Before a capitalised word the dot may end a sentence ("Loại A. Sau đó"): the initial must
# then follow a name of two words ("Ông Nguyễn V. Bình", "Lê Văn D. Hùng").
_FULL_NAME_BEFORE: Final = re.compile(rf"[{_UPPER}]{_LETTER}*\s+[{_UPPER}]{_LETTER}*\s+$")


def _speak_initial(match: re.Match[str], context: Context) -> str | None:
    """A one-letter initial after a name ("Lê Văn D., nông dân") is its letter's name: its dot
    marks an abbreviation, and read aloud it left a stray "." that engines pause on."""
    before = _before(match, 40)
    if _NAME_BEFORE.search(before) is None:
        return None
    following = match["next"]
    if following and following[:1].isupper() and _FULL_NAME_BEFORE.search(before) is None:
        return None
    return spell(match["letter"])


def _speak_capitals(match: re.Match[str], context: Context) -> str | Said:
    """An all-capital word that is a syllable (or a pronounceable foreign word like NASA) is
    read as a word, in lower case so engines don't spell it; anything else is spelled. A bare
    ASCII syllable in capitals inside lower-case text (TAN, HOA, CAN) is an acronym: spelled."""
    word = match.group(0)
    if len(word) > 1 and word.isascii() and is_syllable(word) and _inside_lower_case(match):
        return Said(spell(word), SPELLED)
    if is_syllable(word) or (len(word) >= 4 and word.isascii() and _pronounceable(word)):
        return word.lower()
    return Said(spell(word), SPELLED)


def _speak_introduced(match: re.Match[str], context: Context) -> str | None:
    """ "hợp tác xã (HTX)": the bracket only names what was just said, so it is not said."""
    abbreviation = match["abbr"]
    own = context.reading.lexicon.words.get(abbreviation)
    return "" if introduces(_before(match, 80), abbreviation, own) else None


# --- 5. dates, times, numbers ---------------------------------------------------------------


def _speak_quarter(match: re.Match[str], context: Context) -> str:
    return (
        f"{match['word']} {context.cardinal(int(match['quarter']))} năm "
        f"{context.cardinal(int(match['year']))}"
    )


def _speak_full_date(match: re.Match[str], context: Context) -> str | None:
    day, month = int(match["day"]), int(match["month"] or match["month2"])
    year = int(match["year"])
    if not _is_date(day, month):
        return None
    say_day = not _DAY_WORDS.search(_before(match))
    return _date_words(context, day, month, year, say_day=say_day)


def _speak_day_range(match: re.Match[str], context: Context) -> str | None:
    first, last, month = int(match["first"]), int(match["last"]), int(match["month"])
    if not (_is_date(first, month) and _is_date(last, month) and first < last):
        return None
    say_day = not _DAY_WORDS.search(_before(match))
    spoken = ("ngày " if say_day else "") + f"{context.cardinal(first)} đến "
    year = int(match["year"]) if match["year"] else None
    return spoken + _date_words(context, last, month, year, say_day=False)


def _speak_month_range(match: re.Match[str], context: Context) -> str | None:
    first, last, year = int(match["first"]), int(match["last"]), int(match["year"])
    if not (1 <= first < last <= 12) or not month_range_allowed(match):
        return None
    after_thang = _MONTH_WORD.search(_before(match))
    spoken = ("" if after_thang else "tháng ") + MONTH_NAMES[first] + " đến "
    return spoken + _date_words(context, None, last, year)


def _speak_month_year(match: re.Match[str], context: Context) -> str | None:
    month, year = int(match["month"]), int(match["year"])
    if not 1 <= month <= 12:
        return None
    after_thang = _MONTH_WORD.search(_before(match))
    if match["sep"] != "/" and not after_thang:
        return None  # "6-2020" alone is more likely a range than a date
    spoken = _date_words(context, None, month, year)
    return spoken.removeprefix("tháng ") if after_thang else spoken


def _speak_day_month(match: re.Match[str], context: Context) -> str | None:
    """3/6 is a date, 1/2 in "1/2 số hộ" a fraction, 24/7 "hai mươi tư trên bảy".

    Like a reader: a date word before (ngày, sáng, từ …) makes a date; a quantity word before
    (khoảng, chiếm …) or a counted noun after (số, diện tích …) makes a fraction; otherwise a
    possible date is a date (news is full of them), a proper fraction a fraction, and the rest
    is read "X trên Y". With "-" only a date word before makes a date (3-6 is a range or score).
    """
    written = match.group(0)
    first, second = int(match["day"]), int(match["month"])
    before, after = _before(match), _after(match)
    valid = _is_date(first, second)
    date_context = _DATE_CONTEXT.search(before) is not None
    if match["sep"] != "/":
        if not (valid and hyphen_date(before, after)) or _COUNTED_AFTER.search(after):
            return None
    elif _RANK_BEFORE.search(before):
        return f"{context.cardinal(first)} trên {context.cardinal(second)}"  # xếp thứ 3/10
    elif _RATIO_BEFORE.search(before) and second > 0:
        return read_fraction(first, second, context.dialect)  # pha theo tỷ lệ 1/3
    elif not date_context and 0 < first < second and measured(after):
        return read_fraction(first, second, context.dialect)  # 1/4 lít, 3/4 kg
    elif not (valid and date_context):
        quantity = _QUANTITY_BEFORE.search(before) or _FRACTION_AFTER.search(after)
        if quantity and second > 0:
            return read_fraction(first, second, context.dialect)
        if written in _SLASH_IDIOMS or not valid:
            if 0 < first < second and second <= 100:
                return read_fraction(first, second, context.dialect)
            return f"{context.cardinal(first)} trên {context.cardinal(second)}"
    return _date_words(context, first, second, None, say_day=not _DAY_WORDS.search(before))


def _speak_clock(match: re.Match[str], context: Context) -> str | None:
    hours, minutes = int(match["hours"]), int(match["minutes"])
    seconds = int(match["seconds"] or 0)
    if hours > 24 or minutes > 59 or seconds > 59:
        return None
    if _RATIO_BEFORE.search(_before(match)) or (
        match["seconds"] is None and _SCORE_BEFORE.search(_before(match))
    ):
        return None  # "tỷ lệ 1:10", "thắng 2:10": a ratio or score, not a time
    return _clock_words(context, hours, minutes, seconds) + half_of_day(hours, match["ampm"])


def _speak_hour_mark(match: re.Match[str], context: Context) -> str | None:
    hours = int(match["hours"])
    minutes = int(match["minutes"] or 0)
    seconds = int(match["seconds"] or 0)
    if minutes > 59 or seconds > 59:
        return None
    spoken = _clock_words(context, hours, minutes, seconds)
    return spoken + half_of_day(hours, match["ampm"])


def _speak_minutes(match: re.Match[str], context: Context) -> str | None:
    minutes, seconds = int(match["minutes"]), int(match["seconds"] or 0)
    if seconds > 59:
        return None
    spoken = f"{context.cardinal(minutes)} phút"
    return spoken + (f" {context.cardinal(seconds)} giây" if seconds else "")


def _speak_year_range(match: re.Match[str], context: Context) -> str | None:
    first, last = match["first"], match["last"]
    if first.startswith("0") or last.startswith("0") or int(first) >= int(last):
        return None
    return f"{context.cardinal(int(first))} đến {context.cardinal(int(last))}"


def _speak_chain(match: re.Match[str], context: Context) -> str:
    """4-2-3-1 (a formation), 1-1-1: numbers said one after another with a short pause."""
    return " - ".join(context.cardinal(int(part)) for part in re.findall(r"[0-9]+", match[0]))


def _speak_score(match: re.Match[str], context: Context) -> str | None:
    """After tỷ số, thắng, thua, hòa (or in a sports story): 4-2 is "bốn - hai", never "trừ"."""
    first, last = match["first"], match["last"]
    if len(first) > 3 or len(last) > 3:
        return None
    before = _before(match)
    ratio = match["sep"] == ":" and _RATIO_BEFORE.search(before)
    sports = _SPORTS.search(match.string[: match.start()]) and not _COUNTED_AFTER.search(
        _after(match)
    )
    if not (ratio or _SCORE_BEFORE.search(before) or sports or is_score_context(match)):
        return None
    return f"{context.cardinal(int(first))} - {context.cardinal(int(last))}"


def _speak_ratio(match: re.Match[str], context: Context) -> str | None:
    first, last = context.number(match["first"]), context.number(match["last"])
    if first is None or last is None:
        return None
    return f"{first} - {last}"


def _currency_words(written: str) -> str:
    return CURRENCIES.get(written) or CURRENCIES.get(written.upper(), written)


def _per(context: Context, numerator_is_money: bool, numerator: str, per: str | None) -> str:
    """ "/kg" after money is "một ki-lô-gam", "/ngày" after a counted word "mỗi ngày", else
    "trên": tấn trên héc-ta."""
    if not per:
        return ""
    said = UNITS.get(per, per)
    if numerator_is_money or numerator in ("%", "‰"):
        return f" một {said}"  # 0,6%/tháng: không phẩy sáu phần trăm một tháng
    if per in TIME_WORDS and numerator not in UNITS:
        return f" mỗi {said}"
    return f" trên {said}"


def _plain_word(word: str | None) -> bool:
    """A unit or a lowercase word may follow "/"; "A/B" in capitals is a code, not a rate."""
    return word is None or word in UNITS or word.islower()


def _speak_money(match: re.Match[str], context: Context) -> str | None:
    amount = _amount(context, match["amount"])
    if amount is None or not (_plain_word(match["per"]) and _plain_word(match["per2"])):
        return None
    currency = match["currency"] or match["prefix"]
    cents = None if match["scale"] else with_cents(match["amount"], currency, context)
    words = [cents] if cents else [amount]
    if match["scale"]:
        words.append(_scale_words(context, match["scale"]))
    if not cents:
        words.append(_currency_words(currency))
    return (
        " ".join(words)
        + _per(context, True, currency, match["per"])
        + _per(context, True, currency, match["per2"])
    )


def _scale_words(context: Context, scale: str) -> str:
    if scale in ("k", "K"):
        return vocabulary(context.dialect).thousand
    if scale == "tr":
        return "triệu"
    return scale


def _speak_short_millions(match: re.Match[str], context: Context) -> str | None:
    """1tr5 → một triệu năm trăm nghìn, 2tr → hai triệu (the way prices are written online)."""
    millions = context.cardinal(int(match["millions"]))
    words = [millions, "triệu"]
    if match["rest"]:
        thousands = int(match["rest"].ljust(3, "0"))
        words += [context.cardinal(thousands), vocabulary(context.dialect).thousand]
    if match["currency"]:
        words.append(_currency_words(match["currency"]))
    return " ".join(words)


def _speak_measure(match: re.Match[str], context: Context) -> str | None:
    amount = _amount(context, match["amount"])
    per = match["per"]
    if match["word"] and not per:
        return None  # "5 người" is plain counting, read by the number rule
    words_ok = _plain_word(per) and _plain_word(match["word"]) and _plain_word(match["per2"])
    if amount is None or not words_ok:
        return None
    words = amount
    if match["last"]:
        last = _amount(context, match["last"])
        if last is None:
            return None
        words += f" đến {last}"
    unit = match["unit"] or match["word"]
    thousand = match["unit"] in ("k", "K")
    said = vocabulary(context.dialect).thousand if thousand else unit_words(unit)
    return (
        f"{words} {said}"
        + _per(context, False, unit, per)
        + _per(context, False, unit, match["per2"])
    )


def _speak_amount_scale(match: re.Match[str], context: Context) -> str | None:
    amount = _amount(context, match["amount"])
    return amount


def _speak_ordinal(match: re.Match[str], context: Context) -> str | None:
    value = int(match["number"])
    return f"{match['word']}{match['space']}{read_ordinal(value, context.dialect)}"


def _speak_month_number(match: re.Match[str], context: Context) -> str | None:
    month = int(match["month"])
    if not 1 <= month <= 12:
        return None
    return f"{match['word']}{match['space']}{MONTH_NAMES[month]}"


def _speak_number_range(match: re.Match[str], context: Context) -> str | None:
    first, last = context.number(match["first"]), context.number(match["last"])
    if first is None or last is None:
        return None
    before_value = float(match["first"].replace(".", "").replace(",", "."))
    after_value = float(match["last"].replace(".", "").replace(",", "."))
    if before_value < after_value:
        return f"{first} đến {last}"
    return f"{first} - {last}"  # 4-2 outside a sports story: still never "trừ"


def _speak_number(match: re.Match[str], context: Context) -> str | None:
    written = match["number"]
    if (written[0] == "0" and written[1:2].isdigit()) or len(written) > MAX_CARDINAL_DIGITS:
        return None  # a code (0123) or an ID: left to the digit-by-digit reading, and reported
    return context.number(written)


_COUNTED_DECIMAL_AFTER: Final = _starts("lần|điểm|tuổi|năm|tháng|tuần|ngày|giờ|tiếng|phút")


def _speak_dotted(match: re.Match[str], context: Context) -> str:
    """Dots that are not thousands marks: Điều 3.2, version 1.2.3, Industry 4.0: "chấm"; but a
    dot written the English way before a counted noun is a decimal: 2.5 lần, 1.5 năm."""
    parts = match.group(0).split(".")
    counted = _COUNTED_DECIMAL_AFTER.search(_after(match))
    if counted and len(parts) == 2 and len(parts[1]) <= 2 and not parts[0].startswith("0"):
        amount = _amount(context, match.group(0))
        if amount is not None:
            return amount
    return " chấm ".join(read_integer_text(part, context.dialect) for part in parts)


def _speak_boat(match: re.Match[str], context: Context) -> str:
    """A fishing boat's registration is letters and digits, one by one: "BT 96789 TS" is no
    quantity, and its "TS" is not "tiến sĩ"."""
    return f"{spell(match['province'])} {read_digits(match['number'])} {spell('TS')}"


def _speak_season(match: re.Match[str], context: Context) -> str | None:
    """A year and the next one's last two digits (2023/24) span two years, as "2023-2024"
    does; read as a fraction it said "… hai mươi ba trên hai mươi tư"."""
    first = int(match["first"])
    if int(match["next"]) != (first + 1) % 100:
        return None
    return f"{context.cardinal(first)} đến {context.cardinal(first + 1)}"


def _speak_slash(match: re.Match[str], context: Context) -> str:
    """Numbers joined by a slash that are no date or fraction: a house number 12/4 → trên."""
    parts = match.group(0).split("/")
    return " trên ".join(read_integer_text(part, context.dialect) for part in parts)


def _speak_decimal_tail(match: re.Match[str], context: Context) -> str:
    return "phẩy " + read_fraction_digits(match["digits"], context.dialect)


def _speak_digits(match: re.Match[str], context: Context) -> str:
    return read_digits(match.group(0))


# --- 6. symbols and joins ---------------------------------------------------------------------

SYMBOLS: Final[Mapping[str, str]] = {
    "&": "và",
    "+": "cộng",
    "=": "bằng",
    "@": "a còng",
    "%": "phần trăm",
    "‰": "phần nghìn",
    "≈": "xấp xỉ",
    "≥": "lớn hơn hoặc bằng",
    "≤": "nhỏ hơn hoặc bằng",
    ">": "lớn hơn",
    "<": "nhỏ hơn",
    "×": "nhân",
    "÷": "chia",
    "°": "độ",
    "§": "mục",
    "№": "số",
    "#": "số",
    "~": "khoảng",
}


def _speak_symbol(match: re.Match[str], context: Context) -> str:
    return SYMBOLS[match.group(0)]


_RANGE_KINDS: Final = frozenset({"time", "date", "money", "measure", "number", "year"})
_NAME_KINDS: Final = frozenset({"abbreviation", "capitals", "lexicon", "ambiguous"})


def _neighbours(match: re.Match[str], context: Context) -> tuple[Span | None, Span | None]:
    """The spans just before and just after a match, across spaces."""
    text, start, end = context.text, match.start(), match.end()
    while start > 0 and text[start - 1] == " ":
        start -= 1
    while end < len(text) and text[end] == " ":
        end += 1
    return context.ending_at.get(start), context.starting_at.get(end)


def _speak_dash(match: re.Match[str], context: Context) -> str | None:
    """A dash between two times, dates or amounts is "đến" (9h-10h, 50.000đ-100.000đ); one
    glued between a name and a number (COVID-19, Su-30) is only a join, said as a space."""
    left, right = _neighbours(match, context)
    if right is None or right.kind not in _RANGE_KINDS:
        return None
    if left is not None and left.kind in _RANGE_KINDS:
        return "đến"
    text, start = context.text, match.start()
    glued = right.start == match.end() and start > 0 and not text[start - 1].isspace()
    if glued and (left is not None and left.kind in _NAME_KINDS):
        return " "
    if glued and left is None and text[start - 1].isalpha():
        return " "
    return None


def _speak_times_sign(match: re.Match[str], context: Context) -> str | None:
    """The "x" of 100cm x 50cm or 2x3 between two amounts: "nhân"."""
    left, right = _neighbours(match, context)
    if left is None or right is None:
        return None
    if left.kind in ("number", "measure") and right.kind in ("number", "measure"):
        return "nhân"
    return None


# --- the rules, in the order they run ---------------------------------------------------------


def _units_pattern() -> str:
    return "|".join(re.escape(unit) for unit in sorted(UNITS, key=lambda unit: (-len(unit), unit)))


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=lambda word: (-len(word), word)))


_UNIT: Final = _units_pattern()
_FOLDED_UNIT: Final = _alternation(sorted(FOLDED_UNITS))
# Exact units first (mW is not MW), any case after; km/h first so KM/H is not KM then "/H".
_ANY_UNIT: Final = rf"(?i:km/h)|{_UNIT}|(?i:{_FOLDED_UNIT})"
_PER: Final = rf"(?:{_UNIT}|{_LETTER}+)"
_SUFFIX_CURRENCY: Final = _alternation([key for key in CURRENCIES if key not in ("$",)] + ["$"])
_PREFIX_CURRENCY: Final = _alternation(sorted(PREFIX_CURRENCIES))
_SCALE: Final = _alternation(SCALES)
# Up to two rates after an amount: đồng/người/năm.
_PERS: Final = rf"(?:/(?P<per>{_PER})(?!\w))?(?:/(?P<per2>{_PER})(?!\w))?"
_D: Final = "[0-9]"


def _rule(
    name: str,
    kind: str,
    pattern: str,
    speak: Speak,
    *,
    gate: re.Pattern[str] | AnyOf | None = _DIGIT,
) -> Rule:
    """A rule that, by default, only looks at unclaimed text with a digit in it."""
    return Rule(name, kind, re.compile(pattern), speak, gate)


_YEAR: Final = rf"{_D}{{4}}"
_DAY: Final = rf"{_D}{{1,2}}"

RULES: Final[tuple[Rule, ...]] = (
    _rule(
        "web and e-mail addresses",
        "web",
        _WEB,
        _speak_web,
        gate=re.compile(rf"@|www\.|https?:|\.(?i:{_TLD})(?![^\W\d_])"),
    ),
    _rule(
        "legal document numbers: 15/2020/NĐ-CP",
        "document",
        _digits("number")
        + rf"(?:/(?P<year>{_YEAR}))?/"
        + rf"(?P<code>[{_UPPER}](?:{_LETTER}|&)*{_D}*(?:-[{_UPPER}](?:{_LETTER}|&)*{_D}*)*)"
        + r"(?!\w)",
        _speak_document,
    ),
    _rule(
        "road chainage: Km 15+200",
        "measure",
        CHAINAGE,
        speak_chainage,
        gate=re.compile(r"[kK][mM]\s?[0-9]{1,4}\s?\+"),
    ),
    _rule(
        "IP addresses: 192.168.1.1",
        "phone",
        IP_ADDRESS,
        speak_ip,
        gate=re.compile(r"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"),
    ),
    _rule("phone numbers: 0913 123 456, +84 …", "phone", _PHONE, _speak_phone),
    _rule(
        "numbers to dial: gọi 115, tổng đài 1022",
        "phone",
        CALL_NUMBER,
        speak_call_number,
        gate=CALL_WORDS,
    ),
    _rule(
        "fishing boats: BT 96789 TS, BĐ-97123-TS",
        "phone",
        rf"(?<!{_LETTER})(?P<province>[{_UPPER}][{_UPPER}a-z]{{0,2}})[ -](?P<number>{_D}{{4,6}})"
        rf"[ -]TS(?!{_LETTER})",
        _speak_boat,
        gate=re.compile("[0-9][ -]TS"),
    ),
    _rule(
        "licence plates: 66B-012.34, 29-B1 123.45",
        "phone",
        _digits("province", "{1}")
        + r"(?:(?P<series>[A-Z][A-Z0-9]?)[- ]|-(?P<old_series>[A-Z][A-Z0-9]?) )"
        + rf"(?P<number>{_D}{{3}}\.{_D}{{2}}|{_D}{{4,5}})(?!\w)(?![.,][0-9])",
        _speak_plate,
    ),
    _rule(
        "model and flight codes: A320neo, MH370",
        "phone",
        MODEL_CODE,
        speak_model_code,
        gate=re.compile("[A-Z][0-9]{3}"),
    ),
    _rule(
        "aircraft types: Boeing 787-9",
        "phone",
        AIRCRAFT_NUMBER,
        speak_aircraft_number,
        gate=AIRCRAFT_MAKERS,
    ),
    Rule(
        "abbreviations with a dot before a name: TP. Cao Lãnh, Q. 1, GS. Lê",
        "abbreviation",
        re.compile(whole_words(BEFORE_NAMES)),
        _speak_before_name,
    ),
    _rule(
        "an abbreviation in brackets after what it stands for: hợp tác xã (HTX)",
        "introduced",
        r"[ \t]\((?P<abbr>[A-ZĐ][\w&.-]{0,14}(?<![.-]))\)",
        _speak_introduced,
        gate=re.compile(r"\([A-ZĐ]"),
    ),
    Rule(
        "abbreviations: UBND, THPT, ASEAN, v.v.",
        "abbreviation",
        LazyPattern(lambda: [*ABBREVIATIONS, *SAID_AS_WORDS]),
        _speak_abbreviation,
    ),
    Rule(
        "ambiguous abbreviations by context: ĐH, CP, THA, BS",
        "ambiguous",
        LazyPattern(lambda: AMBIGUOUS),
        _speak_ambiguous,
    ),
    Rule(
        "Roman numerals after a trigger word: khóa XII, quý IV/2023",
        "roman",
        re.compile(
            rf"(?<!\w)(?P<trigger>(?i:{_ROMAN_TRIGGERS}))(?P<space>\s+)"
            rf"(?P<roman>[IVXLCDM]+|[ivx]+)(?!\w)(?:\s*[/-]\s*(?P<year>{_YEAR})(?!\w))?"
        ),
        _speak_roman,
        re.compile(r"[IVXivx](?<![^\W\d_][IVXivx])[IVXLCDMivx]*(?![^\W\d_])"),
    ),
    Rule(
        "Roman numerals after a name: Louis XIV, Elizabeth II",
        "roman",
        re.compile(
            rf"(?P<trigger>[{_UPPER}][^\W\d_]*[^\W\d_{_UPPER}])(?P<space>\s+)"
            r"(?P<roman>[IVX]{2,})(?!\w)(?P<year>)"
        ),
        _speak_roman,
        re.compile(r"[IVX](?<![^\W\d_][IVX])[IVX]+(?![^\W\d_])"),
    ),
    Rule(
        "long Roman numerals: MDCCLXXVI, năm MMXX",
        "roman",
        re.compile(
            r"[MDCLXVI](?<![^\W\d_][MDCLXVI])[MDCLXVI]{4,}(?![^\W\d_])"
            r"|[MDCLXVI](?<=[Nn]ăm [MDCLXVI])[MDCLXVI]{3,}(?![^\W\d_])"
        ),
        _speak_long_roman,
        re.compile(r"[MDCLXVI]{4}"),
    ),
    _rule(
        "quarters: quý 3/2023",
        "date",
        rf"(?P<word>[Qq][uU][ýÝ])(?<!\w...)\s+(?P<quarter>[1-4])\s*[/.-]\s*(?P<year>{_YEAR})(?!\w)",
        _speak_quarter,
    ),
    _rule(
        "mixed numbers before a measure: 2 3/4 cốc",
        "number",
        MIXED_FRACTION,
        speak_mixed_fraction,
        gate=re.compile(r"[0-9] [0-9]{1,2}/[0-9]"),
    ),
    _rule(
        "signed fractions: -2/3",
        "number",
        SIGNED_FRACTION,
        speak_signed_fraction,
        gate=re.compile(r"[-−][0-9]{1,3}/[0-9]"),
    ),
    _rule(
        "fractions of a unit: 1/4 lít, 3/4 kg",
        "measure",
        _digits("num", "{0,2}") + rf"/(?P<den>{_D}{{1,3}})\s?(?P<unit>{_ANY_UNIT})(?!{_LETTER}|/)",
        speak_fraction_of_unit,
        gate=re.compile(r"[0-9]/[0-9]{1,3}\s?[^\s\d]"),
    ),
    _rule(
        "machine dates: 2019-03-14",
        "date",
        _digits("year", "{3}")
        + rf"(?P<sep>[-/])(?P<month>{_D}{{2}})(?P=sep)(?P<day>{_D}{{2}})"
        + _WORD_END,
        speak_iso_date,
        gate=re.compile(r"[0-9]{4}[-/][0-9]{2}[-/][0-9]"),
    ),
    _rule(
        "full dates: 03/06/2020, 4.1.2017, 24 - 7 - 2002",
        "date",
        _digits("day", "?")
        + rf"(?:(?P<sep>[/.-])(?P<month>{_DAY})(?P=sep)"
        + rf"|\s*[-–]\s*(?P<month2>{_DAY})\s*[-–]\s*)(?P<year>{_YEAR})"
        + _WORD_END,
        _speak_full_date,
    ),
    _rule(
        "day ranges: 20-30/4, 3-5/6/2020",
        "date",
        _digits("first", "?")
        + rf"\s*[-–]\s*(?P<last>{_DAY})/(?P<month>{_DAY})(?:/(?P<year>{_YEAR}))?"
        + _WORD_END,
        _speak_day_range,
    ),
    _rule(
        "month ranges: 01-12/2025",
        "date",
        _digits("first", "?")
        + rf"\s*[-–]\s*(?P<last>{_DAY})(?P<sep>[/.])(?P<year>{_YEAR})"
        + _WORD_END,
        _speak_month_range,
    ),
    _rule(
        "month and year: 6/2020, tháng 6-2020",
        "date",
        _digits("month", "?") + rf"(?P<sep>[/.-])(?P<year>{_YEAR})" + _WORD_END,
        _speak_month_year,
    ),
    _rule(
        "clock times: 16:49:04, 16:49",
        "time",
        _digits("hours", "?")
        + rf":(?P<minutes>{_D}{{2}})(?::(?P<seconds>{_D}{{2}}))?"
        + r"(?:\s?(?P<ampm>[aApP][mM])(?!\w))?"
        + _WORD_END,
        _speak_clock,
    ),
    _rule(
        "hours with h or g: 15h30, 7h, 9h05'",
        "time",
        _digits("hours", "?", _SL + rf"(?<![{_UPPER}][0-9])")
        + rf"(?:h|g(?={_D}))(?:(?P<minutes>{_DAY})(?:['’pm]|ph)?"
        + rf"(?:(?P<seconds>{_DAY})(?:s|\"|”)?)?)?(?:\s?(?P<ampm>[aApP][mM]))?(?!\w)",
        _speak_hour_mark,
    ),
    _rule(
        "minutes and seconds: 3p20s, 12p",
        "time",
        _digits("minutes", "{0,2}") + rf"p(?:(?P<seconds>{_DAY})s)?(?!\w)",
        _speak_minutes,
    ),
    _rule(
        "dates in brackets, or scores after two teams: (21-4), Hà Nội - Huế (2-1)",
        "date",
        rf"\((?P<day>{_DAY})[-–](?P<month>{_DAY})\)",
        speak_bracketed_day_month,
        gate=re.compile(r"\([0-9]{1,2}[-–]"),
    ),
    _rule(
        "day and month with a dot: ngày 12.3, chiều 4.6, (2.9)",
        "date",
        _digits("day", "?") + rf"\.(?P<month>{_DAY})" + _WORD_END,
        speak_dotted_day_month,
        gate=re.compile(r"[0-9]\.[0-9]{1,2}(?![0-9])"),
    ),
    _rule(
        "day and month, fractions: 3/6, 1/2 số hộ, 24/7",
        "date",
        _digits("day", "{0,2}") + rf"(?P<sep>[/-])(?P<month>{_D}{{1,3}})" + _WORD_END,
        _speak_day_month,
    ),
    _rule(
        "year ranges: 2019-2020, 2020 – 2025, 2019/2020",
        "year",
        _digits("first", "{3}") + rf"\s*[-–—/]\s*(?P<last>{_YEAR})" + _WORD_END,
        _speak_year_range,
    ),
    _rule(
        "chains: 4-2-3-1",
        "score",
        _digits("chain", "?") + rf"(?:\s?[-–]\s?{_DAY}){{2,}}" + _WORD_END,
        _speak_chain,
    ),
    _rule(
        "scores and ratios in context: thắng 4-2, tỷ lệ 1:10",
        "score",
        _digits("first") + rf"\s*(?P<sep>[-–:])\s*(?P<last>{_D}+)" + _WORD_END,
        _speak_score,
    ),
    _rule(
        "ratios: 1:2",
        "score",
        _number_first("first") + rf":(?P<last>{_NUMBER})" + _WORD_END,
        _speak_ratio,
    ),
    _rule(
        "signs glued to a number: -5, +3",
        "number",
        rf"[-−+](?<![^\s(\[{{:;,=][-−+])(?={_D})",
        _speak_sign,
    ),
    _rule(
        "money after a symbol: $10, €5, US$2 triệu",
        "money",
        rf"(?P<prefix>{_PREFIX_CURRENCY})\s?(?P<amount>{_AMOUNT})"
        rf"(?:\s?(?P<scale>{_SCALE}|k|tr)(?!\w))?(?P<currency>){_PERS}",
        _speak_money,
    ),
    _rule(
        "short millions: 1tr5, 2tr",
        "money",
        _digits("millions", "{0,2}")
        + rf"\s?tr(?P<rest>{_D}{{1,3}})?(?:\s?(?P<currency>{_SUFFIX_CURRENCY}))?(?!\w)",
        _speak_short_millions,
    ),
    _rule(
        "money: 500.000đ, 10 USD, 5 €, 50.000 đồng/kg",
        "money",
        _amount_first("amount")
        + rf"(?:\s?(?P<scale>{_SCALE}|k|K|tr))?\s?"
        + rf"(?P<currency>{_SUFFIX_CURRENCY})(?P<prefix>)(?!\w){_PERS}",
        _speak_money,
    ),
    _rule(
        "measures and percentages: 5 km, 20-25%, 3,8%, 5 tấn/ha, 5 độ C",
        "measure",
        _amount_first("amount")
        + rf"(?:\s?[-–]\s?(?P<last>{_AMOUNT}))?\s?"
        + rf"(?:(?P<unit>{_ANY_UNIT})(?!{_LETTER})|(?P<word>{_LETTER}+)(?=/))"
        + rf"{_PERS}",
        _speak_measure,
    ),
    _rule(
        "amounts before a scale word: 1.5 triệu, 2,5 tỷ",
        "number",
        _amount_first("amount") + rf"(?=\s?(?:{_SCALE})(?!\w))",
        _speak_amount_scale,
    ),
    _rule(
        "ordinals and weekdays: thứ 1 → thứ nhất, Thứ 4 → thứ tư",
        "number",
        rf"(?P<word>[Tt][hH][ứỨ])(?<!\w...)(?P<space>\s+)(?P<number>{_D}{{1,4}})" + _END,
        _speak_ordinal,
    ),
    _rule(
        "months by number: tháng 4 → tháng tư",
        "date",
        rf"(?P<word>[Tt][hH][áÁ][nN][gG])(?<!\w.....)(?P<space>\s+)(?P<month>{_DAY})" + _WORD_END,
        _speak_month_number,
    ),
    _rule(
        "number ranges: 3-5 năm, 10 - 15",
        "number",
        _number_first("first") + rf"\s*[-–]\s*(?P<last>{_NUMBER})" + _END,
        _speak_number_range,
    ),
    _rule(
        "numbers: 39, 1.890, 2,5",
        "number",
        _number_first("number", _SL) + _END,
        _speak_number,
    ),
    _rule(
        "dotted numbers that are not thousands: Điều 3.2, 4.0",
        "number",
        _digits("dotted", "*", _SL) + rf"(?:\.{_D}+)+" + _END,
        _speak_dotted,
    ),
    _rule(
        "seasons and school years: mùa giải 2023/24, niên khóa 1998/99",
        "date",
        rf"(?<![0-9/.,])(?P<first>(?:19|20){_D}{{2}})/(?P<next>{_D}{{2}})(?![0-9/]|[.,][0-9])",
        _speak_season,
    ),
    _rule(
        "slashes between numbers: 12/4, 45/13/2020",
        "number",
        _digits("slashed", "*", _SL) + rf"(?:/{_D}+)+" + _END,
        _speak_slash,
    ),
    _rule(
        "decimal tails: ,5",
        "number",
        rf",(?<![0-9],)(?P<digits>{_D}+)" + _END,
        _speak_decimal_tail,
    ),
    _rule(
        "initials in a name: Nguyễn Văn B., Trần V. Tám (the dot is not a pause)",
        "capitals",
        rf"(?<!{_LETTER})(?P<letter>[{_UPPER}])\.(?=[ \t]*[,;:()]|[ \t]+(?P<next>{_LETTER}))",
        _speak_initial,
        gate=None,
    ),
    _rule(
        "capitals: a syllable is read as a word (DŨNG CHINH), others spelled (VTV)",
        "capitals",
        rf"[{_UPPER}](?<!{_LETTER}[{_UPPER}])[{_UPPER}]*(?!{_LETTER})",
        _speak_capitals,
        gate=None,
    ),
    _rule(
        "symbols: & + = @ %",
        "symbol",
        "[" + re.escape("".join(SYMBOLS)) + "]",
        _speak_symbol,
        gate=None,
    ),
    _rule(
        "dashes: 9h-10h → đến, COVID-19 → a join",
        "joiner",
        r"[-–—]",
        _speak_dash,
        gate=re.compile("[-–—]"),
    ),
    _rule(
        "times sign between amounts: nhân",
        "joiner",
        rf"[x×](?<!{_LETTER}[x×])(?!{_LETTER})",
        _speak_times_sign,
        gate=re.compile("[0-9][^0-9]{0,3}[x×]"),
    ),
    Rule(
        "any digit left: read one by one", "digits", re.compile("[0-9]+"), _speak_digits, clip=True
    ),
)


# --- entry points -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trace:
    """A verbalized text with the spans that rules said differently (or froze) and why."""

    written: str
    spoken: str
    spans: tuple[Span, ...]


def _reading(dialect: str, lexicon: Lexicon | Mapping[str, str] | None) -> Reading:
    vocabulary(dialect)  # fail early and clearly on a misspelt dialect
    return Reading(dialect=dialect, lexicon=Lexicon.coerce(lexicon))


def verbalize_with_trace(
    text: str,
    *,
    dialect: str = "north",
    lexicon: Lexicon | Mapping[str, str] | None = None,
    rules: Sequence[Rule] = RULES,
) -> Trace:
    """``verbalize``, also returning which rule said each span (for ``narrate check``)."""
    reading = _reading(dialect, lexicon)
    written = unicodedata.normalize("NFC", text)
    # A bracket that only repeats what was just said goes even before the feed's words: it is
    # not a reading of the abbreviation but a second mention of it.
    first = [rule for rule in rules if rule.kind == "introduced"]
    rest = [rule for rule in rules if rule.kind != "introduced"]
    spans = _claim(written, (*first, *_lexicon_rules(reading.lexicon), *rest), reading)
    spoken = unicodedata.normalize("NFC", _assemble(written, spans))
    return Trace(written=written, spoken=spoken, spans=tuple(spans))


def verbalize(
    text: str,
    *,
    dialect: str = "north",
    lexicon: Lexicon | Mapping[str, str] | None = None,
    rules: Sequence[Rule] = RULES,
) -> str:
    """Rewrite ``text`` as a Vietnamese news reader would say it, in NFC, with no digit left.

    ``lexicon`` (a Lexicon or a plain mapping of written token → spoken form) wins over every
    built-in reading; build a Lexicon once per feed, since a plain mapping is compiled on every
    call. A Lexicon's own ``dialect`` is the feed's preference for the caller to pass here.
    ``rules`` is there to extend or reorder the reading; the default is
    ``RULES``. Raises ValueError only for an unknown ``dialect``, never because of the text.
    """
    return verbalize_with_trace(text, dialect=dialect, lexicon=lexicon, rules=rules).spoken
