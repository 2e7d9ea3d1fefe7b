"""Test and benchmark support: a real server in a subprocess, and fixture databases.

``LiveServer(db)`` starts ``python -m rasd serve --db DB --port 0`` on 127.0.0.1, reads the
URL it prints, waits until it answers, and on failure raises with the server's output.

``build_test_db(path)`` ingests the bundled examples (``rasd.process.demo_ingest``, whatever
stages are installed) and adds hand-made documents whose annotations do not depend on any
model: ``ANNOTATED`` (entities, a quote with its speaker, an amount, a time, events) and
``HOSTILE`` (script tags, ``javascript:`` links, bidi overrides, a 1 MB word). Everything in
them is invented.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from ..document import Amount, Document, Event, EventArg, Mention, Quote, TimeExpr

__all__ = [
    "LiveServer", "build_test_db", "annotated_docs", "hostile_docs", "add_test_story", "add_test_entities", "light_settings",
    "HOSTILE_TITLE", "FIXTURE_ENTITIES",
]

_STAGES = ["language", "normalize", "sentences", "tokens", "entities", "amounts", "times", "quotes", "events"]
HOSTILE_TITLE = "<script>window.__pwned=1;alert('t')</script> عنوان \u202eخبيث <img src=x onerror=\"window.__pwned=5\">"


def _at(text: str, s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def _m(text: str, s: str, typ: str, nth: int = 0, **kw: Any) -> Mention:
    a, b = _at(text, s, nth)
    return Mention(a, b, typ, score=0.99, source="fixture", **kw)


def annotated_docs() -> list[Document]:
    t1 = (
        "أربيل - استقبل رئيس حكومة إقليم كردستان مسرور بارزاني، الأحد، القنصل الأميركي مارك غوردون في أربيل.\n"
        "وقال بارزاني: «سنواصل التنسيق مع التحالف الدولي في الحرب على داعش».\n"
        "وأعلنت واشنطن تقديم 25 مليون دولار لدعم قوات البيشمركة خلال الأسبوع المقبل."
    )
    m1 = [
        _m(t1, "أربيل", "LOC"),
        _m(t1, "حكومة إقليم كردستان", "ORG", entity_id="E_KRG"),
        _m(t1, "مسرور بارزاني", "PER", entity_id="E_MASROUR"),
        _m(t1, "مارك غوردون", "PER"),
        _m(t1, "أربيل", "LOC", nth=1),
        _m(t1, "بارزاني", "PER", nth=1, entity_id="E_MASROUR", antecedent=2),
        _m(t1, "التحالف الدولي", "ORG"),
        _m(t1, "داعش", "ORG", entity_id="E_ISIS"),
        _m(t1, "واشنطن", "LOC"),
        _m(t1, "البيشمركة", "ORG", entity_id="E_PESH"),
    ]
    qs, qe = _at(t1, "سنواصل التنسيق مع التحالف الدولي في الحرب على داعش")
    cs, ce = _at(t1, "قال")
    q1 = [Quote(qs, qe, "direct", cs, ce, m1[5].start, m1[5].end, 5, None, 0.9)]
    a1 = [Amount(*_at(t1, "25 مليون دولار"), "money", 25e6, None, "USD", "exact")]
    ti1 = [TimeExpr(*_at(t1, "الأحد"), "date", "2026-11-15", "day", True), TimeExpr(*_at(t1, "الأسبوع المقبل"), "date", "2026-W48", "week", True)]
    e1 = [
        Event(*_at(t1, "استقبل"), "CONSULT", "asserted",
              [EventArg(m1[2].start, m1[2].end, "source", 2, "E_MASROUR", "GOV"), EventArg(m1[3].start, m1[3].end, "target", 3)],
              time=0, confidence=0.8),
        Event(*_at(t1, "تقديم"), "AID", "future",
              [EventArg(m1[8].start, m1[8].end, "source", 8), EventArg(m1[9].start, m1[9].end, "target", 9, "E_PESH", "MIL")],
              time=1, amount=0, confidence=0.7),
    ]
    d1 = Document(t1, title="بارزاني يستقبل القنصل الأميركي ويبحث دعم البيشمركة", url="https://rasd-fixture.example/news/1",
                  source="fixture:annotated-1", outlet="وكالة رصد التجريبية", published="2026-11-16T10:00:00+03:00",
                  language="ar", language_score=1.0, stages=list(_STAGES), mentions=m1, quotes=q1, amounts=a1, times=ti1, events=e1)

    t2 = (
        "السليمانية - قال مسرور بارزاني إن قوات البيشمركة أحبطت هجوما لداعش قرب مخمور، "
        "فيما اتهمت البيشمركة التنظيم بتفجير عبوة ناسفة أدت إلى إصابة ثلاثة جنود."
    )
    m2 = [
        _m(t2, "السليمانية", "LOC"),
        _m(t2, "مسرور بارزاني", "PER", entity_id="E_MASROUR"),
        _m(t2, "البيشمركة", "ORG", entity_id="E_PESH"),
        _m(t2, "داعش", "ORG", entity_id="E_ISIS"),
        _m(t2, "مخمور", "LOC"),
        _m(t2, "البيشمركة", "ORG", nth=1, entity_id="E_PESH"),
    ]
    qs2, qe2 = _at(t2, "قوات البيشمركة أحبطت هجوما لداعش قرب مخمور")
    q2 = [Quote(qs2, qe2, "reported", *_at(t2, "قال"), m2[1].start, m2[1].end, 1, None, 0.8)]
    a2 = [Amount(*_at(t2, "ثلاثة جنود"), "count", 3, None, "جنود", "exact")]
    e2 = [
        Event(*_at(t2, "أحبطت"), "DEFEND", "reported",
              [EventArg(m2[2].start, m2[2].end, "source", 2, "E_PESH"), EventArg(m2[3].start, m2[3].end, "target", 3, "E_ISIS")],
              quote=0, confidence=0.6),
        Event(*_at(t2, "اتهمت"), "ACCUSE", "asserted",
              [EventArg(m2[5].start, m2[5].end, "source", 5, "E_PESH"), EventArg(*_at(t2, "التنظيم"), "target")],
              confidence=0.75),
    ]
    d2 = Document(t2, title="البيشمركة تحبط هجوما لداعش قرب مخمور", url="https://rasd-fixture.example/news/2",
                  source="fixture:annotated-2", outlet="شبكة رصد التجريبية", published="2026-11-18T08:30:00+03:00",
                  language="ar", language_score=1.0, stages=list(_STAGES), mentions=m2, quotes=q2, amounts=a2, events=e2)
    return [d1, d2]


def hostile_docs() -> list[Document]:
    t = (
        "نص يحاول الحقن: <script>window.__pwned=2;alert('x')</script> ثم صورة <img src=x onerror=\"window.__pwned=3\"> "
        "ورابط <a href=\"javascript:window.__pwned=4\">انقر هنا</a> وعنوان javascript:alert(document.cookie) "
        "وتحكم باتجاه النص \u202eمعكوس\u202c ثم \u2066معزول بلا إغلاق وكذلك </div></main><style>body{display:none}</style> "
        "و{{ 7*7 }} و{% raw %} و&lt;b&gt;مهرب&lt;/b&gt; ونهاية."
    )
    ms = _at(t, "<img src=x onerror=\"window.__pwned=3\">")
    bad = Mention(ms[0], ms[1], "PER\" onmouseover=\"window.__pwned=6", source="fixture", entity_id="\"><script>window.__pwned=7</script>")
    q = Quote(*_at(t, "<script>window.__pwned=2;alert('x')</script>"), "direct", speaker_start=ms[0], speaker_end=ms[1], speaker_mention=0)
    ev = Event(*_at(t, "انقر هنا"), "ASSAULT\"><script>window.__pwned=8</script>", "asserted", [EventArg(ms[0], ms[1], "source", 0)])
    d1 = Document(t, title=HOSTILE_TITLE, url="javascript:window.__pwned=9", source="fixture:hostile-1",
                  outlet="<b>outlet</b>\u202e", published="2026-11-17T12:00:00+03:00", language="ar",
                  stages=list(_STAGES), mentions=[bad], quotes=[q], events=[ev])
    word = "بيشمركة" * 150_000  # one word of ~1 MB (1.05 M characters)
    d2 = Document(word, title="كلمة واحدة طويلة جدا", source="fixture:hostile-long", outlet="وكالة رصد التجريبية",
                  published="2026-11-17T13:00:00+03:00", language="ar", stages=["language"])
    return [d1, d2]


def light_settings() -> Any:
    """Settings with the fast stages only and no corpus stages (tests of the server, not of
    the extractors)."""
    from ..settings import load_settings

    return load_settings(pipeline=["language", "normalize", "sentences", "tokens", "amounts", "times"], corpus_stages=[])


def _ids(docs: list[Document]) -> list[str]:
    return [d.id for d in docs]



FIXTURE_ENTITIES = {  # id -> (type, Arabic name, Latin name)
    "E_MASROUR": ("PER", "مسرور بارزاني", "Masrour Barzani"),
    "E_KRG": ("ORG", "حكومة إقليم كردستان", "Kurdistan Regional Government"),
    "E_ISIS": ("ORG", "داعش", "ISIS"),
    "E_PESH": ("ORG", "البيشمركة", "Peshmerga"),
}


def add_test_entities(store: Any) -> bool:
    """Rows in the resolve stage's ``entities`` table (when it exists) for the fixture
    documents' entity ids, with counts from their mentions; False when the table is absent."""
    cols = {r[1] for r in store.conn.execute("PRAGMA table_info(entities)")}
    if not {"id", "type"} <= cols:
        return False
    with store.write() as w:
        for eid, (typ, name, latin) in FIXTURE_ENTITIES.items():
            n, docs, first, last = w.execute(
                "SELECT count(*), count(DISTINCT m.doc_id), min(d.published_day), max(d.published_day) FROM mentions m "
                "JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ?", (eid,)).fetchone()
            vals = {"id": eid, "type": typ, "name_ar": name, "name_latin": latin, "mention_count": n, "doc_count": docs,
                    "first_seen": first, "last_seen": last, "status": "ok", "created_at": "2026-11-20T00:00:00+00:00"}
            vals = {k: v for k, v in vals.items() if k in cols}
            w.execute(f"INSERT OR REPLACE INTO entities({', '.join(vals)}) VALUES ({', '.join('?' * len(vals))})", list(vals.values()))
            acols = {r[1] for r in w.execute("PRAGMA table_info(entity_aliases)")}
            if {"entity_id", "alias", "norm", "count"} <= acols:
                from ..arabic.normalize import fold

                w.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (eid,))
                for alias, c in w.execute("SELECT surface, count(*) FROM mentions WHERE entity_id = ? GROUP BY surface", (eid,)).fetchall():
                    w.execute("INSERT INTO entity_aliases(entity_id, alias, norm, count) VALUES (?, ?, ?, ?)", (eid, alias, fold(alias), c))
    return True


def add_test_story(store: Any, doc_ids: list[str]) -> str | None:
    """A story over ``doc_ids`` in the stories stage's tables (when they exist): fixture data
    so the story pages can be tested before/without the stories stage."""
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"stories", "story_members"} <= tables:
        return None
    rows = store.conn.execute(
        f"SELECT id, outlet, published FROM documents WHERE id IN ({','.join('?' * len(doc_ids))}) ORDER BY published", doc_ids
    ).fetchall()
    outlets: dict[str, int] = {}
    for r in rows:
        outlets[r[1] or ""] = outlets.get(r[1] or "", 0) + 1
    sid = "s_fixture"
    with store.write() as w:
        w.execute(
            "INSERT OR REPLACE INTO stories(id, title, central_doc, first_published, last_published, size, n_outlets, outlets, "
            "languages, top_entities, events, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sid, "البيشمركة وداعش: قصة تجريبية", rows[0][0], rows[0][2], rows[-1][2], len(rows), len(outlets),
             __import__("json").dumps(sorted(outlets.items(), key=lambda x: -x[1]), ensure_ascii=False), '[["ar", %d]]' % len(rows),
             '[["البيشمركة", 3], ["مسرور بارزاني", 2]]', '[["AID", 1], ["DEFEND", 1]]', "2026-11-20T00:00:00+00:00"),
        )
        for r in rows:
            w.execute("INSERT OR REPLACE INTO story_members(doc_id, story_id, published, similarity, dup_of) VALUES (?, ?, ?, ?, NULL)",
                      (r[0], sid, r[2], 1.0))
    return sid


def build_test_db(
    path: str | Path, *, examples: bool = True, annotated: bool = True, hostile: bool = True, story: bool = True,
    settings: Any = None, resolved: bool = True,
) -> dict[str, Any]:
    """A real database for tests: the bundled examples (processed with ``settings``, default:
    the packaged settings) plus the fixture documents; ``resolved`` adds the fixture entities
    to the resolve stage's table when it exists."""
    from ..process import demo_ingest
    from ..store import Store

    info: dict[str, Any] = {"path": str(path)}
    with Store(path) as store:
        if examples:
            info["report"] = demo_ingest(store, settings=settings, progress=False).to_dict()
        ann = annotated_docs() if annotated else []
        hos = hostile_docs() if hostile else []
        if ann or hos:
            store.add_many(ann + hos)
        info["annotated"] = _ids(ann)
        info["hostile"] = _ids(hos)
        info["story"] = add_test_story(store, info["annotated"]) if story and ann else None
        info["entities"] = add_test_entities(store) if resolved and ann else False
    return info


class LiveServer:
    """``rasd serve`` in a subprocess on 127.0.0.1 with a free port."""

    def __init__(
        self, db: str | Path, *, ingest_token: str | None = None, timeout: float = 30.0, extra: list[str] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.db = str(db)
        self.env = env or {}
        self.ingest_token = ingest_token
        self.timeout = timeout
        self.extra = extra or []
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self._out: list[str] = []

    @property
    def output(self) -> str:
        return "".join(self._out)

    def start(self) -> "LiveServer":
        cmd = [sys.executable, "-m", "rasd", "serve", "--db", self.db, "--host", "127.0.0.1", "--port", "0", *self.extra]
        env = dict(os.environ, PYTHONUNBUFFERED="1", **self.env)
        env.pop("RASD_INGEST_TOKEN", None)
        if self.ingest_token:
            env["RASD_INGEST_TOKEN"] = self.ingest_token  # not on the command line
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, bufsize=1)
        deadline = time.monotonic() + self.timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self._out.append(line)
            if " at http://" in line:
                self.url = line.split(" at ", 1)[1].split()[0].rstrip("/")
                break
        if not self.url:
            self.stop()
            raise RuntimeError(f"rasd serve did not start (exit {self.proc.returncode}); its output:\n{self.output}")
        threading.Thread(target=self._drain, daemon=True).start()
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"rasd serve died (exit {self.proc.returncode}); its output:\n{self.output}") from None
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"rasd serve did not answer within {self.timeout}s; its output:\n{self.output}")

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self._out.append(line)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
