"""``feeds/<name>.toml`` → a frozen ``FeedConfig``, validated once with errors that name the field.

Settings resolve in one place: command-line flag, then the feed file, then built-ins.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import string
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from narrate.errors import ConfigError
from narrate.limits import (
    MAX_FEED_FILE_BYTES,
    MAX_SEGMENTS,
    MAX_SPOKEN_MINUTES,
    read_regular_file,
)
from narrate.speech.lexicon import Lexicon
from narrate.textclean import clean_line, clean_text

DEFAULT_ENGINE = "espeak"
DEFAULT_RATE = 1.0
MIN_RATE, MAX_RATE = 0.5, 2.0
FEED_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# Every field a feed file may hold; any other key is a typo and is refused with the nearest
# name ("max_episode" must not be silently ignored while the real limit stays 300). [lexicon]
# keys are words, and an engine's own settings belong to the engine, which checks them.
TOP_FIELDS = (
    "title", "description", "author", "base_url", "language", "category", "explicit", "image",
    "link", "copyright", "locked", "max_episodes", "owner", "engine", "announce", "lexicon",
    "parts", "programme", "broadcast",
)  # fmt: skip
OWNER_FIELDS = ("name", "email")
# Size bounds in characters: past these a field is a mistake (or an attack), not a feed.
MAX_NAME_CHARS = 255  # titles, names, voices
MAX_DESCRIPTION_CHARS = 4000  # Apple's limit for the channel description
MAX_URL_CHARS = 2000
MAX_TEMPLATE_CHARS = 500
MAX_OPTION_CHARS = 1000
MAX_LEXICON_ENTRIES = 10_000
MAX_LEXICON_RULES = 1000
# Characters no text field may hold: C0 and C1 controls (but tab and line ends), bidi
# embeddings, overrides and isolates, XML's non-characters and lone surrogates. Invisible but
# harmless ones (a zero-width space, a BOM) are cleaned silently instead.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
    "\ufffe\uffff\ud800-\udfff]"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A key whose value opens many arrays or inline tables at once.
_DEEP_VALUE = re.compile(r"""(?m)^[ \t]*([A-Za-z0-9_.'"-]+)[ \t]*=[ \t]*(?:[\[{][ \t]*){50}""")
_URL_UNSAFE = re.compile(r"[\s<>\"'`\\{}|^]")

# Apple Podcasts categories (top level → subcategories), so a typo fails here and not in review.
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


@dataclass(frozen=True)
class EngineSettings:
    """Which engine speaks, with which voice, how fast (1.0 = the engine's normal pace)."""

    name: str = DEFAULT_ENGINE
    voice: str | None = None  # None: the engine's default voice
    rate: float = DEFAULT_RATE
    politeness: int = 4  # online engines: requests in flight for this feed, across runs
    # The engine's own settings (piper's ``model``, edge's ``pitch`` …) as sorted pairs, so
    # settings stay hashable and picklable for worker processes; the engine checks them.
    options: tuple[tuple[str, Any], ...] = ()

    def option(self, key: str, default: Any = None) -> Any:
        return dict(self.options).get(key, default)


PLACEHOLDERS = {"publisher", "date", "title", "author", "source"}

# A feed's [parts] names → the parts of the script they voice.
PARTS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "body": ("lead", "heading", "paragraph"),
    "captions": ("caption",),
    "credits": ("credit", "notice", "closing"),
}


@dataclass(frozen=True)
class Programme:
    """Sound around the speech: the station's jingle before and after (files ffmpeg reads)."""

    intro: Path | None = None
    outro: Path | None = None
    intro_gap: float = 0.5  # seconds between the intro's end and the first word
    outro_gap: float = 0.8  # seconds between the last word and the outro


@dataclass(frozen=True)
class Broadcast:
    """The radio delivery beside each MP3: a Broadcast Wave file at EBU R128 loudness."""

    wav: bool = False
    loudness: float = -23.0  # LUFS integrated, EBU R128 (−24 for ATSC A/85 stations)
    true_peak: float = -1.0  # dBTP ceiling (EBU R128: −1)
    channels: int = 2  # dual mono: what a stereo desk expects; measured as two channels
    bits: int = 24
    sample_rate: int = 48000


@dataclass(frozen=True)
class Announcements:
    """What the episode says around the article, in the feed's words (templates in Vietnamese).

    Placeholders: {publisher} (the paper's spoken name), {date} ("ngày dd/mm/yyyy"),
    {title}, {author} (the byline in normal case), {source} (the outlet or agency a source line
    credits: "Theo TTXVN").
    """

    publisher: str | None = None  # default: the feed's author
    opening: str = "{publisher}, {date}: {title}."
    opening_undated: str = "{publisher}: {title}."
    credit: str = "Bài viết của tác giả {author}."
    source: str = "Theo {source}."  # a source line is never said as an author
    closing: str = "{publisher} cảm ơn quý vị đã lắng nghe."
    # Listeners have a right to know the voice is a machine's; a feed can turn it off.
    synthetic_notice: bool = True
    notice: str = "Bài báo được đọc bằng giọng máy."


@dataclass(frozen=True)
class FeedConfig:
    """One podcast channel, as its feed file defines it."""

    name: str
    title: str
    description: str
    author: str
    owner_name: str
    owner_email: str
    base_url: str  # where public/ is served; ends with "/"
    language: str = "vi"
    category: str = "News"
    subcategory: str | None = None
    explicit: bool = False
    image: str | None = None  # https URL, or a local file resolved against the feed file
    link: str | None = None  # the newspaper's website
    copyright: str | None = None
    locked: bool = True  # podcast:locked: other platforms may not import the feed
    engine: EngineSettings = field(default_factory=EngineSettings)
    announce: Announcements = field(default_factory=Announcements)
    max_episodes: int = 300  # the feed lists the newest N; the catalog keeps everything
    lexicon: Lexicon = field(default_factory=Lexicon)  # the feed's own words and rules
    # A voice per part ([parts.title] …): part name → its engine settings, when not [engine]'s.
    parts: dict[str, EngineSettings] = field(default_factory=dict)
    programme: Programme = field(default_factory=Programme)
    broadcast: Broadcast = field(default_factory=Broadcast)
    path: Path | None = None
    # Bounds on one article's speech (publish --max-segments, --max-minutes raise them).
    max_segments: int = MAX_SEGMENTS
    max_minutes: float = MAX_SPOKEN_MINUTES

    def engine_for(self, kind: str) -> EngineSettings:
        """The engine settings that speak a script part of ``kind`` ("title", "caption" …)."""
        for part, kinds in PARTS.items():
            if kind in kinds and part in self.parts:
                return self.parts[part]
        return self.engine

    def all_engines(self) -> list[EngineSettings]:
        """Every distinct engine setting this feed speaks with, [engine]'s first."""
        seen = [self.engine]
        for settings in self.parts.values():
            if settings not in seen:
                seen.append(settings)
        return seen

    @property
    def feed_url(self) -> str:
        return self.base_url + "feed.xml"

    def with_engine(
        self, name: str | None = None, voice: str | None = None, rate: float | None = None
    ) -> FeedConfig:
        """Apply command-line overrides on top of the feed file's engine settings.

        ``--engine`` or ``--voice`` speaks the whole episode with one voice (the way out when an
        online part's service is down); ``--rate`` alone applies to every part.
        """
        engine = self.engine
        parts = self.parts
        if name is not None or voice is not None:
            parts = {}
        elif rate is not None:
            parts = {k: replace(v, rate=check_rate(rate)) for k, v in parts.items()}
        if name is not None and name != engine.name:
            # A different engine does not inherit the feed's voice, which belongs to its engine.
            # Nor its engine-specific settings.
            engine = EngineSettings(
                name=name, voice=None, rate=engine.rate, politeness=engine.politeness
            )
        if voice is not None:
            engine = replace(engine, voice=voice)
        if rate is not None:
            engine = replace(engine, rate=check_rate(rate))
        return replace(self, engine=engine, parts=parts)

    def with_limits(
        self, max_segments: int | None = None, max_minutes: float | None = None
    ) -> FeedConfig:
        """Raise (or lower) the bounds on one article's speech from the command line."""
        return replace(
            self,
            max_segments=self.max_segments if max_segments is None else max_segments,
            max_minutes=self.max_minutes if max_minutes is None else max_minutes,
        )


def check_rate(rate: float) -> float:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise ConfigError(
            f"rate {rate} is out of range: use a number from {MIN_RATE} to {MAX_RATE}"
        )
    return float(rate)


def resolve_feed_path(feed: str, feeds_dir: Path) -> Path:
    """``NAME`` means ``feeds/NAME.toml``; anything with a ``/`` or ``.toml`` is a path."""
    if "/" in feed or feed.endswith(".toml"):
        return Path(feed)
    if not FEED_NAME.match(feed):
        raise ConfigError(
            f"feed name {feed!r} is not valid: use lower-case letters, digits, '-' or '_'"
        )
    return feeds_dir / f"{feed}.toml"


def load_feed(feed: str, feeds_dir: Path = Path("feeds")) -> FeedConfig:
    """Read and validate a feed file; every problem is a ConfigError naming file and field."""
    path = resolve_feed_path(feed, feeds_dir)
    if not path.exists() and not path.is_symlink():
        known = sorted(p.stem for p in feeds_dir.glob("*.toml")) if feeds_dir.is_dir() else []
        hint = f" (known feeds: {', '.join(known)})" if known else ""
        raise ConfigError(f"feed file {path} does not exist{hint}")
    raw = read_regular_file(path, limit=MAX_FEED_FILE_BYTES, what="feed file", error=ConfigError)
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(_too_deep(raw.decode("utf-8-sig", "replace"), path)) from None
    name = path.stem.lower()
    if not FEED_NAME.match(name):
        raise ConfigError(f"{path}: the file name must be letters, digits, '-' or '_' (.toml)")
    return parse_feed(data, name=name, path=path)


def _too_deep(text: str, path: Path) -> str:
    """The line for a file whose nesting the TOML parser cannot follow, naming the field."""
    found = _DEEP_VALUE.search(text)
    field = f'field "{_shown(found.group(1).strip(chr(34) + chr(39)))}"' if found else "a field"
    return f"{path}: {field} nests arrays or tables too deeply; a feed file needs no nesting"


def parse_feed(data: dict[str, Any], *, name: str, path: Path | None = None) -> FeedConfig:
    where = str(path) if path else f"feed {name}"
    _refuse_unknown(data, TOP_FIELDS, where)
    fields = _Fields(data, where)
    owner = fields.table("owner")
    _refuse_unknown(owner, OWNER_FIELDS, where, "owner.")
    engine = fields.table("engine")
    category = fields.text("category", default="News")
    top, _, sub = category.partition("/")
    top, sub = top.strip(), sub.strip() or None
    if top not in APPLE_CATEGORIES or (sub and sub not in APPLE_CATEGORIES[top]):
        raise ConfigError(
            f'{where}: field "category" = {category!r} is not an Apple Podcasts category '
            '(e.g. "News" or "News/Daily News")'
        )
    base_url = _http_url(fields.text("base_url", limit=MAX_URL_CHARS), "base_url", where)
    if not base_url.endswith("/"):
        base_url += "/"
    image = fields.text("image", default=None, limit=MAX_URL_CHARS)
    if image is not None:
        image = _check_image(image, where, path)
    language = fields.text("language", default="vi")
    if language.lower() != "vi" and not language.lower().startswith("vi-"):
        raise ConfigError(f'{where}: field "language" must be "vi" (narrate reads Vietnamese)')
    email = _Fields(owner, where, prefix="owner.").text("email", limit=254)
    if not _EMAIL.fullmatch(email):
        raise ConfigError(
            f'{where}: field "owner.email" is not an e-mail address such as '
            f'"bientap@example.org": {_shown(email)}'
        )
    eng = _Fields(engine, where, prefix="engine.")
    rate = eng.number("rate", default=DEFAULT_RATE)
    try:
        check_rate(rate)
    except ConfigError as exc:
        raise ConfigError(f'{where}: field "engine.rate": {exc}') from None
    politeness = eng.number("politeness", default=4)
    if politeness != int(politeness) or not 1 <= politeness <= 32:
        raise ConfigError(f'{where}: field "engine.politeness" must be a whole number from 1 to 32')
    main = EngineSettings(
        name=eng.text("name", default=DEFAULT_ENGINE, limit=100),
        voice=eng.text("voice", default=None),
        rate=float(rate),
        politeness=int(politeness),
        options=_engine_options(engine, where, "engine.", path),
    )
    max_episodes = fields.number("max_episodes", default=300)
    if max_episodes != int(max_episodes) or not 1 <= max_episodes <= 100_000:
        raise ConfigError(f'{where}: field "max_episodes" must be a whole number from 1 to 100000')
    return FeedConfig(
        name=name,
        title=fields.text("title"),
        description=fields.text("description", limit=MAX_DESCRIPTION_CHARS, lines=True),
        author=fields.text("author"),
        owner_name=_Fields(owner, where, prefix="owner.").text("name"),
        owner_email=email,
        base_url=base_url,
        language="vi",
        category=top,
        subcategory=sub,
        explicit=fields.boolean("explicit", default=False),
        image=image,
        link=_optional_url(fields.text("link", default=None, limit=MAX_URL_CHARS), "link", where),
        copyright=fields.text("copyright", default=None),
        locked=fields.boolean("locked", default=True),
        engine=main,
        announce=_announcements(fields.table("announce"), where),
        max_episodes=int(max_episodes),
        lexicon=_lexicon(fields.table("lexicon"), where),
        parts=_parts(fields.table("parts"), where, path, main),
        programme=_programme(fields.table("programme"), where, path),
        broadcast=_broadcast(fields.table("broadcast"), where),
        path=path,
    )


ENGINE_FIELDS = ("name", "voice", "rate", "politeness")


def _engine_options(
    table: dict[str, Any], where: str, prefix: str, path: Path | None
) -> tuple[tuple[str, Any], ...]:
    """An engine table's own settings; the engine says which it knows when it starts.

    ``model`` names a file (a piper voice): relative to the feed file, like ``image``.
    """
    options: dict[str, Any] = {}
    for key, value in table.items():
        if key in ENGINE_FIELDS:
            continue
        if isinstance(value, dict | list):
            raise ConfigError(f'{where}: field "{prefix}{_shown(key)}" must be a single value')
        if key == "model":
            value = str(_local_file(value, f"{prefix}model", where, path, must_exist=False))
        elif isinstance(value, str):
            value = _Fields(table, where, prefix).text(key, limit=MAX_OPTION_CHARS)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            _Fields(table, where, prefix).number(key)  # finite and of a sane size
        options[key] = value
    return tuple(sorted(options.items()))


def _parts(
    table: dict[str, Any], where: str, path: Path | None, main: EngineSettings
) -> dict[str, EngineSettings]:
    """``[parts.NAME]``: what a part says differently from ``[engine]``.

    A part that names another engine starts from that engine's defaults (a voice belongs
    to its engine); one that keeps the engine inherits its voice, rate and settings.
    """
    parts: dict[str, EngineSettings] = {}
    for part, value in table.items():
        if part not in PARTS:
            raise ConfigError(
                f'{where}: unknown part "parts.{part}"; the parts are {", ".join(PARTS)}'
            )
        if not isinstance(value, dict):
            raise ConfigError(
                f'{where}: "parts.{part}" must be a table, e.g. [parts.{part}] voice = "…"'
            )
        prefix = f"parts.{part}."
        fields = _Fields(value, where, prefix=prefix)
        if "name" in value:
            raise ConfigError(f'{where}: use "{prefix}engine", not "{prefix}name"')
        engine = fields.text("engine", default=main.name)
        rate = fields.number("rate", default=main.rate)
        try:
            check_rate(rate)
        except ConfigError as exc:
            raise ConfigError(f'{where}: field "{prefix}rate": {exc}') from None
        options = _engine_options(
            {k: v for k, v in value.items() if k != "engine"}, where, prefix, path
        )
        if engine == main.name:
            merged = dict(main.options) | dict(options)
            settings = replace(
                main, voice=fields.text("voice", default=main.voice), rate=float(rate),
                options=tuple(sorted(merged.items())),
            )  # fmt: skip
        else:
            settings = EngineSettings(
                name=engine, voice=fields.text("voice", default=None), rate=float(rate),
                politeness=main.politeness, options=options,
            )  # fmt: skip
        if settings != main:
            parts[part] = settings
    return parts


def _local_file(
    value: Any, key: str, where: str, path: Path | None, *, must_exist: bool = True
) -> Path:
    """A file named by the feed, relative to the feed file's folder.

    A symlink may not lead out of that folder: ``cover.png`` linked to ``/etc/passwd`` would
    publish the target. A path written outside the folder is the editor's explicit choice.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f'{where}: field "{key}" must be a file path')
    text = _Fields({key: value}, where).text(key, limit=4096)
    local = Path(text).expanduser()
    if not local.is_absolute() and path is not None:
        local = path.parent / local
    if path is not None and _links_out(local, path.parent):
        raise ConfigError(
            f'{where}: field "{key}": {_shown(str(local))} is a link to a file outside '
            f"the feed's folder {path.parent.resolve()}; copy the file there instead"
        )
    if must_exist and not local.is_file():
        raise ConfigError(f'{where}: field "{key}": file {_shown(str(local))} does not exist')
    return local


def _links_out(local: Path, folder: Path) -> bool:
    """Whether a path written inside ``folder`` leads out of it through a symlink (of the file
    or of a folder on the way). A path written outside it is the editor's explicit choice."""
    written = Path(os.path.abspath(local))
    if not written.is_relative_to(os.path.abspath(folder)):
        return False
    try:
        return not local.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True


def _programme(table: dict[str, Any], where: str, path: Path | None) -> Programme:
    _refuse_unknown(table, tuple(Programme.__dataclass_fields__), where, "programme.")
    fields = _Fields(table, where, prefix="programme.")
    values: dict[str, Any] = {}
    for key in ("intro", "outro"):
        if key in table:
            values[key] = _local_file(table[key], f"programme.{key}", where, path)
    for key in ("intro_gap", "outro_gap"):
        gap = fields.number(key, default=getattr(Programme, key))
        if not 0 <= gap <= 10:
            raise ConfigError(f'{where}: field "programme.{key}" must be 0 to 10 seconds')
        values[key] = gap
    return Programme(**values)


def _broadcast(table: dict[str, Any], where: str) -> Broadcast:
    _refuse_unknown(table, tuple(Broadcast.__dataclass_fields__), where, "broadcast.")
    if "sample_rate" in table and table["sample_rate"] != 48000:
        raise ConfigError(f'{where}: field "broadcast.sample_rate": broadcast WAVs are 48000 Hz')
    fields = _Fields(table, where, prefix="broadcast.")
    loudness = fields.number("loudness", default=-23.0)
    if not -31 <= loudness <= -14:
        raise ConfigError(f'{where}: field "broadcast.loudness" must be −31 to −14 LUFS')
    true_peak = fields.number("true_peak", default=-1.0)
    if not -9 <= true_peak <= 0:
        raise ConfigError(f'{where}: field "broadcast.true_peak" must be −9 to 0 dBTP')
    channels = fields.number("channels", default=2)
    if channels not in (1, 2):
        raise ConfigError(f'{where}: field "broadcast.channels" must be 1 (mono) or 2 (dual mono)')
    bits = fields.number("bits", default=24)
    if bits not in (16, 24):
        raise ConfigError(f'{where}: field "broadcast.bits" must be 16 or 24')
    return Broadcast(
        wav=fields.boolean("wav", default=False), loudness=loudness, true_peak=true_peak,
        channels=int(channels), bits=int(bits),
    )  # fmt: skip


def _lexicon(table: dict[str, Any], where: str) -> Lexicon:
    words = {key: value for key, value in table.items() if key not in ("rules", "dialect")}
    if len(words) > MAX_LEXICON_ENTRIES:
        raise ConfigError(f"{where}: [lexicon] has {len(words):,} words; keep it under "
                          f"{MAX_LEXICON_ENTRIES:,}")  # fmt: skip
    for key, value in words.items():
        label = f'{where}: [lexicon] word "{_shown(key)}"'
        _checked_text(key, label, limit=MAX_NAME_CHARS)
        if isinstance(value, str):
            _checked_text(value, label, limit=MAX_TEMPLATE_CHARS, empty_ok=True)
    rules = table.get("rules", [])
    if isinstance(rules, list):
        if len(rules) > MAX_LEXICON_RULES:
            raise ConfigError(f"{where}: [lexicon] has {len(rules):,} rules; keep it under "
                              f"{MAX_LEXICON_RULES:,}")  # fmt: skip
        for number, rule in enumerate(rules, start=1):
            for key in ("pattern", "say"):
                value = rule.get(key) if isinstance(rule, dict) else None
                if isinstance(value, str):
                    label = f'{where}: [lexicon] rule {number} "{key}"'
                    _checked_text(value, label, limit=MAX_TEMPLATE_CHARS, empty_ok=True)
    try:
        return Lexicon.from_table(table)
    except ValueError as exc:
        raise ConfigError(f"{where}: [lexicon] {exc}") from None


def _announcements(table: dict[str, Any], where: str) -> Announcements:
    fields = _Fields(table, where, prefix="announce.")
    defaults = Announcements()
    _refuse_unknown(table, tuple(Announcements.__dataclass_fields__), where, "announce.")
    values: dict[str, Any] = {"publisher": fields.text("publisher", default=None)}
    for key in ("opening", "opening_undated", "credit", "source", "closing", "notice"):
        template = table.get(key, getattr(defaults, key))
        if key in ("credit", "source", "closing") and template == "":
            values[key] = ""  # an empty credit or closing turns it off
            continue
        template = fields.text(key, default=getattr(defaults, key), limit=MAX_TEMPLATE_CHARS)
        _check_template(template, f"announce.{key}", where)
        values[key] = template
    values["synthetic_notice"] = fields.boolean("synthetic_notice", default=True)
    return Announcements(**values)


def _check_template(template: str, key: str, where: str) -> None:
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as exc:
        raise ConfigError(f'{where}: field "{key}" is not a valid template: {exc}') from None
    for name, spec, conversion in fields:
        if spec or conversion:
            # "{title:>99999999999}" would ask for a 100-gigabyte string.
            raise ConfigError(
                f'{where}: field "{key}" formats a placeholder ({{{_shown(name)}...}}); '
                "write placeholders plainly, such as {title}"
            )
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise ConfigError(
                f'{where}: field "{key}" uses {{{name}}}; the placeholders are {known}'
            )


def _check_image(image: str, where: str, path: Path | None) -> str:
    """An https URL, or a local file that decodes as PNG or JPEG (it is published as is)."""
    from narrate.publish.cover import MAX_IMAGE_BYTES, image_format

    lower = image.lower()
    if not lower.endswith((".png", ".jpg", ".jpeg")):
        raise ConfigError(f'{where}: field "image" must end in .png or .jpg (Apple requires it)')
    if urlsplit(image).scheme.lower() in ("http", "https"):  # _http_url says what is wrong
        return _http_url(image, "image", where)
    local = _local_file(image, "image", where, path)
    data = read_regular_file(local, limit=MAX_IMAGE_BYTES, what="cover image", error=ConfigError)
    kind = image_format(data)
    if kind is None:
        raise ConfigError(
            f'{where}: field "image": {_shown(str(local))} is not a PNG or JPEG image; '
            "save the cover as .png or .jpg"
        )
    if (kind == "png") != lower.endswith(".png"):
        # The cover is served by its name: a JPEG called .png reaches apps with the wrong type.
        raise ConfigError(
            f'{where}: field "image": {_shown(str(local))} is a {kind.upper()} image; '
            f"name it .{'png' if kind == 'png' else 'jpg'}"
        )
    return str(local)


def _refuse_unknown(
    table: dict[str, Any], known: tuple[str, ...], where: str, prefix: str = ""
) -> None:
    """Refuse a key no field has, naming the nearest one: a typo must not pass silently."""
    for key in table:
        if key in known:
            continue
        near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = (
            f'; did you mean "{prefix}{near[0]}"?'
            if near
            else f"; the fields here are {', '.join(sorted(known))}"
        )
        raise ConfigError(f'{where}: unknown field "{prefix}{_shown(key)}"{hint}')


def _shown(value: object, limit: int = 60) -> str:
    """A value as it can be quoted in one line: controls escaped, long text cut."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return text if text.isprintable() else repr(text)[1:-1]


def _checked_text(
    value: str, label: str, *, limit: int, lines: bool = False, empty_ok: bool = False
) -> str:
    """``value`` cleaned for one line (or several), refused if it holds a control or is huge.

    Invisible characters a copy leaves (zero-width space, BOM) are cleaned silently; a control
    character or a bidi override is refused, since it was never meant to be there.
    """
    bad = _FORBIDDEN.search(value)
    if bad:
        raise ConfigError(
            f"{label} holds the control character U+{ord(bad.group()):04X}; remove it"
        )
    if len(value) > limit * 2:  # cheap first: do not clean megabytes
        raise ConfigError(f"{label} is {len(value):,} characters long; keep it under {limit:,}")
    cleaned = clean_text(value).strip() if lines else clean_line(value)
    if not cleaned and not empty_ok:
        raise ConfigError(f"{label} must be a non-empty string")
    if len(cleaned) > limit:
        raise ConfigError(f"{label} is {len(cleaned):,} characters long; keep it under {limit:,}")
    return cleaned


def _optional_url(url: str | None, key: str, where: str) -> str | None:
    return None if url is None else _http_url(url, key, where)


def _http_url(url: str, key: str, where: str) -> str:
    """An http(s) address with a host and no spaces, quotes or markup (never javascript:)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or _URL_UNSAFE.search(url):
        raise ConfigError(
            f'{where}: field "{key}" must be an http(s) URL such as "https://example.org/", '
            f'got "{_shown(url)}"'
        )
    return url


class _Fields:
    """Typed access to a TOML table, raising ConfigError that names the field."""

    _MISSING = object()

    def __init__(self, data: dict[str, Any], where: str, prefix: str = "") -> None:
        self.data, self.where, self.prefix = data, where, prefix

    def _get(self, key: str, default: Any) -> Any:
        value = self.data.get(key, self._MISSING)
        if value is self._MISSING:
            if default is self._MISSING:
                raise ConfigError(f'{self.where}: required field "{self.prefix}{key}" is missing')
            return default
        return value

    def _wrong(self, key: str, wanted: str, value: Any) -> ConfigError:
        if isinstance(value, dict | list):
            got = "a table" if isinstance(value, dict) else "a list"
        else:
            got = _shown(repr(value))
        return ConfigError(f'{self.where}: field "{self.prefix}{key}" must be {wanted}, got {got}')

    def text(
        self, key: str, default: Any = _MISSING, *, limit: int = MAX_NAME_CHARS, lines: bool = False
    ) -> Any:
        """A non-empty string, cleaned (one line unless ``lines``), at most ``limit`` long."""
        value = self._get(key, default)
        if value is default and default is not self._MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            raise self._wrong(key, "a non-empty string", value)
        label = f'{self.where}: field "{self.prefix}{key}"'
        return _checked_text(value, label, limit=limit, lines=lines)

    def number(self, key: str, default: Any = _MISSING) -> float:
        """A finite number: nan and inf would pass every range check written as a comparison."""
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong(key, "a number", value)
        try:
            number = float(value)
        except OverflowError:  # a TOML integer with hundreds of digits
            number = math.inf
        if not math.isfinite(number) or abs(number) > 1e12:
            raise self._wrong(key, "a finite number", value)
        return number

    def boolean(self, key: str, default: Any = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false", value)
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self._wrong(key, "a table ([" + self.prefix + key + "])", value)
        return value


@dataclass(frozen=True)
class NewFeed:
    """The answers ``narrate init`` collects: enough for a feed podcast apps accept."""

    title: str
    description: str
    author: str
    owner_name: str
    owner_email: str
    base_url: str
    engine: str = DEFAULT_ENGINE
    voice: str | None = None
    link: str | None = None


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for every character we emit)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def render_feed_file(answers: NewFeed) -> str:
    """A commented feed file an editor can read and edit by hand."""
    q = _toml_string
    voice = f"voice = {q(answers.voice)}" if answers.voice else '# voice = "north"'
    link = answers.link or answers.base_url
    return f"""\
# A podcast channel for narrate: `narrate publish ARTICLE --feed NAME` reads this file.
# Required: title, description, author, base_url and [owner] name and email.

title = {q(answers.title)}
description = {q(answers.description)}
author = {q(answers.author)}          # the newspaper; also the spoken "Báo …" in the opening
language = "vi"
category = "News/Daily News"          # from Apple's list: "News", "News/Politics", …
explicit = false
base_url = {q(answers.base_url)}      # where output/NAME/public/ is served
link = {q(link)}                      # the newspaper's website
# copyright = "© 2026 …"
# image = "cover.png"   # a PNG/JPEG beside this file or an https URL ending in .png/.jpg;
#                       # without one narrate draws a square cover with the title.
# max_episodes = 300    # the feed lists the newest N; the catalog keeps every episode
# locked = true         # podcast:locked: other hosts may not import this feed

[owner]
name = {q(answers.owner_name)}
email = {q(answers.owner_email)}

[engine]
name = {q(answers.engine)}            # espeak, piper (offline); gtts, edge (online): narrate voices
{voice}                 # espeak: north, central, south; gtts: default; edge: hoaimy, namminh
rate = 1.0                            # 0.5 – 2.0
# politeness = 4                      # online engines: requests in flight for this feed

[announce]
# What the episode says around the article. Placeholders: {{publisher}}, {{date}},
# {{title}}, {{author}}, {{source}}. An empty credit, source or closing is not said.
# publisher = "Báo …"                 # the paper's spoken name (default: author)
# opening = "{{publisher}}, {{date}}: {{title}}."
# credit = "Bài viết của tác giả {{author}}."
# source = "Theo {{source}}."         # a source line ("Theo TTXVN", "Nguồn: …")
# closing = "{{publisher}} cảm ơn quý vị đã lắng nghe."
synthetic_notice = true               # say that the voice is a machine's
# notice = "Bài báo được đọc bằng giọng máy."

[lexicon]           # words and abbreviations said your way, e.g. "ĐTO" = "Đồng Tháp Online"

# A voice per part (title, body, captions, credits): what differs from [engine].
# [parts.title]
# engine = "edge"
# voice = "namminh"

# The station's jingles, beside this file (any audio ffmpeg reads, up to 3 minutes).
# [programme]
# intro = "jingle-in.mp3"
# outro = "jingle-out.mp3"

# A 48 kHz Broadcast Wave file at EBU R128 (−23 LUFS) beside each MP3, for radio stations.
# [broadcast]
# wav = true
"""
