"""The ``narrate`` command: parse options, call the library, print a result.

Every NarrateError becomes one line on stderr and exit code 1; usage errors exit 2 (click's
convention). No traceback reaches an editor.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from narrate import __version__
from narrate.config import MAX_RATE, MIN_RATE, load_feed
from narrate.errors import NarrateError
from narrate.limits import MAX_SEGMENTS, MAX_SPOKEN_MINUTES


def _setup_logging(verbose: int, quiet: bool, log_file: Path | None) -> None:
    level = (
        logging.ERROR
        if quiet
        else logging.DEBUG
        if verbose >= 2
        else logging.INFO
        if verbose == 1
        else logging.WARNING
    )
    logger = logging.getLogger("narrate")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("narrate: %(levelname)s: %(message)s"))
    handler.setLevel(level)
    # What the CLI already printed itself is logged for the log file only, not printed twice.
    handler.addFilter(lambda record: not getattr(record, "echoed", False))
    handlers: list[logging.Handler] = [handler]
    if log_file is not None:
        # For cron: a timestamped record of every run, whatever the terminal shows.
        try:
            file_handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"cannot write {log_file}: {exc.strerror}") from None
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        file_handler.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO)
        handlers.append(file_handler)
    for old in logger.handlers:
        old.close()
    logger.handlers[:] = handlers
    logger.setLevel(min(h.level for h in handlers))
    logger.propagate = False


def _interactive() -> bool:
    """Whether someone at a terminal can answer questions (never in cron or a pipe)."""
    return sys.stdin.isatty()


def _fail(message: str) -> None:
    click.echo(f"narrate: error: {message}", err=True)
    logging.getLogger("narrate").error("%s", message, extra={"echoed": True})


def _say(ctx: click.Context, message: str) -> None:
    """Normal output: suppressed by --quiet, and logged for cron."""
    logging.getLogger("narrate").info("%s", message, extra={"echoed": True})
    if not ctx.obj["quiet"]:
        click.echo(message)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="narrate")
@click.option("-v", "--verbose", count=True, help="Say more (-vv for debugging).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (for cron).")
@click.option(
    "--log-file", type=click.Path(path_type=Path, dir_okay=False), help="Also log to this file."
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, log_file: Path | None) -> None:
    """Turn Vietnamese news articles into podcast episodes and a feed."""
    _setup_logging(verbose, quiet, log_file)
    ctx.obj = {"quiet": quiet}


def feed_options(required: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--feed, --feeds-dir and --output, shared by every command that works on a feed."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @click.option(
            "--feed", "feed_name", required=required,
            help="Feed name (feeds/NAME.toml) or a path to a .toml file.",
        )  # fmt: skip
        @click.option(
            "--feeds-dir", type=click.Path(path_type=Path), default=Path("feeds"),
            show_default=True, help="Where feed names are looked up.",
        )  # fmt: skip
        @click.option(
            "--output", type=click.Path(path_type=Path), default=Path("output"),
            show_default=True, help="Where episodes, feeds and catalogs are written.",
        )  # fmt: skip
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return command(*args, **kwargs)

        return wrapper

    return decorate


def _publisher(
    feed_name: str,
    feeds_dir: Path,
    output: Path,
    *,
    limits: tuple[Any, Any] = (None, None),
    **engine: Any,
) -> Any:
    from narrate.pipeline import Publisher

    config = load_feed(feed_name, feeds_dir).with_engine(**engine).with_limits(*limits)
    return Publisher(config, output)


@cli.command()
@click.argument("articles", nargs=-1)
@feed_options()
@click.option(
    "--engine", help="Engine for the whole episode: espeak, piper, gtts, edge (narrate voices)."
)
@click.option("--voice", help="Voice of the engine, e.g. north, central, south for espeak.")
@click.option(
    "--rate", type=click.FloatRange(MIN_RATE, MAX_RATE), help="Speaking rate, 1.0 = normal."
)
@click.option("--id", "explicit_id", help="Stable article ID (one article only).")
@click.option(
    "--max-segments", type=click.IntRange(1, 10_000_000),
    help=f"Refuse an article of more engine calls than this (default {MAX_SEGMENTS:,}).",
)  # fmt: skip
@click.option(
    "--max-minutes", type=click.FloatRange(1, 100_000),
    help=f"Refuse an article spoken longer than this (default {MAX_SPOKEN_MINUTES}).",
)  # fmt: skip
@click.option(
    "--list", "list_files", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
    help="A file naming one article (path or URL) per line.",
)  # fmt: skip
@click.option(
    "--jobs", type=click.IntRange(1, 64),
    help="Articles at once (default: one per core; an online engine: its politeness limit).",
)  # fmt: skip
@click.option("--backdate", is_flag=True, help="Release each episode at its article's own date.")
@click.option("--dry-run", is_flag=True, help="Print what would be said; synthesize nothing.")
@click.option("--title", help="The headline, for an article file that has none (one article).")
@click.option(
    "--restore", is_flag=True, help="Publish retracted articles again (otherwise skipped)."
)
@click.pass_context
def publish(
    ctx: click.Context,
    articles: tuple[str, ...],
    feed_name: str,
    feeds_dir: Path,
    output: Path,
    engine: str | None,
    voice: str | None,
    rate: float | None,
    max_segments: int | None,
    max_minutes: float | None,
    explicit_id: str | None,
    list_files: tuple[Path, ...],
    jobs: int | None,
    backdate: bool,
    dry_run: bool,
    restore: bool,
    title: str | None = None,
) -> None:
    """Publish ARTICLES as episodes of a feed: text, HTML or .docx files, folders, globs,
    http(s) URLs; many at once."""
    from narrate.batch import expand_inputs, publish_batch

    if not articles and not list_files:
        raise click.UsageError("give at least one ARTICLE (a file, folder, glob or URL) or --list")
    sources = expand_inputs(articles, list_files)
    if explicit_id and len(sources) > 1:
        raise click.UsageError("--id names one article: give exactly one ARTICLE with it")
    if title is not None:
        if len(sources) != 1:
            raise click.UsageError("--title is one article's headline: give exactly one ARTICLE")
        sources = [_read_with_title(sources[0], title)]
    publisher = _publisher(feed_name, feeds_dir, output, name=engine, voice=voice, rate=rate,
                           limits=(max_segments, max_minutes))  # fmt: skip
    if dry_run:
        failures = 0
        for source in sources:
            try:
                _print_plan(publisher, source, explicit_id)
            except NarrateError as exc:
                failures += 1
                _fail(str(exc))
        ctx.exit(1 if failures else 0)
    bar = _BatchBar(ctx.obj["quiet"])
    summary = publish_batch(
        publisher, sources, jobs=jobs, backdate=backdate, listener=bar.update,
        explicit_id=explicit_id, restore=restore,
    )  # fmt: skip
    bar.close()
    _report(ctx, summary, publisher.paths.feed_xml)
    if summary.failed:
        ctx.exit(1)


@cli.command()
@click.argument("source")
@feed_options()
@click.option(
    "--max", "max_items", type=click.IntRange(1, 10_000), default=5, show_default=True,
    help="Publish at most the newest N new items.",
)  # fmt: skip
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]),
    help="Only items published on or after this date (Vietnam time).",
)  # fmt: skip
@click.option("--all", "everything", is_flag=True, help="Every new item (a back-fill).")
@click.option("--jobs", type=click.IntRange(1, 64), help="Articles at once.")
@click.option("--backdate", is_flag=True, help="Release each episode at its article's own date.")
@click.pass_context
def follow(
    ctx: click.Context,
    source: str,
    feed_name: str,
    feeds_dir: Path,
    output: Path,
    max_items: int,
    since: Any,
    everything: bool,
    jobs: int | None,
    backdate: bool,
) -> None:
    """Publish the new items of a news site's RSS/Atom feed SOURCE (a URL or a file).

    Safe to run from cron every few minutes: items already published are skipped.
    """
    from narrate.follow import follow as follow_feed

    publisher = _publisher(feed_name, feeds_dir, output)
    bar = _BatchBar(ctx.obj["quiet"])
    result = follow_feed(
        publisher, source, max_items=max_items, since=since, everything=everything,
        jobs=jobs, backdate=backdate, listener=bar.update,
    )  # fmt: skip
    bar.close()
    _say(ctx, f"{source}: {result.in_feed} items, {len(result.chosen)} new")
    for item in result.foreign:
        _say(ctx, f"passed over (not in Vietnamese): {item.title}")
    for item in result.empty:
        _say(ctx, f"passed over (no text and no link to read it from): {item.title}")
    for item in result.given_up:
        _say(ctx, f"not tried again (its page is gone or is not an article): {item.title}")
    _report(ctx, result.summary, publisher.paths.feed_xml)
    if result.summary.failed:
        ctx.exit(1)


@cli.command()
@feed_options()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_context
def serve(
    ctx: click.Context, feed_name: str, feeds_dir: Path, output: Path, host: str, port: int
) -> None:
    """Preview a feed's public folder (feed, audio, pages) on this machine."""
    from narrate.serve import make_server, serve_forever, server_url

    publisher = _publisher(feed_name, feeds_dir, output)
    server = make_server(publisher.paths.public, host, port)
    url = server_url(server)
    _say(ctx, f"serving {publisher.paths.public} at {url} (Ctrl+C to stop)")
    _say(ctx, f"feed: {url}feed.xml   pages: {url}index.html")
    if not publisher.config.base_url.startswith(url.rstrip("/")):
        _say(ctx, f"note: the feed's links point at {publisher.config.base_url}")
    serve_forever(server)


def _is_url(text: str) -> bool:
    from narrate.web import is_web_address

    return is_web_address(text)


def _source(source: Any) -> Any:
    return source if not isinstance(source, str) or _is_url(source) else Path(source)


def _read_with_title(source: Any, title: str) -> Any:
    """The article read with the editor's headline (its file starts with the lead)."""
    from dataclasses import replace

    from narrate.article import read_article
    from narrate.pipeline import load_article
    from narrate.textclean import clean_line

    if isinstance(source, str) and _is_url(source):
        return replace(load_article(source), title=clean_line(title))
    return read_article(Path(source), title=title)


def _report(ctx: click.Context, summary: Any, feed_xml: Path) -> None:
    """Each article's line as it finished, then (for a batch) the tally and every failure."""
    if feed_xml.exists():
        _say(ctx, f"feed: {feed_xml}")
    if len(summary.outcomes) > 1:
        _say(
            ctx,
            f"summary: {summary.count('published')} published, {summary.count('updated')} "
            f"updated, {summary.count('unchanged')} unchanged, "
            + (
                f"{summary.count('skipped')} skipped (retracted), "
                if summary.count("skipped")
                else ""
            )
            + f"{len(summary.failed)} failed in {summary.elapsed:.1f} s",
        )
        if not ctx.obj["quiet"]:  # -q: each failure was printed once, as it happened
            for outcome in summary.failed:
                click.echo(f"  failed: {outcome.source}: {outcome.message}", err=True)


class _BatchBar:
    """One line of progress on a terminal (articles, segments, ETA); silent in cron and pipes.

    Each finished article prints its own line above the bar, so a long batch keeps a record.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.enabled = not quiet and sys.stderr.isatty()
        self.shown = False

    def update(self, tally: Any, outcome: Any) -> None:
        if outcome is not None:
            self._clear()
            if outcome.status == "failed":
                _fail(outcome.message)
            elif outcome.status == "skipped":
                message = f"skipped (retracted): {outcome.title} (publish --restore brings it back)"
                logging.getLogger("narrate").info("%s", message, extra={"echoed": True})
                if not self.quiet:
                    click.echo(message)
            else:
                minutes, seconds = divmod(round(outcome.duration), 60)
                message = (
                    f"{outcome.status}: {outcome.title} → {outcome.audio_path} "
                    f"({minutes}:{seconds:02d}, {outcome.synthesized} segments spoken)"
                )
                logging.getLogger("narrate").info("%s", message, extra={"echoed": True})
                if not self.quiet:
                    click.echo(message)
        if not self.enabled:
            return
        eta = tally.eta()
        width = 24
        filled = round(width * tally.finished / max(1, tally.articles))
        line = (
            f"[{'#' * filled}{'-' * (width - filled)}] {tally.finished}/{tally.articles} "
            f"articles · {tally.segments_done}/{tally.segments_known} segments"
            + (f" · ETA {int(eta // 60)}:{int(eta % 60):02d}" if eta is not None else "")
        )
        click.echo("\r" + line[:120] + "\x1b[K", nl=False, err=True)
        self.shown = True

    def _clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.shown = False

    def close(self) -> None:
        self._clear()


def _print_plan(publisher: Any, article: str, explicit_id: str | None) -> None:
    plan = publisher.plan(_source(article), explicit_id=explicit_id)
    click.echo(f"# {plan.article.title}  (guid {plan.guid}, engine {publisher.engine.identity()})")
    for warning in plan.article.warnings:
        click.echo(f"# warning: {warning}")
    for segment in plan.segments:
        click.echo(
            f"{segment.index:3d} {segment.kind:<9} +{segment.pause_after:.2f}s  {segment.spoken}"
        )
    click.echo(
        f"# {len(plan.segments)} segments, {sum(len(s.spoken) for s in plan.segments)} characters"
    )


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@click.option("--feed", "feed_name", help="Check with this feed's lexicon, voice and engine.")
@click.option(
    "--feeds-dir", type=click.Path(path_type=Path), default=Path("feeds"), show_default=True
)
@click.option("--strict", is_flag=True, help="Exit 1 when anything needs a human.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document, for tools.")
@click.pass_context
def check(
    ctx: click.Context,
    articles: tuple[str, ...],
    feed_name: str | None,
    feeds_dir: Path,
    strict: bool,
    as_json: bool,
) -> None:
    """Pre-flight: what will be said differently from what is written, and what needs a human.

    ARTICLES are text, HTML or Word files, or http(s) URLs."""
    from narrate.article.report import structure_report
    from narrate.engines import create_engine
    from narrate.pipeline import dialect_for, load_article
    from narrate.speech.check import check_text

    config = load_feed(feed_name, feeds_dir) if feed_name else None
    dialect = dialect_for(config) if config else "north"
    lexicon = config.lexicon if config else None
    max_chars = create_engine(config.engine).max_chars if config else 400
    reports, needs_human, failures = [], False, 0
    for path in articles:
        try:
            article = load_article(path if _is_url(path) else Path(path))
        except NarrateError as exc:
            failures += 1
            _fail(str(exc))
            continue
        texts = [("Ảnh: " if b.kind == "caption" else "") + b.text for b in article.blocks]
        report = check_text(
            article.title, texts, dialect=dialect, lexicon=lexicon, max_chars=max_chars
        )
        structure = structure_report(article)
        needs_human = needs_human or report.needs_human or structure.needs_human
        if as_json:
            reports.append({"article": str(path), "title": article.title, **report.to_dict(),
                            "structure": structure.to_dict()})  # fmt: skip
        else:
            click.echo(f"== {path}: {article.title}")
            warnings = (f"warning: {w}" for w in article.warnings)
            for line in (*warnings, *structure.lines(), *report.lines()):
                click.echo(line)
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    if failures or (strict and needs_human):
        ctx.exit(1)


@cli.command()
@click.argument("name")
@click.option("--title", help="The podcast's title.")
@click.option("--description", help="One or two sentences about the podcast.")
@click.option("--author", help="The newspaper (also said in each episode's opening).")
@click.option("--owner", "owner_name", help="Who answers for the feed (name).")
@click.option("--email", help="The owner's e-mail (Apple requires one).")
@click.option("--base-url", help="Where output/NAME/public/ will be served (https://…).")
@click.option(
    "--engine", type=click.Choice(["espeak", "gtts"]), help="Default: gtts if Google answers."
)
@click.option(
    "--feeds-dir", type=click.Path(path_type=Path), default=Path("feeds"), show_default=True
)
@click.option("--force", is_flag=True, help="Overwrite an existing feed file.")
@click.pass_context
def init(ctx: click.Context, name: str, feeds_dir: Path, force: bool, **given: str | None) -> None:
    """Write a commented feeds/NAME.toml from a few flags or questions."""
    from narrate.config import FEED_NAME, NewFeed, load_feed, render_feed_file
    from narrate.files import atomic_write

    if not FEED_NAME.match(name):
        raise click.BadParameter("use lower-case letters, digits, '-' or '_'", param_hint="NAME")
    path = feeds_dir / f"{name}.toml"
    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; use --force to overwrite it")
    questions = {
        "title": "Podcast title",
        "description": "Description",
        "author": "Newspaper (author)",
        "owner_name": "Owner name",
        "email": "Owner e-mail",
        "base_url": "Public base URL",
    }
    interactive = _interactive()
    missing = [key for key in questions if not given.get(key)]
    if missing and not interactive:
        flags = ", ".join("--" + key.replace("_name", "").replace("_", "-") for key in missing)
        raise click.UsageError(f"missing {flags} (or run in a terminal to be asked)")
    answers = {key: given.get(key) or click.prompt(questions[key]) for key in questions}
    engine = given.get("engine")
    if engine is None:
        from narrate.engines.gtts import reachable

        engine = "gtts" if reachable(timeout=3.0) else "espeak"
        reason = "Google's voice answered" if engine == "gtts" else "Google is not reachable"
        _say(ctx, f"engine: {engine} ({reason}; change [engine] in the file any time)")
    feed = NewFeed(
        title=answers["title"], description=answers["description"], author=answers["author"],
        owner_name=answers["owner_name"], owner_email=answers["email"],
        base_url=answers["base_url"], engine=engine,
        voice="north" if engine == "espeak" else None,
    )  # fmt: skip
    text = render_feed_file(feed)
    atomic_write(path, text.encode("utf-8"))
    try:
        load_feed(str(path))
    except NarrateError:
        path.unlink()
        raise
    _say(ctx, f"wrote {path}")


@cli.command()
@feed_options(required=False)
@click.option("--all", "show_all", is_flag=True, help="Include retracted episodes.")
@click.pass_context
def episodes(
    ctx: click.Context, feed_name: str | None, feeds_dir: Path, output: Path, show_all: bool
) -> None:
    """List episodes, newest first (every feed with a catalog when --feed is not given)."""
    from narrate.pipeline import Publisher

    names = [feed_name] if feed_name else sorted(p.stem for p in feeds_dir.glob("*.toml"))
    for name in names:
        publisher = Publisher(load_feed(name, feeds_dir), output)
        for episode in publisher.episodes(removed=show_all):
            minutes, seconds = divmod(round(episode.duration), 60)
            state = "  RETRACTED" if episode.removed else ""
            date = episode.article_date.strftime("%Y-%m-%d") if episode.article_date else "—"
            click.echo(
                f"{publisher.config.name}  {episode.guid[:8]}  {date}  "
                f"{minutes:2d}:{seconds:02d}  {episode.title}{state}"
            )


MIN_GUID_PREFIX = 4  # fewer characters name an episode by accident


@cli.command()
@click.argument("ident", metavar="ID")
@feed_options()
@click.option("--yes", is_flag=True, help="Do not ask (for scripts).")
@click.pass_context
def remove(
    ctx: click.Context, ident: str, feed_name: str, feeds_dir: Path, output: Path, yes: bool
) -> None:
    """Retract episode ID (a guid, its first 4 or more characters, or its file name) from
    the feed. A shorter prefix is asked about at a terminal; --yes takes it in scripts."""
    publisher = _publisher(feed_name, feeds_dir, output)
    if len(ident.strip()) < MIN_GUID_PREFIX and not yes:
        if not _interactive():
            raise click.UsageError(
                f"give at least {MIN_GUID_PREFIX} characters of the guid (narrate episodes "
                "shows it), or --yes to retract what this prefix names"
            )
        matches = [e for e in publisher.episodes(removed=False) if _names(e, ident)]
        if len(matches) == 1:
            question = f"retract {matches[0].title} ({matches[0].guid})?"
            if not click.confirm(question, default=False):
                _say(ctx, "nothing retracted")
                return
    episode = publisher.remove(ident)
    _say(ctx, f"removed: {episode.title} ({episode.guid}); the catalog keeps its record")


def _names(episode: Any, ident: str) -> bool:
    return episode.guid.startswith(ident) or episode.file_name == ident


@cli.group()
def catalog() -> None:
    """Look after a feed's catalog."""


@catalog.command("recover")
@feed_options()
@click.pass_context
def catalog_recover(ctx: click.Context, feed_name: str, feeds_dir: Path, output: Path) -> None:
    """Rebuild a lost or emptied catalog from what the feed's public folder holds."""
    publisher = _publisher(feed_name, feeds_dir, output)
    counts = publisher.recover_catalog()
    _say(
        ctx,
        f"recovered {counts.episodes} episodes ({counts.retracted} retracted) and "
        f"{counts.followed} followed items into {publisher.paths.catalog}",
    )


@cli.command()
@feed_options()
@click.pass_context
def feed(ctx: click.Context, feed_name: str, feeds_dir: Path, output: Path) -> None:
    """Rebuild the feed XML from the catalog."""
    _say(ctx, f"feed: {_publisher(feed_name, feeds_dir, output).rebuild_feed()}")


@cli.group(invoke_without_command=True)
@click.option("--engine", "only", help="Only this engine.")
@click.option(
    "--no-check", is_flag=True, help="Do not ask online services whether they answer now."
)
@click.pass_context
def voices(ctx: click.Context, only: str | None, no_check: bool) -> None:
    """Every engine, its voices (Vietnamese first), and whether it works here now."""
    if ctx.invoked_subcommand is not None:
        return
    from narrate.voices import describe_all, format_engines

    infos = describe_all(only=only, check_network=not no_check)
    click.echo(format_engines(infos), nl=False)


@voices.command("download")
@click.argument("engine", type=click.Choice(["piper"]))
@click.argument("name")
@click.option("--force", is_flag=True, help="Download again even if the voice is installed.")
@click.option(
    "--from", "source", metavar="URL",
    help="A mirror of rhasspy/piper-voices (default: its home on Hugging Face).",
)  # fmt: skip
@click.pass_context
def voices_download(
    ctx: click.Context, engine: str, name: str, force: bool, source: str | None
) -> None:
    """Fetch a voice (e.g. piper vi_VN-vais1000-medium) into your data folder, checked
    against the size and MD5 its catalogue lists."""
    from narrate.voicedata import (
        PIPER_VOICES_URL,
        check_piper_voice_name,
        download_piper_voice,
        voices_dir,
    )

    name = check_piper_voice_name(name)  # it becomes a file name: checked before any use
    folder = voices_dir(engine)
    existing = folder / f"{name}.onnx"
    if existing.is_file() and (folder / f"{name}.onnx.json").is_file() and not force:
        _say(ctx, f"{name} is already installed: {existing} (--force downloads it again)")
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if ctx.obj["quiet"]:
            return
        if bar is None:
            bar = click.progressbar(
                length=max(total, 1), label=f"downloading {name}", file=sys.stderr,
                show_eta=True, show_percent=True,
            )  # fmt: skip
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        path = download_piper_voice(
            name, dest_dir=folder, progress=progress, base_url=source or PIPER_VOICES_URL
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    size = path.stat().st_size / 1e6
    _say(ctx, f"installed {name} ({size:.1f} MB, size and MD5 checked): {path}")
    _say(ctx, f'use it in a feed: [engine] name = "piper"  voice = "{name}"')


@cli.group()
def cache() -> None:
    """Manage the segment cache."""


@cache.command("prune")
@feed_options()
@click.pass_context
def cache_prune(ctx: click.Context, feed_name: str, feeds_dir: Path, output: Path) -> None:
    """Remove cached segments that no episode uses."""
    result = _publisher(feed_name, feeds_dir, output).prune_cache()
    _say(
        ctx,
        f"pruned {result.segments} segments, {result.packs} packs, "
        f"{result.bytes_freed / 1024:.0f} KB freed",
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point: one readable line and a non-zero exit code for every failure."""
    try:
        # standalone_mode=False: click returns ctx.exit()'s code instead of raising Exit.
        code = cli.main(args=argv, prog_name="narrate", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        _fail("interrupted; run the same command again to resume")
        return 130
    except NarrateError as exc:
        _fail(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _fail("interrupted; run the same command again to resume")
        return 130
    except OSError as exc:
        from narrate.files import describe_os_error

        _fail(describe_os_error(exc, getattr(exc, "filename", "") or "a file"))
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
