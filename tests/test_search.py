"""Full-text search: normalised queries, proclitics, spelling variants, snippets in the original
text, filters, ranking, and queries that must never crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.document import Document, Event, Mention
from rasd.errors import QueryError
from rasd.store import Store
from rasd.store.search import parse_query

ARTICLES = [
    dict(title="غارات أميركية على مواقع لداعش", outlet="Alpha", published="2018-02-04T10:00:00+03:00", language="ar",
         text="قال مسؤول إن القوات الأميركية شنّت غاراتٍ على مواقع لداعش قرب الموصل، فيما تقدّمت قوات البيشمركة."),
    dict(title="البشمركة تستعيد قرية", outlet="Beta", published="2018-03-10", language="ar",
         text="استعادت قوات البشمركة قرية شمال العراق بعد معارك مع داعش، وقال قائد ميداني إن <العملية> مستمرة & ناجحة."),
    dict(title="اقتصاد", outlet="Beta", published="2018-05-01", language="ar",
         text="ارتفعت أسعار النفط في الأسواق العالمية، وقال محللون إن الطلب الأمريكي يتزايد للقوات الاقتصادية."),
    dict(title="Reuters: oil prices rise", outlet="Gamma", published="2018-05-02", language="en",
         text="Oil prices rose on Tuesday, Reuters reported, as café owners in Erbil worried."),
    dict(title="مُحَمَّد يزور بغداد", outlet="Alpha", published=None, language="ar",
         text="وصل مُحَمَّد الـعراقي إلى بغداد اليوم. وذكرت المصادر أن الزيارة تستمر يومين."),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = Path(tmp_path_factory.mktemp("search")) / "rasd.db"
    s = Store(path)
    for a in ARTICLES:
        d = Document(**a)
        if "داعش" in d.title:
            i = d.text.index("لداعش") + 1
            d.mentions = [Mention(i, i + 4, "ORG", entity_id="Q2429253")]
            j = d.text.index("شنّت")
            d.events = [Event(j, j + 4, "ASSAULT")]
        s.add(d)
    yield s
    s.close()


def titles(res) -> list[str]:
    return [h.title for h in res.hits]


@pytest.mark.parametrize(
    "query, expected_title",
    [
        ("الامريكيه", "غارات أميركية على مواقع لداعش"),  # hamza, teh marbuta, and the ير/ري variant
        ("الأميركية", "غارات أميركية على مواقع لداعش"),
        ("داعش", "غارات أميركية على مواقع لداعش"),  # proclitic ل
        ("لداعش", "البشمركة تستعيد قرية"),  # the query's clitic is removed too
        ("البشمركة", "غارات أميركية على مواقع لداعش"),  # spelling variant البيشمركة
        ("البيشمركة", "البشمركة تستعيد قرية"),
        ("شنت غارات", "غارات أميركية على مواقع لداعش"),  # diacritics in the text
        ("محمد العراقي", "مُحَمَّد يزور بغداد"),  # diacritics and tatweel
        ("القوات", "اقتصاد"),  # للقوات = ل + القوات
        ("reuters", "Reuters: oil prices rise"),
        ("CAFE", "Reuters: oil prices rise"),
        ("٢٠١٨", None),
    ],
)
def test_query_finds(store: Store, query: str, expected_title: str | None) -> None:
    res = store.search(query)
    if expected_title is None:
        assert res.total == 0
    else:
        assert expected_title in titles(res), (query, res.query, titles(res))


def test_exact_mode_does_not_expand_variants(store: Store) -> None:
    assert store.search("البيشمركة", variants=False).total == 1
    assert store.search("البيشمركة").total == 2


def test_phrases_and_prefixes(store: Store) -> None:
    assert titles(store.search('"القوات الامريكية"')) == ["غارات أميركية على مواقع لداعش"]
    assert store.search('"الامريكية القوات"').total == 0
    assert store.search("اقتصا*").total == 1
    assert "اقتصاد" in titles(store.search("اقتصا*"))


def test_snippets_are_original_text_marked_and_escaped(store: Store) -> None:
    hit = store.search("داعش").hits[0]
    assert "<mark>لداعش</mark>" in hit.snippet_html
    assert "شنّت غاراتٍ" in hit.snippet_html  # original characters, diacritics kept
    assert "<mark>" in hit.title_html
    hit = store.search("العملية").hits[0]
    assert "&lt;<mark>العملية</mark>&gt;" in hit.snippet_html and "&amp;" in hit.snippet_html
    for q in ("داعش", "العملية", "البشمركة", "محمد"):
        for h in store.search(q).hits:
            for html_ in (h.snippet_html, h.title_html):
                assert "<" not in re.sub(r"</?mark>", "", html_)
    variant = store.search("البشمركة")
    assert any("<mark>البيشمركة</mark>" in h.snippet_html for h in variant.hits)


def test_long_text_snippet_is_a_window_around_the_match(tmp_path: Path) -> None:
    filler = " ".join(["كلام"] * 300)
    with Store(tmp_path / "r.db") as s:
        s.add(Document(text=f"{filler} ظهر اسم كركوك هنا {filler}", title="طويل"))
        h = s.search("كركوك").hits[0]
    assert h.snippet_html.startswith("… ") and h.snippet_html.endswith(" …")
    assert "<mark>كركوك</mark>" in h.snippet_html and len(h.snippet_html) < 400


def test_title_matches_rank_first(store: Store) -> None:
    assert titles(store.search("البشمركة"))[0] == "البشمركة تستعيد قرية"


def test_filters(store: Store) -> None:
    assert titles(store.search("داعش", outlet="beta")) == ["البشمركة تستعيد قرية"]
    assert store.search("قال", date_from="2018-03").total == 2
    assert store.search("قال", date_to="2018-03").total == 2
    assert store.search("قال", date_from="2018-02-04", date_to="2018-02-04").total == 1
    assert store.search("قال", date_from="2018").total == 3
    assert store.search("prices", language="en").total == 1
    assert store.search("prices", language="ar").total == 0
    assert store.search("قال", entity="Q2429253").total == 1
    assert store.search("قال", entity="داعش").total == 1
    assert store.search("قال", event_type="ASSAULT").total == 1
    with pytest.raises(QueryError, match="YYYY"):
        store.search("قال", date_from="March")


def test_paging(store: Store) -> None:
    all_ = store.search("قال")
    assert all_.total == 3 and len(all_.hits) == 3
    page = store.search("قال", limit=1, offset=1)
    assert page.total == 3 and [h.doc_id for h in page.hits] == [all_.hits[1].doc_id]
    assert store.search("قال", offset=10).hits == []
    with pytest.raises(QueryError):
        store.search("قال", limit=0)


@pytest.mark.parametrize("query", ["AND", "NEAR(", '"unbalanced', "OR داعش", "داعش)", "title:داعش", "-داعش", "داعش*",
                                   "a:b:c", "{title}", "^داعش", "داعش AND", '""داعش'])
def test_plain_queries_are_never_syntax(store: Store, query: str) -> None:
    store.search(query)  # no exception: operators are words, stray punctuation is ignored


@pytest.mark.parametrize("query", ["", "   ", "*", '"', "()", "؟!"])
def test_queries_without_words_are_query_errors(store: Store, query: str) -> None:
    with pytest.raises(QueryError):
        store.search(query)


@pytest.mark.parametrize("query", ["AND", "NEAR(", '"x', "(", "foo:bar", "NEAR(a b, x)", "داعش AND", "*", "داعش OR OR"])
def test_malformed_advanced_queries_raise_query_error(store: Store, query: str) -> None:
    with pytest.raises(QueryError, match="malformed|nothing|empty"):
        store.search(query, advanced=True)


@pytest.mark.parametrize(
    "query, total",
    [("داعش OR prices", 3), ("داعش NOT البيشمركة", 1), ("NEAR(القوات لداعش, 10)", 1), ("NEAR(القوات لداعش, 2)", 0),
     ("title:البشمركة", 1), ("{title}: داعش", 1), ("اقتصا*", 1), ('"oil prices"', 1)],
)
def test_advanced_queries(store: Store, query: str, total: int) -> None:
    assert store.search(query, advanced=True).total == total


def test_parse_query_quotes_each_term() -> None:
    q = parse_query('لداعش AND "القوات الأميركية" اقتص*')
    assert q.fts == '"داعش" AND "and" AND "القوات الاميركيه" AND "اقتص"*'
    assert q.prefixes == ("اقتص",)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list('داعشالقوات "*()^:-+{},NEAROT ًّـ') + [" AND ", " OR ", " NOT ", "NEAR", "title"]),
                max_size=15).map("".join), st.booleans())
def test_any_input_gives_results_or_a_query_error(store: Store, query: str, advanced: bool) -> None:
    try:
        res = store.search(query, advanced=advanced)
    except QueryError:
        return
    assert res.total >= 0


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("الامريكيه", "الاميركيه", True),  # ير / ري
        ("البشمركه", "البيشمركه", True),  # one ي inside
        ("الامريكيه", "الاميريكيه", True),
        ("محمد", "محمود", False),  # different names, too short to tell
        ("سلمان", "سليمان", False),
        ("العراق", "العراقي", False),  # a suffix, not a spelling
        ("الاقتصاد", "الاقتصادي", False),
        ("الامريكيه", "الامريكيه", False),  # not a variant of itself
    ],
)
def test_close_variants(a: str, b: str, same: bool) -> None:
    from rasd.store.rows import variant_key
    from rasd.store.search import close_variant

    assert variant_key(a) == variant_key(b) or not same
    assert close_variant(a, b) is same and close_variant(b, a) is same
