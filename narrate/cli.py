"""The ``narrate`` command: parse options, call the library, print a result.

Every NarrateError becomes one line on stderr and exit code 1; usage errors exit 2 (click's
convention). No traceback reaches an editor.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from narrate import __version__
from narrate.config import MAX_RATE, MIN_RATE, load_feed
from narrate.errors import NarrateError


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = (
        logging.ERROR
        if quiet
        else logging.DEBUG
        if verbose >= 2
        else logging.INFO
        if verbose == 1
        else logging.WARNING
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("narrate: %(levelname)s: %(message)s"))
    logger = logging.getLogger("narrate")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def _fail(message: str) -> None:
    click.echo(f"narrate: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="narrate")
@click.option("-v", "--verbose", count=True, help="Say more (-vv for debugging).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn Vietnamese news articles into podcast episodes and a feed."""
    _setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet}


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--feed", "feed_name", required=True, help="Feed name (feeds/NAME.toml) or path.")
@click.option("--engine", help="Speech engine (default: the feed's, else espeak).")
@click.option("--voice", help="Voice of the engine, e.g. north, central, south for espeak.")
@click.option(
    "--rate", type=click.FloatRange(MIN_RATE, MAX_RATE), help="Speaking rate, 1.0 = normal."
)
@click.option("--id", "explicit_id", help="Stable article ID (one article only).")
@click.option(
    "--feeds-dir", type=click.Path(path_type=Path), default=Path("feeds"), show_default=True
)
@click.option(
    "--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True
)
@click.pass_context
def publish(
    ctx: click.Context,
    articles: tuple[Path, ...],
    feed_name: str,
    engine: str | None,
    voice: str | None,
    rate: float | None,
    explicit_id: str | None,
    feeds_dir: Path,
    output: Path,
) -> None:
    """Publish ARTICLES (text files) as episodes of a feed."""
    from narrate.pipeline import Publisher

    if explicit_id and len(articles) > 1:
        raise click.UsageError("--id names one article: give exactly one ARTICLE with it")
    quiet = ctx.obj["quiet"]
    config = load_feed(feed_name, feeds_dir).with_engine(engine, voice, rate)
    publisher = Publisher(config, output)
    failures = 0
    for article in articles:
        try:
            with _progress(article, quiet) as progress:
                result = publisher.publish(article, explicit_id=explicit_id, progress=progress)
        except NarrateError as exc:
            failures += 1
            _fail(str(exc))
            continue
        if not quiet:
            episode = result.episode
            minutes, seconds = divmod(round(episode.duration), 60)
            click.echo(
                f"{result.status}: {episode.title} → {result.audio_path} "
                f"({minutes}:{seconds:02d}, {episode.size / 1024:.0f} KB)"
            )
    if not quiet and publisher.paths.feed_xml.exists():
        click.echo(f"feed: {publisher.paths.feed_xml}")
    if failures:
        ctx.exit(1)


class _progress:
    """A progress bar on a terminal while synthesizing; silent in cron and pipes."""

    def __init__(self, article: Path, quiet: bool) -> None:
        self.label = article.name
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: object | None = None

    def __enter__(self) -> _progress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()  # type: ignore[attr-defined]
        self.bar.update(1)  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)  # type: ignore[attr-defined]


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
        _fail("interrupted")
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
