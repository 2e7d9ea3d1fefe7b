"""The pieces behind the pages, without a server: annotation nesting and escaping, long-word
break points, charts, interface labels (every key a template uses exists in both languages),
snippet and URL guards, the CLI front ends."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.server.annotate import WBR_RUN, Span, css_token, entity_href, pieces
from rasd.server.charts import bar_chart, buckets, stacked_chart, star_graph
from rasd.server.i18n import LABELS, label, t
from rasd.server.query_documents import clip_snippet, entity_key, key_condition
from rasd.server.web import safe_url, snippet, strip_bidi, templates_env


def render_text(text: str, spans: list[Span]) -> str:
    """The article text as the template draws it (escaped text, tags for spans)."""
    tpl = templates_env.from_string(
        "{% for op, s in ps %}{% if op == 't' %}{{ s }}{% elif op == 'w' %}<wbr>{% elif op == 'o' %}<{{ s.kind }}>"
        "{% else %}</{{ s.kind }}>{% endif %}{% endfor %}"
    )
    return tpl.render(ps=list(pieces(text, spans)))


def test_nested_spans_render_in_order() -> None:
    text = "قال بارزاني: «سنواصل التنسيق مع التحالف»"
    q0, q1 = text.index("«") + 1, len(text) - 1
    spans = [Span(q0, q1, "quote", "q0"), Span(text.index("التحالف"), q1, "ent", "m1"), Span(4, 11, "ent", "m0"),
             Span(4, 11, "speaker", "s0")]
    out = render_text(text, spans)
    assert out == ("قال <speaker><ent>بارزاني</ent></speaker>: «<quote>سنواصل التنسيق مع <ent>التحالف</ent></quote>»")


def test_crossing_span_is_clipped_not_misnested() -> None:
    text = "abcdefghij"
    out = render_text(text, [Span(0, 6, "quote", "q"), Span(4, 9, "ent", "m")])
    assert out == "<quote>abcd<ent>ef</ent></quote>ghi" + "j"


def test_text_is_escaped_and_offsets_kept() -> None:
    text = "<script>alert(1)</script> & \"x\" <b>"
    out = render_text(text, [Span(0, 8, "ent", "m0")])
    assert "<script>" not in out and out.startswith("<ent>&lt;script&gt;</ent>alert(1)&lt;/script&gt; &amp; &#34;x&#34;")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200),
                                                        st.sampled_from(["quote", "ent", "amount", "speaker"])), max_size=8))
def test_pieces_reassemble_the_text(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans = [Span(min(a, b), max(a, b), k, f"x{i}") for i, (a, b, k) in enumerate(raw) if min(a, b) < max(a, b) <= len(text)]
    ps = list(pieces(text, spans))
    assert "".join(s for op, s in ps if op == "t") == text
    depth = 0
    for op, _s in ps:
        depth += {"o": 1, "c": -1}.get(op, 0)
        assert depth >= 0
    assert depth == 0


def test_long_word_gets_break_points_and_limit() -> None:
    word = "ب" * (WBR_RUN * 10 + 5)
    ps = list(pieces(word + " تم", [Span(0, 3, "ent", "m0")]))
    assert sum(1 for op, _ in ps if op == "w") == 10
    assert "".join(s for op, s in ps if op == "t") == word + " تم"
    short = list(pieces("كلمة " * 50, []))
    assert not [p for p in short if p[0] == "w"]
    cut = list(pieces("abcdefghij", [Span(2, 8, "ent", "m"), Span(7, 9, "time", "t")], limit=5))
    assert "".join(s for op, s in cut if op == "t") == "abcde" and [s.end for op, s in cut if op == "o"] == [5]


def test_css_token_and_entity_href() -> None:
    assert css_token('PER" onmouseover="x') == "PERonmouseoverx"
    assert css_token(None) == "x"
    assert entity_href('"><script>') == "/entity/%22%3E%3Cscript%3E"
    assert entity_href("~مارك غوردون").startswith("/entity/~%D9%85")


def test_entity_keys() -> None:
    assert entity_key("E1", "x") == "E1"
    assert entity_key(None, "البيشمركة") == "~البيشمركه"
    assert key_condition("~abc") == ("(m.entity_id IS NULL AND m.norm = ?)", ["abc"])
    assert key_condition("E1") == ("m.entity_id = ?", ["E1"])


def test_snippet_guards() -> None:
    assert str(snippet("a <mark>b</mark> &amp; c")) == "a <mark>b</mark> &amp; c"
    assert str(snippet("a <b>b</b>")) == "a &lt;b&gt;b&lt;/b&gt;"
    assert str(snippet('<mark onclick="x">b</mark>')).startswith("&lt;mark")
    long = "<mark>" + "ب" * 10_000 + "</mark>"
    clipped = clip_snippet(long)
    assert len(clipped) < 1000 and "<mark>" not in clipped and clip_snippet("x <mark>y</mark>") == "x <mark>y</mark>"


@pytest.mark.parametrize("url,ok", [("https://x.example/a?b=1", True), ("http://x.example", True),
                                    ("javascript:alert(1)", False), (" JavaScript:alert(1)", False),
                                    ("data:text/html,<script>", False), ("//evil.example", False), ("", False),
                                    (None, False), ("http://[::1", False)])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_strip_bidi() -> None:
    assert strip_bidi("a\u202eb\u2066c\u200f") == "abc"


def test_buckets_days_and_months() -> None:
    unit, labels = buckets(["2026-11-16", "2026-11-18"])
    assert unit == "day" and labels == ["2026-11-16", "2026-11-17", "2026-11-18"]
    unit, labels = buckets(["2025-09-30", "2026-02-01", "bad"])  # more than 120 days: months
    assert unit == "month" and labels == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    assert buckets([]) == ("day", [])


def test_bar_chart_geometry() -> None:
    c = bar_chart([("2026-11-16", 2), ("2026-11-18", 1)])
    assert [b["n"] for b in c["bars"]] == [2, 0, 1] and c["ymax"] == 2
    tall, empty, short = c["bars"]
    assert empty["h"] == 0 and tall["h"] == pytest.approx(2 * short["h"])
    assert all(0 <= b["x"] <= c["width"] and b["y"] + b["h"] <= c["base"] + 0.1 for b in c["bars"])
    assert bar_chart([])["bars"] == []


def test_stacked_chart_and_star_graph() -> None:
    c = stacked_chart([("2026-11-16", "AID", 2), ("2026-11-16", "ASSAULT", 1), ("2026-11-17", "AID", 1)])
    assert [x["series"] for x in c["legend"]] == ["AID", "ASSAULT"] and c["ymax"] == 3
    assert len({x["fill"] for x in c["legend"]}) == 2 and len(c["rects"]) == 3
    g = star_graph("X", [{"name": "a", "documents": 4, "href": "/entity/a"}, {"name": "b", "documents": 1, "href": "/entity/b"}])
    assert len(g["nodes"]) == 2 and g["nodes"][0]["r"] > g["nodes"][1]["r"] and g["edges"][0]["w"] > g["edges"][1]["w"]
    assert all(0 < n["x"] < g["size"] and 0 < n["y"] < g["size"] for n in g["nodes"])


def test_every_label_a_template_uses_exists_in_both_languages() -> None:
    used: set[str] = set()
    tdir = Path(str(files("rasd.server").joinpath("templates")))
    for p in tdir.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_A-Z]+)'\)", p.read_text(encoding="utf-8")))
        for prefix, keys in (("ent", ["PER", "ORG", "LOC", "MISC"]), ("role", ["source", "target"])):
            if f"label('{prefix}'" in p.read_text(encoding="utf-8"):
                used |= {f"{prefix}_{k}" for k in keys}
    assert len(used) > 60
    missing = sorted(k for k in used if k not in LABELS)
    assert not missing, missing
    for k, (ar, en) in LABELS.items():
        assert ar and en, k
        assert re.search("[\u0600-\u06ff]", ar) or k in ("app",) or ar.isascii(), k
    assert t("nav_search", "en") == "Search" and t("nav_search") == "البحث" and t("unknown_key") == "unknown_key"
    assert label("ent", "PER", "en") == "person" and label("ent", "WEIRD") == "WEIRD"


def test_templates_have_no_inline_script_or_style() -> None:
    tdir = Path(str(files("rasd.server").joinpath("templates")))
    for p in tdir.glob("*.html"):
        src = p.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", src) and "Markup(" not in src, p.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", src), p.name
        assert "<style" not in src and " style=" not in src and not re.search(r"\son[a-z]+=", src), p.name
    static = Path(str(files("rasd.server").joinpath("static")))
    for p in list(static.glob("*.css")) + list(static.glob("*.js")):
        assert not re.search(r"https?://", p.read_text(encoding="utf-8")), f"{p.name} loads something from the network"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rasd", *args], capture_output=True, text=True, timeout=120)


def test_serve_cli_errors_are_one_line(tmp_path: Path) -> None:
    r = run_cli("serve", "--db", str(tmp_path / "missing.db"), "--port", "0")
    assert r.returncode == 2 and "database not found" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("serve", "--port", "70000")
    assert r.returncode == 2 and "port must be" in r.stderr
    r = run_cli("serve", "--help")
    assert r.returncode == 0 and "--ingest-token" in r.stdout and "read-only" in r.stdout
    r = run_cli("demo", "--help")
    assert r.returncode == 0 and "--no-serve" in r.stdout


def test_demo_no_serve_builds_the_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    r = subprocess.run([sys.executable, "-m", "rasd", "demo", "--db", str(db), "--no-serve"], capture_output=True, text=True,
                       timeout=300, env={**__import__("os").environ, "RASD_CONFIG": str(_light_config(tmp_path))})
    assert r.returncode == 0, r.stderr
    assert "19 documents" in r.stdout and f"rasd serve --db {db}" in r.stdout and db.is_file()


def _light_config(tmp_path: Path) -> Path:
    p = tmp_path / "light.toml"
    p.write_text('pipeline = ["language", "normalize", "sentences", "tokens"]\ncorpus_stages = []\n')
    return p
