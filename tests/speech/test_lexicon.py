"""A feed's [lexicon] table: word entries, regular-expression rules, dialect, clear errors."""

from __future__ import annotations

import unicodedata

import pytest

from narrate.speech import Lexicon, verbalize

TABLE = {
    "ĐTO": "Đồng Tháp Online",
    "dialect": "south",
    "rules": [{"pattern": r"\bĐT(\d+)", "say": r"đường tỉnh \1"}],
}


def test_a_table_gives_words_rules_and_dialect() -> None:
    lexicon = Lexicon.from_table(TABLE)
    assert dict(lexicon.words) == {"ĐTO": "Đồng Tháp Online"}
    assert len(lexicon.rules) == 1
    assert lexicon.dialect == "south"


def test_dialect_is_not_a_word_entry_and_is_optional() -> None:
    assert Lexicon.from_table({"A": "a"}).dialect is None
    assert "dialect" not in Lexicon.from_table(TABLE).words


def test_word_entries_override_the_built_in_table_and_match_whole_words() -> None:
    lexicon = Lexicon.from_table({"UBND": "u bê en đê", "ĐTO": "báo Đồng Tháp"})
    spoken = verbalize("ĐTO - UBND và ĐTOX", lexicon=lexicon)
    assert spoken.startswith("báo Đồng Tháp - u bê en đê và ")
    assert "ĐTO" not in spoken.replace("ĐTOX", "")


def test_a_plain_mapping_is_still_accepted_as_a_lexicon() -> None:
    assert verbalize("mạng 5G", lexicon={"5G": "năm gờ"}) == "mạng năm gờ"


def test_what_a_rule_says_is_then_read_by_the_built_in_rules() -> None:
    lexicon = Lexicon.from_table(TABLE)
    assert verbalize("Tuyến ĐT848 mở rộng", lexicon=lexicon) == (
        "Tuyến đường tỉnh tám trăm bốn mươi tám mở rộng"
    )


def test_a_word_entry_that_mentions_itself_does_not_loop() -> None:
    assert verbalize("ĐTO", lexicon={"ĐTO": "ĐTO online"}) == "đê tê o online"


def test_entries_are_nfc_normalized_so_nfd_feeds_still_match() -> None:
    lexicon = Lexicon(words={unicodedata.normalize("NFD", "HÒA"): "hòa bình"})
    assert list(lexicon.words) == ["HÒA"]
    assert verbalize("Xã HÒA", lexicon=lexicon) == "Xã hòa bình"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"ĐTO": 5}, 'lexicon entry "ĐTO": expected a string to say, got int'),
        ({"dialect": "central"}, 'lexicon "dialect": expected "north" or "south"'),
        ({"rules": "x"}, 'lexicon "rules": expected a list of tables'),
        (
            {"rules": [{"pattern": "a", "say": "b"}, {"pattern": "(", "say": "x"}]},
            'lexicon rule 2: "pattern" is not a valid regular expression: ',
        ),
        ({"rules": [{"pattern": "a"}]}, 'lexicon rule 1: "say" must be a string'),
        (
            {"rules": [{"pattern": "a", "say": "b", "flags": 1}]},
            'lexicon rule 1: unknown key "flags"',
        ),
        (
            {"rules": [{"pattern": "a*", "say": "b"}]},
            'lexicon rule 1: "pattern" matches empty text',
        ),
        ({"rules": [{"pattern": "a", "say": r"\1"}]}, 'lexicon rule 1: "say" uses group \\1'),
        ({"rules": [{"pattern": "a", "say": r"\g<x>"}]}, 'lexicon rule 1: "say" uses group "x"'),
        ({"rules": ["a"]}, "lexicon rule 1: expected a table"),
    ],
)
def test_mistakes_raise_one_line_naming_the_bad_key(table: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Lexicon.from_table(table)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_an_empty_lexicon_is_falsy_and_coerce_accepts_none() -> None:
    assert not Lexicon.coerce(None)
    assert Lexicon.coerce({"A": "a"}).words["A"] == "a"
