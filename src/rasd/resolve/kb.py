"""The seed knowledge base: countries, major cities and sub-state actors, with Arabic and
English names and country codes (``rasd/models/kb/places.tsv.gz``; sources and licences in
``rasd/models/kb/README.md``).

Built by ``build_kb`` from CLDR territory names (the ``babel`` package, ar + en), the world-cities
table (CC BY 4.0; Arabic names checked against the English ones with rasd's transliterator,
since some rows carry a wrong label) and the hand-written ``ACTORS`` / ``EXTRA_ALIASES`` below.
At run time ``KB.lookup(key)`` returns the entries a mention key fits, as ``Entity`` templates
with ``kb``, ``country_code`` and ``name_latin`` set.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from .keys import NameKey, name_key, tok_skel, variant_model
from .matcher import Entity, _same_words

__all__ = ["KB", "KBEntry", "load_kb", "build_kb", "actor_entries", "ACTORS", "EXTRA_ALIASES", "KB_PATH"]

KB_PATH = "models/kb/places.tsv.gz"
COLUMNS = ["id", "type", "name_ar", "name_en", "country_code", "population", "aliases"]

# Sub-state and international actors (written for rasd): id, type, country, English name, Arabic
# names (the first is canonical), separated by |.
ACTORS = """
krg|ORG|IQ|Kurdistan Regional Government|حكومة إقليم كردستان|حكومة إقليم كوردستان|حكومة كردستان|حكومة إقليم كردستان العراق
kurdistan-region|LOC|IQ|Kurdistan Region|إقليم كردستان|إقليم كوردستان|كردستان العراق|إقليم كردستان العراق|كردستان|كوردستان
kurdistan-parliament|ORG|IQ|Kurdistan Parliament|برلمان إقليم كردستان|برلمان كردستان|برلمان إقليم كوردستان
peshmerga|ORG|IQ|Peshmerga|البيشمركة|البشمركة|قوات البيشمركة|قوات البشمركة|بيشمركة
kdp|ORG|IQ|Kurdistan Democratic Party|الحزب الديمقراطي الكردستاني|الديمقراطي الكردستاني|الحزب الديموقراطي الكردستاني
puk|ORG|IQ|Patriotic Union of Kurdistan|الاتحاد الوطني الكردستاني|حزب الاتحاد الوطني الكردستاني
gorran|ORG|IQ|Gorran Movement|حركة التغيير|كوران|گوران
pkk|ORG|TR|Kurdistan Workers' Party|حزب العمال الكردستاني|العمال الكردستاني|بي كي كي
ypg|ORG|SY|People's Protection Units|وحدات حماية الشعب|وحدات حماية الشعب الكردية
sdf|ORG|SY|Syrian Democratic Forces|قوات سوريا الديمقراطية|قسد|قوات سورية الديمقراطية
pmf|ORG|IQ|Popular Mobilization Forces|الحشد الشعبي|هيئة الحشد الشعبي|قوات الحشد الشعبي
isis|ORG||Islamic State (ISIS)|داعش|تنظيم الدولة الإسلامية|الدولة الإسلامية|تنظيم الدولة|الدولة الإسلامية في العراق والشام
hezbollah|ORG|LB|Hezbollah|حزب الله|حزب الله اللبناني
hamas|ORG|PS|Hamas|حماس|حركة حماس|حركة المقاومة الإسلامية
fatah|ORG|PS|Fatah|فتح|حركة فتح
houthis|ORG|YE|Houthis (Ansar Allah)|الحوثيون|الحوثيين|جماعة الحوثي|أنصار الله|جماعة أنصار الله
hts|ORG|SY|Hayat Tahrir al-Sham|هيئة تحرير الشام|جبهة النصرة|النصرة
fsa|ORG|SY|Free Syrian Army|الجيش السوري الحر|الجيش الحر
taliban|ORG|AF|Taliban|طالبان|حركة طالبان
al-qaeda|ORG||Al-Qaeda|القاعدة|تنظيم القاعدة
irgc|ORG|IR|Islamic Revolutionary Guard Corps|الحرس الثوري|الحرس الثوري الإيراني
muslim-brotherhood|ORG|EG|Muslim Brotherhood|الإخوان المسلمين|جماعة الإخوان المسلمين|الإخوان المسلمون|الإخوان
un|ORG||United Nations|الأمم المتحدة|منظمة الأمم المتحدة|الامم المتحدة
unsc|ORG||UN Security Council|مجلس الأمن|مجلس الأمن الدولي
nato|ORG||NATO|حلف شمال الأطلسي|الناتو|حلف الناتو|حلف الأطلسي
eu|ORG||European Union|الاتحاد الأوروبي|الاتحاد الاوروبي
arab-league|ORG||Arab League|جامعة الدول العربية|الجامعة العربية
gcc|ORG||Gulf Cooperation Council|مجلس التعاون الخليجي|مجلس التعاون لدول الخليج العربية
opec|ORG||OPEC|أوبك|منظمة أوبك
african-union|ORG||African Union|الاتحاد الأفريقي|الاتحاد الإفريقي
who|ORG||World Health Organization|منظمة الصحة العالمية
imf|ORG||International Monetary Fund|صندوق النقد الدولي
world-bank|ORG||World Bank|البنك الدولي
icrc|ORG||International Committee of the Red Cross|اللجنة الدولية للصليب الأحمر|الصليب الأحمر
white-house|ORG|US|White House|البيت الأبيض
pentagon|ORG|US|Pentagon|البنتاغون|وزارة الدفاع الأمريكية|البنتاجون
us-congress|ORG|US|US Congress|الكونغرس|الكونجرس|الكونغرس الأمريكي
kremlin|ORG|RU|Kremlin|الكرملين
knesset|ORG|IL|Knesset|الكنيست
gaza-strip|LOC|PS|Gaza Strip|قطاع غزة|غزة
west-bank|LOC|PS|West Bank|الضفة الغربية
golan|LOC|SY|Golan Heights|الجولان|مرتفعات الجولان|هضبة الجولان
sinai|LOC|EG|Sinai|سيناء|شبه جزيرة سيناء
mosul|LOC|IQ|Mosul|الموصل
erbil|LOC|IQ|Erbil|أربيل|اربيل|هولير|أربيل عاصمة إقليم كردستان
fallujah|LOC|IQ|Fallujah|الفلوجة
tal-afar|LOC|IQ|Tal Afar|تلعفر|تل عفر
sinjar|LOC|IQ|Sinjar|سنجار|شنكال
nineveh|LOC|IQ|Nineveh Governorate|نينوى|محافظة نينوى
anbar|LOC|IQ|Anbar Governorate|الأنبار|محافظة الأنبار
raqqa|LOC|SY|Raqqa|الرقة
deir-ez-zor|LOC|SY|Deir ez-Zor|دير الزور
idlib|LOC|SY|Idlib|إدلب
afrin|LOC|SY|Afrin|عفرين
manbij|LOC|SY|Manbij|منبج
eastern-ghouta|LOC|SY|Eastern Ghouta|الغوطة الشرقية
middle-east|LOC||Middle East|الشرق الأوسط
gulf|LOC||Persian Gulf|الخليج|الخليج العربي
iraq-parliament|ORG|IQ|Council of Representatives of Iraq|مجلس النواب العراقي|البرلمان العراقي
ihec|ORG|IQ|Independent High Electoral Commission|المفوضية العليا المستقلة للانتخابات
iraq-federal-court|ORG|IQ|Federal Supreme Court of Iraq|المحكمة الاتحادية العليا
iraq-integrity|ORG|IQ|Federal Commission of Integrity|هيئة النزاهة|هيئة النزاهة الاتحادية
iraq-central-bank|ORG|IQ|Central Bank of Iraq|البنك المركزي العراقي
iraq-cts|ORG|IQ|Counter-Terrorism Service|جهاز مكافحة الإرهاب|جهاز مكافحة الارهاب
iraq-joc|ORG|IQ|Joint Operations Command|قيادة العمليات المشتركة
iraq-security-media-cell|ORG|IQ|Security Media Cell|خلية الإعلام الأمني
somo|ORG|IQ|Oil Marketing Company (SOMO)|شركة تسويق النفط|سومو
asaib|ORG|IQ|Asa'ib Ahl al-Haq|عصائب أهل الحق|العصائب
kataib-hezbollah|ORG|IQ|Kata'ib Hezbollah|كتائب حزب الله|كتائب حزب الله العراقية
nujaba|ORG|IQ|Harakat Hezbollah al-Nujaba|حركة النجباء|حركة حزب الله النجباء
badr|ORG|IQ|Badr Organization|منظمة بدر|فيلق بدر
saraya-al-salam|ORG|IQ|Saraya al-Salam|سرايا السلام
sadrist-movement|ORG|IQ|Sadrist Movement|التيار الصدري|التيار الوطني الشيعي
coordination-framework|ORG|IQ|Coordination Framework|الإطار التنسيقي|قوى الإطار التنسيقي
state-of-law|ORG|IQ|State of Law Coalition|ائتلاف دولة القانون
fatah-alliance|ORG|IQ|Fatah Alliance|تحالف الفتح
islamic-resistance-iraq|ORG|IQ|Islamic Resistance in Iraq|المقاومة الإسلامية في العراق
asayish|ORG|IQ|Asayish (Kurdistan Region security)|الأسايش|الآسايش|قوات الأسايش
kurdistan-islamic-union|ORG|IQ|Kurdistan Islamic Union|الاتحاد الإسلامي الكردستاني
kurdistan-justice-group|ORG|IQ|Kurdistan Justice Group|جماعة العدل الكردستانية|الجماعة الإسلامية الكردستانية
new-generation|ORG|IQ|New Generation Movement|حراك الجيل الجديد|حركة الجيل الجديد
pjak|ORG|IR|Kurdistan Free Life Party (PJAK)|حزب الحياة الحرة الكردستاني|بيجاك
unami|ORG||UN Assistance Mission for Iraq (UNAMI)|بعثة الأمم المتحدة لمساعدة العراق|يونامي
global-coalition|ORG||Global Coalition against Daesh|التحالف الدولي ضد داعش|التحالف الدولي لمحاربة داعش|التحالف الدولي
centcom|ORG|US|US Central Command|القيادة المركزية الأمريكية|القيادة المركزية الأميركية|سنتكوم
iaea|ORG||International Atomic Energy Agency|الوكالة الدولية للطاقة الذرية
unhcr|ORG||UNHCR|المفوضية السامية للأمم المتحدة لشؤون اللاجئين|المفوضية السامية لشؤون اللاجئين|مفوضية اللاجئين
unicef|ORG||UNICEF|اليونيسف|منظمة الأمم المتحدة للطفولة|يونيسف
wfp|ORG||World Food Programme|برنامج الأغذية العالمي
iom|ORG||International Organization for Migration|المنظمة الدولية للهجرة
amnesty|ORG||Amnesty International|منظمة العفو الدولية|العفو الدولية
hrw|ORG||Human Rights Watch|هيومن رايتس ووتش|منظمة هيومن رايتس ووتش
msf|ORG||Médecins Sans Frontières|أطباء بلا حدود|منظمة أطباء بلا حدود
unrwa|ORG||UNRWA|الأونروا|وكالة غوث وتشغيل اللاجئين الفلسطينيين
diyala|LOC|IQ|Diyala Governorate|ديالى|محافظة ديالى
salahaddin|LOC|IQ|Saladin Governorate|محافظة صلاح الدين
hawija|LOC|IQ|Hawija|الحويجة
tuz-khurmatu|LOC|IQ|Tuz Khurmatu|طوزخورماتو|طوز خورماتو
samarra|LOC|IQ|Samarra|سامراء
khanaqin|LOC|IQ|Khanaqin|خانقين
nineveh-plains|LOC|IQ|Nineveh Plains|سهل نينوى
qandil|LOC|IQ|Qandil Mountains|جبال قنديل|جبل قنديل
jurf-al-sakhar|LOC|IQ|Jurf al-Sakhar|جرف الصخر|جرف النصر
green-zone|LOC|IQ|Green Zone (Baghdad)|المنطقة الخضراء
"""

def actor_entries() -> list[tuple[str, str, str, str, list[str]]]:
    """The rows of :data:`ACTORS` as ``(id, type, country code, English name, Arabic names)``."""
    out = []
    for line in ACTORS.strip().splitlines():
        parts = line.split("|")
        out.append((parts[0], parts[1], parts[2], parts[3], [p for p in parts[4:] if p.strip()]))
    return out


# More Arabic spellings for some CLDR country names (news usage), by country code.
EXTRA_ALIASES = {
    "US": "الولايات المتحدة الأمريكية|الولايات المتحدة الأميركية|أمريكا|أميركا|الولايات المتحدة",
    "GB": "بريطانيا|المملكة المتحدة",
    "SA": "السعودية|المملكة العربية السعودية",
    "AE": "الإمارات|الإمارات العربية المتحدة",
    "SY": "سوريا|سورية",
    "IQ": "العراق",
    "IR": "إيران",
    "TR": "تركيا",
    "RU": "روسيا|روسيا الاتحادية",
    "CN": "الصين",
    "EG": "مصر",
    "IL": "إسرائيل|اسرائيل",
    "PS": "فلسطين|الأراضي الفلسطينية",
    "KP": "كوريا الشمالية",
    "KR": "كوريا الجنوبية",
    "DE": "ألمانيا|المانيا",
    "FR": "فرنسا",
    "NL": "هولندا",
    "LY": "ليبيا",
    "YE": "اليمن",
    "JO": "الأردن",
    "LB": "لبنان",
    "MA": "المغرب",
    "DZ": "الجزائر",
    "TN": "تونس",
    "SD": "السودان",
    "QA": "قطر",
    "KW": "الكويت",
    "BH": "البحرين",
    "OM": "سلطنة عمان",
    "AF": "أفغانستان",
    "PK": "باكستان",
    "IN": "الهند",
    "UA": "أوكرانيا",
}

# Names that are both a country and a big city of another country: never decided by name alone.
CLASHES = {"عمان"}  # Oman / Amman

_PREFIX = re.compile(r"^(?:محافظة|ولاية|مدينة|ملعب|مطار|ناحية|قضاء|بلدية|منطقة)\s+")


@dataclass(frozen=True)
class KBEntry:
    id: str
    type: str
    name_ar: str
    name_en: str
    country_code: str
    population: float
    aliases: tuple[str, ...]


class KB:
    """Alias index over the entries: exact key text and word-skeleton buckets per type."""

    def __init__(self, entries: list[KBEntry]) -> None:
        self.entries = {e.id: e for e in entries}
        self.exact: dict[tuple[str, str], list[str]] = {}
        self.skel: dict[tuple[str, str], list[tuple[str, NameKey]]] = {}
        for e in entries:
            seen: set[str] = set()
            for a in e.aliases:
                k = name_key(a, e.type)
                if k is None or k.text in seen:
                    continue
                seen.add(k.text)
                self.exact.setdefault((e.type, k.text), []).append(e.id)
                self.skel.setdefault((e.type, k.skel), []).append((e.id, k))

    def __len__(self) -> int:
        return len(self.entries)

    def _find(self, t: str, k: NameKey) -> list[str]:
        ids = list(dict.fromkeys(self.exact.get((t, k.text), [])))
        if ids:
            return ids
        m = variant_model()
        out = []
        for eid, ek in self.skel.get((t, k.skel), []):
            if ek.head == k.head and _same_words(m, k.tokens, ek.tokens) and eid not in out:
                out.append(eid)
        return out

    def lookup(self, k: NameKey) -> list[Entity]:
        """Entries the key fits: same type, or (metonym) an ORG mention that is exactly a place
        name without an organisation head (واشنطن for the US government stays the place)."""
        if k is None or k.latin:
            return []
        if " ".join(k.tokens) in CLASHES and k.type in ("LOC", "ORG"):
            return []
        out: list[Entity] = []
        if k.type in ("LOC", "ORG"):
            for eid in self._find(k.type, k):
                out.append(self.entity(eid))
        if not out and k.type == "ORG" and not k.head and not k.dropped_head:
            for eid in self._find("LOC", k):
                e = self.entity(eid)
                e.kb_via = "metonym"
                out.append(e)
        return out

    def entity(self, eid: str) -> Entity:
        x = self.entries[eid]
        e = Entity(
            id="kb:" + x.id,
            type=x.type,
            name_ar=x.name_ar,
            key=name_key(x.name_ar, x.type),
            name_latin=x.name_en or None,
            country_code=x.country_code or None,
            kb=x.id,
            alias_keys=[],
            population=x.population,
        )
        return e


@lru_cache(maxsize=4)
def load_kb(path: str | None = None) -> KB:
    """The shipped knowledge base (or the TSV(.gz) at ``path``); empty when absent."""
    try:
        raw = Path(path).read_bytes() if path else files("rasd").joinpath(KB_PATH).read_bytes()
    except (FileNotFoundError, OSError):
        return KB([])
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    entries = [
        KBEntry(r["id"], r["type"], r["name_ar"], r["name_en"], r["country_code"], float(r["population"] or 0),
                tuple(a for a in r["aliases"].split("|") if a))
        for r in rows
    ]
    return KB(entries)


# -- building ----------------------------------------------------------------------------------------


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _latin_close(ar: str, en: str, translit) -> bool:
    """Is the Arabic city name plausibly the English one? Compares rasd's transliteration of
    the Arabic with the English name, both reduced to consonant skeletons."""
    from .translit import cer

    def sk(s: str) -> str:
        s = re.sub(r"^(al|an|ar|as|ash|at|az|ad|el|ad|aş) ", "", s.lower())
        s = re.sub(r"[^a-z]", "", s)
        s = s.replace("ph", "f").replace("q", "k").replace("c", "k").replace("j", "g").replace("x", "ks")
        return s[:1] + re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyhw']", "", s[1:]))

    ar2 = _PREFIX.sub("", ar)
    ar2 = re.sub(r"^ال", "", ar2)
    lat = translit(ar2) if translit else ar2
    a, b = sk(lat), sk(en)
    if not a or not b:
        return False
    return cer(a, b) <= 0.5


def build_kb(data: str | Path, out: str | Path, *, translit=None, max_cities_per_country: int = 60) -> dict:
    """Build ``places.tsv.gz`` from CLDR (babel), world-cities (``data`` = ../shared/data) and
    the hand-written tables; returns counts."""
    from babel import Locale

    ar, en = Locale("ar").territories, Locale("en").territories
    rows: list[dict] = []
    by_en: dict[str, str] = {}
    for code, name_en in en.items():
        if not re.fullmatch(r"[A-Z]{2}", code) or code in ("ZZ", "XK", "XA", "XB", "EU", "EZ", "UN", "QO"):
            continue
        name_ar = ar.get(code)
        if not name_ar:
            continue
        by_en[name_en.lower()] = code
        aliases = [name_ar] + [a for a in EXTRA_ALIASES.get(code, "").split("|") if a]
        rows.append({"id": f"country:{code}", "type": "LOC", "name_ar": name_ar, "name_en": name_en,
                     "country_code": code, "population": "", "aliases": aliases})
    # world-cities English country names that CLDR spells differently
    fix = {"bosnia and herzevina": "BA", "palestinian territory occupied": "PS", "fiji islands": "FJ",
           "man (isle of)": "IM", "hong kong s.a.r.": "HK", "north macedonia": "MK", "russia": "RU",
           "united states": "US", "united kingdom": "GB", "vietnam": "VN", "laos": "LA", "syria": "SY",
           "iran": "IR", "moldova": "MD", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE",
           "brunei": "BN", "taiwan": "TW", "timor-leste": "TL", "eswatini": "SZ", "cape verde": "CV",
           "south korea": "KR", "north korea": "KP", "czech republic": "CZ", "ivory coast": "CI",
           "sao tome and principe": "ST", "myanmar": "MM", "congo": "CG"}
    by_en.update(fix)
    wc = Path(data) / "names/gazetteers/world-cities-ar-en/world-cities.csv"
    kept = dropped = 0
    per_country: dict[str, int] = {}
    seen_ids: set[str] = set()
    if wc.is_file():
        with wc.open(encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                code = by_en.get(r["CountryNameEn"].strip().lower())
                ar_name, en_name = r["CityNameAr"].strip(), r["CityNameEn"].strip()
                if not code or not ar_name or not en_name:
                    dropped += 1
                    continue
                if per_country.get(code, 0) >= max_cities_per_country:
                    continue
                if not _latin_close(ar_name, en_name, translit):
                    dropped += 1
                    continue
                cid = f"city:{code}:{_slug(en_name)}"
                if cid in seen_ids:
                    continue
                seen_ids.add(cid)
                per_country[code] = per_country.get(code, 0) + 1
                kept += 1
                bare = _PREFIX.sub("", ar_name)
                # a stadium or airport label is not the city's name
                aliases = [bare] if re.match(r"^(?:ملعب|مطار)\s", ar_name) else list(dict.fromkeys([ar_name, bare]))
                rows.append({"id": cid, "type": "LOC", "name_ar": bare, "name_en": en_name, "country_code": code,
                             "population": r.get("Population", ""), "aliases": aliases})
    for aid, typ, cc, name_en, names in actor_entries():
        rows.append({"id": f"actor:{aid}", "type": typ, "name_ar": names[0], "name_en": name_en,
                     "country_code": cc, "population": "", "aliases": names})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        vals = [r["id"], r["type"], r["name_ar"], r["name_en"], r["country_code"], str(r["population"] or ""),
                "|".join(dict.fromkeys(a.replace("\t", " ") for a in r["aliases"]))]
        buf.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in vals) + "\n")
    data_bytes = buf.getvalue().encode("utf-8")
    with open(out, "wb") as f:
        f.write(gzip.compress(data_bytes, mtime=0))
    load_kb.cache_clear()
    return {"countries": sum(1 for r in rows if r["id"].startswith("country:")), "cities": kept,
            "cities_dropped": dropped, "actors": len(ACTORS.strip().splitlines()), "rows": len(rows)}
