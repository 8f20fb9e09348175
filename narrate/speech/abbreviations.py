"""The built-in dictionary of Vietnamese news abbreviations, and how to resolve ambiguous ones.

The table itself is data: ``abbreviations.tsv`` next to this module, one line per reading, each
naming its beat (courts, police, land, finance, infrastructure, weather, sports, health,
education, government, party, provinces, ministries …) and what a VOV/VTV reader says. It is
read on first use, not at import (start-up time matters for the CLI). Keys are matched
case-sensitively as whole words (a digit may touch them: QL1A, BN123). A feed's ``[lexicon]``
overrides any entry.

- ``ABBREVIATIONS``: abbreviations with one reading, read wherever they stand as a word. An
  acronym that happens to spell a syllable (THA, BOT) is still read from the table.
- ``AMBIGUOUS``: abbreviations with several readings (ĐH, CP, THA, BS …): each reading has a
  context rule (words just before, words just after); the first that matches is read. With no
  match the table's default (or, without one, the letters) is read and ``narrate check``
  reports the guess.
- ``SAID_AS_WORDS``: foreign acronyms a reader says as a word (ASEAN a-xê-an), or by the name
  of what they stand for when that is what Vietnamese radio says (WHO, EU).
- ``BEFORE_NAMES``: abbreviations with a dot (TP., Q., GS.) that are only expanded before a
  name or a number, because a lone "P." is as likely an initial.
- ``DOCUMENT_TYPES`` and ``DOCUMENT_ISSUERS``: the parts of legal document numbers
  (15/2020/NĐ-CP).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final, TypeVar

TABLE_FILE: Final = "abbreviations.tsv"


@dataclass(frozen=True)
class Entry:
    """One line of the table: a written form, its beat, what is said, and its context rule."""

    written: str
    beat: str
    spoken: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Sense:
    """One reading of an ambiguous abbreviation and the neighbouring words that select it."""

    spoken: str
    before: re.Pattern[str] | None = None  # matched against the text before, ending there
    after: re.Pattern[str] | None = None  # matched against the text after, from its start


@dataclass(frozen=True)
class Ambiguous:
    """An abbreviation with several readings; ``default`` is read when no sense matches."""

    senses: tuple[Sense, ...]
    default: str | None = None


def _before(words: str) -> re.Pattern[str]:
    """Words just before: a pattern ending in "$" is taken as written."""
    if words.endswith("$"):
        return re.compile(words, re.IGNORECASE)
    return re.compile(rf"(?:^|[^\w])(?:{words})\s*$", re.IGNORECASE)


def _after(words: str) -> re.Pattern[str]:
    """Words just after: a pattern starting with "^" is taken as written."""
    if words.startswith("^"):
        return re.compile(words)
    return re.compile(rf"^\s*(?:{words})(?!\w)")


def read_table(text: str) -> tuple[Entry, ...]:
    """Parse the TSV text of the table (comments start with "#")."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or not all(fields[:3]):
            raise ValueError(f"{TABLE_FILE} line {number}: want abbreviation, beat, spoken")
        entries.append(Entry(*fields[:5]))
    return tuple(entries)


@dataclass(frozen=True)
class Table:
    """The loaded table, split the way the reading rules use it."""

    entries: tuple[Entry, ...]
    plain: Mapping[str, str]
    ambiguous: Mapping[str, Ambiguous]


def _build(entries: tuple[Entry, ...]) -> Table:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.written, []).append(entry)
    plain: dict[str, str] = {}
    ambiguous: dict[str, Ambiguous] = {}
    for written, lines in grouped.items():
        if len(lines) == 1 and not (lines[0].before or lines[0].after):
            plain[written] = lines[0].spoken
            continue
        senses = tuple(
            Sense(
                line.spoken,
                _before(line.before) if line.before else None,
                _after(line.after) if line.after else None,
            )
            for line in lines
            if line.before or line.after
        )
        default = next((line.spoken for line in lines if not (line.before or line.after)), None)
        ambiguous[written] = Ambiguous(senses, default)
    return Table(entries, MappingProxyType(plain), MappingProxyType(ambiguous))


@cache
def table() -> Table:
    """The built-in table, read once on first use."""
    text = resources.files(__package__).joinpath(TABLE_FILE).read_text(encoding="utf-8")
    return _build(read_table(text))


V = TypeVar("V")


class _Lazy(Mapping[str, V]):
    """A read-only view of part of the table that reads the file on first use."""

    def __init__(self, part: Callable[[Table], Mapping[str, V]]) -> None:
        self._part = part

    def _data(self) -> Mapping[str, V]:
        return self._part(table())

    def __getitem__(self, key: str) -> V:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __contains__(self, key: object) -> bool:
        return key in self._data()


ABBREVIATIONS: Final[Mapping[str, str]] = _Lazy(lambda loaded: loaded.plain)
AMBIGUOUS: Final[Mapping[str, Ambiguous]] = _Lazy(lambda loaded: loaded.ambiguous)

# Said as words, or by name where that is what Vietnamese radio says.
SAID_AS_WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ASEAN": "a-xê-an",
        "UNESCO": "u-nét-xcô",
        "UNICEF": "u-ni-xép",
        "COVID": "cô-vít",
        "Covid": "cô-vít",
        "SARS-CoV-2": "sát cô vi hai",
        "SARS": "sát",
        "AIDS": "ết",
        "NATO": "na-tô",
        "OPEC": "ô-péc",
        "APEC": "a-pếch",
        "FIFA": "phi-pha",
        "ASIAD": "a-xi-át",
        "OCOP": "ô-cốp",
        "SEA Games": "xi-a gêm",
        "V-League": "vi-lích",
        "WHO": "tổ chức y tế thế giới",
        "WTO": "tổ chức thương mại thế giới",
        "IMF": "quỹ tiền tệ quốc tế",
        "WB": "ngân hàng thế giới",
        "ADB": "ngân hàng phát triển châu Á",
        "EU": "liên minh châu Âu",
        "LHQ": "liên hợp quốc",
        "AI": "ây-ai",
    }
)

# Only before a name or a number (after spaces): "TP. Cao Lãnh", "Q. 1", "GS. Lê", "tp.Hà Nội".
BEFORE_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "TP.": "thành phố",
        "Tp.": "thành phố",
        "tp.": "thành phố",
        "TX.": "thị xã",
        "Tx.": "thị xã",
        "tx.": "thị xã",
        "TT.": "thị trấn",
        "Tt.": "thị trấn",
        "tt.": "thị trấn",
        "KP.": "khu phố",
        "kp.": "khu phố",
        "Q.": "quận",
        "q.": "quận",
        "P.": "phường",
        "p.": "phường",
        "H.": "huyện",
        "h.": "huyện",
        "X.": "xã",
        "x.": "xã",
        "GS.": "giáo sư",
        "PGS.": "phó giáo sư",
        "TS.": "tiến sĩ",
        "ThS.": "thạc sĩ",
        "Ths.": "thạc sĩ",
        "Th.S": "thạc sĩ",
        "BS.": "bác sĩ",
        "KS.": "kỹ sư",
        "LS.": "luật sư",
        "NSND.": "nghệ sĩ nhân dân",
        "NSƯT.": "nghệ sĩ ưu tú",
        "Tr.": "trang",
    }
)

# A one-letter place abbreviation (Q., P., H., X.) right after a capitalised word is an
# initial in a name ("Nguyễn Văn P. Hùng"), not a ward.
SINGLE_LETTER_PLACES: Final[frozenset[str]] = frozenset(
    key for key in BEFORE_NAMES if len(key) == 2
)


# Legal document numbers: 15/2020/NĐ-CP, 1234/QĐ-UBND. The type (NĐ, QĐ) usually repeats the
# word before the number, so a reader says the issuer: "... của chính phủ".
DOCUMENT_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "NĐ": "nghị định",
        "QĐ": "quyết định",
        "NQ": "nghị quyết",
        "TT": "thông tư",
        "TTLT": "thông tư liên tịch",
        "CT": "chỉ thị",
        "CV": "công văn",
        "KH": "kế hoạch",
        "TB": "thông báo",
        "BC": "báo cáo",
        "HD": "hướng dẫn",
        "KL": "kết luận",
        "TTr": "tờ trình",
        "QH": "quốc hội",
        "L": "luật",
        "UBTVQH": "ủy ban thường vụ quốc hội",
    }
)

DOCUMENT_ISSUERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "CP": "chính phủ",
        "TTg": "thủ tướng chính phủ",
        "BTC": "bộ tài chính",
        "BCA": "bộ công an",
        "BQP": "bộ quốc phòng",
        "BYT": "bộ y tế",
        "BGDĐT": "bộ giáo dục và đào tạo",
        "BCT": "bộ công thương",
        "BNNPTNT": "bộ nông nghiệp và phát triển nông thôn",
        "BTNMT": "bộ tài nguyên và môi trường",
        "BXD": "bộ xây dựng",
        "BGTVT": "bộ giao thông vận tải",
        "BKHĐT": "bộ kế hoạch và đầu tư",
        "BLĐTBXH": "bộ lao động - thương binh và xã hội",
        "BNV": "bộ nội vụ",
        "BTP": "bộ tư pháp",
        "BNG": "bộ ngoại giao",
        "BVHTTDL": "bộ văn hóa, thể thao và du lịch",
        "BTTTT": "bộ thông tin và truyền thông",
        "BKHCN": "bộ khoa học và công nghệ",
        "NHNN": "ngân hàng nhà nước",
        "UBND": "ủy ban nhân dân",
        "HĐND": "hội đồng nhân dân",
        "TU": "tỉnh ủy",
        "HU": "huyện ủy",
        "TW": "trung ương",
        "TƯ": "trung ương",
        "VPCP": "văn phòng chính phủ",
        "QH": "quốc hội",
        "UBTVQH": "ủy ban thường vụ quốc hội",
        "TANDTC": "tòa án nhân dân tối cao",
        "VKSNDTC": "viện kiểm sát nhân dân tối cao",
    }
)


def resolve(abbreviation: str, before: str, after: str) -> tuple[str | None, bool]:
    """The reading of an ambiguous ``abbreviation`` between ``before`` and ``after``.

    Returns (spoken, decided): ``decided`` is False when no neighbouring word chose the sense
    and the default (possibly None: spell it) was taken, so ``narrate check`` can report it.
    """
    entry = AMBIGUOUS[abbreviation]
    for sense in entry.senses:
        if sense.after is not None and sense.after.search(after):
            return sense.spoken, True
        if sense.before is not None and sense.before.search(before):
            return sense.spoken, True
    return entry.default, False


_FUNCTION_WORDS: Final = frozenset({"và", "của", "các", "về", "với", "cho"})
_SPACES: Final = re.compile(r"[\s,\-–]+")


def _initial(word: str) -> str:
    """A word's first letter without its marks (Ủy → U), Đ kept: what an acronym takes."""
    first = word[:1].upper()
    return first if first == "Đ" else unicodedata.normalize("NFD", first)[:1]


def _spoken_forms(abbreviation: str) -> list[str]:
    if abbreviation in ABBREVIATIONS:
        return [ABBREVIATIONS[abbreviation]]
    entry = AMBIGUOUS.get(abbreviation)
    if entry is None:
        return []
    return [sense.spoken for sense in entry.senses] + ([entry.default] if entry.default else [])


def introduces(before: str, abbreviation: str, also: str | None = None) -> bool:
    """Whether ``abbreviation`` in brackets only names what was just said ("hợp tác xã (HTX)"):
    the words before are its expansion (``also``: the feed's own), or their initials spell it.
    Then it is not said twice.
    """
    tail = _SPACES.sub(" ", before).strip().lower()
    for spoken in [*_spoken_forms(abbreviation), *([also] if also else [])]:
        if tail.endswith(_SPACES.sub(" ", spoken).strip().lower()):
            return True
    letters = [char for char in abbreviation.upper() if char.isalpha()]
    words = re.findall(r"[^\W\d_]+", before)[-2 * len(letters) :]
    while letters and words:
        word = words.pop()
        if _initial(word) == letters[-1] or (letters[-1] == "D" and _initial(word) == "Đ"):
            letters.pop()
        elif word.lower() not in _FUNCTION_WORDS:
            return False
    return not letters
