"""Geometry for the small SVG charts the pages draw server-side (no JavaScript, no library).

Functions here return numbers and labels only; the templates write the SVG elements with
autoescaping, so a label that came from an article is escaped like any other text.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, Iterable

__all__ = ["buckets", "bar_chart", "stacked_chart", "star_graph", "PALETTE"]

PALETTE = ["#1f6feb", "#d1495b", "#2a9d8f", "#e9a03b", "#7b5ea7", "#5d8a2e", "#c2577d", "#3d7ea6", "#8c6d46", "#6b7280"]
MAX_DAYS = 120


def _day(s: str) -> date | None:
    try:
        return date.fromisoformat(s[:10])
    except (TypeError, ValueError):
        return None


def buckets(days: Iterable[str]) -> tuple[str, list[str]]:
    """Choose day or month buckets for a set of YYYY-MM-DD strings and list every bucket from
    the first to the last (gaps included, so the axis is honest)."""
    ds = sorted(d for d in (_day(x) for x in days) if d)
    if not ds:
        return "day", []
    lo, hi = ds[0], ds[-1]
    if (hi - lo).days <= MAX_DAYS:
        return "day", [(lo + timedelta(days=i)).isoformat() for i in range((hi - lo).days + 1)]
    out = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return "month", out


def _key(day: str, unit: str) -> str:
    return day[:7] if unit == "month" else day[:10]


def _ticks(labels: list[str], x0: float, step: float, n: int = 6) -> list[dict[str, Any]]:
    if not labels:
        return []
    every = max(1, math.ceil(len(labels) / n))
    return [{"x": round(x0 + i * step + step / 2, 1), "label": lab} for i, lab in enumerate(labels) if i % every == 0]


def bar_chart(points: Iterable[tuple[str, int]], width: int = 640, height: int = 150) -> dict[str, Any]:
    """Counts by day (``[(YYYY-MM-DD, n)]``) as bars; months when the span is long."""
    pts = list(points)
    unit, labels = buckets(d for d, _ in pts)
    counts: dict[str, int] = {}
    for d, n in pts:
        if _day(d):
            counts[_key(d, unit)] = counts.get(_key(d, unit), 0) + int(n)
    pad_l, pad_b, pad_t = 34, 22, 8
    plot_w, plot_h = width - pad_l - 6, height - pad_b - pad_t
    ymax = max(counts.values(), default=0)
    step = plot_w / max(1, len(labels))
    bars = []
    for i, lab in enumerate(labels):
        n = counts.get(lab, 0)
        h = 0 if not ymax else plot_h * n / ymax
        bars.append({"x": round(pad_l + i * step + step * 0.1, 1), "y": round(pad_t + plot_h - h, 1),
                     "w": round(max(1.0, step * 0.8), 1), "h": round(h, 1), "label": lab, "n": n})
    return {"width": width, "height": height, "bars": bars, "unit": unit, "ymax": ymax, "base": pad_t + plot_h,
            "left": pad_l, "top": pad_t, "ticks": _ticks(labels, pad_l, step), "empty": not pts}


def stacked_chart(rows: Iterable[tuple[str, str, int]], width: int = 760, height: int = 170) -> dict[str, Any]:
    """``[(day, series, n)]`` as stacked bars, one colour per series (most frequent first)."""
    rows = list(rows)
    unit, labels = buckets(d for d, _, _ in rows)
    totals: dict[str, int] = {}
    cell: dict[tuple[str, str], int] = {}
    for d, s, n in rows:
        if not _day(d):
            continue
        k = _key(d, unit)
        cell[(k, s)] = cell.get((k, s), 0) + int(n)
        totals[s] = totals.get(s, 0) + int(n)
    series = [s for s, _ in sorted(totals.items(), key=lambda x: (-x[1], x[0]))]
    color = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    pad_l, pad_b, pad_t = 34, 22, 8
    plot_w, plot_h = width - pad_l - 6, height - pad_b - pad_t
    col_tot = {lab: sum(cell.get((lab, s), 0) for s in series) for lab in labels}
    ymax = max(col_tot.values(), default=0)
    step = plot_w / max(1, len(labels))
    rects = []
    for i, lab in enumerate(labels):
        y = pad_t + plot_h
        for s in series:
            n = cell.get((lab, s), 0)
            if not n:
                continue
            h = plot_h * n / ymax
            y -= h
            rects.append({"x": round(pad_l + i * step + step * 0.1, 1), "y": round(y, 1), "w": round(max(1.0, step * 0.8), 1),
                          "h": round(h, 1), "fill": color[s], "label": lab, "series": s, "n": n})
    return {"width": width, "height": height, "rects": rects, "unit": unit, "ymax": ymax, "base": pad_t + plot_h,
            "left": pad_l, "top": pad_t, "ticks": _ticks(labels, pad_l, step),
            "legend": [{"series": s, "fill": color[s], "n": totals[s]} for s in series], "empty": not rows}


def star_graph(center: str, others: list[dict[str, Any]], size: int = 420) -> dict[str, Any]:
    """The entity in the middle, co-occurring entities around it (``others``: dicts with
    ``name``, ``documents``, ``href``, ``type``); node size and edge width follow the count."""
    c = size / 2
    radius = size / 2 - 70
    mx = max((o["documents"] for o in others), default=1) or 1
    nodes, edges = [], []
    k = len(others)
    for i, o in enumerate(others):
        ang = -math.pi / 2 + 2 * math.pi * i / max(1, k)
        x, y = c + radius * math.cos(ang), c + radius * math.sin(ang)
        frac = o["documents"] / mx
        nodes.append({"x": round(x, 1), "y": round(y, 1), "r": round(5 + 9 * math.sqrt(frac), 1), "name": o["name"],
                      "n": o["documents"], "href": o["href"], "type": o.get("type") or "",
                      "ly": round(y + (22 if y >= c else -14), 1)})
        edges.append({"x": round(x, 1), "y": round(y, 1), "w": round(1 + 5 * frac, 1), "n": o["documents"]})
    return {"size": size, "cx": c, "cy": c, "center": center, "nodes": nodes, "edges": edges}
