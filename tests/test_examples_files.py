"""The bundled examples/ parse as their formats and still contain what they are meant to exercise.

These tests read the files with the third-party parsers directly (not through rasd.ingest), so a
failure here means the example data is broken, not the reader.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TXT = EXAMPLES / "txt"
HTML = EXAMPLES / "html"
FEEDS = EXAMPLES / "feeds"
JSONL = EXAMPLES / "jsonl" / "articles.jsonl"
WARC = EXAMPLES / "warc" / "crawl.warc.gz"

MIN_WORDS, MAX_WORDS = 150, 450


def _words(text: str) -> int:
    return len(text.split())


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.jsonld: list[str] = []
        self._in_title = False
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), a.get("content", ""))
        elif tag == "title":
            self._in_title = True
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._in_ld:
            self.jsonld[-1] += data


def _news_articles(ld: object) -> list[dict]:
    items = ld.get("@graph", [ld]) if isinstance(ld, dict) else ld
    return [i for i in items if isinstance(i, dict) and i.get("@type") == "NewsArticle"]


def _has_tz(stamp: str) -> bool:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).tzinfo is not None


def _warc_html_pages() -> list[tuple[str, str]]:
    from warcio.archiveiterator import ArchiveIterator

    pages = []
    with WARC.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and "html" in rec.http_headers.get_header("Content-Type"):
                pages.append((rec.rec_headers.get_header("WARC-Target-URI"),
                              rec.content_stream().read().decode("utf-8")))
    return pages


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    """Every article's title + body text, keyed by file (and entry)."""
    trafilatura = pytest.importorskip("trafilatura")
    feedparser = pytest.importorskip("feedparser")
    pytest.importorskip("warcio")
    docs: dict[str, str] = {}
    for p in sorted(TXT.glob("*.txt")):
        raw = p.read_bytes()
        try:
            docs[p.name] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            docs[p.name] = raw.decode("cp1256")
    for p in sorted(HTML.glob("*.html")):
        docs[p.name] = trafilatura.extract(p.read_text(encoding="utf-8"))
    for p in sorted(FEEDS.glob("*.xml")):
        for e in feedparser.parse(str(p)).entries:
            docs[f"{p.name}#{e.link}"] = e.title + "\n" + _strip_tags(e.content[0].value)
    for i, line in enumerate(JSONL.read_text(encoding="utf-8").splitlines(), 1):
        d = json.loads(line)
        docs[f"{JSONL.name}:{i}"] = d["title"] + "\n" + d["text"]
    for url, html in _warc_html_pages():
        docs[url] = trafilatura.extract(html)
    return docs


def test_readme_lists_every_file():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    files = [p for p in EXAMPLES.rglob("*") if p.is_file() and p.name != "README.md"]
    files = [p for p in files if "__pycache__" not in p.parts]
    assert files
    for p in files:
        assert f"`{p.relative_to(EXAMPLES).as_posix()}" in readme, p


def test_txt_files_have_the_documented_encodings():
    bom = TXT / "2026-10-28-peshang-peshmerga-equipment-ckb-bom.txt"
    cp = TXT / "2026-10-30-alnahrain-faction-threat-cp1256.txt"
    plain = TXT / "2026-11-04-dijla-sulaymaniyah-teachers-protest.txt"
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        cp.read_bytes().decode("utf-8")
    assert "الأمريكية" in cp.read_bytes().decode("cp1256")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    plain.read_bytes().decode("utf-8")


@pytest.mark.parametrize("path", sorted(TXT.glob("*.txt")), ids=lambda p: p.name)
def test_txt_layout_is_title_blank_body(path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1256")
    lines = text.split("\n")
    assert lines[0].strip() and lines[1] == "" and lines[2].strip()


@pytest.mark.parametrize("path", sorted(HTML.glob("*.html")), ids=lambda p: p.name)
def test_html_pages_carry_metadata(path):
    parser = _Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    m = parser.meta
    assert parser.title.strip()
    for key in ("og:title", "og:url", "og:site_name", "article:published_time"):
        assert m.get(key), key
    assert _has_tz(m["article:published_time"])
    assert m["og:url"].startswith("https://")
    articles = [a for block in parser.jsonld for a in _news_articles(json.loads(block))]
    assert len(articles) == 1
    assert articles[0]["datePublished"] == m["article:published_time"]
    assert articles[0]["headline"] == m["og:title"]


def test_html_main_text_is_extracted_without_boilerplate():
    trafilatura = pytest.importorskip("trafilatura")
    for path in sorted(HTML.glob("*.html")):
        meta = trafilatura.extract_metadata(path.read_text(encoding="utf-8"))
        text = trafilatura.extract(path.read_text(encoding="utf-8"))
        assert meta.sitename and meta.url and meta.date, path
        for junk in ("جميع الحقوق محفوظة", "أخبار ذات صلة", "اقرأ أيضا", "إعلان"):
            assert junk not in text, (path.name, junk)


def test_feeds_parse_with_dates_and_html_content():
    feedparser = pytest.importorskip("feedparser")
    rss = feedparser.parse(str(FEEDS / "sumer-news-rss.xml"))
    atom = feedparser.parse(str(FEEDS / "afaq-kurdistan-atom.xml"))
    assert not rss.bozo and not atom.bozo
    assert rss.version == "rss20" and atom.version == "atom10"
    assert len(rss.entries) == 3 and len(atom.entries) == 2
    for e in rss.entries + atom.entries:
        assert e.published_parsed and e.link.startswith("https://") and e.title
        assert e.content[0].type in ("text/html", "application/xhtml+xml")
        assert "<p>" in e.content[0].value


def test_jsonl_lines_have_the_reader_fields():
    ids = []
    for line in JSONL.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for key in ("title", "text", "published", "url", "outlet"):
            assert isinstance(d[key], str) and d[key], key
        assert _has_tz(d["published"])
        ids.append(d.get("id"))
    assert len(ids) == 5
    assert None in ids  # one line deliberately has no id
    present = [i for i in ids if i]
    assert len(present) == len(set(present))


def test_warc_records_and_reproducible(tmp_path):
    pytest.importorskip("warcio")
    from warcio.archiveiterator import ArchiveIterator

    kinds, types = [], []
    with WARC.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            kinds.append(rec.rec_type)
            if rec.rec_type == "response":
                types.append(rec.http_headers.get_header("Content-Type").split(";")[0])
    assert kinds.count("warcinfo") == 1
    assert kinds.count("request") == 3 and kinds.count("response") == 3
    assert sorted(types) == ["text/html", "text/html", "text/plain"]

    import importlib.util

    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "warc" / "make_warc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "again.warc.gz"
    mod.write_warc(out)
    assert out.read_bytes() == WARC.read_bytes()


def test_every_article_is_150_to_450_words(corpus):
    assert len(corpus) == 19
    for key, text in corpus.items():
        assert MIN_WORDS <= _words(text) <= MAX_WORDS, (key, _words(text))


# Phrases the examples exist to exercise (see examples/README.md). Removing one is a deliberate change.
REQUIRED = [
    "البيشمركة", "البشمركة", "الأميركية", "الأمريكية", "غوردون", "جوردون", "لداعش", "وداعش",
    "مسرور بارزاني", "مسعود بارزاني", "نيجيرفان بارزاني", "وقال بارزاني", "وأكد بارزاني",
    "حكومة إقليم كردستان", "في إقليم كردستان", "وزارة الداخلية العراقية",
    "“", "«", '"', "قال", "أكد", "أضاف", "أشار إلى أن", "أوضح", "صرح", "نفى", "حذر", "مضيفا", "مشيرا إلى",
    "المتحدث باسم وزارة الداخلية العراقية", "وقال معن",
    "750 ألف يورو", "25 مليون دولار", "1.5 مليار دينار", "٥٠٠٬٠٠٠", "٣٥٪", "1,240", "70%",
    "الحادي والعشرين من أكتوبر/ تشرين الأول الماضي", "تشرين الثاني/ نوفمبر", "أيلول/ سبتمبر",
    "أمس الثلاثاء", "السبت الماضي", "الأسبوع المقبل", "قبل يومين",
    "مذكرة تفاهم", "استقبل", "التقى", "بحث", "تظاهر", "طالبت", "اتهم", "هدد", "مقتل", "إصابة",
]


@pytest.mark.parametrize("phrase", REQUIRED)
def test_required_phrase_present(corpus, phrase):
    assert any(phrase in text for text in corpus.values()), phrase


def test_colon_quotes_present(corpus):
    everything = "\n".join(corpus.values())
    assert re.search(r"(قال|أضاف)[^.\n]{0,60}: [\"“«]", everything)  # quoted, after a colon
    assert re.search(r"قال[^.\n]{0,80}: إن", everything)  # unquoted, after a colon


def test_near_duplicate_pair_is_near_and_rewritten_pair_is_not(corpus):
    def shingles(t: str, k: int = 5) -> set:
        w = re.findall(r"\w+", t)
        return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}

    def jaccard(a: str, b: str) -> float:
        sa, sb = shingles(a), shingles(b)
        return len(sa & sb) / len(sa | sb)

    dijla = corpus["2026-10-28-dijla-agency-peshmerga-equipment.html"]
    furat = corpus["articles.jsonl:1"]
    rafidain = corpus["2026-10-22-alrafidain-tv-makhmour-attack.html"]
    afaq = next(v for k, v in corpus.items() if k.endswith("qarachogh-attack-toll"))
    assert jaccard(dijla, furat) > 0.6
    assert jaccard(rafidain, afaq) < 0.1
