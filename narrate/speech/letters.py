"""Vietnamese letter names: how a reader spells an acronym nobody says as a word (VTV, HĐND).

The names are the ones Vietnamese schools and newsrooms use (B bê, C xê, L e-lờ, S ét-sì);
letters outside the Vietnamese alphabet get their usual loan names (F ép, J gi, W vê-kép, Z dét).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

LETTER_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "A": "a",
        "Ă": "á",
        "Â": "ớ",
        "B": "bê",
        "C": "xê",
        "D": "dê",
        "Đ": "đê",
        "E": "e",
        "Ê": "ê",
        "F": "ép",
        "G": "giê",
        "H": "hát",
        "I": "i",
        "J": "gi",
        "K": "ca",
        "L": "e-lờ",
        "M": "em-mờ",
        "N": "en-nờ",
        "O": "o",
        "Ô": "ô",
        "Ơ": "ơ",
        "P": "pê",
        "Q": "quy",
        "R": "e-rờ",
        "S": "ét-sì",
        "T": "tê",
        "U": "u",
        "Ư": "ư",
        "V": "vê",
        "W": "vê-kép",
        "X": "ích-xì",
        "Y": "i-dài",
        "Z": "dét",
    }
)


def spell(letters: str) -> str:
    """Say ``letters`` one letter name at a time; a letter with no name is said as itself."""
    return " ".join(LETTER_NAMES.get(letter.upper(), letter.lower()) for letter in letters)
