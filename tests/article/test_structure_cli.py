"""The structure an article was read into, as an editor meets it: ``narrate check`` reports it,
``publish --dry-run`` lists its parts, ``publish --title`` supplies a missing headline, and a
source line reaches the feed as a credit but never as a podcast:person."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from narrate.cli import main

Capture = pytest.CaptureFixture[str]
PODCAST = "{https://podcastindex.org/namespace/1.0}"
LISTING = re.compile(r"^ *\d+ (?P<kind>[a-z]+) +\+\d+\.\d\ds  \S")

BODY = (  # an aggregator's dump: the whole body on one line, the author's name at its end
    "Theo ban quản lý dự án, khối lượng thi công toàn công trình đạt hơn 80%. Các nhịp dẫn đã "
    "xong. Thử tải trước khi thông xe Theo kế hoạch, cầu sẽ được thử tải trong một tháng. Sở "
    "Giao thông vận tải sẽ tiếp tục thông tin. Video: Cầu vượt sông Tiền nhìn từ trên cao "
    "Minh Khôi"
)
ARTICLE = (
    "Cầu vượt sông Tiền sắp hợp long nhịp chính\n"
    "Sáng 12/3, đơn vị thi công cho biết cầu vượt sông Tiền sẽ hợp long trong tháng tới.\n"
    f"{BODY}\n"
)


def narrate(*args: object) -> int:
    return main([str(a) for a in args])


def write(tmp_path: Path, text: str, name: str = "bai.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_reports_the_structure_it_found(tmp_path: Path, capsys: Capture) -> None:
    assert narrate("check", write(tmp_path, ARTICLE)) == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if line.startswith("structure: ")]
    assert line == (
        "structure: title 'Cầu vượt sông Tiền sắp hợp long nhịp chính' · date none · lead · "
        "2 paragraphs · 1 subheading · 0 captions · byline 'Minh Khôi'"
    )
    assert "doubtful" not in out


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        (
            "Tiêu đề bài\nMở đầu bài viết ở đây.\nĐoạn văn thứ nhất của bài.\nHà Nội",
            "the last line 'Hà Nội' looks like a name but was not taken as a byline",
        ),
        (
            "Tiêu đề bài\nMở đầu.\n"
            + "\n".join(f"Ảnh: Toàn cảnh buổi lễ khánh thành cây cầu số {n} của xã" for n in "123")
            + "\nĐoạn văn ngắn.\nThanh Tâm",
            "most of the body is captions",
        ),
    ],
)
def test_check_flags_doubtful_structure_and_strict_fails_on_it(
    tmp_path: Path, capsys: Capture, text: str, doubt: str
) -> None:
    path = write(tmp_path, text)
    assert narrate("check", path) == 0
    assert f"doubtful: {doubt}" in capsys.readouterr().out
    assert narrate("check", "--strict", path) == 1


def test_check_json_carries_the_structure(tmp_path: Path, capsys: Capture) -> None:
    text = ARTICLE.replace("Minh Khôi", "").rstrip() + "\nTheo TTXVN\n"
    assert narrate("check", "--json", write(tmp_path, text)) == 0
    [report] = json.loads(capsys.readouterr().out)
    structure = report["structure"]
    assert (structure["author"], structure["source"], structure["headings"]) == (None, "TTXVN", 1)
    assert structure["doubts"] == []


def test_an_article_without_a_headline_is_refused_in_one_line_and_title_supplies_it(
    tmp_path: Path, feeds_dir: Path, output: Path, capsys: Capture
) -> None:
    text = ARTICLE.split("\n", 1)[1]  # the lead is the first line
    path = write(tmp_path, text)
    args = ("--feed", "test", "--feeds-dir", feeds_dir, "--output", output, "--dry-run")
    assert narrate("publish", path, *args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has no title" in err and "--title" in err
    assert narrate("publish", path, *args, "--title", "Cầu sắp hợp long") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("# Cầu sắp hợp long  (guid ")
    kinds = [LISTING.match(line)["kind"] for line in out if not line.startswith("#")]
    assert kinds == [
        "title", "notice", "lead", "paragraph", "paragraph", "heading", "paragraph",
        "paragraph", "credit", "closing",
    ]  # fmt: skip


def test_title_names_one_article(tmp_path: Path, feeds_dir: Path, capsys: Capture) -> None:
    one, two = write(tmp_path, ARTICLE, "a.txt"), write(tmp_path, ARTICLE, "b.txt")
    code = narrate("publish", one, two, "--feed", "test", "--feeds-dir", feeds_dir,
                   "--dry-run", "--title", "Tiêu đề")  # fmt: skip
    assert code == 2
    assert "--title" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("byline", "said_as", "person"),
    [
        ("Theo TTXVN", "Theo ", None),
        ("Thanh Tâm", "Bài viết của tác giả Thanh Tâm.", "Thanh Tâm"),
        ("Nhóm PV Thời sự", "Bài viết của tác giả Nhóm ", None),  # a team is not a person
        ("CTV Hải Đăng", "Bài viết của tác giả ", "CTV Hải Đăng"),
    ],
)
def test_a_source_is_a_spoken_credit_but_never_a_podcast_person(
    tmp_path: Path, feeds_dir: Path, output: Path, capsys: Capture, byline: str,
    said_as: str, person: str | None,
) -> None:  # fmt: skip
    text = ARTICLE.replace(" Minh Khôi", "").rstrip() + f"\n{byline}\n"
    path = write(tmp_path, text)
    args = ("--feed", "test", "--feeds-dir", feeds_dir, "--output", output)
    assert narrate("publish", path, *args, "--dry-run") == 0
    listing = [LISTING.match(line) for line in capsys.readouterr().out.splitlines()]
    said = [m.string.split("s  ", 1)[1] for m in listing if m and m["kind"] == "credit"]
    assert len(said) == 1 and said[0].startswith(said_as)  # one credit part, said as a source
    assert said_as.startswith("Bài") or "tác giả" not in said[0]  # a source is not an author
    assert narrate("publish", path, *args) == 0
    feed = ElementTree.parse(output / "test" / "public" / "feed.xml").getroot()
    persons = [p.text for p in feed.iter(f"{PODCAST}person")]
    assert persons == ([person] if person else [])
