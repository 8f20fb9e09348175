"""Turn the bytes and text a Vietnamese newsroom produces into NFC Unicode.

Reporters' files arrive as UTF-8 (with or without a BOM), UTF-16 from Notepad, Windows-1258
from old Windows machines, and text typed in the legacy font encodings TCVN3 (ABC, the
``.VnTime`` fonts) and VNI, which Word stores as Latin-1 letters: "Ch©u Thµnh" for
"Châu Thành". Each is recognised here so the rest of narrate sees one spelling of every letter.

Guessing is guarded: a decoding or conversion is only taken when the result reads as
Vietnamese syllables, so ordinary UTF-8 Vietnamese or English text is never "repaired".
"""

from __future__ import annotations

import codecs
import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from narrate.errors import InputError
from narrate.speech.syllables import is_syllable

__all__ = [
    "TCVN3_TO_UNICODE",
    "compose_vietnamese",
    "decode_bytes",
    "detect_legacy",
    "from_tcvn3",
    "is_vietnamese_syllable",
    "looks_binary",
    "repair_parts",
    "repair_text",
    "unescape_entities",
]

LegacyEncoding = Literal["TCVN3", "VNI"]

# TCVN 5712:1993 VN3 ("ABC"), the encoding of the .VnTime fonts: byte → letter. Only the 74
# letters VN3 defines are mapped; the other bytes keep their Windows-1252 meaning (° stays a
# degree sign). Word keeps such text as the Latin-1 characters of the same numbers, so the table
# is keyed by character.
_TCVN3_ROWS = (
    # byte, letters in the order: plain, grave, hook, tilde, acute, dot below
    ("a", (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _tcvn3_table() -> dict[str, str]:
    table = {chr(0xAE): "đ"}
    for upper, code in zip("ĂÂÊÔƠƯĐ", range(0xA1, 0xA8), strict=True):
        table[chr(code)] = upper
    for vowel, codes in _TCVN3_ROWS:
        for tone, marked in zip(_TONES, codes, strict=True):
            if marked is not None:
                table[chr(marked)] = unicodedata.normalize("NFC", vowel + tone)
    return table


TCVN3_TO_UNICODE: dict[str, str] = _tcvn3_table()
_TCVN3_TRANSLATION = str.maketrans(TCVN3_TO_UNICODE)

# VNI Windows writes a letter as its base plus a modifier byte ("Chaâu" = "Châu"); only recognised
# here so such a file is refused with advice instead of being read as gibberish.
_VNI_MODIFIERS = {
    "â": "\u0302",
    "à": "\u0302\u0300",
    "á": "\u0302\u0301",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "ê": "\u0306",
    "è": "\u0306\u0300",
    "é": "\u0306\u0301",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
    "ø": "\u0300",
    "ù": "\u0301",
    "û": "\u0309",
    "õ": "\u0303",
    "ï": "\u0323",
}
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ì": "ì", "í": "í"}
_VNI_BASES = frozenset("aeouyơưAEOUYƠƯ")

_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")
_MARK_RUN = re.compile("[\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]{2,}")
_COMBINING = re.compile("[\u0300-\u036f]")

# Letters only Vietnamese uses (beyond Latin-1): their presence means the text is Unicode.
_VIETNAMESE_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")

# Punctuation that may cling to a word; none of it is a legacy letter code.
_EDGE = "\"'()[]{}<>.,;:!?…“”‘’–—-/*%+=|"

# A word with two capitals and no small ASCII letter: written in an all-caps font.
_CAPITALS_WORD = re.compile(r"(?<!\S)(?=\S*?[A-Z]\S*?[A-Z])(?!\S*?[a-z])\S+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# At least this many words must convert into Vietnamese before a legacy encoding is assumed.
_MIN_EVIDENCE = 3
_MIN_VALID_SHARE = 0.8
_MIN_CP1258_VALID_SHARE = 0.7
# Encodings are judged on this much of a text, so a 5 MB file is not scanned word by word.
_SAMPLE_CHARS = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Declared charsets that say nothing about Vietnamese: pages and servers use them by default.
_WEAK_CHARSETS = frozenset({"ascii", "latin_1", "iso8859_1", "cp1252", "utf_8"})


def _latin_table() -> str:
    """Windows-1252, with the five bytes it leaves undefined read as Latin-1."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


_LATIN_TABLE = _latin_table()

_BINARY_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.3
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def looks_binary(data: bytes | str) -> bool:
    """NUL bytes or many control bytes: an image, archive or office file, not text."""
    if (b"\x00" in data) if isinstance(data, bytes) else ("\x00" in data):
        return True
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    if isinstance(sample, bytes):
        sample = sample.decode("latin-1")
    controls = sum(
        1 for char in sample if (char < " " or char == "\x7f") and char not in _TEXT_CONTROLS
    )
    return controls / len(sample) > _MAX_CONTROL_SHARE


def decode_bytes(
    data: bytes,
    name: str,
    *,
    declared: Iterable[str | None] = (),
    binary_hint: str = "give the article as a UTF-8 .txt file",
) -> str:
    """Decode bytes by BOM, else as UTF-8, else a declared charset, else Windows-1258.

    ``declared`` lists charsets named by an HTTP header or a page, strongest first; they are
    only used for bytes that are not UTF-8, since a page saved again by a browser keeps its old
    label. Legacy font encodings come back as Latin-1 text for :func:`repair_parts` to convert.
    Raises :class:`InputError` naming ``name`` with how to fix the file.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                position = len(bom) + error.start
                raise InputError(
                    f"{name} is {label} text but is damaged at byte {position}; "
                    "save it again as UTF-8 and try again"
                ) from None
            if looks_binary(text):
                raise InputError(f"{name} looks like a binary file, not text; {binary_hint}")
            return text
    if looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not text; {binary_hint}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    for charset in declared:
        known = _codec(charset)
        if known is None or known in _WEAK_CHARSETS:
            continue
        try:
            return data.decode(known)
        except (UnicodeDecodeError, LookupError):  # LookupError: "base64" is no text codec
            continue
    guessed = _guess_vietnamese(data)
    if guessed is not None:
        return guessed
    position = utf8_error.start
    line = data.count(b"\n", 0, position) + 1
    raise InputError(
        f"{name} is not UTF-8 text (byte 0x{data[position]:02x} on line {line}, "
        f"position {position}); save it as UTF-8 and try again"
    )


def _codec(charset: str | None) -> str | None:
    """The Python codec for a charset label, or None for a label no codec answers to."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    if label in ("windows-1258", "x-cp1258"):
        label = "cp1258"
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def _guess_vietnamese(data: bytes) -> str | None:
    """Windows-1258 when it reads as Vietnamese, else Latin-1 holding a legacy font encoding."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        pass
    else:
        if _reads_as_cp1258(text):
            return text
    latin, _ = codecs.charmap_decode(data, "strict", _LATIN_TABLE)
    return latin if detect_legacy(latin) is not None else None


def _reads_as_cp1258(text: str) -> bool:
    """Composes fully into Vietnamese letters that form Vietnamese syllables."""
    composed = unicodedata.normalize("NFC", _reorder_marks(_sample(text)))
    if _COMBINING.search(composed) or not _VIETNAMESE_ONLY.search(composed):
        return False
    words = [word for word in _words(composed) if not word.isascii()]
    valid = sum(1 for word in words if is_vietnamese_syllable(word))
    return bool(words) and valid / len(words) >= _MIN_CP1258_VALID_SHARE


def _sample(text: str) -> str:
    """The start of a long text: enough to judge its encoding, which a file keeps throughout."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, _SAMPLE_CHARS)
    return text[: cut if cut > 0 else _SAMPLE_CHARS]


def _words(text: str) -> list[str]:
    return [word for word in (token.strip(_EDGE) for token in text.split()) if word]


@functools.lru_cache(maxsize=16384)
def is_vietnamese_syllable(word: str) -> bool:
    """:func:`narrate.speech.syllables.is_syllable`, cached: detection asks about every word."""
    return is_syllable(word)


def detect_legacy(text: str) -> LegacyEncoding | None:
    """TCVN3 or VNI when enough words of ``text`` only read as Vietnamese once converted.

    Evidence is a word that is not Vietnamese as it stands ("Ch©u", "ViÖt") and is once
    converted ("Châu", "Việt"); it must outnumber the words already in Unicode Vietnamese.
    """
    text = _sample(text)
    if text.isascii():
        return None
    unicode_words = sum(1 for word in _words(text) if _VIETNAMESE_ONLY.search(word))
    best: tuple[int, LegacyEncoding] | None = None
    candidates: tuple[tuple[LegacyEncoding, Callable[[str], str]], ...] = (
        ("TCVN3", from_tcvn3),
        ("VNI", _from_vni),
    )
    for encoding, convert in candidates:
        evidence = _evidence(text, convert)
        strong = evidence >= _MIN_EVIDENCE and evidence > unicode_words
        if strong and (best is None or evidence > best[0]):
            best = (evidence, encoding)
    return best[1] if best else None


def _evidence(text: str, convert: Callable[[str], str]) -> int:
    """Words that ``convert`` turns from non-Vietnamese into Vietnamese, if most changes do."""
    changed = valid = evidence = 0
    for token in text.split():
        word = token.strip(_EDGE)
        if word.isascii() or _VIETNAMESE_ONLY.search(word):
            continue
        converted = unicodedata.normalize("NFC", convert(word))
        if converted == word:
            continue
        changed += 1
        if is_vietnamese_syllable(converted):
            valid += 1
            has_ascii_letter = any(c.isascii() and c.isalpha() for c in word)
            if has_ascii_letter and not _is_plain_vietnamese(word):
                evidence += 1
    if not changed or valid / changed < _MIN_VALID_SHARE:
        return 0
    return evidence


def _is_plain_vietnamese(word: str) -> bool:
    """A word that is Vietnamese as it stands, in one consistent case ("Tây", not "bÌ")."""
    letters = [c for c in word if c.isalpha()]
    cased = word if not letters else word[0] + word[1:].lower()
    return is_vietnamese_syllable(word) and (word in (cased, word.upper()))


def from_tcvn3(text: str) -> str:
    """Convert TCVN3 (ABC) letters to Unicode; a word otherwise in capitals stays in capitals.

    VN3 has no capital toned letters (all-caps fonts draw the small ones big), so "THµNH"
    means "THÀNH", not "THàNH".
    """
    converted = text.translate(_TCVN3_TRANSLATION)
    if converted == text:
        return text
    pieces: list[str] = []
    end = 0
    for match in _CAPITALS_WORD.finditer(text):
        start, stop = match.span()
        word = converted[start:stop]
        pieces.append(converted[end:start])
        pieces.append(word.upper() if word != match.group() else word)
        end = stop
    pieces.append(converted[end:])
    return "".join(pieces)


def _from_vni(text: str) -> str:
    out: list[str] = []
    for char in text:
        lower = char.lower()
        if lower in _VNI_MODIFIERS and out and out[-1][-1:] in _VNI_BASES:
            out.append(_VNI_MODIFIERS[lower])
        elif lower in _VNI_LETTERS:
            letter = _VNI_LETTERS[lower]
            out.append(letter.upper() if char.isupper() else letter)
        else:
            out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def compose_vietnamese(text: str) -> str:
    """NFC, also for marks typed in an odd order (tone before circumflex: "e" + ◌́ + ◌̂ → "ế")."""
    composed = unicodedata.normalize("NFC", text)
    if not _COMBINING.search(composed):
        return composed
    return unicodedata.normalize("NFC", _reorder_marks(unicodedata.normalize("NFD", text)))


def _reorder_marks(text: str) -> str:
    """Put the vowel's shape (circumflex, breve, horn) before its tone so NFC can compose them."""
    return _MARK_RUN.sub(
        lambda m: "".join(sorted(m.group(), key=lambda c: 0 if c in _SHAPE_MARKS else 1)), text
    )


def unescape_entities(text: str) -> str:
    """Turn HTML entities left in text ("Th&agrave;nh", "&#7879;") into the letters they name."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def repair_parts(parts: Sequence[str], name: str) -> list[str]:
    """Entities, legacy font encodings and mark order fixed in each part, judged over all parts.

    TCVN3 is converted; VNI raises :class:`InputError` naming ``name`` with how to convert it.
    """
    parts = [unescape_entities(part) for part in parts]
    legacy = detect_legacy("\n".join(parts))
    if legacy == "VNI":
        sample = _giveaway("\n".join(parts), _from_vni)
        raise InputError(
            f"{name} is typed in the VNI Windows font encoding, not Unicode (it reads like "
            f"'{sample}'); convert it to Unicode with Unikey's converter (Unikey Toolkit, "
            "source 'VNI Windows', destination 'Unicode') and try again"
        )
    if legacy == "TCVN3":
        parts = [from_tcvn3(part) for part in parts]
    return [compose_vietnamese(part) for part in parts]


def repair_text(text: str, name: str) -> str:
    """:func:`repair_parts` for one piece of text."""
    return repair_parts([text], name)[0]


def _giveaway(text: str, convert: Callable[[str], str]) -> str:
    """The first few words that give the encoding away, to show the editor."""
    words = [
        word
        for word in _words(_sample(text))
        if not word.isascii() and convert(word) != word and not _is_plain_vietnamese(word)
    ]
    return " ".join(words[:3])
