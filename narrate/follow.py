"""Following a news site's own RSS feed: each new item becomes an episode, once.

Safe from cron every few minutes: items already published (recorded per site feed in the
catalog, or whose link is already an episode's key) are skipped; two runs that overlap both
publish through the same guid-keyed, locked commit, so an item can never become two
episodes. An item whose fetch fails is not recorded, so the next run tries it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from narrate.article.fetch import FetchLimits
from narrate.article.rss import FeedItem, article_from_item, read_feed, select_new
from narrate.batch import Dated, Listener, Source, Summary, publish_batch
from narrate.pipeline import Publisher

FIRST_RUN_ITEMS = 5  # a feed followed for the first time: its newest few, not its archive
# What the catalog records instead of an episode's guid: "" for an item the first run passed
# over (a back-fill with --all takes it), NEVER for one that cannot be read aloud at all.
NEVER = "-"


@dataclass(frozen=True)
class FollowResult:
    in_feed: int  # items the site feed lists now
    chosen: tuple[FeedItem, ...]  # the new ones this run published (or tried to)
    summary: Summary
    foreign: tuple[FeedItem, ...] = ()  # new items not in Vietnamese, passed over
    empty: tuple[FeedItem, ...] = ()  # new items with neither full text nor a link
    given_up: tuple[FeedItem, ...] = ()  # failed for good (page gone): not tried again


def follow(
    publisher: Publisher,
    source: str,
    *,
    max_items: int | None = FIRST_RUN_ITEMS,
    since: datetime | None = None,
    everything: bool = False,
    jobs: int | None = None,
    backdate: bool = False,
    listener: Listener | None = None,
    limits: FetchLimits = FetchLimits(),  # noqa: B008 - frozen, one shared default is safe
) -> FollowResult:
    """Publish the site feed's new items (full text from the item, else from its page).

    The first run takes the newest ``max_items`` and passes over the older ones for good;
    later runs take every item that appeared since (none is lost between two cron runs).
    An item that failed for a passing reason (the network) is tried again next run; one whose
    page is gone, or is not an article, is reported once and then left alone.
    ``everything`` back-fills all items never published, passed over or not.
    """
    items = read_feed(source, limits=limits)
    with publisher.catalog() as catalog:
        publisher.check_catalog(catalog)
        seen = catalog.followed(source)
        article_keys = catalog.article_keys()
    first_run = not seen
    done = {key for key, guid in seen.items() if guid} if everything else set(seen)

    def known(key: str) -> bool:
        return key in done or f"url:{key}" in article_keys

    vietnamese = [item for item in items if is_vietnamese(item)]
    foreign = [item for item in items if not is_vietnamese(item) and item.key not in seen]
    chosen = select_new(
        vietnamese, known, max_items=max_items if first_run else None, since=since,
        everything=everything,
    )  # fmt: skip
    sources: list[Source] = []
    readable: list[FeedItem] = []
    empty: list[FeedItem] = []  # no full text and no page to fetch it from
    for item in chosen:
        article = article_from_item(item, source=item.link or item.title)
        if article is None and not item.link:
            empty.append(item)
            continue
        readable.append(item)
        sources.append(article if article is not None else Dated(item.link or "", item.published))
    summary = publish_batch(publisher, sources, jobs=jobs, backdate=backdate, listener=listener)
    now = publisher.clock()
    with publisher.catalog() as catalog:
        given_up: list[FeedItem] = []
        for item, outcome in zip(readable, summary.outcomes, strict=True):
            if outcome.status != "failed":
                catalog.mark_followed(source, item.key, outcome.guid, now)
            elif outcome.lasting:  # reported once, not at every cron run from now on
                catalog.mark_followed(source, item.key, NEVER, now)
                given_up.append(item)
        for item in (*foreign, *empty):  # read once, never offered again, even by --all
            catalog.mark_followed(source, item.key, NEVER, now)
        if first_run and not everything:
            taken = {item.key for item in chosen}
            for item in items:
                if item.key not in taken:
                    catalog.mark_followed(source, item.key, "", now)
    return FollowResult(
        len(items), tuple(readable), summary, tuple(foreign), tuple(empty), tuple(given_up)
    )


# Letters only Vietnamese writes (with ơ, ư, đ, ă and the tone marks): a title of several
# words without one is not Vietnamese, whatever the feed forgot to say.
_VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)


def is_vietnamese(item: FeedItem) -> bool:
    """Whether an item is in Vietnamese: its language tag, else its title's letters. Sites mix
    in English or Chinese editions, which a Vietnamese voice must not read."""
    if item.language:
        return item.language.lower().startswith("vi")
    words = item.title.split()
    return len(words) < 4 or any(ch in _VIETNAMESE_LETTERS for ch in item.title.lower())
