"""Bounds on one article's speech: a runaway input is refused before any speech, in one line,
with the flag that raises the bound; a real 3-hour article passes the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.cli import main
from narrate.config import load_feed
from narrate.errors import InputError
from narrate.pipeline import Publisher

Capture = pytest.CaptureFixture[str]
TITLE = "Kỳ họp thứ nhất Hội đồng nhân dân tỉnh"
PLACES = ("Mỹ Tân", "Tân Thuận", "An Bình", "Hòa An", "Tịnh Thới", "Mỹ Trà", "Phú Thuận",
          "Tân Hội", "Bình Thành", "Long Hậu", "Mỹ Hiệp", "Phong Hòa", "Mỹ Xương", "Bình Hàng",
          "Hòa Tân")  # fmt: skip
WHO = ("bà con", "nông dân", "thanh niên", "hội viên", "cán bộ", "học sinh", "phụ nữ",
       "cựu chiến binh", "dân quân", "tổ viên", "thợ hồ", "thương lái", "công nhân", "ngư dân",
       "giáo viên")  # fmt: skip
DEEDS = ("gia cố bờ bao", "dọn kênh mương", "trồng cây xanh", "sửa đường làng",
         "xây nhà tình thương", "phát gạo", "vá đê", "dời tài sản", "khơi thông cống",
         "đắp đập tạm", "kê cao đồ đạc",
         "chằng chống nhà", "thu hoạch lúa", "di dời gia súc", "dựng lán trại", "trực đê",
         "gom rác", "nạo vét ao", "lắp đèn đường", "sơn lại trường")  # fmt: skip


def sentences(count: int) -> list[str]:
    """``count`` different sentences of about ten words, without numbers to expand."""
    return [
        f"Sáng nay {who} xã {place} cùng nhau {deed} rất sớm."
        for place in PLACES for who in WHO for deed in DEEDS
    ][:count]  # fmt: skip


def write(path: Path, body: str) -> Path:
    path.write_text(f"{TITLE}\n\n{body}\n", encoding="utf-8")
    return path


def publish(feeds_dir: Path, tmp_path: Path, *args: str) -> int:
    return main(["publish", *args, "--feed", "test", "--feeds-dir", str(feeds_dir),
                 "--output", str(tmp_path / "output"), "--dry-run"])  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("\n".join(f"Nước {n}." for n in range(15_000)), "segments, over the limit of 10,000"),
        ("\n".join(f"Nước {n}." for n in range(100_000)), "100,001 paragraphs, more than any"),
        ("ĐTO - " + "Nước lên nhanh, " * 40_000, "minutes, over the limit of 240"),
    ],
)
def test_a_runaway_article_is_refused_before_any_speech_naming_the_flag(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, body: str, says: str
) -> None:
    path = write(tmp_path / "bai.txt", body)

    code = publish(feeds_dir, tmp_path, str(path))
    captured = capsys.readouterr()

    assert code == 1 and captured.out == ""
    assert captured.err.count("\n") == 1 and says in captured.err
    assert any(hint in captured.err for hint in ("--max-segments", "--max-minutes", "split it"))


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        ((), 0),
        (("--max-segments", "10"), 1),
        (("--max-segments", "40"), 0),
        (("--max-minutes", "1"), 1),
        (("--max-minutes", "5"), 0),
    ],
)
def test_the_flags_set_the_bounds(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, flags: tuple[str, ...], code: int
) -> None:
    # 30 sentences of about 11 words: some 35 segments and 350 words (under 2 minutes).
    path = write(tmp_path / "bai.txt", "ĐTO - " + "\n".join(sentences(30)))

    assert publish(feeds_dir, tmp_path, *flags, str(path)) == code
    err = capsys.readouterr().err
    assert ("over the limit" in err) == (code == 1)


def test_a_three_hour_article_passes_the_default_bounds(feeds_dir: Path, tmp_path: Path) -> None:
    # 3 hours at a quick 200 words a minute: about 36,000 words in 3,300 short sentences.
    path = write(tmp_path / "bai.txt", "ĐTO - " + "\n".join(sentences(3_300)))
    publisher = Publisher(load_feed("test", feeds_dir).with_engine(rate=1.0), tmp_path / "out")

    plan = publisher.plan(path)

    assert len(plan.segments) > 3_300
    assert sum(len(s.spoken.split()) for s in plan.segments) > 35_000
    with pytest.raises(InputError, match="--max-segments"):
        Publisher(publisher.config.with_limits(max_segments=3_000), tmp_path / "out").plan(path)
