"""Word lists of the ``quotes`` stage, as data.

Every word is written here in ordinary Arabic spelling and folded once (``rasd.arabic.normalize.fold``:
hamza seats, alef forms, teh marbuta and diacritics neutralised), so the matcher works on folded text and
any spelling variant (أكد / اكد / أكّد، مؤكدا / مؤكداً) meets the same entry.

* ``CUE_VERBS``: reporting verbs by lemma, in the forms news uses: past and present, masculine and
  feminine, singular, dual and plural, and the continuation participle (مضيفا، مشيرا …). A leading و/ف is
  allowed by the matcher. ``STRONG`` lemmas make a quote with a following إن/أن/بأن, a colon or an opening
  quotation mark; ``WEAK`` lemmas (اعتبر، رأى، كتب، وصف …) have other senses and need the same clause but
  are never followed to a bare clause (``قال لم …``).
* ``ATTRIBUTIONS``: source phrases (بحسب، وفقا لـ، حسبما …) that attribute the rest of a sentence.
* ``CHANNELS``: where the statement was made, mapped to a short label.
* ``TITLES``: title and description words that are not part of a person's name.
"""

from __future__ import annotations

from ..arabic.normalize import fold

__all__ = [
    "CUE_FORMS",
    "CONTINUATION_FORMS",
    "BARE_CLAUSE_LEMMAS",
    "WEAK_LEMMAS",
    "AGENT_ONLY_LEMMAS",
    "ATTRIBUTIONS",
    "ATTRIBUTION_FILLERS",
    "NOT_SOURCES",
    "CHANNELS",
    "TITLES",
    "COMPLEMENTIZERS",
    "SPEAKER_STOP",
    "NON_NAME",
    "TIME_WORDS",
    "NOUN_CUES",
    "IMPERSONAL",
]

# lemma -> surface forms (past m/f sg, m/f dual, m pl; present m/f sg, m pl; participles)
_VERBS: dict[str, str] = {
    "قال": "قال قالت قالا قالتا قالوا قلن يقول تقول يقولان تقولان يقولون يقلن قائلا قائلة قائلين",
    "أكد": "أكد أكدت أكدا أكدتا أكدوا يؤكد تؤكد يؤكدان تؤكدان يؤكدون مؤكدا مؤكدة مؤكدين مؤكدتين",
    "أضاف": "أضاف أضافت أضافا أضافتا أضافوا يضيف تضيف يضيفون مضيفا مضيفة مضيفين مضيفتين",
    "أشار": "أشار أشارت أشارا أشارتا أشاروا يشير تشير يشيرون مشيرا مشيرة مشيرين",
    "أوضح": "أوضح أوضحت أوضحا أوضحتا أوضحوا يوضح توضح يوضحون موضحا موضحة موضحين",
    "صرح": "صرح صرحت صرحا صرحوا يصرح تصرح يصرحون مصرحا مصرحة",
    "ذكر": "ذكر ذكرت ذكرا ذكروا يذكر تذكر يذكرون ذاكرا",
    "أعلن": "أعلن أعلنت أعلنا أعلنوا يعلن تعلن يعلنون معلنا معلنة",
    "شدد": "شدد شددت شددا شددوا يشدد تشدد يشددون مشددا مشددة مشددين",
    "لفت": "لفت لفتت لفتوا يلفت تلفت لافتا لافتة لافتين",
    "نوه": "نوه نوهت نوهوا ينوه تنوه منوها منوهة",
    "تابع": "تابع تابعت تابعوا يتابع متابعا",
    "أردف": "أردف أردفت أردفوا مردفا",
    "أفاد": "أفاد أفادت أفادوا يفيد تفيد يفيدون مفيدا مفيدة",
    "كشف": "كشف كشفت كشفوا يكشف تكشف كاشفا كاشفة",
    "بين": "بين بينت بينوا مبينا مبينة",
    "حذر": "حذر حذرت حذروا يحذر تحذر يحذرون محذرا محذرة",
    "نفى": "نفى نفت نفيا نفوا ينفي تنفي ينفون نافيا نافية",
    "اعتبر": "اعتبر اعتبرت اعتبروا يعتبر تعتبر يعتبرون معتبرا معتبرة معتبرين",
    "رأى": "رأى رأت رأوا يرى ترى يرون",
    "دعا": "دعا دعت دعوا يدعو تدعو يدعون داعيا داعية",
    "زعم": "زعم زعمت زعموا يزعم تزعم يزعمون زاعما",
    "اعترف": "اعترف اعترفت اعترفوا يعترف تعترف معترفا",
    "أصر": "أصر أصرت أصروا يصر تصر مصرا",
    "وصف": "وصف وصفت وصفوا يصف تصف يصفون واصفا واصفة واصفين وصفه وصفها وصفته وصفتها يصفه يصفها تصفه تصفها",
    "كتب": "كتب كتبت كتبوا",
    "أبلغ": "أبلغ أبلغت أبلغوا يبلغ تبلغ",
    "نصح": "نصح نصحت نصحوا ينصح",
    "وعد": "وعد وعدت وعدوا يعد تعد",
    "نبه": "نبه نبهت نبهوا ينبه منبها",
    "أعرب": "أعرب أعربت أعربوا يعرب معربا معربة",
    "عبر": "عبر عبرت عبروا يعبر معبرا",
    "أنكر": "أنكر أنكرت أنكروا ينكر تنكر منكرا",
    "رد": "رد ردت ردوا",
    "علق": "علق علقت علقوا يعلق معلقا",
    "أفصح": "أفصح أفصحت",
    "أقر": "أقر أقرت أقروا يقر مقرا",
    "توقع": "توقع توقعت توقعوا يتوقع تتوقع متوقعا",
    "اتهم": "اتهم اتهمت اتهموا يتهم تتهم متهما",
    "طالب": "طالب طالبت طالبوا يطالب",
    "تعهد": "تعهد تعهدت تعهدوا يتعهد",
    "أبدى": "أبدى أبدت",
    "نقل": "نقل نقلت نقلوا ينقل تنقل ناقلا",
    "جاء": "جاء",
    "اعتقد": "اعتقد اعتقدت يعتقد تعتقد يعتقدون",
}

# lemmas that make a quote with a following clause; the rest only update "who spoke last"
AGENT_ONLY_LEMMAS = frozenset({"اتهم", "طالب", "أبدى", "رد", "علق", "توقع", "تعهد"})
# lemmas with other common senses: a quote only with إن/أن/بأن, a colon or quotation marks right after
WEAK_LEMMAS = frozenset({"اعتبر", "رأى", "كتب", "وصف", "أبلغ", "نصح", "وعد", "نبه", "أعرب", "عبر", "دعا",
                         "بين", "أنكر", "أقر", "زعم", "اعترف", "أصر", "كشف", "نفى", "حذر", "ذكر", "أفصح",
                         "اعتقد", "جاء"})
# lemmas that may introduce a clause with no complementizer: قال لم تحول أي أموال
BARE_CLAUSE_LEMMAS = frozenset({"قال"})

CUE_FORMS: dict[str, str] = {}  # folded form -> lemma
for lemma, forms in _VERBS.items():
    for f in forms.split():
        CUE_FORMS.setdefault(fold(f), lemma)

# continuation participles: the speaker is the previous one
CONTINUATION_FORMS = frozenset(
    fold(f)
    for f in """مضيفا مضيفة مضيفين مضيفتين مشيرا مشيرة مشيرين موضحا موضحة موضحين مؤكدا مؤكدة مؤكدين لافتا لافتة
    لافتين منوها منوهة مشددا مشددة مشددين معتبرا معتبرة معتبرين محذرا محذرة متابعا مردفا واصفا واصفة واصفين
    نافيا نافية كاشفا كاشفة مبينا مبينة داعيا داعية زاعما معترفا مصرا معلنا معلنة مصرحا مصرحة مفيدا مفيدة""".split()
)

# verbal nouns that report a statement: تصريح لـX بأن …، وقوله إن …، إعلان X عن "…"
NOUN_CUES = frozenset(fold(w) for w in "تصريح تصريحات تصريحه تصريحها قوله قولها قولهم إعلان إعلانه بالإشارة بالقول".split())

# "it is mentioned that": no speaker
IMPERSONAL = frozenset(fold(w) for w in "يذكر ويذكر يشار ويشار يجدر ويجدر يعتقد يقال ويقال".split())

COMPLEMENTIZERS = frozenset(
    fold(w)
    for w in """إن أن بأن إنه إنها إنهم إنهما إنهن إننا إني إنني أنه أنها أنهم أنهما أنهن أننا أني أنني بأنه بأنها
    بأنهم بأنهما بأننا بأنني وإن وأن""".split()
)

# attribution phrases: (folded words, needs-following-ل) — matched as whole words
ATTRIBUTIONS: tuple[str, ...] = tuple(
    fold(w)
    for w in ["بحسب", "وبحسب", "حسب", "وحسب", "حسبما", "وحسبما", "وفقا", "ووفقا", "وفقاً", "ووفقاً", "وفق", "ووفق",
              "نقلا", "نقلاً", "طبقا", "طبقاً"]
)
ATTRIBUTION_FILLERS = frozenset(
    fold(w)
    for w in """ما لما ل عن أعلن أعلنت أعلنه أعلنته أعلنوا ذكر ذكرت ذكره ذكرته ذكروا قال قالت قاله قالته قالوا أفاد أفادت
    أفاده أفادته نقل نقلت نقله نقلته أورد أوردت أورده أوردته أكد أكدت أكده أكدته أوضح أوضحت صرح صرحت أفادت نشرت
    نشره نشرته بثته بثه""".split()
)

# what follows بحسب/وفقا لـ that is a rule or a calendar, not a source (without ال / ل prefixes)
NOT_SOURCES = frozenset(
    fold(w)
    for w in """تقويم توقيت أصول قانون دستور خطة اتفاق اتفاقية حاجة ظروف معتقدات تقاليد شريعة قواعد معايير ترتيب
    تصنيف جدول برنامج عادة عادات طلب رغبة نظام مواعيد موعد قرار قرارات شروط مبدأ أهمية نوع حجم مستوى""".split()
)

CHANNELS: dict[str, str] = {
    fold(k): v
    for k, v in {
        "بيان": "statement", "بيانا": "statement", "البيان": "statement", "بلاغ": "statement",
        "تغريدة": "twitter", "تغريدات": "twitter", "تويتر": "twitter", "#تويتر": "twitter", "إكس": "twitter",
        "فيسبوك": "facebook", "فيس": "facebook", "انستغرام": "instagram",
        "مؤتمر": "press_conference", "المؤتمر": "press_conference",
        "مقابلة": "interview", "حوار": "interview", "لقاء": "interview",
        "وكالة": "agency", "لوكالة": "agency", "رويترز": "agency", "برس": "agency",
        "تصريح": "statement", "تصريحات": "statement", "تصريحه": "statement",
        "قناة": "broadcast", "لقناة": "broadcast", "لمحطة": "broadcast", "تلفزيون": "broadcast", "التلفزيون": "broadcast",
        "صحيفة": "newspaper", "لصحيفة": "newspaper",
        "رسالة": "letter", "البريد": "email", "الإلكتروني": "email",
        "كلمة": "speech", "خطاب": "speech", "اتصال": "phone", "هاتفي": "phone",
    }.items()
}

# title / description words that are not part of a name
TITLES = frozenset(
    fold(w)
    for w in """وزير وزيرة الوزير الوزيرة رئيس رئيسة الرئيس الرئيسة نائب نائبة المتحدث المتحدثة متحدث متحدثة الناطق الناطقة
    ناطق ناطقة مدير مديرة المدير قائد القائد أمين الأمين عام العام محافظ المحافظ سفير السفير سفيرة الشيخ الشيخة
    اللواء العقيد العميد الركن الفريق المشير العماد النقيب الرائد الأمير الأميرة الملك الملكة السيد السيدة الدكتور
    الدكتورة د مسؤول مسؤولة المسؤول المسؤولة مصدر المصدر زعيم زعيمة الزعيم رئيس المستشار مستشار مستشارة المحامي
    محام محامي المحامية القاضي القاضية النائب النائبة السناتور عضو عضوة البابا الإمام المرشد الحاخام المفوض
    المفوضة المبعوث المبعوثة مبعوث مبعوثة منسق منسقة المنسق ممثل ممثلة الممثل المندوب مندوب
    المعلم المعلمة الناشط الناشطة ناشط ناشطة الخبير الخبيرة خبير خبيرة الكاتب الكاتبة الصحفي الصحفية الصحافي
    الصحافية الباحث الباحثة باحث المحلل المحللة محلل الطبيب الطبيبة المهندس الأستاذ الأستاذة الفنان الفنانة
    اللاعب اللاعبة المدرب الشاعر الشاعرة المخرج المطرب المطربة الروائي الروائية النجم النجمة المواطن المواطنة
    الجنرال الكولونيل المقدم الرقيب المحقق الداعية""".split()
)

# words that are never part of a name (a speaker phrase starting with them is a description)
NON_NAME = frozenset(fold(w) for w in "أحد إحدى بعض عدد كل جميع".split())

SPEAKER_STOP = frozenset(
    fold(w)
    for w in """في خلال عبر على أمام لدى إلى الى عن حين حينها حينذاك لاحقا لاحقاً أيضا أيضاً كذلك قد وقد مؤخرا يوم
    اليوم أمس الليلة مساء صباح ظهر فجر عقب بعد قبل أثناء إثر خلال وفي الذي التي الذين اللذين اللتين وهو وهي وهم
    بدوره بدورها ردا رداً تعليقا تعليقاً لـ ل لوكالة لقناة لصحيفة لمحطة لموقع لشبكة لبي لـCNN لرويترز للصحفيين
    للصحافيين للصحافة للتلفزيون لإذاعة لراديو لتلفزيون للإذاعة""".split()
)

TIME_WORDS = frozenset(
    fold(w)
    for w in """السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة اليوم أمس الليلة مساء صباح ظهر فجر حينها لاحقا
    لاحقاً أيضا أيضاً كذلك مؤخرا مؤخراً يوم الماضي الماضية سابقا سابقاً مرارا مرارا بشدة رسميا رسمياً مجددا مجدداً""".split()
)
