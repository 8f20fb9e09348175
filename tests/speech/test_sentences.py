"""Sentence splitting that knows Vietnamese abbreviations, initials and numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.speech import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Trời mưa. Đường ngập.", ["Trời mưa.", "Đường ngập."]),
        ("Có thật không? Có! Thế à…", ["Có thật không?", "Có!", "Thế à…"]),
        ("Chờ đã... Rồi sao?", ["Chờ đã...", "Rồi sao?"]),
        ("Dòng một\nDòng hai", ["Dòng một", "Dòng hai"]),
        ("Dòng một\r\n\r\n  Dòng hai  ", ["Dòng một", "Dòng hai"]),
    ],
)
def test_sentences_end_at_stops_and_line_breaks(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "Hội nghị ở TP. Cao Lãnh đã kết thúc.",
        "Trụ sở ở Q. Bình Thạnh và P. Tân Định đã mở cửa.",
        "Lễ khai mạc tại TT. Cái Tàu Hạ diễn ra sáng nay.",
        "GS. Trần Văn Minh và TS. Lê Thị Hoa phát biểu.",
        "Bà ThS. Phạm Thu Hà trình bày báo cáo.",
        "Ông Nguyễn V. Bình được khen thưởng.",
        "Khách đến từ TP.HCM và Hà Nội.",
    ],
)
def test_no_split_after_abbreviations_or_initials(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Họ trồng cam, bưởi, v.v. Năm nay được mùa.",
            ["Họ trồng cam, bưởi, v.v.", "Năm nay được mùa."],
        ),
        ("Dự án do UBND. Tỉnh giao.", ["Dự án do UBND.", "Tỉnh giao."]),
        (
            "Ông tốt nghiệp loại A. Sau đó ông đi làm.",
            ["Ông tốt nghiệp loại A.", "Sau đó ông đi làm."],
        ),
        ("Họ đến từ TP.HCM. Chiều nay về.", ["Họ đến từ TP.HCM.", "Chiều nay về."]),
    ],
)
def test_an_abbreviation_or_letter_can_end_a_sentence(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "Liên hệ abc@gmail.com hoặc www.baodongthap.vn/tin-tuc để biết thêm.",
        "Ông Nguyễn V. Bình và bà Trần T. Hoa đều đỗ.",
        "Xem tp. Hà Nội và q. Ba Đình trên bản đồ.",
        "Có 1.890 người dự buổi gặp mặt.",
        "Văn bản ký ngày 03.06.2020 có hiệu lực ngay.",
        "Tỷ lệ tăng 3,8% so với cùng kỳ.",
        "Phiên bản 1.2.3 đã được phát hành.",
    ],
)
def test_no_split_inside_numbers_dates_addresses_and_initials(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Ông nói: “Làm ngay.” Mọi người đồng ý.", ["Ông nói: “Làm ngay.”", "Mọi người đồng ý."]),
        ('Bà hỏi: "Vì sao?" Không ai trả lời.', ['Bà hỏi: "Vì sao?"', "Không ai trả lời."]),
        ("(Xem thêm bài sau.) Tin khác.", ["(Xem thêm bài sau.)", "Tin khác."]),
        ("Khẩu hiệu là ‘Đoàn kết.’ Rồi tiếp.", ["Khẩu hiệu là ‘Đoàn kết.’", "Rồi tiếp."]),
    ],
)
def test_a_closing_quote_or_bracket_stays_with_its_sentence(
    text: str, sentences: list[str]
) -> None:
    assert split_sentences(text) == sentences


def test_a_stop_followed_by_a_lowercase_word_does_not_end_the_sentence() -> None:
    text = "Ông hô: “Tiến lên!” và mọi người cùng làm."
    assert split_sentences(text) == [text]


def test_a_sentence_ending_in_a_number_still_ends() -> None:
    assert split_sentences("Năm 2019. Năm 2020.") == ["Năm 2019.", "Năm 2020."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", " . "])
def test_blank_text_gives_no_empty_sentences(text: str) -> None:
    assert all(split_sentences(text))
    assert split_sentences("") == []


@given(st.text())
def test_splitting_never_loses_or_adds_non_space_characters(text: str) -> None:
    sentences = split_sentences(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    if any(char.isalpha() or char.isdigit() for char in text):
        assert "".join("".join(sentences).split()) == "".join(text.split())
    else:
        assert sentences == []  # punctuation alone is not a sentence (nothing to say)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Ông ấy nói vậy. (?!) Sau đó về nhà.", ["Ông ấy nói vậy. (?!)", "Sau đó về nhà."]),
        ("Hội nghị kết thúc. ). Đoàn về.", ["Hội nghị kết thúc.).", "Đoàn về."]),
        ("Câu một. . Câu hai.", ["Câu một..", "Câu hai."]),
        (". Câu một.", [". Câu một."]),
        ("Có ba mục. 1. Tăng cường kiểm tra.", ["Có ba mục.", "1. Tăng cường kiểm tra."]),
        (" . ", []),
    ],
)
def test_no_sentence_is_punctuation_alone_it_joins_its_sentence_or_goes(
    text: str, sentences: list[str]
) -> None:
    assert split_sentences(text) == sentences
