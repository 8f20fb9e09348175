"""Hostile feed files: every field, wrong types, nan/inf, huge, controls, markup, unknown keys.

Each gives one clear line naming the field and exit 1, through the real command line; a typo
in a key is refused with the nearest valid name instead of being silently ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from narrate.cli import main
from narrate.config import load_feed
from tests.conftest import edit_feed

Capture = pytest.CaptureFixture[str]

DEEP = "[" * 5000 + "]" * 5000


def replace_in_feed(feeds_dir: Path, old: str, new: str) -> None:
    path = feeds_dir / "test.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_episodes(feeds_dir: Path, tmp_path: Path, capsys: Capture) -> tuple[int, str]:
    code = main(["episodes", "--feed", "test", "--feeds-dir", str(feeds_dir),
                 "--output", str(tmp_path / "output")])  # fmt: skip
    return code, capsys.readouterr().err


# (where: "top" before the first table, "tables" at the end, or "old=>new"), text, the line says
HOSTILE: list[tuple[str, str, str]] = [
    # unknown keys, refused with the nearest name
    ("top", "max_episode = 10\n", '"max_episode"; did you mean "max_episodes"'),
    ("top", "titel = 'x'\n", '"titel"; did you mean "title"'),
    ("top", "zzz = 1\n", 'unknown field "zzz"; the fields here are'),
    ('email = "bientap@example.org"=>emial = "a@b.org"', "", '"owner.emial"; did you mean'),
    ("tables", "[announce]\nopenning = 'x'\n", '"announce.openning"; did you mean "announce.'),
    ("tables", "[programme]\nintro_gapp = 1\n", '"programme.intro_gapp"; did you mean'),
    ("tables", "[broadcast]\nloudnes = -23\n", '"broadcast.loudnes"; did you mean'),
    ("tables", "[parts.titel]\nrate = 1\n", '"parts.titel"'),
    # nan, inf and numbers past any range
    ("top", "max_episodes = nan\n", '"max_episodes" must be a finite number'),
    ("top", "max_episodes = inf\n", '"max_episodes" must be a finite number'),
    ("top", "max_episodes = " + "9" * 400 + "\n", '"max_episodes" must be a finite number'),
    ("rate = 1.5=>rate = inf", "", '"engine.rate" must be a finite number'),
    ("rate = 1.5=>rate = 1.5\npoliteness = nan", "", '"engine.politeness" must be a finite'),
    ("rate = 1.5=>rate = 1.5\npoliteness = -inf", "", '"engine.politeness" must be a finite'),
    ("rate = 1.5=>rate = 1.5\npitch = nan", "", '"engine.pitch" must be a finite number'),
    ("tables", "[broadcast]\nloudness = nan\n", '"broadcast.loudness" must be a finite'),
    ("tables", "[programme]\nintro_gap = -nan\n", '"programme.intro_gap" must be a finite'),
    ("tables", "[parts.captions]\nrate = nan\n", '"parts.captions.rate" must be a finite'),
    # wrong types
    ('title = "Bản tin thử & <kiểm tra>"=>title = 5', "", '"title" must be a non-empty string'),
    ('title = "Bản tin thử & <kiểm tra>"=>title = [1]', "", '"title" must be a non-empty string'),
    ("top", "max_episodes = '10'\n", '"max_episodes" must be a number'),
    ("top", "image = 5\n", '"image" must be a non-empty string'),
    ('category = "News/Daily News"=>category = true', "", '"category" must be a non-empty'),
    ("rate = 1.5=>rate = 'fast'", "", '"engine.rate" must be a number'),
    ("rate = 1.5=>rate = 1.5\ndeep = {a = 1}", "", '"engine.deep" must be a single value'),
    ("tables", "[parts]\ntitle = 3\n", '"parts.title" must be a table'),
    ("tables", "[lexicon]\n'ĐTO' = 5\n", 'lexicon entry "ĐTO"'),
    ("tables", "[announce]\nsynthetic_notice = 'yes'\n", '"announce.synthetic_notice" must'),
    # nesting past what a parser can follow
    ('title = "Bản tin thử & <kiểm tra>"=>title = ' + DEEP, "", '"title" nests'),
    ("top", "image = " + "[" * 300 + "]" * 300 + "\n", '"image" must be a non-empty string'),
    # format specs and attribute access in templates
    ("tables", "[announce]\nopening = '{title:>99999999999}'\n", '"announce.opening" formats'),
    ("tables", "[announce]\ncredit = '{author!r}'\n", '"announce.credit" formats'),
    ("tables", "[announce]\nsource = '{source:>999999999}'\n", '"announce.source" formats'),
    ("tables", "[announce]\nclosing = '{title.__class__}'\n", '"announce.closing" uses'),
    # control characters and bidi overrides
    ('title = "Bản tin thử & <kiểm tra>"=>title = "Bản tin\\u001b[31m"', "", '"title" holds the'),
    ('author = "Báo Thử Nghiệm"=>author = "Báo \\u202eThử"', "", '"author" holds the'),
    ('name = "Ban biên tập"=>name = "Ban\\u0000"', "", '"owner.name" holds the control'),
    ("top", "description2 = 1\n", '"description2"; did you mean "description"'),
    ("tables", '[lexicon]\n"a\\u0007" = "b"\n', "[lexicon] word"),
    ("tables", '[announce]\npublisher = "Báo\\u009b"\n', '"announce.publisher" holds'),
    ('rate = 1.5=>rate = 1.5\npitch = "+5Hz\\u0085\\u0001"', "", '"engine.pitch" holds'),
    # huge values
    ('title = "Bản tin thử & <kiểm tra>"=>title = "' + "Tin " * 50_000 + '"', "", '"title" is'),
    (
        'description = "Kênh dùng trong bộ kiểm thử của narrate."=>description = "'
        + "á" * 5000
        + '"',
        "",
        '"description" is 5,000 characters long',
    ),
    (
        'copyright = "© 2026 Báo Thử Nghiệm"=>copyright = "' + "©" * 10_000 + '"',
        "",
        '"copyright" is 10,000 characters',
    ),
    ('voice = "north"=>voice = "' + "v" * 1000 + '"', "", '"engine.voice" is 1,000'),
    ("tables", "[announce]\nopening = '" + "x" * 600 + "'\n", '"announce.opening" is 600'),
    # markup and schemes that are not the web
    ('link = "https://example.org/"=>link = "javascript:alert(1)"', "", '"link" must be an http'),
    ('link = "https://example.org/"=>link = "https://x.org/\\"><script>"', "", '"link" must be'),
    (
        'base_url = "https://podcast.example.org/test"=>base_url = "data:text/html,<b>"',
        "",
        '"base_url" must be an http(s) URL',
    ),
    ('email = "bientap@example.org"=>email = "<script>@x.org"', "", '"owner.email" is not an'),
    ('email = "bientap@example.org"=>email = "a@b.org\\"><img src=x>"', "", '"owner.email"'),
    ("top", "image = 'javascript:alert(1).png'\n", '"image"'),
    # the remaining fields, one hostile value each
    ("top", "language = 'en'\n", '"language" must be "vi"'),
    ("top", 'language = "vi\\u001b"\n', '"language" holds the control character'),
    ("explicit = false=>explicit = 1", "", '"explicit" must be true or false'),
    ("top", "locked = 'yes'\n", '"locked" must be true or false'),
    ('name = "espeak"=>name = "espeak\\u202e"', "", '"engine.name" holds'),
    ('name = "espeak"=>name = "' + "e" * 500 + '"', "", '"engine.name" is 500 characters'),
    ("tables", '[parts.title]\nvoice = "nam\\u0007"\n', '"parts.title.voice" holds'),
    (
        "tables",
        "[programme]\nouttro = 'x.mp3'\n",
        '"programme.outtro"; did you mean "programme.outro"',
    ),
    ("tables", "[programme]\noutro_gap = inf\n", '"programme.outro_gap" must be a finite'),
    ("tables", "[broadcast]\nbits = nan\n", '"broadcast.bits" must be a finite number'),
    ("tables", "[broadcast]\nchannels = inf\n", '"broadcast.channels" must be a finite'),
    ("tables", "[broadcast]\ntrue_peak = '-1'\n", '"broadcast.true_peak" must be a number'),
    ("tables", "[broadcast]\nwav = 1\n", '"broadcast.wav" must be true or false'),
    ("tables", '[announce]\nnotice = "Giọng\\u009b máy"\n', '"announce.notice" holds'),
    (
        "tables",
        "[lexicon]\n" + "".join(f"'w{n}' = 'x'\n" for n in range(10_001)),
        "[lexicon] has 10,001 words",
    ),
    ("tables", "[lexicon]\n'ĐTO' = '" + "x" * 600 + "'\n", '[lexicon] word "ĐTO" is 600'),
    (
        "tables",
        "[[lexicon.rules]]\npattern = 'a'\nsay = '" + "x" * 600 + "'\n",
        '[lexicon] rule 1 "say" is 600 characters',
    ),
]


@pytest.mark.parametrize(("where", "text", "says"), HOSTILE)
def test_a_hostile_feed_file_gives_one_line_naming_the_field_and_exit_1(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, where: str, text: str, says: str
) -> None:
    if "=>" in where:
        old, new = where.split("=>", 1)
        replace_in_feed(feeds_dir, old, new)
    else:
        edit_feed(feeds_dir, **{where: text})

    code, err = run_episodes(feeds_dir, tmp_path, capsys)

    assert code == 1
    assert err.startswith("narrate: error: ") and err.count("\n") == 1, err[:300]
    assert says in err, err[:300]
    assert len(err) < 400 and "Traceback" not in err


@pytest.mark.parametrize(
    ("top", "tables"),
    [
        ("", "[lexicon]\n'ĐTO' = 'Đồng Tháp Online'\n'max_episode' = 'mắc'\ndialect = 'south'\n"),
        ("", "[engine.extra]\n"[:0] + "[parts.title]\nengine = 'edge'\npitch = '+5Hz'\n"),
        ("", "[announce]\nopening = '{publisher}: {title}.'\ncredit = ''\n"),
    ],
)
def test_lexicon_words_and_an_engines_own_settings_are_not_unknown_keys(
    feeds_dir: Path, top: str, tables: str
) -> None:
    replace_in_feed(feeds_dir, "rate = 1.5", "rate = 1.5\nspeaker = 3\npitch = '+2Hz'")
    edit_feed(feeds_dir, top=top, tables=tables)

    config = load_feed("test", feeds_dir)

    assert config.engine.option("speaker") == 3 and config.engine.option("pitch") == "+2Hz"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Bản tin\\u0085Đồng Tháp", "Bản tin Đồng Tháp"),
        ("Bản tin\\u2028Đồng Tháp", "Bản tin Đồng Tháp"),
        ("Hội\\u200bnghị", "Hội nghị"),
        ("\\ufeffBản tin", "Bản tin"),
    ],
)
def test_line_breaks_and_invisible_characters_in_a_title_are_cleaned_not_refused(
    feeds_dir: Path, raw: str, clean: str
) -> None:
    replace_in_feed(feeds_dir, 'title = "Bản tin thử & <kiểm tra>"', f'title = "{raw}"')

    assert load_feed("test", feeds_dir).title == clean


def test_a_feed_file_past_its_size_bound_is_refused_before_parsing(
    feeds_dir: Path, tmp_path: Path, capsys: Capture
) -> None:
    edit_feed(feeds_dir, top="# " + "x" * (2 * 1024 * 1024) + "\n")

    code, err = run_episodes(feeds_dir, tmp_path, capsys)

    assert code == 1 and err.count("\n") == 1
    assert "larger than 1,024 KB" in err


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_a_feed_that_is_a_device_a_fifo_or_a_folder_is_refused_without_reading_it(
    tmp_path: Path, capsys: Capture, special: str
) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "feed.toml"
        os.mkfifo(path)  # nobody writes: opening it to read would hang
    elif special == "folder":
        path = tmp_path / "feed.toml"
        path.mkdir()

    code = main(["episodes", "--feed", str(path), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err

    assert code == 1 and err.count("\n") == 1, err
    assert "feed file" in err and ("not a regular file" in err or "folder" in err)


def make_png(path: Path) -> None:
    Image.new("RGB", (1400, 1400), (10, 60, 90)).save(path)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        ("text", "is not a PNG or JPEG image"),
        ("gif", "is not a PNG or JPEG image"),
        ("truncated", "is not a PNG or JPEG image"),
        ("link-out", "is a link to a file outside the feed's folder"),
        ("link-out-png", "is a link to a file outside the feed's folder"),
        ("jpeg-named-png", "is a JPEG image; name it .jpg"),
    ],
)
def test_a_cover_image_must_decode_as_png_or_jpeg_and_stay_in_the_feeds_folder(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, make: str, says: str
) -> None:
    cover = feeds_dir / "cover.png"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    if make == "text":
        cover.write_text("root:x:0:0:root:/root:/bin/bash\n")
    elif make == "gif":
        Image.new("RGB", (1400, 1400)).save(cover, format="GIF")
    elif make == "truncated":
        make_png(outside / "real.png")
        cover.write_bytes((outside / "real.png").read_bytes()[:200])
    elif make == "jpeg-named-png":
        Image.new("RGB", (1400, 1400)).save(cover, format="JPEG")
    elif make == "link-out":
        cover.symlink_to("/etc/passwd")
    else:
        make_png(outside / "real.png")
        cover.symlink_to(outside / "real.png")
    edit_feed(feeds_dir, top='image = "cover.png"\n')

    code, err = run_episodes(feeds_dir, tmp_path, capsys)

    assert code == 1 and err.count("\n") == 1, err
    assert '"image"' in err and says in err


@pytest.mark.parametrize("through", ["file", "folder"])
@pytest.mark.parametrize("key", ["intro", "outro"])
def test_a_jingle_linked_out_of_the_feeds_folder_is_refused(
    feeds_dir: Path, tmp_path: Path, capsys: Capture, key: str, through: str
) -> None:
    if through == "file":
        (feeds_dir / "jingle.mp3").symlink_to("/etc/passwd")
        edit_feed(feeds_dir, tables=f'[programme]\n{key} = "jingle.mp3"\n')
    else:  # a folder on the way is the link: sounds/ → /etc
        (feeds_dir / "sounds").symlink_to("/etc", target_is_directory=True)
        edit_feed(feeds_dir, tables=f'[programme]\n{key} = "sounds/passwd"\n')

    code, err = run_episodes(feeds_dir, tmp_path, capsys)

    assert code == 1 and f'"programme.{key}"' in err and "outside the feed's folder" in err


def test_a_piper_model_linked_out_of_the_feeds_folder_is_refused(
    feeds_dir: Path, tmp_path: Path, capsys: Capture
) -> None:
    (feeds_dir / "voice.onnx").symlink_to("/etc/passwd")
    replace_in_feed(feeds_dir, "rate = 1.5", 'rate = 1.5\nmodel = "voice.onnx"')

    code, err = run_episodes(feeds_dir, tmp_path, capsys)

    assert code == 1 and '"engine.model"' in err and "outside the feed's folder" in err


def test_real_png_and_jpeg_covers_in_the_feeds_folder_are_accepted(feeds_dir: Path) -> None:
    make_png(feeds_dir / "cover.png")
    Image.new("RGB", (1400, 1400)).save(feeds_dir / "cover.jpg", format="JPEG")
    (feeds_dir / "linked.png").symlink_to("cover.png")  # a link that stays inside is fine
    for name in ("cover.png", "cover.jpg", "linked.png"):
        path = feeds_dir / "test.toml"
        lines = [x for x in path.read_text().splitlines() if not x.startswith("image =")]
        path.write_text(f'image = "{name}"\n' + "\n".join(lines) + "\n")
        assert load_feed("test", feeds_dir).image == str(feeds_dir / name)


def test_a_cover_written_outside_the_feeds_folder_is_the_editors_choice(
    feeds_dir: Path, tmp_path: Path
) -> None:
    make_png(tmp_path / "shared-cover.png")
    edit_feed(feeds_dir, top='image = "../shared-cover.png"\n')

    assert load_feed("test", feeds_dir).image == str(feeds_dir / "../shared-cover.png")


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--title", "Bản tin\x1b[31m", '"title" holds the control character U+001B'),
        ("--author", "Báo \u202eThử", '"author" holds the control character U+202E'),
        ("--email", "<script>@x.org", '"owner.email" is not an e-mail address'),
        ("--base-url", "javascript:alert(1)", '"base_url" must be an http(s) URL'),
    ],
)
def test_init_with_a_hostile_flag_leaves_no_feed_file_and_names_the_field(
    tmp_path: Path, capsys: Capture, flag: str, value: str, says: str
) -> None:
    flags = {
        "--title": "Bản tin nghe", "--description": "Tin đọc cho người nghe.",
        "--author": "Báo Thử", "--owner": "Ban biên tập", "--email": "bt@example.org",
        "--base-url": "https://example.org/p/",
    }  # fmt: skip
    flags[flag] = value
    args = [item for pair in flags.items() for item in pair]

    code = main(["init", "kenh", *args, "--engine", "espeak", "--feeds-dir", str(tmp_path)])
    err = capsys.readouterr().err

    assert code == 1 and err.count("\n") == 1 and says in err, err
    assert not (tmp_path / "kenh.toml").exists()
