"""Train the BiLSTM-CRF tagger with PyTorch (training only; ``pip install torch``) and export
its weights to the numpy format read by :class:`rasd.ner.bilstm.BiLstmCrf`.

Deterministic given the seed: one thread, seeded torch/numpy/random, fixed epoch count, no
early stopping on the test data.
"""

from __future__ import annotations

import random
import time

import numpy as np

from ..errors import RasdError
from .bilstm import GAZ_TAGS, SHAPES, token_extras
from .text import norm, strip_proclitics

__all__ = ["NN_DEFAULTS", "train_bilstm", "quantize"]

NN_DEFAULTS: dict = {
    "epochs": 30,
    "hidden": 128,
    "char_dim": 32,
    "char_filters": 128,
    "dropout": 0.5,
    "lr": 2e-3,
    "batch": 16,
    "delta": False,        # learn a correction to the frozen vector of words seen >= 2 times in training
    "word_dropout": 0.1,   # probability of hiding a token's word vector during training (not its stem's)
    "subword_dim": 0,      # > 0: USE-multilingual subword features of this size (rasd.ner.subword)
    "aux_ratio": 2.0,      # auxiliary corpora: sentences drawn per epoch, as a share of the main corpus
    "aux_weight": 1.0,     # weight of an auxiliary corpus's loss
    "char_mask": True,     # max-pool the char CNN over the word's own positions only, as inference does
    "average_from": 16,    # > 0: ship the mean of the weights at the end of epochs average_from..epochs
    "pseudo_ratio": 1.0,   # pseudo-labelled sentences drawn per epoch, as a share of the main corpus
}


def quantize(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows with a float32 scale per row."""
    scale = np.abs(X).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.round(X / scale[:, None]).clip(-127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def train_bilstm(train: list, words: list[str], vectors: np.ndarray, gazetteer: dict, tags: list[str],
                 seed: int = 0, settings: dict | None = None, log=print,
                 subword: dict[str, np.ndarray] | None = None,
                 aux: list[list] | None = None, pseudo: list | None = None,
                 span_feats: list | None = None, aux_span_feats: list[list] | None = None,
                 pseudo_span_feats: list | None = None, span_dim: int = 0) -> tuple[dict[str, np.ndarray], str]:
    """Train on ``train`` sentences; returns (numpy weights, char alphabet). With ``delta``, the
    weights hold ``delta`` rows and their ``delta_words``.

    ``aux``: auxiliary labelled corpora (multi-task learning). Each gets its own output layer
    and CRF on top of the shared character CNN and BiLSTM, so a corpus whose annotation
    guidelines differ (Wikipedia's MISC, WikiFANE's collapsed classes) teaches the encoder what
    names look like without changing what the main head predicts. Only the main head ships.

    ``pseudo``: sentences tagged by a teacher model (self-training); they train the main head,
    ``pseudo_ratio`` times the main corpus's size drawn afresh each epoch.

    ``span_feats`` / ``aux_span_feats`` / ``pseudo_span_feats``: per sentence of ``train`` / of
    each ``aux`` corpus / of ``pseudo``, ``span_dim`` name-memory features per token
    (:mod:`rasd.ner.spans`); they are the last inputs of the LSTM."""
    try:
        import torch
        import torch.nn as nn
    except ImportError:
        raise RasdError("training the NER network needs PyTorch: pip install torch (CPU build)") from None
    cfg = {**NN_DEFAULTS, **(settings or {})}
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(1)

    # words are quantised exactly as shipped, so training sees what inference will
    q, scale = quantize(vectors)
    vec = q.astype(np.float32) * scale[:, None]
    w2i = {w: i + 2 for i, w in enumerate(words)}
    aux_pairs = [(a, sp) for a, sp in zip(aux or [], aux_span_feats or [None] * len(aux or [])) if a]
    aux = [a for a, _ in aux_pairs]
    chars = sorted({c for s in train for w, _ in s for c in norm(w)})
    c2i = {c: i + 2 for i, c in enumerate(chars)}
    t2i = {t: i for i, t in enumerate(tags)}
    counts: dict[str, int] = {}
    for s in train:
        for w, _ in s:
            n = norm(w)
            counts[n] = counts.get(n, 0) + 1
    delta_words = sorted(n for n, c in counts.items() if c >= 2) if cfg["delta"] else []
    d2i = {w: i + 1 for i, w in enumerate(delta_words)}  # 0: no correction
    nfe = len(GAZ_TAGS) + len(SHAPES) + 1 + span_dim
    H, D = cfg["hidden"], vec.shape[1]
    sub_vec: dict[str, list[float]] = {}
    if subword is not None:
        from .subword import SubwordFeatures

        sf = SubwordFeatures(subword["sub_q"], subword["sub_scale"], subword["sub_bias"])
        uniq = sorted({w for s in train + [s for a in aux for s in a] + (pseudo or []) for w, _ in s})
        sub_vec = dict(zip(uniq, sf(uniq).tolist()))
        nfe += sf.dim
        log(f"ner: subword features ({sf.dim}) for {len(uniq)} word types")

    def encode(s, sp=None):
        ns = [norm(w) for w, _ in s]
        sts = [strip_proclitics(n) for n in ns]
        sp = sp if sp is not None else [[0.0] * span_dim] * len(s)
        return ([w2i.get(n, 1) for n in ns], [w2i.get(x, 1) for x in sts],
                [[c2i.get(c, 1) for c in n[:20]] or [1] for n in ns],
                [token_extras(w, n, st, gazetteer) + sub_vec.get(w, []) + list(f)
                 for (w, _), n, st, f in zip(s, ns, sts, sp)],
                [t2i[t] for _, t in s], [d2i.get(n, 0) for n in ns])

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding.from_pretrained(
                torch.cat([torch.zeros(2, D), torch.tensor(vec)]), freeze=True, padding_idx=0)
            self.delta = None
            if delta_words:  # created only when used: the random init sequence stays the same otherwise
                self.delta = nn.Embedding(len(delta_words) + 1, D, padding_idx=0)
                nn.init.zeros_(self.delta.weight)
            self.cemb = nn.Embedding(len(chars) + 2, cfg["char_dim"], padding_idx=0)
            self.conv = nn.Conv1d(cfg["char_dim"], cfg["char_filters"], 3, padding=1)
            self.drop = nn.Dropout(cfg["dropout"])
            self.lstm = nn.LSTM(2 * D + cfg["char_filters"] + nfe, H, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * H, len(tags))
            self.trans = nn.Parameter(torch.zeros(len(tags), len(tags)))
            self.start = nn.Parameter(torch.zeros(len(tags)))
            self.end = nn.Parameter(torch.zeros(len(tags)))
            # auxiliary heads are created last: without them the random init sequence is unchanged
            self.heads = nn.ModuleList(nn.Linear(2 * H, len(tags)) for _ in aux)
            self.aux_crf = nn.ParameterList(nn.Parameter(torch.zeros(len(tags) + 2, len(tags))) for _ in aux)

        def crf(self, head):
            if head == 0:
                return self.trans, self.start, self.end
            p = self.aux_crf[head - 1]
            return p[2:], p[0], p[1]

        def emissions(self, wi, si, ci, fe, di, head=0):
            B, L = wi.shape
            c = self.cemb(ci.view(B * L, -1)).transpose(1, 2)
            c = torch.relu(self.conv(c))
            if cfg["char_mask"]:  # padding positions of shorter words must not win the max (inference zeroes them)
                n = (ci.view(B * L, -1) > 0).sum(1)
                c = c.masked_fill((torch.arange(c.shape[2])[None, :] >= n[:, None]).unsqueeze(1), 0.0)
            c = c.max(2).values.view(B, L, -1)
            if self.training and cfg["word_dropout"] > 0:  # draws random numbers only when on
                keep = (torch.rand(wi.shape) >= cfg["word_dropout"]).long()
                wi = wi * keep + (1 - keep) * (wi > 0).long()  # hidden -> unknown (1); padding stays 0
            wv = self.emb(wi) + (self.delta(di) if self.delta is not None else 0)
            h, _ = self.lstm(self.drop(torch.cat([wv, self.emb(si), c, fe], -1)))
            return (self.out if head == 0 else self.heads[head - 1])(self.drop(h))

        def nll(self, em, y, mask, head=0):
            trans, start, end = self.crf(head)
            B, L, _ = em.shape
            sc = start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
            a = start + em[:, 0]
            for t in range(1, L):
                m = mask[:, t]
                sc = sc + (trans[y[:, t - 1], y[:, t]] + em[:, t].gather(1, y[:, t:t + 1]).squeeze(1)) * m
                nxt = torch.logsumexp(a.unsqueeze(2) + trans.unsqueeze(0) + em[:, t].unsqueeze(1), 1)
                a = nxt * m.unsqueeze(1) + a * (1 - m.unsqueeze(1))
            last = y.gather(1, (mask.sum(1).long() - 1).unsqueeze(1)).squeeze(1)
            sc = sc + end[last]
            return (torch.logsumexp(a + end, 1) - sc).sum()

    def batchify(encs):
        B, L = len(encs), max(len(e[0]) for e in encs)
        C = max(len(c) for e in encs for c in e[2])
        wi = torch.zeros(B, L, dtype=torch.long)
        si = torch.zeros(B, L, dtype=torch.long)
        ci = torch.zeros(B, L, C, dtype=torch.long)
        fe = torch.zeros(B, L, nfe)
        y = torch.zeros(B, L, dtype=torch.long)
        mask = torch.zeros(B, L)
        di = torch.zeros(B, L, dtype=torch.long)
        for b, (w, s, c, f, t, dd) in enumerate(encs):
            n = len(w)
            di[b, :n] = torch.tensor(dd)
            wi[b, :n], si[b, :n], y[b, :n], mask[b, :n] = torch.tensor(w), torch.tensor(s), torch.tensor(t), 1
            fe[b, :n] = torch.tensor(f)
            for j, cc in enumerate(c):
                ci[b, j, :len(cc)] = torch.tensor(cc)
        return wi, si, ci, fe, y, mask, di

    enc = [encode(s, span_feats[i] if span_feats else None) for i, s in enumerate(train)]
    aux_enc = [[encode(s, sp[i] if sp else None) for i, s in enumerate(a)] for a, sp in aux_pairs]
    pseudo_enc = [encode(s, pseudo_span_feats[i] if pseudo_span_feats else None) for i, s in enumerate(pseudo or [])]
    if aux:
        log(f"ner: {len(aux)} auxiliary corpora: {', '.join(str(len(a)) for a in aux)} sentences")
    net = Net()
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=cfg["lr"])
    rng = random.Random(seed)
    avg: dict | None = None
    n_avg = 0

    def bucketed(head: int, items: list, idx) -> list:
        """Batches of similar length (with a little noise) from ``items[i] for i in idx``, tagged with the head."""
        idx = sorted(idx, key=lambda i: len(items[i][0]) + rng.random() * 8)
        return [(head, [items[k] for k in idx[j:j + cfg["batch"]]]) for j in range(0, len(idx), cfg["batch"])]

    t0 = time.time()
    for ep in range(cfg["epochs"]):
        batches = bucketed(0, enc, range(len(enc)))
        for h, ae in enumerate(aux_enc, 1):
            batches += bucketed(h, ae, rng.sample(range(len(ae)), min(len(ae), round(cfg["aux_ratio"] * len(enc)))))
        if pseudo_enc:
            n = min(len(pseudo_enc), round(cfg["pseudo_ratio"] * len(enc)))
            batches += bucketed(0, pseudo_enc, rng.sample(range(len(pseudo_enc)), n))
        rng.shuffle(batches)
        total = 0.0
        for head, bb in batches:
            wi, si, ci, fe, y, mask, di = batchify(bb)
            loss = net.nll(net.emissions(wi, si, ci, fe, di, head), y, mask, head)
            if head:
                loss = loss * cfg["aux_weight"]
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        log(f"ner: epoch {ep + 1}/{cfg['epochs']} loss {total:.0f} ({time.time() - t0:.0f} s)")
        if cfg["average_from"] and ep + 1 >= cfg["average_from"]:
            cur = {k: v.detach().double().clone() for k, v in net.state_dict().items()}
            if avg is None:
                avg, n_avg = cur, 1
            else:
                n_avg += 1
                for k in avg:
                    avg[k] += (cur[k] - avg[k]) / n_avg

    state = avg if avg is not None else net.state_dict()
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in state.items()}
    weights = {
        "emb_q": q, "emb_scale": scale,
        "cemb": sd["cemb.weight"], "conv_w": sd["conv.weight"], "conv_b": sd["conv.bias"],
        "fw_wih": sd["lstm.weight_ih_l0"], "fw_whh": sd["lstm.weight_hh_l0"],
        "fw_b": sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
        "bw_wih": sd["lstm.weight_ih_l0_reverse"], "bw_whh": sd["lstm.weight_hh_l0_reverse"],
        "bw_b": sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"],
        "out_w": sd["out.weight"], "out_b": sd["out.bias"],
        "trans": sd["trans"], "start": sd["start"], "end": sd["end"],
    }
    if subword is not None:
        weights.update(subword)
    if delta_words:
        weights["delta"] = sd["delta.weight"][1:]
        weights["delta_words"] = np.array(delta_words)
    return weights, "".join(chars)
