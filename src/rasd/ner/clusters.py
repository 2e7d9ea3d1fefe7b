"""Word clusters learned from unlabelled text (training time only; numpy + scipy).

Pipeline: count words (orthographically folded with :func:`rasd.ner.text.norm`), build a
position-aware co-occurrence matrix (left/right contexts, window 2), positive PMI with
context-distribution smoothing, a seeded randomised SVD, then k-means at several
granularities. Only the cluster ids are kept and shipped, never the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from .text import norm

__all__ = ["build_clusters"]


def _vocab(sentences: Iterable[list[str]], min_count: int, max_vocab: int) -> tuple[list[str], list[np.ndarray]]:
    counts: Counter[str] = Counter()
    seqs: list[list[str]] = []
    for s in sentences:
        ns = [norm(w) for w in s]
        counts.update(ns)
        seqs.append(ns)
    words = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count][:max_vocab]
    index = {w: i for i, w in enumerate(words)}
    ids = [np.fromiter((index.get(w, -1) for w in s), dtype=np.int64, count=len(s)) for s in seqs]
    return words, ids


def _cooc(ids: list[np.ndarray], V: int, C: int, window: int):
    from scipy import sparse

    flat = np.concatenate([np.concatenate([s, [-2]]) for s in ids])  # -2 marks sentence ends
    rows, cols, vals = [], [], []
    for d in range(1, window + 1):
        a, b = flat[:-d], flat[d:]
        # no pairs across sentence ends
        ok = (a >= 0) & (b >= 0)
        if d > 1:
            for k in range(1, d):
                ok &= flat[k:len(flat) - d + k] != -2
        w = 1.0 / d
        # right context of a is b (column b + C), left context of b is a (column a)
        m = ok & (b < C)
        rows.append(a[m]); cols.append(b[m] + C); vals.append(np.full(m.sum(), w))
        m = ok & (a < C)
        rows.append(b[m]); cols.append(a[m]); vals.append(np.full(m.sum(), w))
    M = sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(V, 2 * C)).tocsr()
    M.sum_duplicates()
    return M


def _ppmi(M, alpha: float = 0.75):
    from scipy import sparse

    M = M.tocoo()
    rs = np.asarray(M.sum(axis=1)).ravel()
    cs = np.asarray(M.sum(axis=0)).ravel() ** alpha
    cs_total = cs.sum()
    pmi = np.log(M.data * cs_total / (rs[M.row] * cs[M.col]) + 1e-12)
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (M.row[keep], M.col[keep])), shape=M.shape)


def _rsvd(A, k: int, rng: np.random.Generator, iters: int = 4) -> tuple[np.ndarray, np.ndarray]:
    Omega = rng.standard_normal((A.shape[1], k + 20))
    Y = A @ Omega
    for _ in range(iters):
        Y, _ = np.linalg.qr(Y)
        Y = A @ (A.T @ Y)
    Q, _ = np.linalg.qr(Y)
    B = (A.T @ Q).T
    Ub, S, _ = np.linalg.svd(B, full_matrices=False)
    U = Q @ Ub
    return U[:, :k], S[:k]


def _kmeans(X: np.ndarray, k: int, rng: np.random.Generator, iters: int = 20) -> np.ndarray:
    n = X.shape[0]
    k = min(k, n)
    # k-means++ seeding on a sample (deterministic given rng)
    sample = X[rng.choice(n, size=min(n, max(20 * k, 5000)), replace=False)]
    centers = [sample[rng.integers(len(sample))]]
    d2 = ((sample - centers[0]) ** 2).sum(1)
    for _ in range(1, k):
        p = d2 / d2.sum() if d2.sum() > 0 else None
        c = sample[rng.choice(len(sample), p=p)]
        centers.append(c)
        d2 = np.minimum(d2, ((sample - c) ** 2).sum(1))
    Cm = np.array(centers)
    x2 = (X ** 2).sum(1)
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        labels = np.empty(n, dtype=np.int64)
        for s in range(0, n, 20000):  # bounded memory
            dist = x2[s:s + 20000, None] - 2 * X[s:s + 20000] @ Cm.T + (Cm ** 2).sum(1)[None, :]
            labels[s:s + 20000] = dist.argmin(1)
        sums = np.zeros_like(Cm)
        np.add.at(sums, labels, X)
        cnt = np.bincount(labels, minlength=k)
        nonempty = cnt > 0
        Cm[nonempty] = sums[nonempty] / cnt[nonempty, None]
    return labels


def build_clusters(sentences: Iterable[list[str]], ks: tuple[int, ...] = (64, 256, 1024), dim: int = 128,
                   min_count: int = 5, max_vocab: int = 150_000, contexts: int = 30_000, window: int = 2,
                   seed: int = 0, log=None, vectors_out: dict | None = None) -> dict[str, tuple[int, ...]]:
    """Map each folded word with ``count >= min_count`` to one cluster id per granularity in ``ks``.
    When ``vectors_out`` is a dict it receives ``words`` and ``vectors`` (unit-length rows)."""
    log = log or (lambda *a: None)
    rng = np.random.default_rng(seed)
    words, ids = _vocab(sentences, min_count, max_vocab)
    V = len(words)
    log(f"clusters: vocab {V}")
    M = _cooc(ids, V, min(contexts, V), window)
    del ids
    A = _ppmi(M)
    log(f"clusters: ppmi nnz {A.nnz}")
    U, S = _rsvd(A, dim, rng)
    X = U * np.sqrt(S)[None, :]
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    X = X.astype(np.float32)
    if vectors_out is not None:
        vectors_out["words"], vectors_out["vectors"] = words, X
    labels = []
    for k in ks:
        labels.append(_kmeans(X, k, rng))
        log(f"clusters: k-means {k} done")
    return {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(words)}
