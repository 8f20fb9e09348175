"""The listener web site beside the feed: an index and one page per episode, plain static files.

The pages are for people who may not use a podcast app: screen-reader users, braille readers
(the full transcript is there as text), people who read slowly (the highlighted sentence
follows the voice). Everything works without JavaScript; the script only adds highlighting,
seeking from the chapter list, the speed control and copying the feed address. Article text is
untrusted: templates autoescape and no article text ever reaches a script.

Files are written atomically and only when their bytes change, so re-publishing one article
touches one page and the index, and a static host's caches stay warm.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import jinja2

from narrate.config import FeedConfig
from narrate.errors import PublishError
from narrate.files import atomic_write, describe_os_error, slugify
from narrate.models import Episode, PartKind
from narrate.publish.layout import side_name
from narrate.publish.timeline import chapters, lines
from narrate.web import is_web_address

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PAGES = "pages"
ASSETS = "assets"
ASSET_NAMES = ("site.css", "player.js")
STAMP_BYTES = 1024  # a page's fingerprint sits in its head, within this many bytes
CAPTION_LABEL = "Ảnh:"  # the script reads a caption as "Ảnh: …"; the page shows it as a label
SPEEDS = (
    ("0.75", "Chậm (0,75×)"),
    ("1", "Bình thường (1×)"),
    ("1.25", "Hơi nhanh (1,25×)"),
    ("1.5", "Nhanh (1,5×)"),
    ("2", "Rất nhanh (2×)"),
)
PART_CLASSES: dict[PartKind, str] = {
    "title": "opening",
    "notice": "notice",
    "lead": "lead",
    "heading": "heading",
    "paragraph": "paragraph",
    "caption": "photo",
    "credit": "credit",
    "closing": "closing",
}


# --- the address of a page -------------------------------------------------------------------


def page_path(episode: Episode) -> str:
    """Where an episode's page lives, relative to public/ (``pages/<slug>-<guid8>.html``).

    Built from the title and the guid, never the MP3 name (which changes with the audio), so a
    re-published episode keeps its address; the guid prefix matches what ``narrate episodes``
    shows.
    """
    return f"{PAGES}/{slugify(episode.title, 50)}-{_guid_tag(episode.guid)}.html"


def _guid_tag(guid: str) -> str:
    tag = re.sub(r"[^a-z0-9]", "", guid.lower())[:8]
    return tag if len(tag) == 8 else hashlib.sha1(guid.encode()).hexdigest()[:8]


# --- Vietnamese words for dates, durations and sizes -----------------------------------------


def vietnamese_date(moment: datetime) -> str:
    """``ngày 5 tháng 9 năm 2019``: unambiguous read aloud by any voice, unlike 05/09."""
    local = _local(moment)
    return f"ngày {local.day} tháng {local.month} năm {local.year}"


def spoken_duration(seconds: float) -> str:
    """``7 phút 12 giây``, ``1 giờ 3 phút``, ``45 giây``: words, not a clock face."""
    hours, minutes, secs = _hms(seconds)
    parts = [f"{hours} giờ"] if hours else []
    if minutes:
        parts.append(f"{minutes} phút")
    if secs or not parts:
        parts.append(f"{secs} giây")
    return " ".join(parts)


def iso_duration(seconds: float) -> str:
    """The machine-readable form for ``<time datetime>`` (``PT7M12S``)."""
    hours, minutes, secs = _hms(seconds)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def clock(seconds: float) -> str:
    """Where a chapter starts, as players show it: ``1:05`` or ``1:02:03``."""
    hours, minutes, secs = _hms(seconds, floor=True)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def megabytes(size: int) -> str:
    """``3,4 MB`` with the Vietnamese decimal comma; never ``0,0`` for a real file."""
    return f"{max(size / 1_000_000, 0.1):.1f}".replace(".", ",") + " MB"


def _hms(seconds: float, *, floor: bool = False) -> tuple[int, int, int]:
    total = int(seconds) if floor else round(seconds)
    total = max(total, 0)
    return total // 3600, total % 3600 // 60, total % 60


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM)


# --- what the templates receive --------------------------------------------------------------


@dataclass(frozen=True)
class TranscriptSentence:
    start: str  # seconds, 3 decimals: data-* attributes the player reads
    end: str
    text: str
    label: str | None = None  # "Ảnh:" shown apart before a caption's text
    anchor: str | None = None  # the id a chapter link points to


@dataclass(frozen=True)
class TranscriptBlock:
    kind: str  # CSS class and element choice: heading → h3, the rest → p
    sentences: tuple[TranscriptSentence, ...]


@dataclass(frozen=True)
class ChapterLink:
    start: str
    clock: str
    iso: str
    title: str
    anchor: str


@dataclass(frozen=True)
class Download:
    href: str
    text: str


@dataclass(frozen=True)
class EpisodeView:
    """One episode as both templates show it: every string still raw, escaped by Jinja."""

    title: str
    page: str  # relative to public/
    date_iso: str
    date_text: str
    duration_iso: str
    duration_text: str
    author: str | None
    description: str
    link: str | None
    link_host: str  # "Bài gốc trên tuoitre.vn": a screen reader need not spell the whole URL


def _view(episode: Episode) -> EpisodeView:
    moment = episode.article_date or episode.released
    local = _local(moment)
    link = _web_url(episode.link)
    return EpisodeView(
        title=episode.title,
        page=page_path(episode),
        date_iso=local.date().isoformat(),
        date_text=vietnamese_date(moment),
        duration_iso=iso_duration(episode.duration),
        duration_text=spoken_duration(episode.duration),
        author=episode.author,
        description=episode.description.strip(),
        link=link,
        link_host=(urlsplit(link).hostname or "trang báo").removeprefix("www.") if link else "",
    )


def _web_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a ``javascript:`` URL in an article must never run."""
    if not url:
        return None
    url = url.strip()
    return url if is_web_address(url) else None


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _transcript(episode: Episode) -> tuple[list[TranscriptBlock], list[ChapterLink]]:
    """Sentences grouped by script part, and chapter links pointing at their first sentence."""
    sentences = lines(episode.timeline)
    marks = chapters(episode.timeline, episode.duration) if sentences else []
    anchors: dict[int, str] = {}  # sentence index → id
    links: list[ChapterLink] = []
    target = 0
    for number, chapter in enumerate(marks, start=1):
        while target < len(sentences) and sentences[target].start < chapter.start - 0.001:
            target += 1  # chapters and sentences are both in time order: one walk
        if target == len(sentences):
            break
        anchor = anchors.setdefault(target, f"doan-{number}")
        links.append(
            ChapterLink(
                start=_seconds(chapter.start),
                clock=clock(chapter.start),
                iso=iso_duration(chapter.start),
                title=chapter.title,
                anchor=anchor,
            )
        )
    blocks: list[TranscriptBlock] = []
    current: list[TranscriptSentence] = []
    for index, line in enumerate(sentences):
        label, text = None, line.text
        if line.kind == "caption" and text.startswith(CAPTION_LABEL):
            label, text = CAPTION_LABEL, text[len(CAPTION_LABEL) :].lstrip()
        current.append(
            TranscriptSentence(
                _seconds(line.start), _seconds(line.end), text, label, anchors.get(index)
            )
        )
        last = index + 1 == len(sentences) or sentences[index + 1].part_index != line.part_index
        if last:
            blocks.append(TranscriptBlock(PART_CLASSES.get(line.kind, "paragraph"), tuple(current)))
            current = []
    return blocks, links


# --- rendering -------------------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    """One environment per process: templates compile once, whatever the number of pages."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("narrate.publish", "templates"),
        autoescape=True,  # every page is HTML and every article string is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _assets() -> dict[str, bytes]:
    folder = resources.files("narrate.publish") / "static"
    return {name: (folder / name).read_bytes() for name in ASSET_NAMES}


def _assets_version() -> str:
    """A hash of the CSS and script, added to their URLs so browsers never mix old and new."""
    digest = hashlib.sha256()
    for name, data in sorted(_assets().items()):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()[:10]


def _common(config: FeedConfig, root: str) -> dict[str, object]:
    return {
        "feed": config,
        "feed_link": _web_url(config.link),
        "root": root,
        "version": _assets_version(),
    }


def render_index(config: FeedConfig, episodes: Sequence[Episode]) -> str:
    """The episode list, newest first, with how to subscribe in a podcast app."""
    shown = _newest_first([e for e in episodes if e.removed is None])
    template = _environment().get_template("index.html")
    return template.render(
        **_common(config, ""),
        episodes=[_view(e) for e in shown],
    )


def render_episode_page(
    config: FeedConfig,
    episode: Episode,
    *,
    broadcast_name: str | None = None,
    broadcast_size: int | None = None,
    stamp: str = "",
) -> str:
    """One episode: player, chapters, the whole transcript, its files and the original."""
    episodes_url = "../episodes/"
    blocks, chapter_links = _transcript(episode)
    downloads = [
        Download(
            episodes_url + quote(episode.file_name),
            f"Tải tệp MP3 ({megabytes(episode.size)})",
        )
    ]
    if broadcast_name:
        spec = config.broadcast
        size = f", {megabytes(broadcast_size)}" if broadcast_size else ""
        label = (
            f"Tải tệp WAV cho đài phát thanh ({spec.sample_rate // 1000} kHz, "
            f"{spec.loudness:g} LUFS{size})".replace("-", "−")
        )
        downloads.append(Download(episodes_url + quote(broadcast_name), label))
    template = _environment().get_template("episode.html")
    return template.render(
        **_common(config, "../"),
        episode=_view(episode),
        audio=episodes_url + quote(episode.file_name),
        captions=episodes_url + quote(side_name(episode.file_name, "vtt")),
        srt=episodes_url + quote(side_name(episode.file_name, "srt")),
        transcript_html=episodes_url + quote(side_name(episode.file_name, "html")),
        downloads=downloads,
        blocks=blocks,
        chapters=chapter_links,
        speeds=SPEEDS,
        stamp=stamp,
    )


def write_site(
    public: Path,
    config: FeedConfig,
    episodes: Sequence[Episode],
    *,
    broadcast_names: Mapping[str, str] | None = None,
) -> None:
    """Write index.html, one page per live episode and the assets; remove pages left over.

    ``broadcast_names`` maps a guid to its broadcast WAV in episodes/, when one exists.
    Unchanged files are not rewritten (their mtime and a web cache's ETag stay), and a page
    whose inputs are unchanged is not even rendered: its fingerprint is in its first line.
    """
    live = [e for e in episodes if e.removed is None]
    broadcast_names = broadcast_names or {}
    _write_if_changed(public / "index.html", render_index(config, live).encode("utf-8"))
    for name, data in _assets().items():
        _write_if_changed(public / ASSETS / name, data)
    keep: set[str] = set()
    for episode in live:
        path = public / page_path(episode)
        keep.add(path.name)
        wav = broadcast_names.get(episode.guid)
        wav_size = _size(public / "episodes" / wav) if wav else None
        stamp = _fingerprint(config, episode, wav, wav_size)
        if _has_stamp(path, stamp):
            continue
        html = render_episode_page(
            config, episode, broadcast_name=wav, broadcast_size=wav_size, stamp=stamp
        )
        _write_if_changed(path, html.encode("utf-8"))
    _remove_stale(public / PAGES, keep)


@cache
def _code_stamp() -> str:
    """Everything besides the data that shapes a page: this module, templates, assets."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    templates = resources.files("narrate.publish") / "templates"
    for item in sorted(templates.iterdir(), key=lambda t: t.name):
        if item.name.endswith(".html"):
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    digest.update(_assets_version().encode())
    return digest.hexdigest()


def _fingerprint(
    config: FeedConfig, episode: Episode, wav: str | None, wav_size: int | None
) -> str:
    """A hash of every input of an episode page, so an unchanged page is skipped unrendered."""
    feed = (
        config.title,
        config.description,
        config.author,
        config.feed_url,
        config.link,
        config.copyright,
        config.announce.synthetic_notice,
    )
    inputs = repr((_code_stamp(), feed, episode, wav, wav_size))
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:32]


def _has_stamp(path: Path, stamp: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(STAMP_BYTES)
    except OSError:
        return False
    return f'content="{stamp}"'.encode() in head


def _newest_first(episodes: Iterable[Episode]) -> list[Episode]:
    """The feed's order: release time, then the article's date (a batch released at once)."""
    floor = datetime(1970, 1, 1, tzinfo=UTC)
    return sorted(
        episodes,
        key=lambda e: (e.released, e.article_date or floor, e.guid),
        reverse=True,
    )


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None
    atomic_write(path, data)


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Pages of episodes no longer listed (retracted, or renamed) and temp files of a killed run."""
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PublishError(describe_os_error(exc, folder)) from None
    for path in entries:
        stale_page = path.suffix == ".html" and path.name not in keep
        leftover = path.name.startswith(".") and path.name.endswith(".part")
        if (stale_page or leftover) and path.is_file():
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise PublishError(describe_os_error(exc, path)) from None
