"""Template rendering for the dashboard: the Jinja2 environment (autoescape always on), the
interface language (``?lang=en`` or the ``rasd_lang`` cookie; Arabic by default) and small
filters. Nothing that came from an article is ever marked safe: the only pre-built HTML a
template prints is a search snippet from ``Store.search``, which escapes all text and adds
only ``<mark>`` tags (checked again here before it is trusted)."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from .annotate import css_token, entity_href
from .i18n import label, pick_lang, t

__all__ = ["templates_env", "render", "lang_of", "safe_url", "strip_bidi", "snippet", "LANG_COOKIE"]

LANG_COOKIE = "rasd_lang"
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(s: Any) -> str:
    """Text without bidi control characters (for places that cannot isolate them: <title>)."""
    return _BIDI.sub("", str(s or ""))


def safe_url(u: Any) -> str | None:
    """The URL if it is http(s), else None (never a javascript:/data: link)."""
    s = str(u or "").strip()
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    return s if parts.scheme in ("http", "https") and parts.netloc else None


def snippet(html_text: Any) -> Markup:
    """A snippet from ``Store.search``: trusted only if its sole markup is <mark>."""
    s = str(html_text or "")
    bare = s.replace("<mark>", "").replace("</mark>", "")
    if "<" not in bare and ">" not in bare:
        return Markup(s)
    return escape(s)


def _num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    if isinstance(v, int):
        return f"{v:,}"
    return "" if v is None else str(v)


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(files("rasd.server").joinpath("templates"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        safe_url=safe_url, strip_bidi=strip_bidi, snippet=snippet, num=_num, css=css_token,
        q=lambda s: quote(str(s), safe=""),
    )
    env.globals.update(entity_href=entity_href)
    return env


templates_env = _env()


def lang_of(request: Request) -> str:
    return pick_lang(request.query_params.get("lang")) or pick_lang(request.cookies.get(LANG_COOKIE)) or "ar"


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    params = {k: v for k, v in request.query_params.items() if k != "lang"}

    def url_with(**changes: Any) -> str:
        """This page's URL with some query parameters changed (None removes one)."""
        p = dict(params)
        for k, v in changes.items():
            if v is None or v == "":
                p.pop(k, None)
            else:
                p[k] = str(v)
        return request.url.path + ("?" + urlencode(p) if p else "")

    other = "en" if lang == "ar" else "ar"
    page = templates_env.get_template(name).render(
        **ctx,
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        t=lambda k: t(k, lang),
        label=lambda prefix, v: label(prefix, v, lang),
        url_with=url_with,
        params=params,
        path=request.url.path,
        lang_switch=request.url.path + "?" + urlencode({**params, "lang": other}),
    )
    resp = HTMLResponse(page, status_code=status)
    chosen = pick_lang(request.query_params.get("lang"))
    if chosen and chosen != pick_lang(request.cookies.get(LANG_COOKIE)):
        resp.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", httponly=True)
    return resp
