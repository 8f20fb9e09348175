"""Numbers that are no quantity: seasons written 2023/24, fishing boats' registrations."""

from __future__ import annotations

import pytest

from narrate.speech import verbalize

Y2023 = "hai nghìn không trăm hai mươi ba"
Y2024 = "hai nghìn không trăm hai mươi tư"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Mùa giải 2023/24 kết thúc.", f"Mùa giải {Y2023} đến {Y2024} kết thúc."),
        ("V.League 2023/24 khởi tranh.", f"{Y2023} đến {Y2024} khởi tranh."),
        ("Năm học 2023/24 có nhiều đổi mới.", f"Năm học {Y2023} đến {Y2024}"),
        (
            "Niên khóa 1999/00 là khóa đầu tiên.",
            "một nghìn chín trăm chín mươi chín đến hai nghìn là",
        ),
    ],
)
def test_a_year_and_the_next_ones_last_digits_are_two_years(written: str, spoken: str) -> None:
    said = verbalize(written)
    assert spoken in said, said


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("Tỷ lệ 2023/25 hồ sơ được duyệt.", "trên hai mươi lăm"),  # not the next year
        ("Ngày 20/12/2023 trời mưa.", "ngày hai mươi tháng mười hai năm"),
        ("Mùa giải 2023-2024 kết thúc.", f"{Y2023} đến {Y2024}"),
    ],
)
def test_other_slashes_read_as_before(written: str, kept: str) -> None:
    said = verbalize(written)
    assert kept in said.lower(), said


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Tàu cá BT 96789 TS bị mắc cạn.", "bê tê chín sáu bảy tám chín tê ét-sì bị"),
        ("Tàu BĐ-97123-TS của ngư dân.", "bê đê chín bảy một hai ba tê ét-sì của"),
        ("Tàu cá QNg 90123 TS đã cập cảng.", "chín không một hai ba tê ét-sì đã"),
    ],
)
def test_a_fishing_boats_registration_is_letters_and_digits(written: str, spoken: str) -> None:
    said = verbalize(written)
    assert spoken in said and "tiến sĩ" not in said, said


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Ông là TS kinh tế.", "tiến sĩ kinh tế"),
        ("Có 120 TS tham dự.", "một trăm hai mươi tiến sĩ"),
    ],
)
def test_ts_elsewhere_is_still_a_doctor(written: str, spoken: str) -> None:
    assert spoken in verbalize(written)
