"""Whether a written word is a possible Vietnamese syllable: onset + rhyme + one tone.

Used twice: the verbalizer reads an all-capital word that is a real syllable ("DŨNG", "HÀ")
as a word instead of spelling it, and ``narrate check`` flags words that no Vietnamese
syllable is spelled like ("tryền"), which are most often typos. The rules are the spelling
rules taught in school: which onsets go before which vowels (k/gh/ngh before i, e, ê; c/g/ng
elsewhere; q only as "qu"), the closed list of rhymes, and stop endings (-p, -t, -c, -ch)
taking only the sắc or nặng tone.
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Combining tone marks after NFD; the vowel marks (circumflex, breve, horn) stay in the rhyme.
TONE_MARKS: Final[dict[str, str]] = {
    "\u0300": "huyền",
    "\u0301": "sắc",
    "\u0309": "hỏi",
    "\u0303": "ngã",
    "\u0323": "nặng",
}

LETTERS: Final[frozenset[str]] = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")

# Longest first, so "ngh" is tried before "ng" and "n".
ONSETS: Final[tuple[str, ...]] = (
    "ngh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ng",
    "nh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)

_OPEN_RHYMES: Final = (
    "a e ê i y o ô ơ u ư ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uy ưa ưi ưu uơ "
    "iêu yêu ươi ươu uôi oai oao oay oeo uây uya uyu"
)
_CLOSED_RHYMES: Final = (
    "am an ang anh ap at ac ach ăm ăn ăng ăp ăt ăc âm ân âng âp ât âc "
    "em en eng ep et ec êm ên ênh êp êt êch im in inh ip it ich "
    "om on ong op ot oc oong ooc ôm ôn ông ôp ôt ôc ơm ơn ơp ơt "
    "um un ung up ut uc ưm ưn ưng ưt ưc "
    "iêm iên iêng iêp iêt iêc yêm yên yêt "
    "oam oan oang oanh oap oat oac oach oăm oăn oăng oăt oăc uân uâng uât "
    "oen oet uênh uêch uyn uynh uyt uych uyp uyên uyêt "
    "uôm uôn uông uôt uôc ươm ươn ương ươp ươt ươc"
)
RHYMES: Final[frozenset[str]] = frozenset((_OPEN_RHYMES + " " + _CLOSED_RHYMES).split())

_FRONT: Final = ("i", "y", "e", "ê")
_STOPS: Final = ("p", "t", "c", "ch")


def split_tone(word: str) -> tuple[str, tuple[str, ...]]:
    """The lowercase word without tone marks, and the tone marks it carried (in order)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = tuple(TONE_MARKS[char] for char in decomposed if char in TONE_MARKS)
    base = "".join(char for char in decomposed if char not in TONE_MARKS)
    return unicodedata.normalize("NFC", base), tones


def _onset_fits(onset: str, rhyme: str) -> bool:
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "g", "ng"):
        return not front
    if rhyme.startswith("yê"):
        return onset == ""  # "yên", "yêu"; after a consonant it is written "iê"
    return True


def _rhyme_fits(onset: str, rhyme: str, rhymes: frozenset[str] = RHYMES) -> bool:
    if onset == "qu":
        # "qu" carries the medial u: quốc = qu + ôc, quyết = qu + yêt, quen = qu + en.
        return bool(rhyme) and ("u" + rhyme in rhymes or "o" + rhyme in rhymes)
    if onset == "gi":
        # "gi" swallows a following i: gìn = gi + n, giếng = gi + êng.
        return rhyme == "" or rhyme in rhymes or "i" + rhyme in rhymes
    return rhyme in rhymes and _onset_fits(onset, rhyme)


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case, NFC or not) is spelled like one Vietnamese syllable."""
    base, tones = split_tone(word)
    if not base or len(tones) > 1 or not set(base) <= LETTERS:
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if not _rhyme_fits(onset, rhyme):
            continue
        if rhyme.endswith(_STOPS) and tones and tones[0] not in ("sắc", "nặng"):
            continue  # a stop ending takes only sắc or nặng: "học", "hóc", never "hòc"
        return True
    return False


def is_vietnamese_text(word: str) -> bool:
    """Whether every hyphen-separated part of ``word`` is a syllable ("ki-lô-mét")."""
    parts = word.split("-")
    return all(part and is_syllable(part) for part in parts)


def _fold(text: str) -> str:
    """Vietnamese letters without any mark: "đường" → "duong"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_UNMARKED_RHYMES: Final[frozenset[str]] = frozenset(_fold(rhyme) for rhyme in RHYMES)


def is_unmarked_syllable(word: str) -> bool:
    """Whether an ASCII word is a Vietnamese syllable written without marks ("duong", "thap"),
    as in domain names: baodongthap.vn is bao-dong-thap."""
    lower = word.lower()
    if not (lower.isascii() and lower.isalpha()):
        return False
    return any(
        lower.startswith(onset) and _rhyme_fits(onset, lower[len(onset) :], _UNMARKED_RHYMES)
        for onset in ONSETS
        if onset.isascii()
    )
