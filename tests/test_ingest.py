"""rasd.ingest: the public API, walking paths, stdin, ``published``, and real data."""

from __future__ import annotations

import io
import itertools
import sys
from pathlib import Path

import pytest

from rasd.document import Document
from rasd.errors import InputError
from rasd.ingest import Skip, read_bytes, read_paths, sniff

AR = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في بغداد."


def split(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, Document)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert len(docs) + len(skips) == len(items)
    return docs, skips


def test_public_api():
    import rasd.ingest

    assert set(rasd.ingest.__all__) == {"read_paths", "read_bytes", "Skip", "sniff"}


def test_text_file_gives_one_document(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(AR, encoding="utf-8")
    docs, skips = split(read_paths([str(p)]))
    assert not skips
    (d,) = docs
    assert d.text == AR
    assert d.source == str(p)
    assert d.id and d.title is None and d.published is None
    assert d.meta["format"] == "text" and d.meta["encoding"] == "utf-8"


def test_single_path_string_and_pathlike(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(AR, encoding="utf-8")
    assert len(list(read_paths(str(p)))) == 1
    assert len(list(read_paths(p))) == 1


def test_published_applies_to_plain_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(AR, encoding="utf-8")
    (d,) = read_paths([str(p)], published="2024-05-01T10:00:00+03:00")
    assert d.published == "2024-05-01T10:00:00+03:00"
    assert d.meta["published_from"] == "argument"
    (d,) = read_paths([str(p)], published="2024-05-01")
    assert d.published == "2024-05-01"


def test_published_does_not_override_own_dates(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "%s", "published": "2020-01-02T03:04:05Z"}\n' % AR, encoding="utf-8")
    (d,) = read_paths([str(p)], published="2024-05-01")
    assert d.published == "2020-01-02T03:04:05+00:00"


def test_invalid_published_raises_before_reading(tmp_path):
    with pytest.raises(InputError) as e:
        read_paths([str(tmp_path)], published="next tuesday")
    assert "next tuesday" in str(e.value)


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(AR + " ب", encoding="utf-8")
    (tmp_path / "c.txt").write_text(AR + " ج", encoding="utf-8")
    (tmp_path / "a.txt").write_text(AR + " أ", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(AR, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "make.py").write_text("print(1)", encoding="utf-8")
    docs, skips = split(read_paths([str(tmp_path)]))
    assert not skips
    rel = [Path(d.source).relative_to(tmp_path).as_posix() for d in docs]
    assert rel == ["a.txt", "b/z.txt", "c.txt"]
    # the same order on every run
    assert [d.source for d in read_paths([str(tmp_path)])] == [d.source for d in docs]


def test_explicit_non_article_file_is_still_read(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text(AR, encoding="utf-8")
    docs, _ = split(read_paths([str(p)]))
    assert len(docs) == 1


def test_empty_directory_is_a_skip(tmp_path):
    (tmp_path / "empty").mkdir()
    (s,) = read_paths([str(tmp_path / "empty")])
    assert isinstance(s, Skip) and s.code == "E104"


def test_stdin_is_sniffed(monkeypatch):
    data = ('{"text": "%s", "title": "عنوان"}\n' % AR).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (d,) = read_paths(["-"])
    assert d.title == "عنوان" and d.source == "<stdin>:1"


def test_non_utf8_file_name(tmp_path):
    import os

    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(AR, encoding="utf-8")
    (d,) = read_paths([str(tmp_path)])
    d.source.encode("utf-8")  # storable
    assert d.source.endswith("caf\ufffd.txt") and d.text == AR


def test_stdin_closed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    (s,) = read_paths(["-"])
    assert s.code == "E100"


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    (s,) = read_paths(["-"])
    assert s.code == "E104" and "<stdin>" in s.reason


def test_read_bytes():
    docs, skips = split(read_bytes(AR.encode("cp1256"), "upload"))
    assert docs[0].text == AR and docs[0].meta["encoding"] == "cp1256"


def test_bad_and_good_inputs_in_one_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(AR, encoding="utf-8")
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    docs, skips = split(read_paths([str(tmp_path / "missing.txt"), str(tmp_path), str(good)]))
    assert [d.source for d in docs] == [str(good), str(good)]
    assert sorted(s.code for s in skips) == ["E101", "E102", "E104"]


def test_skip_is_one_line_naming_the_file(tmp_path):
    (s,) = read_paths([str(tmp_path / "nope.txt")])
    assert s.code == "E101"
    assert "\n" not in s.reason and "nope.txt" in s.reason
    assert str(s).startswith("E101 ")


def test_same_article_same_id(tmp_path):
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "b.txt").write_text("\ufeff" + AR.replace("\n", "\r\n"), encoding="utf-8")
    a, b = read_paths([str(tmp_path)])
    assert a.id == b.id


def test_sniff_table():
    assert sniff(b"", "x") == "empty"
    assert sniff(b"<DOC>\n<DOCNO>x</DOCNO>", "a.txt") == "trec"
    assert sniff(b'<?xml version="1.0"?><rss version="2.0">', "x") == "feed"
    assert sniff(b'<feed xmlns="http://www.w3.org/2005/Atom">', "x") == "feed"
    assert sniff(b"<!DOCTYPE html><html>", "x.txt") == "html"
    assert sniff(b'{"text": "x"}\n{"text": "y"}', "x") == "jsonl"
    assert sniff(b'{\n "articles": []\n}', "x.json") == "json"
    assert sniff(b"[{}]", "x") == "json"
    assert sniff('[\n  {"text": "x"}\n]'.encode(), "") == "json"
    assert sniff("[فيديو] عنوان الخبر\n\nنص".encode(), "a.txt") == "text"
    assert sniff("{عاجل} عنوان الخبر".encode(), "") == "text"
    assert sniff("{عاجل} عنوان الخبر".encode(), "a.jsonl") == "jsonl"
    assert sniff(b"WARC/1.0\r\n", "x") == "warc"
    assert sniff(b"\x1f\x8b\x08", "x") == "gzip"
    assert sniff(b"PK\x03\x04", "x.zip") == "zip"
    assert sniff(b"PK\x03\x04", "x.docx").startswith("unsupported:")
    assert sniff(b"%PDF-1.4\n", "x.pdf").startswith("unsupported:")
    assert sniff(b"\x00\x01\x02\x03" * 100, "x") == "binary"
    assert sniff(AR.encode("utf-16"), "x") == "text"
    assert sniff(AR.encode("cp1256"), "x") == "text"


def test_readers_never_touch_the_network(tmp_path, monkeypatch, examples_dir):
    import socket

    def refuse(*a, **k):
        raise AssertionError("a reader tried to use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (tmp_path / "f.rss").write_text(
        '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.com/rss.dtd"><rss version="2.0"><channel>'
        '<title>t</title><item><title>x</title><link>http://example.com/1</link>'
        '<description>%s</description></item></channel></rss>' % AR,
        encoding="utf-8",
    )
    (tmp_path / "p.html").write_text(
        '<html><head><link rel="stylesheet" href="http://example.com/a.css"><script src="http://example.com/a.js">'
        '</script><base href="http://example.com/"></head><body><p>%s</p><img src="http://example.com/i.png"></body></html>'
        % AR,
        encoding="utf-8",
    )
    (tmp_path / "u.txt").write_text("http://example.com/feed.xml", encoding="utf-8")
    paths = [str(tmp_path)] + ([str(examples_dir)] if examples_dir.is_dir() else [])
    docs, skips = split(read_paths(paths))
    assert len(docs) >= 3 and not skips


# ------------------------------------------------------------------ bundled examples


def test_examples_read_cleanly(examples_dir):
    if not examples_dir.is_dir() or not any(examples_dir.rglob("*.*")):
        pytest.skip("examples/ not there yet")
    docs, skips = split(read_paths([str(examples_dir)]))
    assert len(docs) >= 12
    assert not skips, [str(s) for s in skips]
    assert len({d.id for d in docs}) == len(docs)
    formats = {d.meta.get("format") for d in docs}
    assert {"text", "html", "feed", "jsonl"} <= formats


# ------------------------------------------------------------------ real corpora


def test_ant_tarball_streams(shared_data):
    tar = shared_data / "news" / "ant" / "ant_multisource_v2.1.tar.xz"
    if not tar.is_file():
        pytest.skip("ANT tarball not present")
    items = list(itertools.islice(read_paths([str(tar)]), 200))
    docs, skips = split(items)
    assert len(items) == 200 and len(docs) >= 195
    for d in docs:
        assert d.source.startswith(str(tar) + "#")
        assert d.text and d.title and d.url and d.outlet
        assert d.published and "T" in d.published and d.published[-6] in "+-"
        assert d.meta["format"] == "trec" and d.meta["docno"]
        assert "<TEXT>" not in d.text and "</" not in d.text


def test_saudinewsnet_zip(shared_data):
    zips = sorted((shared_data / "news" / "saudinewsnet" / "zips").glob("*.zip"))
    if not zips:
        pytest.skip("SaudiNewsNet not present")
    items = list(itertools.islice(read_paths([str(zips[0])]), 100))
    docs, skips = split(items)
    assert len(docs) >= 90
    d = docs[0]
    assert d.source.startswith(str(zips[0]) + "#") and d.source.endswith("#0")
    assert d.outlet and d.title and d.url and d.published
    assert d.meta["format"] == "json" and d.meta["published_from"] == "date_extracted"
