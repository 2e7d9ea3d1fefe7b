"""rasd.ingest: each input format and encoding, from bytes generated in tmp_path."""

from __future__ import annotations

import gzip
import io
import json
import lzma
import tarfile
import zipfile

import pytest

from rasd.document import Document
from rasd.ingest import Skip, read_paths

AR = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في بغداد.\nوأضاف أن «الحوار هو الطريق الوحيد»."
MIXED = "أعلنت شركة Siemens، اليوم الأحد 12 أيار 2024، عن عقد بقيمة 1.5 مليار دولار.\nThe deal was signed in Erbil."


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Skip)]


def read1(path, **kw) -> Document:
    docs, skips = split(read_paths([str(path)], **kw))
    assert not skips, [str(s) for s in skips]
    assert len(docs) == 1, docs
    return docs[0]


# ------------------------------------------------------------------ plain text encodings

ENCODINGS = [
    ("utf-8", lambda s: s.encode("utf-8"), "utf-8"),
    ("utf-8-bom", lambda s: s.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16-bom", lambda s: s.encode("utf-16"), "utf-16-le"),  # little-endian BOM on this platform
    ("utf-16-be-bom", lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le", lambda s: s.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", lambda s: s.encode("utf-16-be"), "utf-16-be"),
    ("cp1256", lambda s: s.encode("cp1256"), "cp1256"),
]


@pytest.mark.parametrize("text", [AR, MIXED], ids=["arabic", "mixed"])
@pytest.mark.parametrize("label,encode,expected", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_text_encodings(tmp_path, label, encode, expected, text):
    p = tmp_path / f"{label}.txt"
    p.write_bytes(encode(text))
    d = read1(p)
    assert d.text == text
    assert d.meta["encoding"] == expected


@pytest.mark.parametrize("label,encode,expected", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_crlf_becomes_lf_and_bom_is_dropped(tmp_path, label, encode, expected):
    p = tmp_path / "crlf.txt"
    p.write_bytes(encode(AR.replace("\n", "\r\n")))
    d = read1(p)
    assert d.text == AR
    assert not d.text.startswith("\ufeff")


def test_short_cp1256(tmp_path):
    for s in ["بغداد", "قال الوزير: نعم.", "مؤتمر صحفي في أربيل"]:
        p = tmp_path / "short.txt"
        p.write_bytes(s.encode("cp1256"))
        assert read1(p).text == s


def test_text_is_kept_exactly(tmp_path):
    s = "  سطر أول\t مع مسافات  \n\n\nسطر\u200c ثان\u0640\u0640 \u064b\n  "
    p = tmp_path / "exact.txt"
    p.write_text(s, encoding="utf-8")
    assert read1(p).text == s


@pytest.mark.parametrize(
    "text,title",
    [
        ("عنوان الخبر\n\nنص الخبر.", "عنوان الخبر"),
        ("عنوان الخبر\r\n\r\nنص الخبر.", "عنوان الخبر"),
        ("جملة كاملة تنتهي بنقطة.\n\nنص الخبر.", None),
        ("سطر أول\nسطر ثان بلا فراغ", None),
        ("عنوان وحيد\n\n", None),
        ("نص من سطر واحد", None),
    ],
)
def test_plain_text_headline(tmp_path, text, title):
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode("utf-8"))
    d = read1(p)
    assert d.title == title
    assert d.text == text.replace("\r\n", "\n")


def test_utf8_with_a_stray_byte_is_kept_with_replacement(tmp_path):
    data = (AR * 10).encode("utf-8") + b"\xff" + (AR * 10).encode("utf-8")
    p = tmp_path / "stray.txt"
    p.write_bytes(data)
    d = read1(p)
    assert d.meta["decode_errors"] == 1 and "\ufffd" in d.text


# ------------------------------------------------------------------ HTML

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>اتفاق على استئناف المحادثات | صحيفة الأفق</title>
<meta property="og:site_name" content="صحيفة الأفق">
<meta property="og:title" content="اتفاق على استئناف المحادثات">
<link rel="canonical" href="https://alofoq.example/news/2024/05/12/talks">
{date}
</head><body>
<nav><ul><li>الرئيسية</li><li>سياسة</li><li>اقتصاد</li></ul></nav>
<article><h1>اتفاق على استئناف المحادثات</h1>
<p>قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في بغداد بعد توقف دام ثلاثة أشهر بسبب الخلافات
حول ملف الحدود والمياه.</p>
<p>وأضاف في مؤتمر صحفي عقده في مقر الوزارة أن «الحوار هو الطريق الوحيد» لحل القضايا العالقة بين البلدين،
مشيرا إلى أن الوفدين سيبحثان أيضا ملفات التجارة والطاقة والاستثمار.</p>
</article>
<footer>جميع الحقوق محفوظة © 2024</footer>
</body></html>"""

JSONLD = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
{"@type": "NewsArticle", "headline": "x", "datePublished": "2024-05-12T09:30:00+03:00",
 "publisher": {"@type": "Organization", "name": "الأفق"}}]}</script>"""


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE.format(charset="utf-8", date=JSONLD), encoding="utf-8")
    d = read1(p)
    assert "ستستأنف الأسبوع المقبل" in d.text and "الحوار هو الطريق الوحيد" in d.text
    assert "جميع الحقوق" not in d.text and "الرئيسية" not in d.text
    assert d.title == "اتفاق على استئناف المحادثات"
    assert d.url == "https://alofoq.example/news/2024/05/12/talks"
    assert d.outlet == "صحيفة الأفق"
    assert d.published == "2024-05-12T09:30:00+03:00"
    assert d.meta["published_from"] == "json-ld" and d.meta["html_lang"] == "ar"
    assert d.meta["hostname"] == "alofoq.example"


def test_html_article_published_time(tmp_path):
    p = tmp_path / "page.htm"
    meta = '<meta property="article:published_time" content="2024-05-12T06:30:00Z">'
    p.write_text(PAGE.format(charset="utf-8", date=meta), encoding="utf-8")
    d = read1(p)
    assert d.published == "2024-05-12T06:30:00+00:00"


def test_html_date_from_url_when_no_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE.format(charset="utf-8", date=""), encoding="utf-8")
    d = read1(p)
    assert d.published == "2024-05-12" and d.meta["published_from"] == "trafilatura"


def test_html_without_date_has_none(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE.format(charset="utf-8", date="").replace("/2024/05/12", ""), encoding="utf-8")
    assert read1(p).published is None
    # --published is for plain text only
    assert read1(p, published="2020-01-01").published is None


def test_html_declared_windows_1256(tmp_path):
    p = tmp_path / "old.html"
    p.write_bytes(PAGE.format(charset="windows-1256", date="").replace("©", "").encode("cp1256"))
    d = read1(p)
    assert "ستستأنف الأسبوع المقبل" in d.text and d.meta["encoding"] == "cp1256"


def test_html_wrong_declared_charset_falls_back(tmp_path):
    p = tmp_path / "lying.html"
    p.write_bytes(PAGE.format(charset="utf-8", date="").replace("©", "").encode("cp1256"))
    d = read1(p)
    assert "ستستأنف الأسبوع المقبل" in d.text and d.meta["encoding"] == "cp1256"


def test_html_in_a_txt_file_is_html(tmp_path):
    p = tmp_path / "saved.txt"
    p.write_text(PAGE.format(charset="utf-8", date=""), encoding="utf-8")
    assert read1(p).meta["format"] == "html"


def test_html_short_article_uses_recall(tmp_path):
    p = tmp_path / "short.html"
    p.write_text("<html><head><title>خبر</title></head><body><p>قتل جنديان بانفجار عبوة ناسفة.</p></body></html>")
    d = read1(p)
    assert d.text == "قتل جنديان بانفجار عبوة ناسفة."


def test_html_unclosed_tags_still_read(tmp_path):
    p = tmp_path / "broken.html"
    p.write_text(
        "<html><body><div><p>قال مسؤول <b>كردي إن هجوما استهدف مخمور <p>صباح اليوم الخميس وأضاف أن القوات<div> <span>",
        encoding="utf-8",
    )
    d = read1(p)
    assert "استهدف مخمور" in d.text and "صباح اليوم الخميس" in d.text


# ------------------------------------------------------------------ RSS / Atom

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>وكالة الأنباء</title><link>https://agency.example/</link><language>ar</language>
<item><title>الخبر الأول</title><link>https://agency.example/1</link>
<guid>https://agency.example/1</guid>
<pubDate>Sun, 12 May 2024 09:30:00 +0300</pubDate>
<category>سياسة</category>
<description>ملخص قصير</description>
<content:encoded><![CDATA[<p>الفقرة الأولى من الخبر &amp; تفاصيله.</p><p>الفقرة <b>الثانية</b><br/>سطر جديد.</p><script>x()</script>]]></content:encoded>
</item>
<item><title>الخبر الثاني</title><link>https://agency.example/2</link>
<pubDate>Mon, 13 May 2024 07:00:00 GMT</pubDate>
<description>&lt;p&gt;نص الملخص فقط&lt;/p&gt;</description>
</item>
<item><title>بلا نص</title><link>https://agency.example/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>شبكة الأخبار</title>
<link href="https://net.example/"/><id>urn:x</id><updated>2024-05-12T10:00:00+03:00</updated>
<entry><title>مدخل HTML</title><id>urn:1</id><link href="https://net.example/1"/>
<published>2024-05-12T10:00:00+03:00</published><updated>2024-05-12T11:00:00+03:00</updated>
<content type="html">&lt;p&gt;نص &lt;em&gt;المدخل&lt;/em&gt; الأول.&lt;/p&gt;</content></entry>
<entry><title>مدخل XHTML</title><id>urn:2</id><link href="https://net.example/2"/>
<updated>2024-05-11T08:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>فقرة أولى.</p><p>فقرة ثانية.</p></div></content></entry>
</feed>"""


def test_rss_entries(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text(RSS, encoding="utf-8")
    docs, skips = split(read_paths([str(p)]))
    assert [d.title for d in docs] == ["الخبر الأول", "الخبر الثاني"]
    a, b = docs
    assert a.text == "الفقرة الأولى من الخبر & تفاصيله.\n\nالفقرة الثانية\nسطر جديد."
    assert a.published == "2024-05-12T09:30:00+03:00" and a.url == "https://agency.example/1"
    assert a.outlet == "وكالة الأنباء" and a.source == f"{p}#1"
    assert a.meta["tags"] == ["سياسة"] and a.meta["format"] == "feed"
    assert b.text == "نص الملخص فقط" and b.published == "2024-05-13T07:00:00+00:00"
    (s,) = skips
    assert s.code == "E104" and s.source == f"{p}#3"


def test_atom_entries(tmp_path):
    p = tmp_path / "atom.xml"
    p.write_text(ATOM, encoding="utf-8")
    docs, skips = split(read_paths([str(p)]))
    assert not skips
    a, b = docs
    assert a.text == "نص المدخل الأول." and a.published == "2024-05-12T10:00:00+03:00"
    assert b.text == "فقرة أولى.\n\nفقرة ثانية." and b.published == "2024-05-11T08:00:00+00:00"
    assert a.outlet == "شبكة الأخبار"


@pytest.mark.parametrize(
    "feed_title,outlet",
    [("وكالة سومر نيوز - آخر الأخبار", "وكالة سومر نيوز"), ("BBC News | World", "BBC News"), ("الأفق", "الأفق"),
     ("Sky News عربية", "Sky News عربية"), (None, None)],
)
def test_feed_outlet_name(feed_title, outlet):
    from rasd.ingest.feeds import outlet_name

    assert outlet_name(feed_title) == outlet


# ------------------------------------------------------------------ WARC


def make_warc(path, pages, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record("x.warc", {"software": "test"}))
        for url, status, ctype, body in pages:
            req = w.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True),
            )
            w.write_record(req)
            hdrs = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hdrs))


WARC_PAGES = [
    ("https://alofoq.example/a", "200 OK", "text/html; charset=utf-8", PAGE.format(charset="utf-8", date=JSONLD).encode()),
    ("https://alofoq.example/robots.txt", "200 OK", "text/plain", b"User-agent: *\n"),
    ("https://alofoq.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
    ("https://alofoq.example/gone", "404 Not Found", "text/html", b"<html><body><p>not found</p></body></html>"),
    ("https://alofoq.example/old", "301 Moved", "text/html", b"<html><body>moved</body></html>"),
    ("https://alofoq.example/b", "200 OK", "text/html; charset=windows-1256",
     PAGE.format(charset="x", date="").replace("©", "").encode("cp1256")),
]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_only(tmp_path, gz):
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    make_warc(p, WARC_PAGES, gz=gz)
    docs, skips = split(read_paths([str(p)]))
    assert not skips
    assert [d.meta["warc_target_uri"] for d in docs] == ["https://alofoq.example/a", "https://alofoq.example/b"]
    a, b = docs
    assert a.published == "2024-05-12T09:30:00+03:00" and "ستستأنف" in a.text
    assert "ستستأنف" in b.text and b.meta["encoding"] == "cp1256"
    assert a.source.startswith(f"{p}#") and a.source != b.source
    assert a.meta["warc_date"]


# ------------------------------------------------------------------ JSONL / JSON


def test_jsonl_fields_and_aliases(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [
        {"id": "x1", "text": AR, "title": "عنوان", "published": "2024-05-12T09:30:00+03:00", "url": "https://a/1",
         "outlet": "الأفق", "author": "مراسل", "lang": "ar"},
        {"content": MIXED, "headline": "عنوان 2", "date": "2024-05-13", "link": "https://a/2", "source": "sabq"},
        {"text": "نص ثالث", "date_extracted": "2015-07-21 02:51:32"},
    ]
    p.write_bytes(b"\xef\xbb\xbf" + "\r\n\n".join(json.dumps(x, ensure_ascii=i == 1) for i, x in enumerate(lines)).encode())
    docs, skips = split(read_paths([str(p)]))
    assert not skips
    a, b, c = docs
    assert (a.text, a.title, a.published, a.url, a.outlet) == (AR, "عنوان", "2024-05-12T09:30:00+03:00", "https://a/1", "الأفق")
    assert a.meta["source_id"] == "x1" and a.meta["author"] == "مراسل" and a.id != "x1"
    assert a.source == f"{p}:1" and b.source == f"{p}:3" and c.source == f"{p}:5"
    assert (b.text, b.title, b.published, b.url, b.outlet) == (MIXED, "عنوان 2", "2024-05-13", "https://a/2", "sabq")
    assert c.published == "2015-07-21T02:51:32" and c.meta["published_from"] == "date_extracted"


def test_json_array_and_object(tmp_path):
    arr = tmp_path / "a.json"
    arr.write_text(json.dumps([{"text": AR}, {"text": MIXED}], ensure_ascii=False, indent=2), encoding="utf-8")
    docs, _ = split(read_paths([str(arr)]))
    assert [d.source for d in docs] == [f"{arr}#0", f"{arr}#1"]
    obj = tmp_path / "b.json"
    obj.write_text(json.dumps({"articles": [{"text": AR}]}, indent=1), encoding="utf-8")
    assert read1(obj).source == f"{obj}#0"
    one = tmp_path / "c.json"
    one.write_text(json.dumps({"title": "t", "text": AR}, indent=1), encoding="utf-8")
    assert read1(one).title == "t"


# ------------------------------------------------------------------ TREC / ANT

TREC_DOC = """<DOC>
<DOCNO>AL-culture-{n}-20180715</DOCNO>
<URL>https://www.alarabiya.net/ar/{n}.html</URL>
<SRC>alarabia</SRC>
<CAT>culture</CAT>
<TITLE>عنوان رقم {n}</TITLE>
<TIME>{time}</TIME>
<AUTHOR>القاهرة- مراسل</AUTHOR>
<ABSTRACT>
ملخص
</ABSTRACT>
<TEXT>
{text}
</TEXT>
</DOC>
"""


def trec(n, time="Sun, 15 Jul 2018 21:56:56 +0400", text=AR):
    return TREC_DOC.format(n=n, time=time, text=text)


def test_trec_single_doc(tmp_path):
    p = tmp_path / "AL-culture-1-20180715.txt"
    p.write_text(trec(1), encoding="utf-8")
    d = read1(p)
    assert d.text == AR and d.title == "عنوان رقم 1" and d.outlet == "alarabia"
    assert d.published == "2018-07-15T21:56:56+04:00" and d.url == "https://www.alarabiya.net/ar/1.html"
    assert d.meta == {"format": "trec", "docno": "AL-culture-1-20180715", "category": "culture",
                      "author": "القاهرة- مراسل", "published_from": "TIME"}
    assert d.source == str(p)


def test_trec_several_docs_and_docno_date(tmp_path):
    p = tmp_path / "many.sgml"
    p.write_text(trec(1) + trec(2, time="") + trec(3, time="Tue, 20 Feb 2018 01:44:01 GMT", text="<P>فقرة أولى</P>\n<P>فقرة ثانية</P>"))
    docs, skips = split(read_paths([str(p)]))
    assert not skips
    assert [d.source for d in docs] == [f"{p}#AL-culture-{i}-20180715" for i in (1, 2, 3)]
    assert docs[1].published == "2018-07-15" and docs[1].meta["published_from"] == "DOCNO"
    assert docs[2].published == "2018-02-20T01:44:01+00:00"
    assert docs[2].text == "فقرة أولى\n\nفقرة ثانية"


# ------------------------------------------------------------------ archives


def _tar(path, members, mode):
    with tarfile.open(path, mode) as tf:
        for name, data in members:
            if data is None:
                ti = tarfile.TarInfo(name)
                ti.type = tarfile.DIRTYPE
                tf.addfile(ti)
                continue
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))


@pytest.mark.parametrize("suffix,mode", [("tar", "w"), ("tar.gz", "w:gz"), ("tgz", "w:gz"), ("tar.xz", "w:xz"), ("tar.bz2", "w:bz2")])
def test_tar_with_trec_docs(tmp_path, suffix, mode):
    p = tmp_path / f"ant.{suffix}"
    _tar(p, [("Alarabia/", None)] + [(f"Alarabia/culture/AL-culture-{i}-20180715.txt", trec(i).encode()) for i in range(5)]
         + [("Alarabia/._AL-culture-0-20180715.txt", b"\x00\x05\x16\x07" + bytes(60)), ("__MACOSX/x", b"junk")], mode)
    docs, skips = split(read_paths([str(p)]))
    assert not skips
    assert [d.title for d in docs] == [f"عنوان رقم {i}" for i in range(5)]
    assert docs[0].source == f"{p}#Alarabia/culture/AL-culture-0-20180715.txt"


def test_tar_with_mixed_members(tmp_path):
    jl = "\n".join(json.dumps({"text": f"{AR} {i}"}) for i in range(3)).encode()
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("in.txt", AR.encode("utf-16"))
    p = tmp_path / "mixed.tar.gz"
    _tar(p, [("a.jsonl", jl), ("b.rss", RSS.encode()), ("c.zip", inner.getvalue()), ("d.txt", AR.encode("cp1256"))], "w:gz")
    docs, skips = split(read_paths([str(p)]))
    assert [s.source for s in skips] == [f"{p}#b.rss#3"]
    assert [d.source for d in docs] == [
        f"{p}#a.jsonl:1", f"{p}#a.jsonl:2", f"{p}#a.jsonl:3", f"{p}#b.rss#1", f"{p}#b.rss#2", f"{p}#c.zip#in.txt", f"{p}#d.txt"
    ]


def test_zip_with_json_arrays(tmp_path):
    """SaudiNewsNet-style: a daily zip holding one JSON array of articles."""
    arts = [
        {"source": "aawsat", "url": f"http://aawsat.com/{i}", "date_extracted": "2015-07-21 02:51:32",
         "title": f"عنوان {i}", "author": "لندن: مراسل", "content": f"{AR}\n\n {i}"}
        for i in range(4)
    ]
    p = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("2015-07-21.json", json.dumps(arts, ensure_ascii=False, indent=4))
        z.writestr("dir/", b"")
    docs, skips = split(read_paths([str(p)]))
    assert not skips and len(docs) == 4
    d = docs[2]
    assert d.source == f"{p}#2015-07-21.json#2"
    assert d.outlet == "aawsat" and d.title == "عنوان 2" and d.url == "http://aawsat.com/2"
    assert d.published == "2015-07-21T02:51:32" and d.meta["author"] == "لندن: مراسل"
    assert d.text == f"{AR}\n\n 2"


@pytest.mark.parametrize("ext,opener", [("gz", gzip.compress), ("xz", lzma.compress)])
def test_single_compressed_files(tmp_path, ext, opener):
    p = tmp_path / f"a.jsonl.{ext}"
    p.write_bytes(opener("\n".join(json.dumps({"text": f"{AR} {i}"}) for i in range(3)).encode()))
    docs, skips = split(read_paths([str(p)]))
    assert not skips and [d.source for d in docs] == [f"{p}:{i}" for i in (1, 2, 3)]
    q = tmp_path / f"b.txt.{ext}"
    q.write_bytes(opener(AR.encode("utf-16")))
    assert read1(q).text == AR


def test_plain_text_date_from_file_name(tmp_path):
    from rasd.ingest import read_paths

    p = tmp_path / "2026-10-28-story.txt"
    p.write_text("عنوان الخبر\n\nقال الوزير إن الاجتماع انتهى.", encoding="utf-8")
    (doc,) = list(read_paths([str(p)]))
    assert doc.published == "2026-10-28" and doc.meta["published_from"] == "filename"
    (doc,) = list(read_paths([str(p)], published="2026-11-01"))
    assert doc.published == "2026-11-01" and doc.meta["published_from"] == "argument"
    q = tmp_path / "story-123456789.txt"
    q.write_text("نص", encoding="utf-8")
    (doc,) = list(read_paths([str(q)]))
    assert doc.published is None
