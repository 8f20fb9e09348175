"""An initial in a name is said as its letter, without the abbreviation's dot.

Read aloud, "Lê Văn D., nông dân" kept a stray "." after the letter ("dê.,"), which engines
pause on as if the sentence had ended.
"""

from __future__ import annotations

import pytest

from narrate.speech import verbalize


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Ông Lê Văn D., nông dân xã Mỹ Hiệp, cho biết.", "Ông Lê Văn dê, nông dân"),
        ("Theo ông Trần Văn C., Phó trưởng phòng.", "Theo ông Trần Văn xê, Phó trưởng"),
        ("Tài xế Nguyễn Văn B. (35 tuổi) điều khiển xe.", "Nguyễn Văn bê (ba mươi lăm tuổi)"),
        ("Anh Lê Văn T. bị bắt giữ.", "Anh Lê Văn tê bị bắt"),
        ("Ông Nguyễn V. Bình phát biểu.", "Ông Nguyễn vê Bình phát biểu"),
        ("Chị Đỗ Thị H.; anh Lê Văn K.", "Chị Đỗ Thị hát; anh"),
        ("Bà Phạm Thị Đ., 60 tuổi, cho biết.", "Bà Phạm Thị đê, sáu mươi tuổi"),
        ("“Sẽ xong sớm”, ông K. nói.", "ông ca nói"),
        ("Theo bà H., người dân trong xóm.", "Theo bà hát, người dân"),
    ],
)
def test_an_initial_after_a_name_is_its_letter_without_the_dot(written: str, spoken: str) -> None:
    said = verbalize(written)
    assert spoken in said, said


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("Loại A. Sau đó ra về.", "a. Sau đó"),  # the dot ends a sentence
        ("Đội bóng hạng A. Họ thắng.", "a. Họ thắng"),
        ("Công ty A. Sau đó giải thể.", "a. Sau đó"),
        ("Cho biết ông Nguyễn Văn B.", "bê."),  # at the end it is the sentence's own dot
        ("Gặp ông K. Sau đó về nhà.", "ca. Sau đó"),
    ],
)
def test_a_dot_that_may_end_a_sentence_stays(written: str, kept: str) -> None:
    said = verbalize(written)
    assert kept in said, said
