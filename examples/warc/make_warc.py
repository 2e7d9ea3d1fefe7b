"""Regenerate examples/warc/crawl.warc.gz from the pages defined below.

    python examples/warc/make_warc.py            # writes crawl.warc.gz next to this file
    python examples/warc/make_warc.py OUT.warc.gz

The WARC holds, in order: a warcinfo record; for each page a ``request`` record and an HTTP
``response`` record (text/html); and a ``response`` for robots.txt (text/plain), which readers
must skip because it is not HTML. Record ids and dates are fixed, so the output is byte-for-byte
reproducible. The two articles here exist only in the WARC (they are not in examples/html/).
"""

from __future__ import annotations

import sys
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_NS = uuid.UUID("6f1c0d3e-5a55-4c1e-9d3a-2b7f6f0a0e11")

NIM_URL = "https://northern-iraq-monitor.example.com/2026/11/18/qarachogh-security-gap-peshmerga-army/"
NIM_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>After Qarachogh attack, Erbil and Washington push to close the Peshmerga-army security gap | Northern Iraq Monitor</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Nearly a month after ISIS killed four Peshmerga fighters near Makhmour, officials say closing the gap between Kurdish and Iraqi army lines is the top priority.">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Northern Iraq Monitor">
<meta property="og:title" content="After Qarachogh attack, Erbil and Washington push to close the Peshmerga-army security gap">
<meta property="og:url" content="https://northern-iraq-monitor.example.com/2026/11/18/qarachogh-security-gap-peshmerga-army/">
<meta property="article:published_time" content="2026-11-18T07:30:00Z">
<meta property="article:author" content="Staff reporter">
<meta property="article:section" content="Security">
<link rel="canonical" href="https://northern-iraq-monitor.example.com/2026/11/18/qarachogh-security-gap-peshmerga-army/">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "After Qarachogh attack, Erbil and Washington push to close the Peshmerga-army security gap",
 "datePublished": "2026-11-18T07:30:00Z", "dateModified": "2026-11-18T09:10:00Z",
 "author": {"@type": "Person", "name": "Staff reporter"},
 "publisher": {"@type": "Organization", "name": "Northern Iraq Monitor"},
 "mainEntityOfPage": "https://northern-iraq-monitor.example.com/2026/11/18/qarachogh-security-gap-peshmerga-army/",
 "inLanguage": "en"}
</script>
</head>
<body>
<header class="masthead">
  <a class="brand" href="/">Northern Iraq Monitor</a>
  <nav><ul>
    <li><a href="/politics/">Politics</a></li><li><a href="/security/">Security</a></li>
    <li><a href="/economy/">Economy &amp; Energy</a></li><li><a href="/analysis/">Analysis</a></li>
    <li><a href="/newsletter/">Newsletter</a></li><li><a href="/donate/">Support us</a></li>
  </ul></nav>
</header>
<div class="promo">Get our weekly Kurdistan briefing in your inbox &mdash; <a href="/newsletter/">sign up free</a></div>
<main>
<article class="story">
  <p class="kicker">Security</p>
  <h1>After Qarachogh attack, Erbil and Washington push to close the Peshmerga-army security gap</h1>
  <p class="byline">By Staff reporter &middot; <time datetime="2026-11-18T07:30:00Z">November 18, 2026</time></p>
  <div class="story-body">
    <p>ERBIL, Kurdistan Region &mdash; Nearly a month after Islamic State militants killed four Peshmerga fighters in the Qarachogh hills near Makhmour, officials in Erbil and Washington say closing the strip of no-man&#39;s-land between Kurdish and Iraqi army lines has become their most urgent security priority.</p>
    <p>The attack on the night of October 21 targeted an observation post with mortars and machine guns. Three fighters died at the scene and a fourth in hospital the following morning; four others were wounded. The Kurdistan Region&#39;s Ministry of Peshmerga Affairs says the area has seen 14 attacks by ISIS (also known as Daesh) since January.</p>
    <p>&ldquo;The gap between our lines and the army&#39;s is where ISIS lives,&rdquo; Lt. Gen. Kawa Rashid, the ministry&#39;s secretary general, told the Monitor. &ldquo;Joint brigades were agreed in 2021. Five years later we are still waiting.&rdquo;</p>
    <p>Kurdistan Region Prime Minister Masrour Barzani has raised the issue in a string of meetings, including one with US Consul General Mark Gordon in Erbil on October 24. Days later the United States handed over armoured Humvees, night-vision equipment and communications gear worth $25 million, with a second batch promised for early November.</p>
    <p>Gordon has tied continued support to the unification of Peshmerga units, which remain split between forces loyal to the Kurdistan Democratic Party, led by Masoud Barzani, and the Patriotic Union of Kurdistan. According to the ministry, about 60 percent of brigades now answer to it rather than to either party.</p>
    <aside class="pullquote">&ldquo;If the attacks continue, we will leave again.&rdquo;</aside>
    <p>Baghdad says it is willing to cooperate. A spokesman for Iraq&#39;s Joint Operations Command said air strikes had hit suspected hideouts after the attack, but officials on both sides privately concede that coordination on the ground depends on the wider political climate, including the long-running dispute over public-sector salaries in the Kurdistan Region.</p>
    <p>For farmers in Makhmour, the stakes are immediate. &ldquo;We came back last spring,&rdquo; said one villager, who asked that his name be withheld. &ldquo;If the attacks continue, we will leave again.&rdquo;</p>
  </div>
</article>
<section class="related">
  <h2>Related coverage</h2>
  <ul>
    <li><a href="/2026/11/05/germany-krg-police-training/">Germany funds police training in Kurdistan Region</a></li>
    <li><a href="/2026/10/30/militia-threat-harir/">Armed faction threatens US troops at Harir base</a></li>
    <li><a href="/2026/10/22/qarachogh-attack/">Four Peshmerga killed in ISIS attack near Makhmour</a></li>
  </ul>
</section>
</main>
<footer>
  <p>&copy; 2026 Northern Iraq Monitor. Independent reporting from Erbil, Sulaimani and Duhok.</p>
  <p><a href="/about/">About</a> &middot; <a href="/ethics/">Ethics policy</a> &middot; <a href="/privacy/">Privacy</a> &middot; <a href="/contact/">Contact</a></p>
</footer>
</body>
</html>
"""

JISR_URL = "https://aljisr-news.example.iq/security/2026/11/19/diyala-ied-patrol-9931"
JISR_HTML = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>مقتل جنديين وإصابة ثلاثة بتفجير عبوة ناسفة شمالي ديالى - شبكة الجسر الإخبارية</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:site_name" content="شبكة الجسر الإخبارية">
<meta property="og:title" content="مقتل جنديين وإصابة ثلاثة بتفجير عبوة ناسفة شمالي ديالى">
<meta property="og:url" content="https://aljisr-news.example.iq/security/2026/11/19/diyala-ied-patrol-9931">
<meta property="article:published_time" content="2026-11-19T08:45:00+03:00">
<meta property="article:section" content="أمن">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"مقتل جنديين وإصابة ثلاثة بتفجير عبوة ناسفة شمالي ديالى","datePublished":"2026-11-19T08:45:00+03:00","author":{"@type":"Organization","name":"شبكة الجسر الإخبارية"},"publisher":{"@type":"Organization","name":"شبكة الجسر الإخبارية"},"mainEntityOfPage":"https://aljisr-news.example.iq/security/2026/11/19/diyala-ied-patrol-9931","inLanguage":"ar"}
</script>
</head>
<body>
<div class="top-strip"><a href="/">الجسر</a> | <a href="/live">مباشر</a> | <a href="/app">حمّل التطبيق</a></div>
<nav class="menu">
  <a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/security">أمن</a>
  <a href="/provinces">محافظات</a> <a href="/economy">اقتصاد</a> <a href="/reports">تقارير</a>
</nav>
<div class="ad-box">إعلان &ndash; <a href="https://ads.example-adserver.net/click?c=phone">أحدث الهواتف بالتقسيط المريح</a></div>
<div class="wrap">
  <div class="news-details">
    <h1>مقتل جنديين وإصابة ثلاثة بتفجير عبوة ناسفة شمالي ديالى</h1>
    <div class="meta"><span>الخميس 19 تشرين الثاني 2026</span> <span>08:45</span> <span>أمن</span></div>
    <div class="text">
      <p>بعقوبة - الجسر</p>
      <p>قتل جنديان من الجيش العراقي وأصيب ثلاثة آخرون، مساء أمس الأربعاء، بانفجار عبوة ناسفة استهدفت دورية عسكرية في منطقة حوض الوقف شمال شرقي بعقوبة مركز محافظة ديالى.</p>
      <p>وقال مصدر أمني في قيادة عمليات ديالى لشبكة الجسر: إن العبوة كانت مزروعة على جانب طريق ترابي تسلكه الدوريات بشكل يومي، وإن الانفجار أعقبه إطلاق نار من مسلحين كانوا يتحصنون في البساتين القريبة.</p>
      <p>وأضاف المصدر، الذي طلب عدم الكشف عن اسمه، أن "القوات الأمنية طوقت المنطقة وبدأت عملية تفتيش واسعة بإسناد من طيران الجيش"، مرجحا أن يكون المهاجمون "من بقايا خلايا داعش التي تتخذ من المناطق الزراعية الوعرة ملاذا لها".</p>
      <p>من جهتها، أكدت خلية الإعلام الأمني في بيان أن الجرحى نقلوا إلى مستشفى بعقوبة التعليمي لتلقي العلاج، وأن حالتهم الصحية مستقرة، مشيرة إلى أن قوة من الجيش عثرت خلال عمليات التفتيش على عبوتين ناسفتين أخريين وفككتهما.</p>
      <p>وحذر عضو مجلس محافظة ديالى سالم العزاوي من "تصاعد نشاط الخلايا النائمة" في المناطق المحاذية لسلسلة جبال حمرين، داعيا إلى "تعزيز الجهد الاستخباري ونشر كاميرات حرارية على الطرق الزراعية".</p>
      <p>وتشهد ديالى بين الحين والآخر هجمات متفرقة، إذ تعد من أكثر المحافظات التي شهدت مواجهات بين القوات الأمنية وداعش منذ عام 2014، بسبب طبيعتها الجغرافية المتداخلة بين البساتين والمناطق الجبلية.</p>
    </div>
    <div class="share">مشاركة: <a href="#">فيسبوك</a> <a href="#">إكس</a> <a href="#">تلغرام</a></div>
  </div>
  <div class="side">
    <h3>اقرأ أيضاً</h3>
    <ul>
      <li><a href="/security/2026/11/17/hamrin-operation-9890">انطلاق عملية أمنية لتفتيش وديان حمرين</a></li>
      <li><a href="/provinces/2026/11/16/diyala-water-9871">ديالى: خطة طوارئ لتوزيع الحصص المائية على المزارعين</a></li>
      <li><a href="/politics/2026/11/15/diyala-council-9850">مجلس ديالى يستضيف قائد الشرطة لمناقشة الوضع الأمني</a></li>
    </ul>
  </div>
</div>
<footer class="foot">جميع الحقوق محفوظة &copy; شبكة الجسر الإخبارية 2026 &ndash; <a href="/about">من نحن</a> &ndash; <a href="/contact">اتصل بنا</a></footer>
</body>
</html>
"""

ROBOTS_URL = "https://aljisr-news.example.iq/robots.txt"
ROBOTS_TXT = """User-agent: *
Disallow: /search
Disallow: /admin/
Crawl-delay: 5

Sitemap: https://aljisr-news.example.iq/sitemap.xml
"""

# (url, crawl time, content type, body, user agent note)
RESOURCES = [
    (NIM_URL, "2026-11-19T06:02:11Z", "text/html; charset=utf-8", NIM_HTML),
    (ROBOTS_URL, "2026-11-19T06:02:40Z", "text/plain; charset=utf-8", ROBOTS_TXT),
    (JISR_URL, "2026-11-19T06:02:47Z", "text/html; charset=UTF-8", JISR_HTML),
]

USER_AGENT = "rasd-example-crawler/0.1 (+https://example.invalid/rasd)"


def _rid(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(_NS, name)}>"


def _host(url: str) -> str:
    return url.split("/")[2]


def write_warc(out: Path) -> None:
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warcinfo_record(
            "crawl.warc.gz",
            {"software": "warcio (examples/warc/make_warc.py)", "format": "WARC File Format 1.0",
             "description": "rasd example crawl: two news pages and one robots.txt"},
        )
        info.rec_headers.replace_header("WARC-Record-ID", _rid("warcinfo"))
        info.rec_headers.replace_header("WARC-Date", "2026-11-19T06:02:00Z")
        writer.write_record(info)
        for url, when, ctype, body in RESOURCES:
            path = "/" + url.split("/", 3)[3]
            req_headers = StatusAndHeaders(
                f"GET {path} HTTP/1.1",
                [("Host", _host(url)), ("User-Agent", USER_AGENT), ("Accept", "*/*"),
                 ("Accept-Language", "ar,en;q=0.8")],
                is_http_request=True,
            )
            req = writer.create_warc_record(
                url, "request", payload=BytesIO(b""), http_headers=req_headers,
                warc_headers_dict={"WARC-Date": when, "WARC-Record-ID": _rid("req " + url)},
            )
            payload = body.encode("utf-8")
            resp_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", ctype), ("Content-Length", str(len(payload))),
                 ("Date", "Thu, 19 Nov 2026 06:02:00 GMT"), ("Server", "nginx")],
                protocol="HTTP/1.1",
            )
            resp = writer.create_warc_record(
                url, "response", payload=BytesIO(payload), http_headers=resp_headers,
                warc_headers_dict={"WARC-Date": when, "WARC-Record-ID": _rid("resp " + url),
                                   "WARC-IP-Address": "192.0.2.10"},
            )
            req.rec_headers.add_header("WARC-Concurrent-To", _rid("resp " + url))
            writer.write_record(req)
            writer.write_record(resp)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("crawl.warc.gz")
    write_warc(target)
    print(target)
