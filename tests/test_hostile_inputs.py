"""Hostile article inputs: lists that read devices or leave their folder, and text files that
are not Vietnamese articles. Each is one line and exit 1, and nothing is published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from narrate.batch import expand_inputs
from narrate.cli import main
from narrate.errors import InputError
from tests.corpus import article_text

Capture = pytest.CaptureFixture[str]


def publish(feeds_dir: Path, tmp_path: Path, *args: str) -> int:
    return main(["publish", *args, "--feed", "test", "--feeds-dir", str(feeds_dir),
                 "--output", str(tmp_path / "output"), "--dry-run"])  # fmt: skip


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_list_that_is_a_device_or_a_fifo_is_refused_without_reading_it(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, special: str
) -> None:
    listing = Path(special)
    if special == "fifo":
        listing = tmp_path / "list.txt"
        os.mkfifo(listing)  # no writer: reading it would hang for ever

    code = publish(feeds_dir, tmp_path, "--list", str(listing))
    err = capsys.readouterr().err

    assert code == 1
    assert err == (
        f"narrate: error: the list file {listing} is not a regular file (a device or a pipe); "
        "give a file\n"
    )


def test_a_list_of_zeros_is_refused_at_its_size_bound(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    with open(listing, "wb") as handle:
        handle.truncate(3 * 1024 * 1024)  # sparse: a big file of NUL bytes

    with pytest.raises(InputError, match="larger than 1,024 KB"):
        expand_inputs([], [listing])


@pytest.mark.parametrize(
    "entry",
    [
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "sub/../../secret.txt",
        "link-out.txt",  # a link in the folder that leads out of it
    ],
)
def test_a_list_entry_may_not_leave_the_lists_folder(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, entry: str
) -> None:
    folder = tmp_path / "today"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text(article_text(1), encoding="utf-8")
    (folder / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "bai.txt").write_text(article_text(2), encoding="utf-8")
    listing = folder / "list.txt"
    listing.write_text(f"bai.txt\n{entry}\n", encoding="utf-8")

    code = publish(feeds_dir, tmp_path, "--list", str(listing))
    err = capsys.readouterr().err

    assert code == 1
    assert err.startswith("narrate: error: ") and err.count("\n") == 1, err
    assert "line 2" in err and "outside the list's folder" in err
    assert not (tmp_path / "output" / "test" / "public" / "feed.xml").exists()


def test_list_entries_inside_the_folder_are_taken_relative_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "today"
    (folder / "sub").mkdir(parents=True)
    listing = folder / "list.txt"
    listing.write_text(
        "# hôm nay\nbai.txt\nsub/../bai-2.txt\nhttps://example.org/a.html\n", encoding="utf-8"
    )

    assert expand_inputs([], [listing]) == [
        str(folder / "bai.txt"), str(folder / "sub/../bai-2.txt"), "https://example.org/a.html",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
        "[Unit]\nDescription=Some service\n\n[Service]\nExecStart=/bin/true\n",
        "Flood warning\n\nRivers rose overnight in the delta and farmers moved their boats.\n",
    ],
)
def test_a_text_file_with_no_vietnamese_letters_is_refused_in_one_line(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, text: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_text(text, encoding="utf-8")

    code = publish(feeds_dir, tmp_path, str(path))
    err = capsys.readouterr().err

    assert code == 1 and "Traceback" not in err
    assert "does not look like an article in Vietnamese" in err
