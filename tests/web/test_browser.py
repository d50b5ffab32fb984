"""End to end in headless Chromium (Debian's, driven by Playwright): a real server on a free
loopback port, the Armenia–Artsakh page, the 1988 events in order on the timeline, the
dissolution marked, a click on an event showing its sentence highlighted. Screenshots go to
tests/artifacts/ (gitignored) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from live_server import CHROMIUM_ARGS, serve  # tests/live_server.py (pytest pythonpath)

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
@pytest.fixture(scope="module")
def server(kb_url):
    with serve(kb_url) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_dyad_timeline_in_a_real_browser(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    page.click("text=Armenia–Artsakh")
    page.wait_for_url("**/dyads/armenia/artsakh")
    page.wait_for_selector("#timeline svg .tl-item")
    page.screenshot(path=str(ARTIFACTS / "dyad-full.png"))

    # The dissolution: a marked line at 1 January 2024, and the party card says so.
    assert page.locator(".tl-end[data-date='2024-01-01']").count() == 1
    assert "dissolved 1 January 2024" in page.inner_text("aside")

    # Zoom to 1988: its events are drawn left to right in date order.
    page.click("button[data-zoom^='1988-01-01']")
    page.wait_for_timeout(300)
    items = page.eval_on_selector_all(
        ".tl-item", "els => els.map(e => [e.dataset.t0, parseFloat(e.dataset.x), e.dataset.id])")
    y1988 = [(t0, x, i) for t0, x, i in items if t0.startswith("1988")]
    assert len(y1988) >= 3
    by_date = sorted(y1988)
    xs = [x for _t0, x, _i in by_date]
    assert xs == sorted(xs), f"1988 events out of order on the timeline: {by_date}"
    page.screenshot(path=str(ARTIFACTS / "dyad-1988.png"))

    # Click the 23 March 1988 rejection: its sentence appears with the trigger highlighted.
    target = next(i for t0, _x, i in by_date if t0 == "1988-03-23")
    page.click(f".tl-item[data-id='{target}'][data-type='REJECT']", force=True)
    page.wait_for_selector("#event-detail #event-sentence mark")
    trigger = page.inner_text("#event-detail mark.trigger")
    assert trigger == "rejected"
    sentence = page.inner_text("#event-detail #event-sentence")
    assert sentence.startswith("On 23 March 1988") and "Supreme Soviet" in sentence
    assert page.locator("#event-detail mark.timex").count() >= 1
    assert page.locator(f"table.events tr.selected[data-id='{target}']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "dyad-event.png"), full_page=False)
    # The README's picture: the 1980s with the event read beside it, no tooltip.
    page.mouse.move(5, 5)
    page.click("button[data-zoom^='1980-01-01']")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / "readme-dyad.png"),
                    clip={"x": 0, "y": 0, "width": 1400, "height": 1000})

    # Filters: hiding a type hides its marks and rows.
    page.click(".chip[data-type='REJECT']")
    assert page.locator(".tl-item[data-type='REJECT']").count() == 0
    assert page.locator("table.events tr[data-type='REJECT']:visible").count() == 0

    page.click(".chip[data-type='REJECT']")  # back on
    # The actor filter keeps exactly the events in which that actor takes part.
    page.click("button[data-zoom^='1000-01-01']")
    value = page.eval_on_selector_all(
        "#actor-filter option", "os => os.find(o => o.text.startsWith('Azerbaijan (')).value")
    page.select_option("#actor-filter", value=value)
    shown = page.eval_on_selector_all("table.events tr[data-id]:not([hidden])",
                                      "els => els.map(e => e.dataset.id)")
    assert shown and len(shown) < page.locator("table.events tr[data-id]").count()
    drawn = page.eval_on_selector_all(".tl-item", "els => els.map(e => e.dataset.id)")
    assert set(drawn) <= set(shown)
    for event_id in shown:
        e = page.request.get(f"{server}/api/events/{event_id}").json()
        assert any(a["name"] == "Azerbaijan" for a in e["source"] + e["target"])
    page.screenshot(path=str(ARTIFACTS / "dyad-actor-filter.png"))

    # The event page links to the article view, where the sentence's spans are marked.
    page.goto(server + f"/events/{target}")
    page.click("text=in the article")
    page.wait_for_selector("#article-text mark.timex")
    assert page.locator("#article-text mark").count() > 20
    page.screenshot(path=str(ARTIFACTS / "article.png"))
    assert not errors, errors
