from pathlib import Path

import pytest

from narrate.config import EngineSettings, load_feed, resolve_feed_path
from narrate.errors import ConfigError
from tests.conftest import edit_feed


def test_feed_file_loads_with_defaults_filled_in(feeds_dir: Path) -> None:
    config = load_feed("test", feeds_dir)
    assert config.name == "test"
    assert config.language == "vi"
    assert config.base_url == "https://podcast.example.org/test/"
    assert config.feed_url == "https://podcast.example.org/test/feed.xml"
    assert (config.category, config.subcategory) == ("News", "Daily News")
    assert config.engine == EngineSettings("espeak", "north", 1.5)
    assert not config.lexicon and config.parts == {} and not config.broadcast.wav
    assert config.programme.intro is None and config.programme.outro is None


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        ("demo", Path("feeds/demo.toml")),
        ("other/x.toml", Path("other/x.toml")),
        ("x.toml", Path("x.toml")),
        ("./feeds/demo", Path("feeds/demo")),
    ],
)
def test_feed_argument_is_a_name_unless_it_looks_like_a_path(feed: str, expected: Path) -> None:
    assert resolve_feed_path(feed, Path("feeds")) == expected


def test_a_feed_name_cannot_escape_the_feeds_folder() -> None:
    with pytest.raises(ConfigError, match="not valid"):
        resolve_feed_path("..", Path("feeds"))


def _write(feeds_dir: Path, text: str) -> None:
    (feeds_dir / "test.toml").write_text(text, encoding="utf-8")


def _without(feeds_dir: Path, prefix: str) -> None:
    lines = (feeds_dir / "test.toml").read_text(encoding="utf-8").splitlines()
    _write(feeds_dir, "\n".join(line for line in lines if not line.startswith(prefix)))


@pytest.mark.parametrize("field", ["title", "description", "author", "base_url"])
def test_a_missing_required_field_is_named(feeds_dir: Path, field: str) -> None:
    _without(feeds_dir, f"{field} =")
    with pytest.raises(ConfigError, match=f'required field "{field}" is missing'):
        load_feed("test", feeds_dir)


def test_a_missing_owner_email_is_named(feeds_dir: Path) -> None:
    _without(feeds_dir, "email =")
    with pytest.raises(ConfigError, match=r'"owner\.email"'):
        load_feed("test", feeds_dir)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('category = "News/Daily News"', 'category = "Newz"', '"category"'),
        ("explicit = false", 'explicit = "no"', '"explicit" must be true or false'),
        ("rate = 1.5", "rate = 3", '"engine.rate"'),
        ('base_url = "https://podcast.example.org/test"', 'base_url = "ftp://x"', '"base_url"'),
        ('email = "bientap@example.org"', 'email = "nobody"', '"owner.email"'),
        ('title = "Bản tin thử & <kiểm tra>"', 'title = ""', '"title" must be a non-empty'),
        ("rate = 1.5", "rate = 1.5\npoliteness = 0", '"engine.politeness" must be a whole'),
        ("rate = 1.5", "rate = 1.5\npoliteness = 2.5", '"engine.politeness" must be a whole'),
        ("explicit = false", 'explicit = false\nlocked = "yes"', '"locked" must be true or false'),
    ],
)
def test_a_wrong_value_is_reported_with_its_field(
    feeds_dir: Path, old: str, new: str, message: str
) -> None:
    path = feeds_dir / "test.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_feed("test", feeds_dir)
    assert "\n" not in str(info.value)


def test_broken_toml_is_one_clear_line(feeds_dir: Path) -> None:
    _write(feeds_dir, 'title = "unterminated\n')
    with pytest.raises(ConfigError, match="not valid TOML") as info:
        load_feed("test", feeds_dir)
    assert "\n" not in str(info.value)


def test_a_missing_feed_file_lists_the_known_feeds(feeds_dir: Path) -> None:
    with pytest.raises(ConfigError, match="known feeds: test"):
        load_feed("nope", feeds_dir)


def test_an_image_must_be_png_or_jpeg(feeds_dir: Path) -> None:
    edit_feed(feeds_dir, top='image = "https://example.org/cover.gif"\n')
    with pytest.raises(ConfigError, match='"image"'):
        load_feed("test", feeds_dir)


def test_command_line_flags_override_the_feed_file(feeds_dir: Path) -> None:
    config = load_feed("test", feeds_dir)
    assert config.with_engine(voice="south").engine == EngineSettings("espeak", "south", 1.5)
    assert config.with_engine(rate=0.8).engine.rate == 0.8
    # Another engine does not inherit a voice that belongs to the feed's engine.
    assert config.with_engine(name="other").engine == EngineSettings("other", None, 1.5)
    with pytest.raises(ConfigError):
        config.with_engine(rate=2.5)


def test_the_repo_demo_feed_is_valid() -> None:
    repo_feeds = Path(__file__).resolve().parent.parent / "feeds"
    config = load_feed("demo", repo_feeds)
    assert config.engine.name == "espeak"


def test_a_broken_lexicon_rule_is_named(feeds_dir: Path) -> None:
    edit_feed(feeds_dir, tables="[lexicon]\nrules = [{pattern = '(', say = 'x'}]\n")
    with pytest.raises(ConfigError, match="lexicon rule 1") as info:
        load_feed("test", feeds_dir)
    assert "\n" not in str(info.value)
