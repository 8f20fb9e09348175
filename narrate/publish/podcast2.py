"""Podcasting 2.0 tags as a feedgen extension (feedgen knows none of them; see NOTES).

Channel: ``podcast:guid`` (UUIDv5 of the feed URL without scheme and trailing slash) and
``podcast:locked``. Item: ``podcast:transcript`` (one per format), ``podcast:chapters`` and
``podcast:person``. Written as elements, never as string edits of the XML, so every value is
escaped by lxml.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import lxml.etree  # noqa: F401 - feedgen.util uses lxml.etree without importing it
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# The namespace the Podcasting 2.0 spec fixes for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """The spec's feed guid: UUIDv5 of the URL with its scheme and trailing slashes removed."""
    address = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, address))


@dataclass(frozen=True)
class Transcript:
    url: str
    type: str
    language: str
    rel: str | None = None  # "captions" for timed captions (VTT, SRT)


@dataclass(frozen=True)
class Person:
    name: str
    role: str = "author"
    group: str = "writing"
    href: str | None = None


class Podcast2Extension(BaseExtension):
    """Channel-level tags."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.owner: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed):  # type: ignore[no-untyped-def]
        channel = rss_feed[0]
        if self.locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self.locked else "no"
            if self.owner:
                locked.attrib["owner"] = self.owner
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        return rss_feed


class Podcast2EntryExtension(BaseEntryExtension):
    """Item-level tags."""

    def __init__(self) -> None:
        self.transcripts: list[Transcript] = []
        self.chapters: str | None = None
        self.persons: list[Person] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, entry):  # type: ignore[no-untyped-def]
        for transcript in self.transcripts:
            element = xml_elem(f"{{{PODCAST_NS}}}transcript", entry)
            element.attrib.update(
                {"url": transcript.url, "type": transcript.type, "language": transcript.language}
            )
            if transcript.rel:
                element.attrib["rel"] = transcript.rel
        if self.chapters:
            element = xml_elem(f"{{{PODCAST_NS}}}chapters", entry)
            element.attrib.update({"url": self.chapters, "type": "application/json+chapters"})
        for person in self.persons:
            element = xml_elem(f"{{{PODCAST_NS}}}person", entry)
            element.attrib.update({"role": person.role, "group": person.group})
            if person.href:
                element.attrib["href"] = person.href
            element.text = person.name
        return entry
