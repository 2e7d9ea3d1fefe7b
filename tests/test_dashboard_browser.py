"""The dashboard in real headless Chromium (Debian ``chromium`` + the ``playwright`` package):
search, open an article, click an entity, filter events, stories, hostile articles, the
English toggle, a phone-sized screen and a database where no stage has run. Screenshots go to
test-artifacts/screenshots/. Skipped, with the reason, where Chromium or playwright is absent."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

from rasd.server.testing import HOSTILE_TITLE, LiveServer, build_test_db, light_settings

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"

if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set RASD_CHROMIUM)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # the examples with the fast stages only: this tests the dashboard, the fixtures carry the annotations
    return build_test_db(tmp_path_factory.mktemp("browser") / "browser.db", settings=light_settings())


@pytest.fixture(scope="module")
def server(built: dict[str, Any]) -> Iterator[LiveServer]:
    with LiveServer(built["path"]) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as e:  # noqa: BLE001 - a broken browser install is a skip, not a failure
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {e}")
        yield b
        b.close()


class Watch:
    """Console errors, page errors, dialogs (alert = a script ran) and off-host requests."""

    def __init__(self, page: Any, base: str) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.offsite: list[str] = []
        host = urlsplit(base).netloc
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r: Any) -> None:
            if urlsplit(r.request.url).netloc != host:
                self.offsite.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        page.route("**/*", route)

    def clean(self) -> None:
        assert not self.dialogs, self.dialogs
        assert not self.offsite, self.offsite  # every asset is bundled: nothing is fetched elsewhere
        assert not [e for e in self.errors if "404" not in e], self.errors


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    w = Watch(pg, server.url)
    yield pg, w
    ctx.close()


def shot(pg: Any, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def no_overflow(pg: Any) -> None:
    sw, iw = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert sw <= iw + 1, f"horizontal overflow: {sw} > {iw}"


def test_search_with_highlighted_hits_and_facets(page: Any, server: LiveServer) -> None:
    pg, w = page
    pg.goto(server.url + "/")
    assert pg.locator("html").get_attribute("dir") == "rtl" and pg.locator("html").get_attribute("lang") == "ar"
    shot(pg, "home")
    pg.fill("#q", "البيشمركة")
    pg.press("#q", "Enter")
    pg.wait_for_selector(".hit")
    total = int(pg.inner_text("#result-count strong").replace(",", ""))
    assert total >= 5 and pg.locator(".hit").count() == min(total, 20)
    assert pg.locator(".snippet mark").count() >= 3
    marked = pg.locator(".snippet mark").first.inner_text()
    assert "بشمرك" in marked.replace("ي", "")  # the hit word, in its original spelling
    family = pg.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Rasd Naskh" in family
    shot(pg, "search")
    facet = pg.locator('ul[data-facet="outlet"] li a').first
    facet.click()
    pg.wait_for_selector('ul[data-facet="outlet"] li.on')
    filtered = int(pg.inner_text("#result-count strong").replace(",", ""))
    assert 1 <= filtered < total
    no_overflow(pg)
    w.clean()


def test_open_article_annotations_quote_and_event(page: Any, server: LiveServer, built: dict[str, Any]) -> None:
    pg, w = page
    pg.goto(server.url + "/?q=" + "القنصل الأميركي البيشمركة")
    pg.locator(".hit-title", has_text="بارزاني يستقبل").click()
    pg.wait_for_selector("#article-text")
    assert pg.url.endswith(f"/doc/{built['annotated'][0]}")
    text = pg.locator("#article-text")
    assert text.locator(".ann.ent").count() == 10
    assert text.locator("a.ent.ent-PER").first.inner_text() == "مسرور بارزاني"
    assert text.locator(".ann.amount").inner_text() == "25 مليون دولار"
    assert text.locator(".ann.time").count() == 2 and text.locator(".ann.event").count() == 2
    # a quote highlights its speaker
    quote = text.locator(".ann.quote").first
    speaker = pg.locator("#" + quote.get_attribute("data-speaker"))
    assert "active" not in (speaker.get_attribute("class") or "")
    quote.click()
    assert "active" in speaker.get_attribute("class") and speaker.inner_text() == "بارزاني"
    shot(pg, "article-quote")
    # an event highlights its arguments
    aid = text.locator(".ann.event.ev-AID")
    aid.click()
    args = aid.get_attribute("data-args").split()
    assert len(args) == 2 and all("active" in pg.locator("#" + a).get_attribute("class") for a in args)
    # an amount shows its entry (value and unit) in the side panel
    text.locator(".ann.amount").click()
    entry = pg.locator('aside a.jump[data-target="ann-a0"]').locator("xpath=..")
    assert "USD" in entry.inner_text()
    pg.wait_for_function("document.querySelector('aside a.jump[data-target=\"ann-a0\"]').closest('li').classList.contains('flash')")
    # the legend hides a layer's highlighting
    pg.locator('.layer-toggles input[data-layer="ent"]').first.uncheck()
    assert "hide-ent" in text.get_attribute("class")
    pg.locator('.layer-toggles input[data-layer="ent"]').first.check()
    # the side panel jumps to an annotation
    pg.locator("aside .jump").first.click()
    assert "#ann-" in pg.url
    shot(pg, "article")
    no_overflow(pg)
    w.clean()


def test_click_entity_opens_entity_page(page: Any, server: LiveServer, built: dict[str, Any]) -> None:
    pg, w = page
    pg.goto(server.url + f"/doc/{built['annotated'][0]}")
    pg.locator("#article-text a.ent", has_text="مسرور بارزاني").click()
    pg.wait_for_selector("#entity-name")
    assert pg.url.endswith("/entity/E_MASROUR")
    assert pg.inner_text("#entity-name") == "مسرور بارزاني"
    aliases = pg.locator("#aliases li").all_inner_texts()
    assert any("بارزاني" in a for a in aliases) and len(aliases) == 2
    assert pg.locator("svg.chart rect.bar").count() == 3  # 16, 17 (empty) and 18 November
    assert pg.locator("#cooc-graph a.node").count() >= 5
    assert pg.locator("#entity-quotes li").count() == 2
    assert pg.locator("#entity-events tbody tr").count() == 1
    shot(pg, "entity")
    pg.locator("#cooc-graph a.node", has_text="البيشمركة").click()
    pg.wait_for_url("**/entity/E_PESH")
    assert pg.inner_text("#entity-name") == "البيشمركة"
    no_overflow(pg)
    w.clean()


def test_events_filter_sort_download(page: Any, server: LiveServer) -> None:
    pg, w = page
    pg.goto(server.url + "/events")
    all_rows = pg.locator("#events-table tbody tr").count()
    assert all_rows >= 5 and pg.locator("svg.chart rect").count() >= 3
    shot(pg, "events")
    pg.select_option("#f-type", "AID")
    pg.click("#f-submit")
    pg.wait_for_url("**type=AID**")
    types = pg.locator("#events-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.type)")
    assert types and set(types) == {"AID"} and len(types) < all_rows
    pg.goto(server.url + "/events")
    pg.locator("#events-table thead a", has_text="الثقة").click()
    pg.wait_for_url("**sort=confidence**")
    confs = [float(x) for x in pg.locator("#events-table tbody td.conf").all_inner_texts()]
    assert confs == sorted(confs, reverse=True)
    with pg.expect_download() as dl:
        pg.click("#dl-csv")
    path = dl.value.path()
    head = Path(path).read_bytes().decode("utf-8-sig")
    assert head.startswith("doc_id,idx,published,outlet,type")
    shot(pg, "events-sorted")
    w.clean()


def test_stories_list_and_story_page(page: Any, server: LiveServer, built: dict[str, Any]) -> None:
    pg, w = page
    pg.goto(server.url + "/stories")
    link = pg.locator("#stories-table a", has_text="قصة تجريبية")
    shot(pg, "stories")
    link.click()
    pg.wait_for_selector("#story-members")
    assert pg.url.endswith(f"/story/{built['story']}")
    assert pg.locator("#story-members li").count() == 2 and pg.locator("#story-outlets li").count() == 2
    assert pg.locator("svg.chart rect.bar").count() == 3
    shot(pg, "story")
    w.clean()


def test_hostile_article_is_inert_in_the_browser(page: Any, server: LiveServer, built: dict[str, Any]) -> None:
    pg, w = page
    for path, name in ((f"/doc/{built['hostile'][0]}", "hostile-article"), ("/?q=window", "hostile-search"),
                       ("/events", None), ("/entities", None), ("/quotes", None), ("/documents", None)):
        pg.goto(server.url + path)
        pg.wait_for_load_state("load")
        assert pg.evaluate("typeof window.__pwned") == "undefined", path
        assert pg.evaluate("document.scripts.length") == 1, path
        assert pg.locator("img, iframe, object, embed, style").count() == 0, path
        no_overflow(pg)
        if name:
            shot(pg, name)
    pg.goto(server.url + f"/doc/{built['hostile'][0]}")
    assert pg.inner_text("h1.doc-title") == HOSTILE_TITLE  # shown as text, exactly
    assert "<script>window.__pwned=2" in pg.inner_text("#article-text")
    assert pg.locator("#article-text a[href^='javascript']").count() == 0
    # the bidi override stays inside the title: the date after the outlet is still in place
    box = pg.locator("h1.doc-title").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    ent = pg.locator("#article-text a.ent")
    ent.hover()
    ent.click()
    pg.wait_for_selector("#entity-name")
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    shot(pg, "hostile-entity")
    w.clean()


def test_megabyte_word_keeps_the_layout(page: Any, server: LiveServer, built: dict[str, Any]) -> None:
    pg, w = page
    t0 = time.monotonic()
    pg.goto(server.url + f"/doc/{built['hostile'][1]}", timeout=60_000)
    took = time.monotonic() - t0
    assert took < 20, f"the page took {took:.1f}s"
    no_overflow(pg)
    box = pg.locator("#article-text").bounding_box()
    assert box and box["width"] <= 1280
    assert pg.locator("#truncated").is_visible() or pg.locator("#truncated").count() == 1
    shot(pg, "long-word", full=False)
    w.clean()


def test_english_interface(page: Any, server: LiveServer) -> None:
    pg, w = page
    pg.goto(server.url + "/entity/E_MASROUR")
    pg.click("#lang-toggle")
    pg.wait_for_selector("html[lang=en]")
    assert pg.locator("html").get_attribute("dir") == "ltr"
    assert pg.locator("nav.nav a").first.inner_text() == "Search"
    assert pg.inner_text("#entity-name") == "مسرور بارزاني"
    shot(pg, "entity-en")
    pg.goto(server.url + "/events")  # the choice is kept (cookie)
    assert pg.locator("html").get_attribute("lang") == "en"
    shot(pg, "events-en")
    pg.click("#lang-toggle")
    pg.wait_for_selector("html[lang=ar]")
    w.clean()


def test_phone_sized_screen(browser: Any, server: LiveServer, built: dict[str, Any]) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    pg = ctx.new_page()
    w = Watch(pg, server.url)
    for path, name in ((f"/doc/{built['annotated'][0]}", "mobile-article"), ("/?q=داعش", "mobile-search"),
                       ("/entity/E_MASROUR", "mobile-entity"), ("/events", "mobile-events")):
        pg.goto(server.url + path)
        no_overflow(pg)  # wide tables scroll inside their own box
        if name:
            shot(pg, name)
    w.clean()
    ctx.close()


def test_api_reference_page(page: Any, server: LiveServer) -> None:
    pg, w = page
    pg.goto(server.url + "/docs")
    assert pg.locator("section.op").count() >= 10
    assert pg.locator("section.op code", has_text="/api/search").count() >= 1
    shot(pg, "api-docs")
    w.clean()


def test_pages_say_not_computed_yet(browser: Any, tmp_path: Path) -> None:
    from rasd.document import Document
    from rasd.store import Store

    db = tmp_path / "bare.db"
    with Store(db) as s:
        s.add(Document("خبر بلا أي مرحلة معالجة عن بغداد.", title="خبر خام", outlet="مصدر", published="2026-11-01"))
        doc_id = s.doc_ids()[0]
    with LiveServer(db) as srv:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = ctx.new_page()
        w = Watch(pg, srv.url)
        for path in ("/entities", "/events", "/quotes", "/stories", f"/doc/{doc_id}", "/"):
            pg.goto(srv.url + path)
            assert pg.locator('[data-state="not-computed"]').count() >= 1, path
        pg.goto(srv.url + "/entities")
        shot(pg, "not-computed-entities")
        pg.goto(srv.url + f"/doc/{doc_id}")
        assert pg.locator('aside [data-state="not-computed"]').count() == 5
        shot(pg, "not-computed-article")
        pg.goto(srv.url + "/?q=بغداد")
        assert pg.locator(".hit").count() == 1
        w.clean()
        ctx.close()
