"""narrate check (library part): what will be said differently and what needs a human."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate.cli import main
from narrate.speech import CheckReport, Lexicon, check_text

PARAGRAPHS = [
    "Ngày 03/06/2020, UBND huyện có 39 cuộc với 1.890 lượt người.",
    "Cách thức tuyên tryền bằng nhiều hình thức. Ông Trump nói online.",
    "Báo ĐTO đưa tin CP mua mã 0123.",
]


def report(**options: object) -> CheckReport:
    return check_text("Tin tức", PARAGRAPHS, **options)  # type: ignore[arg-type]


def test_changes_list_each_span_said_differently_with_its_rule() -> None:
    changes = {(change.written, change.spoken) for change in report().changes}
    assert ("03/06/2020", "ba tháng sáu năm hai nghìn không trăm hai mươi") in changes
    assert ("UBND", "ủy ban nhân dân") in changes
    assert ("1.890", "một nghìn tám trăm chín mươi") in changes
    assert all(change.rule for change in report().changes)


def test_unknown_capitals_spelled_letter_by_letter_are_reported() -> None:
    assert [finding.text for finding in report().spelled] == ["ĐTO"]


def test_ambiguous_abbreviations_without_context_are_reported() -> None:
    assert [finding.text for finding in report().ambiguous] == ["CP"]


def test_words_no_syllable_is_spelled_like_are_reported_but_names_and_loans_are_not() -> None:
    assert [finding.text for finding in report().not_syllables] == ["tryền"]


def test_digit_runs_only_the_fallback_could_read_are_reported() -> None:
    assert [finding.text for finding in report().unclassified_numbers] == ["0123"]


def test_sentences_too_long_after_verbalizing_are_reported() -> None:
    assert report().too_long == ()
    assert [finding.where.paragraph for finding in report(max_chars=60).too_long] == [1]


def test_a_lexicon_entry_silences_the_spelling_and_ambiguity_findings() -> None:
    lexicon = Lexicon.from_table({"ĐTO": "Đồng Tháp Online", "CP": "chính phủ"})
    checked = report(lexicon=lexicon)
    assert checked.spelled == () and checked.ambiguous == ()


def test_a_clean_article_needs_no_human() -> None:
    clean = check_text("Tin vui", ["Ngày 3/6, UBND tỉnh họp với 39 đại biểu."])
    assert not clean.needs_human
    assert clean.changes
    assert report().needs_human


def test_the_dict_is_json_able_with_stable_keys() -> None:
    data = report().to_dict()
    assert list(data) == [
        "needs_human",
        "sentences",
        "dialect",
        "max_chars",
        "changes",
        "spelled",
        "ambiguous",
        "not_syllables",
        "too_long",
        "unclassified_numbers",
    ]
    json.dumps(data, ensure_ascii=False)
    assert data["spelled"] == [
        {"paragraph": 3, "sentence": 1, "text": "ĐTO", "detail": "said 'đê tê o'"}
    ]


def test_lines_give_a_verdict_then_one_line_per_finding() -> None:
    lines = report().lines()
    assert lines[0].endswith("needs a human.")
    assert any("'tryền'" in line and "paragraph 2, sentence 1" in line for line in lines)
    assert any("title" not in line for line in lines)


def test_the_title_is_checked_too() -> None:
    checked = check_text("Tin VTC", [])
    assert checked.sentences == 1
    assert [(finding.where.paragraph, finding.text) for finding in checked.spelled] == [
        (None, "VTC")
    ]


# --- issue 13: every guess between readings is listed, with the reading chosen ---------------

GUESSES = [
    ("Hội thảo diễn ra 12.3 tại Hà Nội.", "12.3", "ngày mười hai tháng ba"),
    ("Mọi việc xong 4.6 rồi.", "4.6", "ngày bốn tháng sáu"),
    ("BT được giao cho nhà đầu tư.", "BT", "bê tê"),
    ("BTV họp ngay.", "BTV", "ban thường vụ"),
    ("TTCP nói vậy.", "TTCP", "thủ tướng chính phủ"),
]


@pytest.mark.parametrize(("paragraph", "written", "chosen"), GUESSES)
def test_a_reading_picked_with_nothing_deciding_is_listed_with_the_reading_chosen(
    paragraph: str, written: str, chosen: str
) -> None:
    checked = check_text("Tin", [paragraph])
    assert checked.needs_human
    [finding] = [finding for finding in checked.ambiguous if finding.text == written]
    assert repr(chosen) in finding.detail


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sáng 12.3, đoàn công tác đến Hà Nội.",
        "Hôm nay (21-4), trời nắng.",
        "Ủy viên BTV Tỉnh ủy dự họp.",
        "Hợp đồng BT được ký.",
    ],
)
def test_a_reading_its_context_decides_is_no_guess(paragraph: str) -> None:
    assert check_text("Tin", [paragraph]).ambiguous == ()


def test_an_unknown_acronym_is_listed_as_spelled() -> None:
    checked = check_text("Tin", ["Công ty XQZ vừa thông báo."])
    assert [finding.text for finding in checked.spelled] == ["XQZ"]


@pytest.mark.parametrize(
    ("paragraph", "guess"),
    [
        ("Hội thảo diễn ra 12.3 tại Hà Nội.", True),  # a d.m nobody can decide
        ("Công ty XQZ vừa thông báo.", True),  # an unknown acronym
        ("BT được giao.", True),  # an ambiguous acronym, no deciding field
        ("Sáng 12.3, ông Lê An (Cục THA dân sự) cho biết.", False),
    ],
)
def test_check_strict_fails_whenever_the_front_end_had_to_guess(
    tmp_path: Path, paragraph: str, guess: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(f"Tin thử\n\n{paragraph}\n", encoding="utf-8")
    code = main(["check", "--strict", str(article)])
    out = capsys.readouterr().out
    if guess:
        assert code == 1
        assert ": needs a human." in out
    else:  # the article's structure may still fail --strict; the reading needs nobody
        assert ": nothing needs a human." in out
