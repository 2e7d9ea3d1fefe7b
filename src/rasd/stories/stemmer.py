"""Terms for lexical story similarity: words -> stopwords dropped -> stemmed -> folded.

Arabic words go through PyStemmer's Snowball Arabic stemmer (which strips the article, common
proclitics and suffixes: الأمريكية and أمريكي meet at ``امريك``) and then the search fold, so
hamza, alef maksura and teh marbuta variants meet too; English and French words through the Snowball stemmer of their language;
anything else is lower-cased and folded. Stems are cached per word (bounded).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..arabic.normalize import fold

__all__ = ["terms", "stem", "STOPWORDS"]

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")

# Folded forms (rasd fold: أإآ->ا, ى->ي, ة->ه). News function words, reporting verbs and date words
# that say nothing about which story an article belongs to.
_AR_STOP = """
في من على الى إلى عن مع ان أن إن او أو ثم لا لم لن ما ماذا متى اين كيف هل قد لقد كان كانت يكون تكون
هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين هو هي هم هن انا نحن انت انتم كل بعض غير بين حتى
عند عندما اذا إذا لكن بل و ف ب ل ك ال منذ خلال بعد قبل حول ضد دون نحو لدى لدي عبر وفق وفقا حيث اي
اليوم امس أمس غدا الان الآن يوم يوما ايام عام العام سنة شهر الاسبوع الماضي الماضية المقبل المقبلة
الجاري الحالي الاول الثاني الاولى الثانية واحد اثنين ثلاثة قال قالت يقول تقول اكد أكد اكدت أكدت اضاف أضاف
اضافت أضافت اشار أشار اشارت أشارت اوضح أوضح اوضحت أوضحت ذكر ذكرت افاد أفاد افادت أفادت اعلن أعلن
اعلنت أعلنت وكان وكانت وقال وقالت واضاف وأضاف واكد وأكد كما وفي ومن وعلى وان وأن وهو وهي ولا ولم ايضا أيضا
فيه فيها منه منها عليه عليها اليه إليه اليها إليها له لها لهم به بها بهم انه أنه انها أنها لان لأن الا إلا
تم يتم جرى وذلك وهذا وهذه التى الذى مثل اكثر أكثر اقل أقل جدا فقط حين بينما عدة عدد نفس ذات امام أمام
وراء فوق تحت لدى سوى عليهم منهم فيهم اليهم إليهم بشكل بسبب اطار إطار ضمن وسط اخرى أخرى اخر آخر
السبت الاحد الأحد الاثنين الإثنين الثلاثاء الاربعاء الأربعاء الخميس الجمعة صباح مساء
نت العربية سكاي نيوز عربية بي سي فرانس سي ان ان وكالة وكالات المصدر مصدر مصادر
"""
_EN_STOP = """
the a an of to in on at for from by with and or but not is are was were be been has have had it its
this that these those as he she they we you his her their our said says say will would could should
after before over into about than then there which who whom what when where why how also more most
new news reuters afp ap monday tuesday wednesday thursday friday saturday sunday
le la les de des du un une et en au aux pour par sur dans avec est sont ont été il elle ils qui que
"""
STOPWORDS: frozenset[str] = frozenset(fold(w) for w in (_AR_STOP + _EN_STOP).split())


@lru_cache(maxsize=4)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer(lang)


_CACHE: dict[tuple[str, str], str] = {}


def stem(word: str, language: str | None = "ar") -> str:
    """The folded stem of one word (empty for a stopword)."""
    key = (word, language or "")
    s = _CACHE.get(key)
    if s is not None:
        return s
    if len(_CACHE) > 500_000:
        _CACHE.clear()
    low = word.lower()
    if fold(low) in STOPWORDS:
        s = ""
    elif _ARABIC.search(word):
        # (the coarser skeleton key, where ترامب meets ترمب, scored lower on the dev stories)
        s = fold(_stemmer("arabic").stemWord(word))
        if len(s) < 2:
            s = fold(low)
    elif language in ("en", "fr"):
        s = _stemmer("english" if language == "en" else "french").stemWord(low)
    else:
        s = fold(low)
    _CACHE[key] = s
    return s


def terms(text: str | None, language: str | None = "ar", limit: int | None = None) -> list[str]:
    """Stemmed content terms of ``text`` in order (stopwords and one-letter words dropped);
    at most ``limit`` words are read."""
    if not text:
        return []
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        if limit is not None and i >= limit:
            break
        s = stem(m.group(), language)
        if s:
            out.append(s)
    return out
