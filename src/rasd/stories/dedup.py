"""Exact and near-duplicate articles: content hash, MinHash + LSH, duplicate groups.

An article's *words* are its text folded with the search normaliser (``rasd.arabic.normalize.fold``)
and split on word characters, lower-cased. Then:

- **exact duplicates** share ``content_hash`` (a hash of the word sequence: punctuation, spacing,
  diacritics and spelling variants of alef/yeh/teh marbuta do not matter);
- **near-duplicates** (the same agency copy re-published with small edits, a dateline added, or cut
  short) share most of their word 3-gram *shingles*. The similarity is the shingle **containment**
  of the shorter article in the longer (|A∩B| / min(|A|, |B|)); a pair is a near-duplicate when it
  reaches ``dedup_threshold`` (default 0.6). Containment rather than Jaccard, because one outlet
  often prints only the first half of the same wire copy (Jaccard 0.3, containment 0.95).

Candidates come from MinHash (datasketch) locality-sensitive hashing: two signatures per article —
all shingles, and the shingles of its first ``LEAD_WORDS`` words (so truncated copies meet) — cut
into bands whose hashes are rows of the SQLite table ``dedup_bands``. A new article looks up its
band hashes (an indexed query), and each candidate is verified exactly against its stored shingle
hashes. Nothing is rebuilt: the index *is* the database (migration ``0003_stories.sql``).

Duplicates form groups around a representative — the earliest published member, else the longest:
a near-duplicate joins a group only if it is also a near-duplicate of that representative, and groups
never merge, so chains of edits or of templated texts (daily weather reports, congratulation cables)
do not snowball into one group. Texts of fewer than ``MIN_WORDS`` words take part only as exact
duplicates. Exact copies are not indexed again (1,000 copies cost one index entry), and buckets are
read at most ``MAX_CANDIDATES`` deep, so memory and time stay bounded on degenerate input.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import zlib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from ..arabic.normalize import fold

__all__ = [
    "PARAMS",
    "Fingerprint",
    "words",
    "fingerprint",
    "containment",
    "similarity",
    "DedupIndex",
    "DupGroup",
    "Match",
    "find_duplicates",
    "memory_index",
]

SHINGLE = 3
NUM_PERM = 128
ROWS = 3  # rows per LSH band: P(candidate) = 1-(1-J^3)^42 -> 0.99 at J=0.5, 0.68 at J=0.3
BANDS = NUM_PERM // ROWS
LEAD_WORDS = 80
LEAD_PERM = 48
LEAD_BANDS = LEAD_PERM // ROWS
MIN_WORDS = 8
MAX_CANDIDATES = 100
LEAD_RATIO = 0.67  # a text shorter than this share of the other must share its lead
NEAR_IDENTICAL = 0.95  # a copy this close adds nothing to the index
SEED = 1
SCHEME = "affine32"

PARAMS = {
    "shingle": SHINGLE,
    "num_perm": NUM_PERM,
    "rows": ROWS,
    "lead_words": LEAD_WORDS,
    "lead_perm": LEAD_PERM,
    "seed": SEED,
    "scheme": SCHEME,
    "min_words": MIN_WORDS,
    "version": 6,
}

_WORD = re.compile(r"\w+")
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)
_TOKEN_CACHE: dict[str, int] = {}


def words(text: str | None) -> list[str]:
    """The folded, lower-cased words of ``text`` (the unit of shingles and content hashes)."""
    if not text:
        return []
    return _WORD.findall(fold(text).lower())


def _token_hashes(ws: Sequence[str]) -> np.ndarray:
    cache = _TOKEN_CACHE
    if len(cache) > 1_000_000:
        cache.clear()
    out = np.empty(len(ws), dtype=np.uint64)
    for i, w in enumerate(ws):
        h = cache.get(w)
        if h is None:
            h = cache[w] = zlib.crc32(w.encode("utf-8"))
        out[i] = h
    return out


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(31))
    x = x * _M3
    x = x ^ (x >> np.uint64(29))
    return (x >> np.uint64(32)).astype(np.uint32)


def _shingles(th: np.ndarray) -> np.ndarray:
    """Sorted unique uint32 hashes of the word ``SHINGLE``-grams (one shingle if shorter)."""
    n = len(th)
    if n == 0:
        return np.empty(0, dtype=np.uint32)
    with np.errstate(over="ignore"):
        if n < SHINGLE:
            x = np.zeros(1, dtype=np.uint64)
            for v in th:
                x = x * _M1 + v
        else:
            x = th[: n - 2] * _M1 + th[1 : n - 1] * _M2 + th[2:]
        return np.unique(_mix(x))


_PERMS: dict[object, object] = {}


def _scheme_kw() -> dict:
    """datasketch >= 2 names its permutation scheme (pinned here so signatures stay stable);
    1.x has only the legacy one (the index records which: ``PARAMS['scheme']``)."""
    import inspect

    from datasketch import MinHash

    return {"scheme": SCHEME} if "scheme" in inspect.signature(MinHash.__init__).parameters else {}


def _minhash(sh: np.ndarray, num_perm: int) -> np.ndarray:
    from datasketch import MinHash

    perms = _PERMS.get(num_perm)
    if perms is None:
        kw = _PERMS.setdefault("kw", _scheme_kw())  # type: ignore[arg-type]
        perms = _PERMS[num_perm] = MinHash(num_perm=num_perm, seed=SEED, **kw).permutations
    kw = _PERMS["kw"]  # type: ignore[index]
    m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=int, permutations=perms, **kw)
    m.update_batch(sh.tolist())
    return np.asarray(m.hashvalues, dtype=np.uint32)


@dataclass
class Fingerprint:
    """What the index keeps of an article. ``signature`` etc. are ``None`` for short texts."""

    content_hash: str
    n_words: int
    shingles: np.ndarray | None = None
    signature: np.ndarray | None = None
    lead_signature: np.ndarray | None = None
    lead_shingles: np.ndarray | None = None
    lead_numbers: np.ndarray | None = None  # hashes of the numbers (2+ digits) among the first words

    def band_hashes(self) -> list[int]:
        """LSH band hashes (signed 64-bit, band number mixed in) of both signatures."""
        out: list[int] = []
        for offset, sig, nb in ((0, self.signature, BANDS), (BANDS, self.lead_signature, LEAD_BANDS)):
            if sig is None:
                continue
            rows = sig[: nb * ROWS].astype(np.uint64).reshape(nb, ROWS)
            with np.errstate(over="ignore"):
                x = np.arange(offset + 1, offset + nb + 1, dtype=np.uint64) * _M2
                for j in range(ROWS):
                    x = x * _M1 + rows[:, j]
                x = x ^ (x >> np.uint64(29))
            out.extend(x.view(np.int64).tolist())
        return out


def fingerprint(text: str | None) -> Fingerprint:
    """Content hash, shingles and MinHash signatures of one article text."""
    ws = words(text)
    chash = hashlib.blake2b(" ".join(ws).encode("utf-8"), digest_size=10).hexdigest()
    fp = Fingerprint(chash, len(ws))
    if len(ws) < MIN_WORDS:
        return fp
    th = _token_hashes(ws)
    fp.shingles = _shingles(th)
    fp.signature = _minhash(fp.shingles, NUM_PERM)
    fp.lead_shingles = fp.shingles if len(ws) <= LEAD_WORDS else _shingles(th[:LEAD_WORDS])
    nums = [w for w in ws[:LEAD_WORDS] if len(w) >= 2 and w.isdigit()]
    fp.lead_numbers = np.unique(_token_hashes(nums).astype(np.uint32)) if nums else np.empty(0, np.uint32)
    fp.lead_signature = _minhash(fp.lead_shingles, LEAD_PERM)
    return fp


def similarity(a: Fingerprint | tuple[np.ndarray, np.ndarray], b: Fingerprint | tuple[np.ndarray, np.ndarray],
               weight: "ShingleFrequency | None" = None) -> tuple[float, float]:
    """(near-duplicate similarity, Jaccard) of two fingerprints or (shingles, lead_shingles[, lead_numbers])
    tuples.

    The similarity is the containment of the shorter article's shingles in the longer's. When the
    shorter is less than two thirds as long, its first words must also be contained in the longer's
    first words (a copy cut short), else the similarity is the Jaccard: one short item quoted
    inside a long round-up is not a copy of it, and must not bridge two groups.

    With ``weight`` (shingle document frequencies) the containment counts each shingle by
    ``df ** -0.5``: boilerplate shared by a whole series (the wording of every congratulation
    cable, every weather report) counts little, the names and facts that tell two texts apart
    count much."""
    sa, la, na = (a.shingles, a.lead_shingles, a.lead_numbers) if isinstance(a, Fingerprint) else (*a, None)[:3]
    sb, lb, nb = (b.shingles, b.lead_shingles, b.lead_numbers) if isinstance(b, Fingerprint) else (*b, None)[:3]
    if sa is None or sb is None:
        return 0.0, 0.0
    cont, jac = containment(sa, sb)
    if na is not None and nb is not None and len(na) and len(nb) and not len(np.intersect1d(na, nb)):
        # both leads give figures and none agree: two issues of a templated report (a daily count,
        # a price bulletin), not copies of one text
        return min(cont, jac), jac
    if weight is not None and cont > 0:
        short = sa if len(sa) <= len(sb) else sb
        inter = np.intersect1d(sa, sb, assume_unique=True)
        den = float(weight.weights(short).sum())
        cont = float(weight.weights(inter).sum()) / den if den else cont
    if min(len(sa), len(sb)) < LEAD_RATIO * max(len(sa), len(sb)):
        lead_cont = containment(la, lb)[0] if la is not None and lb is not None else 0.0
        cont = min(cont, lead_cont) if lead_cont > jac else jac
    return cont, jac


def containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(containment of the smaller set in the larger, Jaccard) of two sorted unique hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / min(len(a), len(b)), inter / (len(a) + len(b) - inter)


class ShingleFrequency:
    """Approximate document frequencies of shingles: 2**24 saturating byte counters indexed by
    the top bits of the shingle hash (16 MB, persisted zlib-compressed in ``dedup_params``)."""

    BITS = 24
    _W = np.maximum(np.arange(256, dtype=np.float32), 1.0) ** -0.5

    def __init__(self, blob: bytes | None = None) -> None:
        if blob:
            self.counts = np.frombuffer(zlib.decompress(blob), dtype=np.uint8).copy()
        else:
            self.counts = np.zeros(1 << self.BITS, dtype=np.uint8)

    def _slots(self, sh: np.ndarray) -> np.ndarray:
        return (sh >> np.uint32(32 - self.BITS)).astype(np.int64)

    def add(self, sh: np.ndarray) -> None:
        i = self._slots(sh)
        c = self.counts[i]
        self.counts[i] = np.where(c < 255, c + 1, c)

    def weights(self, sh: np.ndarray) -> np.ndarray:
        return self._W[self.counts[self._slots(sh)]]

    def blob(self) -> bytes:
        return zlib.compress(self.counts.tobytes(), 1)


@dataclass
class Match:
    """The outcome of adding one article: ``kind`` is ``new`` (no duplicate), ``exact``, ``near``,
    ``short`` (too short to compare; exact copies still match) or ``seen`` (already indexed)."""

    doc_id: str
    kind: str
    group_id: int | None = None
    matched: str | None = None
    similarity: float | None = None


@dataclass
class DupGroup:
    id: int
    representative: str
    size: int
    first_published: str | None
    last_published: str | None
    members: list[tuple[str, str, str | None, float | None]] = field(default_factory=list)
    # (doc_id, kind, matched, similarity)


def _blob(a: np.ndarray | None) -> bytes | None:
    return None if a is None else a.astype("<u4").tobytes()


def _unblob(b: bytes | None) -> np.ndarray | None:
    return None if b is None else np.frombuffer(b, dtype="<u4")


def _lead_blob(fp: Fingerprint) -> bytes | None:
    """The lead BLOB: [n, n number hashes, lead shingle hashes] as little-endian uint32."""
    if fp.lead_shingles is None:
        return None
    nums = fp.lead_numbers if fp.lead_numbers is not None else np.empty(0, np.uint32)
    return np.concatenate([np.array([len(nums)], np.uint32), nums, fp.lead_shingles]).astype("<u4").tobytes()


def _unlead(b: bytes | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(lead shingles, lead number hashes) from a lead BLOB."""
    a = _unblob(b)
    if a is None or len(a) == 0:
        return None, None
    n = int(a[0])
    return a[1 + n:], a[1 : 1 + n]


class DedupIndex:
    """The persistent near-duplicate index over a SQLite connection that has the ``0003_stories``
    tables. ``threshold`` is the containment a near-duplicate must reach. The caller owns the
    transaction (``with store.write() as conn: DedupIndex(conn).add(...)``)."""

    def __init__(self, conn: sqlite3.Connection, threshold: float = 0.8) -> None:
        if not 0.0 < float(threshold) <= 1.0:
            from ..errors import ConfigError

            raise ConfigError(f"dedup_threshold must be in (0, 1], got {threshold!r}")
        self.conn = conn
        self.threshold = float(threshold)
        self._check_params()
        r = conn.execute("SELECT value FROM dedup_params WHERE name = 'shingle_df'").fetchone()
        self.df = ShingleFrequency(r[0] if r else None)
        self._dirty = False

    def flush(self) -> None:
        """Persist the shingle frequencies (call before the transaction commits)."""
        if self._dirty:
            self.conn.execute("INSERT OR REPLACE INTO dedup_params(name, value) VALUES ('shingle_df', ?)",
                              (self.df.blob(),))
            self._dirty = False

    # -- parameters -----------------------------------------------------------------------
    def _check_params(self) -> None:
        stored = dict(self.conn.execute("SELECT name, value FROM dedup_params WHERE name != 'shingle_df'").fetchall())
        want = {k: str(v) for k, v in PARAMS.items()}
        if not _scheme_kw():
            want["scheme"] = "legacy"
        if stored == want:
            return
        if stored:  # built with other parameters: start the index afresh (groups are kept)
            self.conn.execute("DELETE FROM dedup_bands")
            self.conn.execute("DELETE FROM dedup_docs")
            self.conn.execute("DELETE FROM dedup_params")
        self.conn.executemany("INSERT INTO dedup_params(name, value) VALUES (?, ?)", sorted(want.items()))

    # -- adding ---------------------------------------------------------------------------
    def add(self, doc_id: str, text: str | None, published: str | None = None,
            fp: Fingerprint | None = None) -> Match:
        """Check one article against the index, record it, and update its duplicate group."""
        c = self.conn
        if c.execute("SELECT 1 FROM dedup_docs WHERE doc_id = ?", (doc_id,)).fetchone():
            g = c.execute("SELECT group_id FROM dup_members WHERE doc_id = ?", (doc_id,)).fetchone()
            return Match(doc_id, "seen", g[0] if g else None)
        fp = fp or fingerprint(text)
        exact = c.execute(
            "SELECT doc_id FROM dedup_docs WHERE content_hash = ? LIMIT 1", (fp.content_hash,)
        ).fetchone() if fp.n_words else None
        best: tuple[float, float, str] | None = None
        near: list[tuple[str, float]] = []
        if exact is None and fp.shingles is not None:
            near, best = self._near(fp)
        index_it = exact is None and fp.shingles is not None and not (best and best[1] >= NEAR_IDENTICAL)
        cur = c.execute(
            "INSERT INTO dedup_docs(doc_id, content_hash, n_tokens, published, signature, lead_signature,"
            " shingles, lead_shingles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, fp.content_hash, fp.n_words, published,
             _blob(fp.signature) if exact is None else None,
             _blob(fp.lead_signature) if exact is None else None,
             _blob(fp.shingles) if exact is None else None,
             _lead_blob(fp) if exact is None else None),
        )
        if exact is None and fp.shingles is not None:
            self.df.add(fp.shingles)
            self._dirty = True
        if index_it:
            key = cur.lastrowid
            c.executemany("INSERT OR IGNORE INTO dedup_bands(h, key) VALUES (?, ?)",
                          [(h, key) for h in fp.band_hashes()])
        if exact is not None:
            j = self._join(doc_id, [(exact[0], 1.0)], "exact")
            assert j is not None
            return Match(doc_id, "exact", j[0], exact[0], 1.0)
        if near:
            j = self._join(doc_id, near, "near", fp)
            if j is not None:
                return Match(doc_id, "near", j[0], j[1], round(j[2], 4))
        return Match(doc_id, "short" if fp.shingles is None else "new")

    def _near(self, fp: Fingerprint) -> tuple[list[tuple[str, float]], tuple[float, float, str] | None]:
        c = self.conn
        hs = fp.band_hashes()
        qs = ",".join("?" * len(hs))
        keys = [r[0] for r in c.execute(
            f"SELECT DISTINCT key FROM dedup_bands WHERE h IN ({qs}) LIMIT {MAX_CANDIDATES}", hs)]
        if not keys:
            return [], None
        qk = ",".join("?" * len(keys))
        found: list[tuple[str, float]] = []
        best: tuple[float, float, str] | None = None
        assert fp.shingles is not None
        for doc_id, blob, lead in c.execute(
                f"SELECT doc_id, shingles, lead_shingles FROM dedup_docs WHERE key IN ({qk})", keys):
            other = _unblob(blob)
            if other is None:
                continue
            cont, jac = similarity(fp, (other, *_unlead(lead)), self.df)
            if cont >= self.threshold:
                found.append((doc_id, cont))
                if best is None or (cont, jac) > best[:2]:
                    best = (cont, jac, doc_id)
        return found, best

    def _join(self, doc_id: str, matches: list[tuple[str, float]], kind: str,
              fp: Fingerprint | None = None) -> tuple[int, str, float] | None:
        """Put ``doc_id`` in a group: groups are stars around their representative (the original),
        so a near-duplicate joins a group only when it is also a near-duplicate of the group's
        representative, and never merges two groups — no chains of edits or templates
        (weather reports, congratulation cables) grow into one group. Returns (group, matched
        document, similarity) or None when every match is in a group whose original it does not copy."""
        c = self.conn
        ids = [m for m, _ in matches]
        qs = ",".join("?" * len(ids))
        grp = dict(c.execute(f"SELECT doc_id, group_id FROM dup_members WHERE doc_id IN ({qs})", ids).fetchall())
        best: tuple[float, int, str] | None = None
        singles: list[tuple[str, float]] = []
        rep_sim: dict[int, float] = {}
        for m, sim in sorted(matches, key=lambda x: -x[1]):
            g = grp.get(m)
            if g is None:
                singles.append((m, sim))
                continue
            if kind == "exact" or sim >= NEAR_IDENTICAL:
                score = sim  # a (near-)identical copy of a member is as good as that member
            else:
                if g not in rep_sim:
                    rep_sim[g] = self._sim_to_rep(g, m, sim, fp)
                score, m = rep_sim[g]
                if score < self.threshold:
                    continue
            if best is None or score > best[0]:
                best = (score, g, m)
        if best is None:
            if not singles:
                return None
            m, sim = singles[0]
            gid = c.execute("INSERT INTO dup_groups(representative, size) VALUES (?, 0)", (m,)).lastrowid
            c.execute("INSERT INTO dup_members(doc_id, group_id, kind) VALUES (?, ?, 'seed')", (m, gid))
            best = (sim, gid, m)
        score, gid, m = best
        c.execute("INSERT OR REPLACE INTO dup_members(doc_id, group_id, kind, matched, similarity)"
                  " VALUES (?, ?, ?, ?, ?)", (doc_id, gid, kind, m, round(score, 4)))
        self._refresh(gid, new_doc=doc_id)
        return gid, m, score

    def _sim_to_rep(self, gid: int, matched: str, sim: float, fp: Fingerprint | None) -> tuple[float, str]:
        """(similarity with the group's representative, the representative)."""
        c = self.conn
        rep = c.execute("SELECT representative FROM dup_groups WHERE id = ?", (gid,)).fetchone()[0]
        if rep == matched or fp is None:
            return sim, matched
        r = c.execute("SELECT shingles, lead_shingles FROM dedup_docs WHERE content_hash ="
                      " (SELECT content_hash FROM dedup_docs WHERE doc_id = ?) AND shingles IS NOT NULL LIMIT 1",
                      (rep,)).fetchone()
        if r is None:
            return sim, matched
        return similarity(fp, (_unblob(r[0]), *_unlead(r[1])), self.df)[0], rep

    def _refresh(self, gid: int, new_doc: str | None = None) -> None:
        """Recompute size, dates and representative (earliest published, else longest)."""
        c = self.conn
        size, first, last = c.execute(
            "SELECT COUNT(*), MIN(d.published), MAX(d.published) FROM dup_members m"
            " LEFT JOIN dedup_docs d ON d.doc_id = m.doc_id WHERE m.group_id = ?", (gid,)).fetchone()
        if new_doc is not None and size > 3:
            # cheap path: compare the newcomer with the current representative only
            rep = c.execute("SELECT representative FROM dup_groups WHERE id = ?", (gid,)).fetchone()[0]
            cands = c.execute(
                "SELECT doc_id, published, n_tokens FROM dedup_docs WHERE doc_id IN (?, ?)", (rep, new_doc)
            ).fetchall()
        else:
            cands = c.execute(
                "SELECT d.doc_id, d.published, d.n_tokens FROM dup_members m JOIN dedup_docs d"
                " ON d.doc_id = m.doc_id WHERE m.group_id = ?", (gid,)).fetchall()
        rep = min(cands, key=_rep_key)[0] if cands else None
        if rep is None:
            rep = c.execute("SELECT representative FROM dup_groups WHERE id = ?", (gid,)).fetchone()[0]
        c.execute("UPDATE dup_groups SET size = ?, first_published = ?, last_published = ?, representative = ?"
                  " WHERE id = ?", (size, first, last, rep, gid))

    # -- reading --------------------------------------------------------------------------
    def group_of(self, doc_id: str) -> DupGroup | None:
        r = self.conn.execute("SELECT group_id FROM dup_members WHERE doc_id = ?", (doc_id,)).fetchone()
        return self.group(r[0]) if r else None

    def group(self, gid: int) -> DupGroup | None:
        r = self.conn.execute("SELECT id, representative, size, first_published, last_published FROM dup_groups"
                              " WHERE id = ?", (gid,)).fetchone()
        if r is None:
            return None
        g = DupGroup(*r)
        g.members = [tuple(x) for x in self.conn.execute(
            "SELECT doc_id, kind, matched, similarity FROM dup_members WHERE group_id = ? ORDER BY rowid", (gid,))]
        return g

    def groups(self) -> list[DupGroup]:
        """All groups, largest first."""
        out = []
        for (gid,) in self.conn.execute("SELECT id FROM dup_groups ORDER BY size DESC, id").fetchall():
            g = self.group(gid)
            if g is not None:
                out.append(g)
        return out

    def representative_map(self) -> dict[str, str]:
        """doc_id -> representative id, for every grouped document (representatives map to themselves)."""
        return {d: r for d, r in self.conn.execute(
            "SELECT m.doc_id, g.representative FROM dup_members m JOIN dup_groups g ON g.id = m.group_id")}


def _rep_key(row: tuple[str, str | None, int]) -> tuple[int, str, int, str]:
    doc_id, published, n = row
    return (0 if published else 1, published or "", -int(n or 0), doc_id)


_SCHEMA_STUB = "CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY);"


def memory_index(threshold: float = 0.8) -> DedupIndex:
    """A throw-away index in an in-memory SQLite database (for pure use and tests)."""
    from importlib.resources import files

    conn = sqlite3.connect(":memory:")
    conn.execute(_SCHEMA_STUB)
    sql = files("rasd.store").joinpath("migrations", "0003_stories.sql").read_text(encoding="utf-8")
    conn.executescript(sql)
    return DedupIndex(conn, threshold)


def find_duplicates(records: Iterable[tuple[str, str | None, str | None]], threshold: float = 0.8
                    ) -> tuple[list[DupGroup], list[Match]]:
    """Pure entry point: ``records`` are ``(doc_id, text, published)``; returns the duplicate groups
    (largest first) and one ``Match`` per record, in the order given."""
    idx = memory_index(threshold)
    matches = [idx.add(d, t, p) for d, t, p in records]
    idx.flush()
    return idx.groups(), matches
