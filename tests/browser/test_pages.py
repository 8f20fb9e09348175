"""The listener pages in a real browser: accessibility rules, keyboard, audio through the server,
the highlighted sentence, a 320 px screen and no JavaScript at all."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from narrate.publish.timeline import chapters, lines
from tests.browser.conftest import Site

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FOCUSED = """() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return {
        tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute("href"),
        outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
        shadow: style.boxShadow,
    };
}"""
CURRENT = "Array.from(document.querySelectorAll('.transcript [aria-current]'))" \
    ".map(e => e.dataset.start)"  # fmt: skip


def wait_for_metadata(page: Page) -> None:
    page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=10_000)


def seek(page: Page, seconds: float) -> None:
    page.evaluate(
        """(t) => new Promise((done) => {
            const audio = document.getElementById("player");
            audio.addEventListener("seeked", () => done(), { once: true });
            audio.currentTime = t;
        })""",
        seconds,
    )


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """(tags) => axe.run(document, { runOnly: { type: "tag", values: tags } })""",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["index", "episode"])
def test_axe_finds_no_wcag_violations(
    browser: Browser, site: Site, axe_source: str, scheme: str, which: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 800, "height": 900})
    try:
        page = context.new_page()
        page.goto(site.url + "index.html" if which == "index" else site.page_url)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark"
        )
        if which == "episode":  # check the highlight's colours and the current chapter too
            wait_for_metadata(page)
            seek(page, 14.0)
            assert page.evaluate(CURRENT) == ["13.500"]
        assert axe_violations(page, axe_source) == []
    finally:
        context.close()


def test_audio_loads_through_the_server_with_byte_ranges(page: Page, site: Site) -> None:
    seen = len(site.requests)  # this page's requests only (a fresh context: an empty cache)
    page.goto(site.page_url)
    wait_for_metadata(page)
    duration = page.evaluate("document.getElementById('player').duration")
    assert duration == pytest.approx(site.mp3_seconds, abs=0.3)
    mp3 = [r for r in site.requests[seen:] if getattr(r, "http_path", "").endswith(".mp3")]
    ranged = [r for r in mp3 if r.http_range and r.http_range.startswith("bytes=")]  # type: ignore[attr-defined]
    assert ranged, f"no Range request for the MP3 among {[r.getMessage() for r in mp3]}"
    assert {r.http_status for r in ranged} == {206}  # type: ignore[attr-defined]


def test_tab_reaches_skip_link_player_speed_and_chapters_in_order_with_visible_focus(
    page: Page, site: Site
) -> None:
    page.goto(site.page_url)
    wait_for_metadata(page)
    marks = chapters(site.episode.timeline, site.episode.duration)
    stops: list[dict[str, Any]] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["href"] == f"#doan-{len(marks)}":
            break
    assert stops[0]["href"] == "#main"
    for stop in stops:
        visible = stop["outline"] != "none" and stop["outlineWidth"] > 0
        assert visible or stop["shadow"] != "none", f"no visible focus on {stop}"
    order = [(s["tag"], s["id"] or s["href"]) for s in stops]
    player = order.index(("audio", "player"))
    speed = order.index(("select", "speed"))
    chapter_stops = [order.index(("a", f"#doan-{n}")) for n in range(1, len(marks) + 1)]
    assert 0 < player < speed < chapter_stops[0]
    assert chapter_stops == sorted(chapter_stops)

    # Enter on the focused last chapter link seeks there, and focus stays on the link.
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {marks[-1].start}) < 0.5",
        timeout=5000,
    )
    assert page.evaluate(FOCUSED)["href"] == f"#doan-{len(marks)}"
    page.evaluate("document.getElementById('player').pause()")


def test_the_skip_link_moves_focus_to_the_main_content(page: Page, site: Site) -> None:
    page.goto(site.page_url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_sentence_being_read_and_only_it_is_highlighted_without_moving_focus(
    page: Page, site: Site
) -> None:
    page.goto(site.page_url)
    wait_for_metadata(page)
    sentences = lines(site.episode.timeline)
    assert page.evaluate(CURRENT) == []
    for sentence in (sentences[3], sentences[6], sentences[1]):
        seek(page, (sentence.start + sentence.end) / 2)
        assert page.evaluate(CURRENT) == [f"{sentence.start:.3f}"]
        assert page.evaluate("document.activeElement === document.body")
    current_text = page.evaluate("document.querySelector('.transcript [aria-current]').textContent")
    assert current_text == sentences[1].text


def test_the_speed_control_sets_the_playback_rate(page: Page, site: Site) -> None:
    page.goto(site.page_url)
    wait_for_metadata(page)
    page.select_option("#speed", "1.5")
    assert page.evaluate("document.getElementById('player').playbackRate") == 1.5
    page.reload()
    wait_for_metadata(page)
    assert page.evaluate("document.getElementById('player').playbackRate") == 1.5


@pytest.mark.parametrize("which", ["index", "episode"])
def test_nothing_scrolls_sideways_on_a_320_px_screen(
    browser: Browser, site: Site, which: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site.url + "index.html" if which == "index" else site.page_url)
        assert page.evaluate("document.documentElement.clientWidth") == 320
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


def test_without_javascript_the_transcript_and_audio_are_all_there(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.page_url)
        text = page.inner_text("main")
        for sentence in lines(site.episode.timeline):
            assert " ".join(sentence.text.removeprefix("Ảnh: ").split()) in " ".join(text.split())
        assert page.locator("audio#player[controls]").count() == 1
        assert page.locator("a[data-start]").count() == len(
            chapters(site.episode.timeline, site.episode.duration)
        )
        assert page.is_hidden("#speed")  # a control that would do nothing is not offered
        assert page.evaluate("document.querySelectorAll('[aria-current]').length") == 0
    finally:
        context.close()
