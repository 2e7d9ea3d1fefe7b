"""Interface labels in Arabic (the default) and English. Data only: key -> (ar, en).
A test checks every key used by the templates is here in both languages."""

from __future__ import annotations

__all__ = ["LABELS", "LANGS", "t", "label", "pick_lang"]

LANGS = ("ar", "en")

LABELS: dict[str, tuple[str, str]] = {
    "app": ("رصد", "rasd"),
    "tagline": ("رصد الأخبار العربية", "Arabic news intelligence"),
    "nav_search": ("البحث", "Search"),
    "nav_documents": ("المقالات", "Articles"),
    "nav_entities": ("الكيانات", "Entities"),
    "nav_events": ("الأحداث", "Events"),
    "nav_quotes": ("الاقتباسات", "Quotes"),
    "nav_stories": ("القصص", "Stories"),
    "nav_api": ("واجهة البرمجة", "API"),
    "other_lang": ("English", "العربية"),
    "search_placeholder": ("ابحث في المقالات…", "Search the articles…"),
    "search_button": ("بحث", "Search"),
    "advanced": ("صيغة FTS5 المتقدمة", "advanced FTS5 syntax"),
    "results": ("نتيجة", "results"),
    "no_results": ("لا توجد نتائج.", "No results."),
    "facet_outlet": ("المصدر", "Outlet"),
    "facet_language": ("اللغة", "Language"),
    "facet_month": ("الشهر", "Month"),
    "date_from": ("من تاريخ", "From"),
    "date_to": ("إلى تاريخ", "To"),
    "outlet": ("المصدر", "Outlet"),
    "language": ("اللغة", "Language"),
    "published": ("تاريخ النشر", "Published"),
    "title": ("العنوان", "Title"),
    "untitled": ("(بلا عنوان)", "(untitled)"),
    "unknown": ("غير معروف", "unknown"),
    "any": ("الكل", "any"),
    "clear_filters": ("إزالة المرشحات", "Clear filters"),
    "filter": ("تصفية", "Filter"),
    "prev": ("السابق", "Previous"),
    "next": ("التالي", "Next"),
    "page_of": ("النتائج", "Results"),
    "overview": ("نظرة عامة", "Overview"),
    "recent_articles": ("أحدث المقالات", "Latest articles"),
    "documents": ("مقالات", "articles"),
    "mentions": ("إشارات", "mentions"),
    "not_computed": ("لم تُحسب بعد", "not computed yet"),
    "not_computed_long": (
        "لم تعمل هذه المرحلة على قاعدة البيانات بعد.",
        "This stage has not run on this database yet.",
    ),
    "none_found": ("لا شيء", "none found"),
    "source_link": ("الرابط الأصلي", "Original link"),
    "annotations": ("التعليقات التوضيحية", "Annotations"),
    "legend": ("المفتاح", "Legend"),
    "entities": ("الكيانات", "Entities"),
    "quotes": ("الاقتباسات", "Quotes"),
    "amounts": ("المبالغ والأعداد", "Amounts"),
    "times": ("التواريخ والأوقات", "Times"),
    "events": ("الأحداث", "Events"),
    "story": ("القصة", "Story"),
    "stories": ("القصص", "Stories"),
    "speaker": ("المتحدث", "Speaker"),
    "cue": ("فعل القول", "Cue"),
    "kind": ("النوع", "Kind"),
    "type": ("النوع", "Type"),
    "mode": ("الصيغة", "Mode"),
    "value": ("القيمة", "Value"),
    "unit": ("الوحدة", "Unit"),
    "trigger": ("المؤشر", "Trigger"),
    "sources": ("الفاعل", "Source"),
    "targets": ("المفعول به", "Target"),
    "places": ("المكان", "Place"),
    "time": ("الزمن", "Time"),
    "amount": ("المبلغ", "Amount"),
    "confidence": ("الثقة", "Confidence"),
    "article": ("المقال", "Article"),
    "ent_PER": ("شخص", "person"),
    "ent_ORG": ("منظمة", "organisation"),
    "ent_LOC": ("مكان", "place"),
    "ent_MISC": ("أخرى", "other"),
    "aliases": ("الأسماء البديلة", "Aliases"),
    "latin_name": ("الاسم بالحروف اللاتينية", "Latin-script name"),
    "first_seen": ("أول ظهور", "First seen"),
    "last_seen": ("آخر ظهور", "Last seen"),
    "timeline": ("الخط الزمني", "Timeline"),
    "mentions_over_time": ("الإشارات عبر الزمن", "Mentions over time"),
    "cooccurring": ("كيانات تظهر معه", "Co-occurring entities"),
    "quotes_by": ("أقواله", "Quotes by this entity"),
    "events_as_actor": ("أحداث هو طرف فيها", "Events as source or target"),
    "role": ("الدور", "Role"),
    "role_source": ("فاعل", "source"),
    "role_target": ("مفعول به", "target"),
    "role_place": ("المكان", "place"),
    "role_time": ("الزمن", "time"),
    "role_amount": ("المبلغ", "amount"),
    "unresolved": ("اسم كما كُتب (لم يُربط بكيان بعد)", "name as written (not resolved to an entity yet)"),
    "filter_name": ("تصفية بالاسم", "Filter by name"),
    "sort": ("الترتيب", "Sort"),
    "sort_mentions": ("عدد الإشارات", "mentions"),
    "sort_documents": ("عدد المقالات", "articles"),
    "sort_name": ("الاسم", "name"),
    "sort_published": ("تاريخ النشر", "published"),
    "sort_type": ("النوع", "type"),
    "sort_confidence": ("الثقة", "confidence"),
    "sort_last": ("الأحدث", "latest"),
    "sort_size": ("الحجم", "size"),
    "order_desc": ("تنازلي", "descending"),
    "order_asc": ("تصاعدي", "ascending"),
    "download": ("تنزيل", "Download"),
    "events_timeline": ("الأحداث عبر الزمن", "Events over time"),
    "articles_count": ("عدد المقالات", "Articles"),
    "outlets": ("المصادر", "Outlets"),
    "outlets_count": ("عدد المصادر", "Outlets"),
    "members": ("مقالات القصة", "Articles in this story"),
    "duplicate_of": ("نسخة من", "copy of"),
    "similarity": ("التشابه", "Similarity"),
    "api_docs": ("توثيق واجهة البرمجة (HTTP API)", "HTTP API reference"),
    "parameters": ("المعاملات", "Parameters"),
    "required": ("مطلوب", "required"),
    "error": ("خطأ", "Error"),
    "back_home": ("العودة إلى الصفحة الرئيسية", "Back to the start page"),
    "skipped": ("متروك", "skipped"),
    "chars": ("حرفاً", "characters"),
    "click_quote_hint": ("انقر على اقتباس لإبراز المتحدث.", "Click a quote to highlight its speaker."),
    "show_in_text": ("إظهار في النص", "show in text"),
    "min_size": ("أقل حجم", "minimum size"),
    "entity": ("الكيان", "Entity"),
    "truncated": ("النص طويل جداً؛ عُرض جزؤه الأول فقط", "text too long; only its beginning is shown"),
    "db": ("قاعدة البيانات", "Database"),
}


def pick_lang(value: str | None) -> str | None:
    v = (value or "").strip().lower()[:5]
    return v if v in LANGS else None


def t(key: str, lang: str = "ar") -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def label(prefix: str, value: object, lang: str = "ar") -> str:
    """The label of a known value (``label('ent', 'PER')``), else the value itself."""
    key = f"{prefix}_{value}"
    return t(key, lang) if key in LABELS else str(value if value is not None else "")
