"""Every editor command through the real CLI entry point, and its failure paths."""

from __future__ import annotations

import contextlib
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from narrate.cli import main
from narrate.config import load_feed
from tests.conftest import EXAMPLES, REPO, edit_feed, measured_loudness
from tests.fake_google import FakeGoogle, closed_port, point_gtts_at

Capture = pytest.CaptureFixture[str]


def narrate(*args: object) -> int:
    return main([str(a) for a in args])


def feed_args(feeds_dir: Path, output: Path) -> tuple[object, ...]:
    return ("--feed", "test", "--feeds-dir", feeds_dir, "--output", output)


def items(output: Path) -> list[ElementTree.Element]:
    feed = output / "test" / "public" / "feed.xml"
    return list(ElementTree.parse(feed).getroot().iter("item"))


def public_files(output: Path) -> list[str]:
    public = output / "test" / "public"
    return sorted(str(p.relative_to(public)) for p in public.rglob("*")) if public.exists() else []


def one_error_line(err: str) -> str:
    assert err.startswith("narrate: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# --- init -------------------------------------------------------------------------------


INIT_FLAGS = (
    "--title", "Bản tin nghe", "--description", "Tin đọc cho người nghe.", "--author",
    "Báo Thử", "--owner", "Ban biên tập", "--email", "bt@example.org", "--base-url",
    "https://example.org/p/",
)  # fmt: skip


def test_init_writes_a_valid_commented_feed_and_says_which_engine(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_gtts_at(f"http://127.0.0.1:{closed_port()}/", monkeypatch)  # Google unreachable
    assert narrate("init", "tin-sang", "--feeds-dir", tmp_path, *INIT_FLAGS) == 0
    out = capsys.readouterr().out
    assert "engine: espeak (Google is not reachable" in out
    text = (tmp_path / "tin-sang.toml").read_text(encoding="utf-8")
    assert text.count("#") > 10  # commented for the editor
    config = load_feed("tin-sang", tmp_path)
    assert (config.title, config.owner_email, config.engine.name) == (
        "Bản tin nghe", "bt@example.org", "espeak",
    )  # fmt: skip


def test_init_chooses_google_when_it_answers(
    tmp_path: Path, capsys: Capture, google: FakeGoogle
) -> None:
    assert narrate("init", "tin", "--feeds-dir", tmp_path, *INIT_FLAGS) == 0
    assert "engine: gtts" in capsys.readouterr().out
    assert load_feed("tin", tmp_path).engine.name == "gtts"


def test_init_never_overwrites_without_force(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "tin.toml").write_text("# mine\n", encoding="utf-8")
    assert narrate("init", "tin", "--feeds-dir", tmp_path, "--engine", "espeak", *INIT_FLAGS) == 2
    assert (tmp_path / "tin.toml").read_text(encoding="utf-8") == "# mine\n"
    assert "--force" in capsys.readouterr().err


def test_init_without_a_terminal_names_the_missing_flags(tmp_path: Path, capsys: Capture) -> None:
    assert narrate("init", "tin", "--feeds-dir", tmp_path, "--title", "T") == 2
    assert "--email" in capsys.readouterr().err
    assert not (tmp_path / "tin.toml").exists()


def test_init_rejects_what_the_feed_file_would_reject(tmp_path: Path, capsys: Capture) -> None:
    flags = [f if f != "bt@example.org" else "not-an-email" for f in INIT_FLAGS]
    assert narrate("init", "tin", "--feeds-dir", tmp_path, "--engine", "espeak", *flags) == 1
    assert "owner.email" in one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "tin.toml").exists()


# --- episodes, remove, feed, cache prune ------------------------------------------------


def test_episodes_lists_and_remove_retracts(feeds_dir: Path, output: Path, capsys: Capture) -> None:
    first, second = sorted(EXAMPLES.glob("*.txt"))[:2]
    assert narrate("publish", first, second, *feed_args(feeds_dir, output)) == 0
    capsys.readouterr()
    assert narrate("episodes", "--feeds-dir", feeds_dir, "--output", output) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2
    guid = items(output)[0].findtext("guid")
    assert guid is not None and any(guid[:8] in line for line in listing)
    mp3_count = len(list((output / "test" / "public" / "episodes").glob("*.mp3")))
    assert narrate("remove", guid[:8], *feed_args(feeds_dir, output)) == 0
    assert [i.findtext("guid") for i in items(output)] != [] and guid not in [
        i.findtext("guid") for i in items(output)
    ]
    assert len(list((output / "test" / "public" / "episodes").glob("*.mp3"))) == mp3_count - 1
    capsys.readouterr()
    narrate("episodes", "--all", "--feed", "test", "--feeds-dir", feeds_dir, "--output", output)
    assert "RETRACTED" in capsys.readouterr().out


def test_remove_of_an_unknown_episode_is_one_line(
    feeds_dir: Path, output: Path, example: Path, capsys: Capture
) -> None:
    narrate("publish", example, *feed_args(feeds_dir, output))
    capsys.readouterr()
    assert narrate("remove", "ffffffff", *feed_args(feeds_dir, output)) == 1
    assert "no episode 'ffffffff'" in one_error_line(capsys.readouterr().err)


def test_feed_rebuilds_the_same_feed_from_the_catalog(
    feeds_dir: Path, output: Path, example: Path
) -> None:
    narrate("publish", example, *feed_args(feeds_dir, output))
    feed = output / "test" / "public" / "feed.xml"
    before = feed.read_bytes()
    feed.unlink()
    assert narrate("feed", *feed_args(feeds_dir, output)) == 0
    assert feed.read_bytes() == before


def test_the_feed_lists_the_newest_n_and_the_catalog_keeps_all(
    feeds_dir: Path, output: Path
) -> None:
    edit_feed(feeds_dir, top="max_episodes = 2\n")
    assert narrate("publish", *sorted(EXAMPLES.glob("*.txt")), *feed_args(feeds_dir, output)) == 0
    assert len(items(output)) == 2
    from narrate.pipeline import Publisher

    assert len(Publisher(load_feed("test", feeds_dir), output).episodes()) == 3


def test_cache_prune_reports_what_it_freed(
    feeds_dir: Path, output: Path, example: Path, capsys: Capture
) -> None:
    narrate("publish", example, *feed_args(feeds_dir, output))
    guid = items(output)[0].findtext("guid")
    narrate("publish", example, *feed_args(feeds_dir, output), "--voice", "south")
    capsys.readouterr()
    assert narrate("cache", "prune", *feed_args(feeds_dir, output)) == 0
    out = capsys.readouterr().out
    assert out.startswith("pruned ") and "pruned 0 segments" not in out  # the north voice's
    assert guid is not None


# --- publish options ----------------------------------------------------------------------


def test_dry_run_prints_every_segment_and_writes_nothing(
    feeds_dir: Path, output: Path, capsys: Capture
) -> None:
    article = EXAMPLES / "lua-dong-thap.txt"
    assert narrate("publish", article, *feed_args(feeds_dir, output), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "mười tám nghìn năm trăm" in out  # what will be said, not what is written
    assert "Ảnh: " in out
    assert len([line for line in out.splitlines() if not line.startswith("#")]) > 8
    assert not output.exists()


def test_quiet_prints_nothing_and_the_log_file_records_the_run(
    feeds_dir: Path, output: Path, example: Path, tmp_path: Path, capsys: Capture
) -> None:
    log = tmp_path / "narrate.log"
    assert narrate("-q", "--log-file", log, "publish", example, *feed_args(feeds_dir, output)) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    text = log.read_text(encoding="utf-8")
    assert "published: " in text and text[:4].isdigit()  # timestamped lines for cron


def test_a_gtts_episode_is_made_from_googles_audio(
    feeds_dir: Path, output: Path, example: Path, google: FakeGoogle
) -> None:
    assert narrate("publish", example, *feed_args(feeds_dir, output), "--engine", "gtts") == 0
    assert len(google.requests) > 5
    assert all(len(r.text) <= 100 for r in google.requests)  # cut before gTTS would cut
    [mp3] = (output / "test" / "public" / "episodes").glob("*.mp3")
    integrated, true_peak = measured_loudness(mp3)
    assert integrated == pytest.approx(-19.0, abs=1.0) and true_peak <= -1.0


@pytest.mark.slow
def test_an_unreachable_engine_is_one_line_suggesting_the_offline_voice(
    feeds_dir: Path, output: Path, example: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_gtts_at(f"http://127.0.0.1:{closed_port()}/", monkeypatch)
    assert narrate("publish", example, *feed_args(feeds_dir, output), "--engine", "gtts") == 1
    assert "--engine espeak" in one_error_line(capsys.readouterr().err)
    assert public_files(output) == []


# --- the disk and the file system ---------------------------------------------------------


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """A folder nobody may write to, even root (immutable), restored afterwards."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_permission_denied_is_one_line_and_the_feed_stays_whole(
    feeds_dir: Path, output: Path, capsys: Capture
) -> None:
    first, second = sorted(EXAMPLES.glob("*.txt"))[:2]
    narrate("publish", first, *feed_args(feeds_dir, output))
    before = public_files(output)
    feed_before = (output / "test" / "public" / "feed.xml").read_bytes()
    capsys.readouterr()
    with unwritable(output / "test" / "public" / "episodes"):
        assert narrate("publish", second, *feed_args(feeds_dir, output)) == 1
    assert "permission denied" in one_error_line(capsys.readouterr().err)
    assert public_files(output) == before
    assert (output / "test" / "public" / "feed.xml").read_bytes() == feed_before
    assert narrate("publish", second, *feed_args(feeds_dir, output)) == 0  # a re-run resumes
    assert len(items(output)) == 2


def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(
    feeds_dir: Path, tmp_path: Path
) -> None:
    if shutil.which("unshare") is None:  # pragma: no cover - util-linux is on every Debian
        pytest.fail("the disk-full test needs unshare (util-linux)")
    output = tmp_path / "small-disk"
    output.mkdir()
    article = EXAMPLES / "lua-dong-thap.txt"
    # A 300 KB file system of our own, in a private mount namespace: real ENOSPC, no root needed.
    script = (
        f'mount -t tmpfs -o size=300k tmpfs "{output}" && '
        f'"{sys.executable}" -m narrate publish "{article}" --feed test '
        f'--feeds-dir "{feeds_dir}" --output "{output}"; echo "exit=$?"; '
        f'find "{output}" -name "*.part" -o -name "*.mp3" -o -name "feed.xml"'
    )
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True, text=True, cwd=REPO, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert "exit=1" in result.stdout, result.stdout + result.stderr
    assert "the disk is full" in one_error_line(result.stderr)
    assert result.stdout.strip().splitlines() == ["exit=1"]  # no partial or orphan files


@pytest.mark.parametrize(
    "command",
    [("publish", "x.txt"), ("publish", "x.txt", "--dry-run"), ("episodes",), ("remove", "ab"),
     ("feed",), ("cache", "prune")],
)  # fmt: skip
def test_every_command_reports_a_broken_feed_file_in_one_line(
    feeds_dir: Path, output: Path, capsys: Capture, command: tuple[str, ...]
) -> None:
    (feeds_dir / "test.toml").write_text('title = "no closing quote\n', encoding="utf-8")
    assert narrate(*command, *feed_args(feeds_dir, output)) == 1
    assert "not valid TOML" in one_error_line(capsys.readouterr().err)
    assert not output.exists()


# --- check --------------------------------------------------------------------------------

TYPO_ARTICLE = (
    "Thử nghiệm\n\nCập nhật ngày: 03/06/2020 16:49:04\n\n"
    "ĐTO - Cách thức tuyên tryền đạt 1.890 lượt người tham dự.\n\nNGUYỄN AN\n"
)


def test_check_shows_readings_and_likely_typos(tmp_path: Path, capsys: Capture) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(TYPO_ARTICLE, encoding="utf-8")
    assert narrate("check", article) == 0
    out = capsys.readouterr().out
    assert "'1.890' → 'một nghìn tám trăm chín mươi'" in out
    assert "'tryền'" in out and "needs a human" in out


def test_check_strict_fails_when_a_human_is_needed(tmp_path: Path, capsys: Capture) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(TYPO_ARTICLE, encoding="utf-8")
    assert narrate("check", "--strict", article) == 1
    article.write_text(TYPO_ARTICLE.replace("tryền", "truyền"), encoding="utf-8")
    assert narrate("check", "--strict", article) == 0


def test_check_json_is_for_tools_and_uses_the_feed(
    tmp_path: Path, feeds_dir: Path, capsys: Capture
) -> None:
    import json

    article = tmp_path / "bai.txt"
    article.write_text(TYPO_ARTICLE, encoding="utf-8")
    edit_feed(feeds_dir, tables='[lexicon]\ndialect = "south"\n')
    assert narrate("check", "--json", "--feed", "test", "--feeds-dir", feeds_dir, article) == 0
    [report] = json.loads(capsys.readouterr().out)
    assert report["needs_human"] is True and report["dialect"] == "south"
    assert [f["text"] for f in report["not_syllables"]] == ["tryền"]
    assert any(c["spoken"] == "một ngàn tám trăm chín mươi" for c in report["changes"])


def test_check_of_a_missing_file_is_one_line(tmp_path: Path, capsys: Capture) -> None:
    assert narrate("check", tmp_path / "none.txt") == 1
    one_error_line(capsys.readouterr().err)


def test_init_asks_for_what_the_flags_did_not_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from narrate.cli import cli

    monkeypatch.setattr("narrate.cli._interactive", lambda: True)
    answers = "Tin chiều\nTin đọc buổi chiều.\nBáo Thử\nBan biên tập\nbt@example.org\n"
    result = CliRunner().invoke(
        cli,
        ["init", "chieu", "--feeds-dir", str(tmp_path), "--engine", "espeak",
         "--base-url", "https://example.org/chieu/"],
        input=answers,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Podcast title" in result.output and "Owner e-mail" in result.output
    config = load_feed("chieu", tmp_path)
    assert (config.title, config.author, config.owner_email) == (
        "Tin chiều", "Báo Thử", "bt@example.org",
    )  # fmt: skip


# --- remove: never by accident, never half ---------------------------------------------------


@pytest.mark.parametrize("prefix_length", [1, 2, 3])
def test_remove_with_a_short_prefix_asks_for_yes_and_retracts_nothing(
    feeds_dir: Path, output: Path, example: Path, capsys: Capture, prefix_length: int
) -> None:
    narrate("publish", example, *feed_args(feeds_dir, output))
    guid = items(output)[0].findtext("guid")
    assert guid is not None
    capsys.readouterr()
    assert narrate("remove", guid[:prefix_length], *feed_args(feeds_dir, output)) == 2
    assert "at least 4 characters" in capsys.readouterr().err
    assert [i.findtext("guid") for i in items(output)] == [guid]
    assert narrate("remove", guid[:prefix_length], "--yes", *feed_args(feeds_dir, output)) == 0
    assert items(output) == []


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody may change: its mode, and for root (whom modes do not stop) the
    immutable attribute."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_remove_from_a_read_only_folder_retracts_nothing_and_says_so(
    feeds_dir: Path, output: Path, example: Path, capsys: Capture
) -> None:
    narrate("publish", example, *feed_args(feeds_dir, output))
    guid = items(output)[0].findtext("guid")
    episodes = output / "test" / "public" / "episodes"
    capsys.readouterr()
    with read_only(episodes):
        assert narrate("remove", guid, *feed_args(feeds_dir, output)) == 1
    assert "nothing was retracted" in one_error_line(capsys.readouterr().err)
    assert [i.findtext("guid") for i in items(output)] == [guid]  # listed, and its MP3 is there
    assert len(list(episodes.glob("*.mp3"))) == 1
    assert narrate("remove", guid, *feed_args(feeds_dir, output)) == 0
    assert list(episodes.glob("*.mp3")) == []


@pytest.mark.parametrize(("answer", "retracted"), [("n", False), ("y", True)])
def test_remove_with_a_short_prefix_at_a_terminal_asks_first(
    feeds_dir: Path, output: Path, example: Path, answer: str, retracted: bool
) -> None:
    narrate("publish", example, *feed_args(feeds_dir, output))
    guid = items(output)[0].findtext("guid")
    assert guid is not None
    controller, terminal = pty.openpty()  # a real terminal for stdin: someone can answer
    command = [
        sys.executable,
        "-m",
        "narrate",
        "remove",
        guid[:1],
        *map(str, feed_args(feeds_dir, output)),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(command, stdin=terminal, stdout=subprocess.PIPE, text=True, env=env)
    os.close(terminal)
    os.write(controller, f"{answer}\n".encode())
    out, _ = run.communicate(timeout=60)
    os.close(controller)
    assert run.returncode == 0
    assert f"({guid})?" in out  # the question named the episode in full
    assert (items(output) == []) is retracted
