"""A feed's own words: the ``[lexicon]`` table that adds to or overrides the built-in readings.

Format of the table (TOML in ``feeds/<name>.toml``, any mapping from Python)::

    [lexicon]
    "ĐTO" = "Đồng Tháp Online"        # a word entry: written token → what to say
    "UBND" = "ủy ban nhân dân"         # overrides the built-in dictionary
    dialect = "south"                  # not an entry: "north" or "south" (Lexicon.dialect)

    [[lexicon.rules]]                  # regular-expression rules, tried in order
    pattern = '\\bĐT(\\d+)'            # Python ``re`` syntax
    say = 'đường tỉnh \\1'             # a ``re`` replacement template (\\1, \\g<name>)

- Word entries match whole words, case-sensitively, before any built-in rule, so they win.
- Rules run before the word entries. Whatever they or a word entry say is then read by the
  built-in rules (digits become words), but never by the lexicon again, so a rule cannot loop.
- ``dialect`` is the feed's preferred number words; callers pass it on as ``verbalize``'s
  ``dialect`` (verbalize's own argument always decides).

Mistakes raise ``ValueError`` with one line naming the bad key, e.g.
``lexicon rule 2: "pattern" is not a valid regular expression: unterminated subpattern``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from narrate.speech.trie import whole_words

DIALECTS: Final[tuple[str, ...]] = ("north", "south")
_RESERVED: Final = ("dialect", "rules")
_GROUP_REFERENCE: Final = re.compile(r"\\(?:g<([^>]*)>|([0-9]{1,2}))")


@dataclass(frozen=True)
class LexiconRule:
    """A regular-expression rule: every match of ``pattern`` is said as ``say`` expanded."""

    pattern: re.Pattern[str]
    say: str


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Lexicon:
    """A feed's word entries, regular-expression rules and preferred dialect, validated once."""

    words: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[LexiconRule, ...] = ()
    dialect: str | None = None
    # Compiled once here, so a lexicon reused for every sentence costs nothing per call.
    words_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = {_nfc(written): _nfc(spoken) for written, spoken in self.words.items() if written}
        object.__setattr__(self, "words", MappingProxyType(words))
        object.__setattr__(self, "rules", tuple(self.rules))
        object.__setattr__(self, "words_pattern", re.compile(whole_words(words)))
        if self.dialect is not None and self.dialect not in DIALECTS:
            raise ValueError(f"lexicon: dialect must be one of {DIALECTS}, got {self.dialect!r}")

    def __bool__(self) -> bool:
        return bool(self.words or self.rules)

    def __reduce__(self) -> tuple[object, ...]:
        """Rebuilt from its parts when sent to a batch's worker processes (a read-only
        mapping cannot be pickled as it is)."""
        return (Lexicon, (dict(self.words), self.rules, self.dialect))

    @classmethod
    def from_table(cls, table: Mapping[str, object]) -> Lexicon:
        """Build a lexicon from a feed's ``[lexicon]`` table (format in the module docstring)."""
        if not isinstance(table, Mapping):
            raise ValueError(f"lexicon: expected a table, got {type(table).__name__}")
        words: dict[str, str] = {}
        for key, value in table.items():
            if key in _RESERVED:
                continue
            if not isinstance(key, str) or not key.strip():
                raise ValueError(f"lexicon entry {key!r}: the written form must be non-empty")
            if not isinstance(value, str):
                raise ValueError(
                    f'lexicon entry "{key}": expected a string to say, got {type(value).__name__}'
                )
            words[key] = value
        dialect = table.get("dialect")
        if dialect is not None and dialect not in DIALECTS:
            raise ValueError(f'lexicon "dialect": expected "north" or "south", got {dialect!r}')
        return cls(words=words, rules=_rules_from(table.get("rules", [])), dialect=dialect)

    @classmethod
    def coerce(cls, lexicon: Lexicon | Mapping[str, str] | None) -> Lexicon:
        """A Lexicon from what callers pass: a Lexicon, a plain word mapping, or None."""
        if isinstance(lexicon, Lexicon):
            return lexicon
        if not lexicon:
            return EMPTY
        return cls(words={key: value for key, value in lexicon.items() if isinstance(value, str)})


def _rules_from(rules: object) -> tuple[LexiconRule, ...]:
    if not isinstance(rules, list | tuple):
        raise ValueError(f'lexicon "rules": expected a list of tables, got {type(rules).__name__}')
    return tuple(_rule_from(number, rule) for number, rule in enumerate(rules, start=1))


def _rule_from(number: int, rule: object) -> LexiconRule:
    where = f"lexicon rule {number}"
    if not isinstance(rule, Mapping):
        raise ValueError(f"{where}: expected a table with pattern and say")
    unknown = sorted(set(rule) - {"pattern", "say"})
    if unknown:
        raise ValueError(f'{where}: unknown key "{unknown[0]}" (a rule has pattern and say)')
    for key in ("pattern", "say"):
        if not isinstance(rule.get(key), str):
            raise ValueError(f'{where}: "{key}" must be a string')
    try:
        pattern = re.compile(_nfc(rule["pattern"]))
    except re.error as error:
        raise ValueError(f'{where}: "pattern" is not a valid regular expression: {error}') from None
    if pattern.fullmatch(""):
        raise ValueError(f'{where}: "pattern" matches empty text, so it would match everywhere')
    say = _nfc(rule["say"])
    for name, index in _GROUP_REFERENCE.findall(say):
        if index and int(index) > pattern.groups:
            raise ValueError(f'{where}: "say" uses group \\{index}, the pattern has fewer groups')
        if (
            name
            and not (name.isdigit() and int(name) <= pattern.groups)
            and (name not in pattern.groupindex)
        ):
            raise ValueError(f'{where}: "say" uses group "{name}" that the pattern does not have')
    try:
        pattern.sub(say, "")  # the template is parsed before any search, so this checks it
    except (re.error, IndexError) as error:
        raise ValueError(f'{where}: "say" is not a valid replacement: {error}') from None
    return LexiconRule(pattern=pattern, say=say)


EMPTY: Final[Lexicon] = Lexicon()
