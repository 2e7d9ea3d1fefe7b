"""rasd.ingest on bad input: every problem is one Skip with a stable code and a one-line reason
naming the file; the rest of the batch is read; nothing raises; memory stays bounded."""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from rasd.document import Document
from rasd.ingest import Skip, read_bytes, read_paths
from rasd.settings import load_settings

from test_ingest_formats import AR, PAGE, RSS, WARC_PAGES, make_warc, trec

MB = 1_000_000


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Skip)]


def only_skip(path, **kw) -> Skip:
    docs, skips = split(read_paths([str(path)], **kw))
    assert not docs, docs
    assert len(skips) == 1, skips
    s = skips[0]
    assert "\n" not in s.reason and os.path.basename(str(path)) in s.reason, s.reason
    return s


def test_missing_path(tmp_path):
    s = only_skip(tmp_path / "nope" / "x.txt")
    assert s.code == "E101" and "no such file" in s.reason


def test_broken_symlink_in_directory(tmp_path):
    (tmp_path / "ok.txt").write_text(AR, encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    docs, skips = split(read_paths([str(tmp_path)]))
    assert len(docs) == 1 and [s.code for s in skips] == ["E101"]


def test_binary_file(tmp_path):
    p = tmp_path / "data.txt"
    p.write_bytes(os.urandom(4096) + b"\x00" * 10)
    s = only_skip(p)
    assert s.code == "E102" and "binary" in s.reason


def test_control_bytes_without_nul(tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes(bytes(range(1, 9)) * 200 + AR.encode())
    assert only_skip(p).code == "E102"


@pytest.mark.parametrize(
    "name,data,what",
    [
        ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + bytes(50), "PNG"),
        ("a.docx", b"PK\x03\x04" + bytes(50), "Word"),
        ("a.db", b"SQLite format 3\x00" + bytes(50), "SQLite"),
    ],
)
def test_unsupported_formats(tmp_path, name, data, what):
    p = tmp_path / name
    p.write_bytes(data)
    s = only_skip(p)
    assert s.code == "E107" and what in s.reason


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Le café était fermé à Genève, déjà".encode("latin-1"))
    s = only_skip(p)
    assert s.code == "E103" and "UTF-8" in s.reason


def test_utf8_with_many_bad_bytes_is_undecodable(tmp_path):
    p = tmp_path / "bad.txt"
    data = AR.encode("utf-8")
    p.write_bytes(b"".join(data[i : i + 7] + b"\xff\xfe" for i in range(0, len(data), 7)))
    assert only_skip(p).code == "E103"


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  ", b"\xef\xbb\xbf", "\ufeff  \n".encode("utf-16")])
def test_empty_files(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    assert only_skip(p).code == "E104"


def test_truncated_gzip_text(tmp_path):
    p = tmp_path / "a.txt.gz"
    data = gzip.compress((AR * 200).encode())
    p.write_bytes(data[: len(data) // 2])
    s = only_skip(p)
    assert s.code == "E106" and "truncated" in s.reason


def test_corrupt_gzip_header(tmp_path):
    p = tmp_path / "a.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(100))
    assert only_skip(p).code == "E106"


def _tar_bytes(n, mode):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for i in range(n):
            data = trec(i, text=AR + " " + os.urandom(3000).hex()).encode()
            ti = tarfile.TarInfo(f"docs/AL-culture-{i}-20180715.txt")
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize("suffix,mode", [("tar.gz", "w:gz"), ("tar.xz", "w:xz"), ("tar", "w")])
def test_truncated_tar_keeps_members_read_before(tmp_path, suffix, mode):
    data = _tar_bytes(40, mode)
    p = tmp_path / f"cut.{suffix}"
    p.write_bytes(data[: int(len(data) * 0.6)])
    docs, skips = split(read_paths([str(p)]))
    assert 10 <= len(docs) < 40
    (s,) = skips
    assert s.code == "E106" and s.source == str(p) and "truncated" in s.reason and "\n" not in s.reason


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_records_read_before(tmp_path, gz):
    full = tmp_path / "full.warc.gz"
    pages = [(f"https://alofoq.example/{i}", "200 OK", "text/html", PAGE.format(charset="utf-8", date="").replace(
        "ستستأنف", f"ستستأنف {i}").encode()) for i in range(6)]
    make_warc(full, pages, gz=gz)
    data = full.read_bytes()
    for frac in (0.5, 0.6, 0.7, 0.8, 0.9, 0.99):
        cut = tmp_path / "cut.warc.gz"
        cut.write_bytes(data[: int(len(data) * frac)])
        docs, skips = split(read_paths([str(cut)]))
        assert 2 <= len(docs) < 6
        assert [s.code for s in skips] == ["E106"] and "truncated" in skips[0].reason
        assert all(len(d.text) > 300 for d in docs)  # no half page read as an article


def test_warc_garbage_after_header(tmp_path):
    p = tmp_path / "bad.warc"
    p.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    docs, skips = split(read_paths([str(p)]))
    assert not docs and len(skips) == 1 and skips[0].code == "E106"


def test_html_without_text(tmp_path):
    p = tmp_path / "nav.html"
    p.write_text("<html><head><title>x</title></head><body><nav></nav><script>var a=1;</script></body></html>")
    s = only_skip(p)
    assert s.code == "E104" and "no article text" in s.reason


def test_garbage_html(tmp_path):
    p = tmp_path / "junk.html"
    p.write_bytes(b"<html><<<<>>>>&&&&;;<!-- <body" + b"<" * 500)
    s = only_skip(p)
    assert s.code in ("E104", "E106")


def test_malformed_feed(tmp_path):
    p = tmp_path / "broken.xml"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a', encoding="utf-8")
    s = only_skip(p)
    assert s.code == "E106" and "feed" in s.reason


def test_xml_that_is_not_a_feed(tmp_path):
    p = tmp_path / "config.xml"
    p.write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    s = only_skip(p)
    assert s.code == "E106"


def test_feed_with_no_entries(tmp_path):
    p = tmp_path / "empty.rss"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    assert only_skip(p).code == "E104"


def test_broken_jsonl_lines_are_skipped_and_the_rest_is_read(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"text": AR + " 1"}),
        '{"text": "نص", "title": ',  # cut
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": AR + " 7"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, skips = split(read_paths([str(p)]))
    assert [d.source for d in docs] == [f"{p}:1", f"{p}:7"]
    assert [(s.source, s.code) for s in skips] == [
        (f"{p}:2", "E106"), (f"{p}:3", "E104"), (f"{p}:4", "E106"), (f"{p}:5", "E106"), (f"{p}:6", "E104")
    ]
    for s in skips:
        assert s.reason.startswith(f"{p}:") and "\n" not in s.reason
    assert "invalid JSON" in skips[0].reason


def test_bad_json_file(tmp_path):
    p = tmp_path / "a.json"
    p.write_text('[{"text": "x"},', encoding="utf-8")
    assert only_skip(p).code == "E106"


def test_trec_without_closing_tag(tmp_path):
    p = tmp_path / "cut.txt"
    p.write_text(trec(1) + trec(2)[:-40], encoding="utf-8")
    docs, skips = split(read_paths([str(p)]))
    assert len(docs) == 1 and [s.code for s in skips] == ["E106"]
    assert skips[0].source == f"{p}#AL-culture-2-20180715"


def test_zip_bad_member_does_not_lose_the_others(tmp_path):
    p = tmp_path / "a.zip"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("1.txt", AR + " واحد")
        z.writestr("2.txt", AR + " اثنان")
        z.writestr("3.txt", AR + " ثلاثة")
    data = bytearray(p.read_bytes())
    i = data.find(" اثنان".encode())
    data[i + 2] ^= 0xFF  # corrupt member 2's bytes: CRC check fails
    p.write_bytes(bytes(data))
    docs, skips = split(read_paths([str(p)]))
    assert [d.source for d in docs] == [f"{p}#1.txt", f"{p}#3.txt"]
    assert [(s.source, s.code) for s in skips] == [(f"{p}#2.txt", "E106")]


def test_truncated_zip(tmp_path):
    p = tmp_path / "a.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("1.txt", AR * 50)
    p.write_bytes(p.read_bytes()[:-30])
    s = only_skip(p)
    assert s.code == "E106" and "zip" in s.reason


# ------------------------------------------------------------------ size limits, bounded memory


def _peak(fn):
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_50mb_article_is_skipped_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    line = ("كلمة " * 20 + "\n").encode()
    with open(p, "wb") as f:
        f.write(line * (50 * MB // len(line) + 1))
    assert p.stat().st_size > 50 * MB
    (s,), peak = _peak(lambda: list(read_paths([str(p)])))
    assert s.code == "E105" and "huge.txt" in s.reason and "max_article_chars" in s.reason
    assert peak < 5 * MB


def test_50mb_on_stdin_reads_at_most_the_limit(monkeypatch):
    import sys

    data = ("كلمة " * 10).encode() * (50 * MB // 90)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    settings = load_settings(max_file_bytes=10 * MB)
    (s,), peak = _peak(lambda: list(read_paths(["-"], settings=settings)))
    assert s.code == "E105" and "<stdin>" in s.reason
    assert peak < 12 * MB


def test_50mb_html_and_jsonl_line(tmp_path):
    big = "<p>" + "كلمة " * (50 * MB // 11) + "</p>"
    h = tmp_path / "huge.html"
    h.write_text("<html><body>" + big + "</body></html>", encoding="utf-8")
    j = tmp_path / "huge.jsonl"
    with open(j, "w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "كلمة " * (50 * MB // 11)}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"text": AR}) + "\n")
    items, peak = _peak(lambda: list(read_paths([str(h), str(j)])))
    docs, skips = split(items)
    assert [(s.source, s.code) for s in skips] == [(str(h), "E105"), (f"{j}:1", "E105")]
    assert [d.source for d in docs] == [f"{j}:2"]
    # the HTML page is refused from its size on disk; the JSON line is read up to its limit
    # (6 bytes per character for \\uXXXX escapes: 12 MB) and no further
    assert peak < 30 * MB


def test_max_file_bytes_from_settings(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(AR * 100, encoding="utf-8")
    s = only_skip(p, settings=load_settings(max_file_bytes=1000))
    assert s.code == "E105" and "max_file_bytes" in s.reason


def test_max_article_chars_per_document(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "ا" * 500}) + "\n" + json.dumps({"text": "ب" * 50}) + "\n")
    docs, skips = split(read_paths([str(p)], settings=load_settings(max_article_chars=100)))
    assert len(docs) == 1 and [(s.source, s.code) for s in skips] == [(f"{p}:1", "E105")]
    assert "max_article_chars" in skips[0].reason


def test_oversized_archive_member_is_skipped_and_the_next_read(tmp_path):
    p = tmp_path / "a.tar.gz"
    with tarfile.open(p, "w:gz") as tf:
        for name, data in [("big.txt", ("ا" * 5000).encode()), ("small.txt", AR.encode())]:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))
    docs, skips = split(read_paths([str(p)], settings=load_settings(max_file_bytes=8000)))
    assert [d.source for d in docs] == [f"{p}#small.txt"]
    assert [(s.source, s.code) for s in skips] == [(f"{p}#big.txt", "E105")]


def test_nested_archives_have_a_depth_limit(tmp_path):
    data = AR.encode()
    name = "a.txt"
    for i in range(6):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        data, name = buf.getvalue(), f"n{i}.zip"
    p = tmp_path / "deep.zip"
    p.write_bytes(data)
    docs, skips = split(read_paths([str(p)]))
    assert not docs and [s.code for s in skips] == ["E107"] and "nested" in skips[0].reason


# ------------------------------------------------------------------ never raises

_PREFIXES = [b"", b"\x1f\x8b\x08\x00", b"PK\x03\x04", b"WARC/1.0\r\n", b"<DOC>", b"<rss>", b"<html>", b"{", b"[",
             b"\xef\xbb\xbf", b"\xff\xfe", b"\xfd7zXZ\x00", b"BZh9"]


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=600), name=st.sampled_from(["", "a.txt", "a.json", "a.gz"]))
def test_random_bytes_never_raise(prefix, body, name):
    items = list(read_bytes(prefix + body, "fuzz", name))
    for it in items:
        assert isinstance(it, (Document, Skip))
        if isinstance(it, Skip):
            assert it.code in {"E100", "E101", "E102", "E103", "E104", "E105", "E106", "E107"}
            assert "\n" not in it.reason and "fuzz" in it.reason


@hsettings(max_examples=60, deadline=None)
@given(cut=st.floats(min_value=0.05, max_value=0.95))
def test_any_cut_of_a_warc_never_raises(tmp_path_factory, cut):
    d = tmp_path_factory.mktemp("w")
    p = d / "w.warc.gz"
    make_warc(p, WARC_PAGES)
    data = p.read_bytes()
    items = list(read_bytes(data[: int(len(data) * cut)], "cut.warc.gz", "cut.warc.gz"))
    assert all(isinstance(i, (Document, Skip)) for i in items)


def test_rss_cut_anywhere_never_raises():
    data = RSS.encode()
    for n in range(0, len(data), 37):
        assert all(isinstance(i, (Document, Skip)) for i in read_bytes(data[:n], "cut.rss", "cut.rss"))
