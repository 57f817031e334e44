/**
 * Realistic Arabic news pages built from the five shipped articles: the article's paragraphs wrapped
 * in what a real news site puts around them (header and menus, breadcrumbs, share bar, related
 * articles, subscription box, footer), with its metadata in JSON-LD or in Open Graph tags and <time>.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArticle } from '../../src/corpus/index.ts';
import { NEWS_CORPUS } from './fixtures.ts';
import { encodeLegacy, startServer, type TestServer } from './http-server.ts';

export interface NewsArticleFixture {
  title: string;
  paragraphs: string[];
  outlet: string;
  published: string;
  section: string;
  author: string;
}

/** Text of the page around the article: none of it may end up in the corpus. */
export const CHROME = [
  'الصفحة الرئيسية',
  'اقتصاد وأعمال',
  'شارك على فيسبوك',
  'أرسل عبر واتساب',
  'اقرأ أيضاً',
  'ارتفاع أسعار الذهب في الأسواق العالمية مع تراجع الدولار',
  'منتخب الشباب يتأهل إلى نهائي البطولة العربية',
  'اشترك في النشرة البريدية ليصلك كل جديد',
  'جميع الحقوق محفوظة',
  'سياسة الخصوصية',
  'الأكثر قراءة',
];

const OUTLETS = ['الشرق الأوسط', 'العربي الجديد', 'ترك برس', 'عنب بلدي', 'الخليج أونلاين'];

/** The five articles of corpus/ as fixtures: title and body paragraphs as the cleaner sees them. */
export function newsArticles(): NewsArticleFixture[] {
  const files = readdirSync(NEWS_CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  return files.map((file, i) => {
    const article = parseArticle(file, readFileSync(path.join(NEWS_CORPUS, file), 'utf8'));
    const paragraphs = article.body.map((s) => article.text.slice(s.start, s.end)).filter((p) => p !== article.title && p.length > 40);
    return {
      title: article.title,
      paragraphs,
      outlet: OUTLETS[i % OUTLETS.length]!,
      published: `2017-01-${String(10 + i).padStart(2, '0')}T0${i}:30:00+03:00`,
      section: 'سياسة',
      author: `مراسل ${i + 1}`,
    };
  });
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The page of one article. `style` 'jsonld' names the metadata in a JSON-LD NewsArticle; 'opengraph'
 * in og:/article: meta tags and a <time> element. `charset` goes into <meta charset>.
 */
export function newsPage(a: NewsArticleFixture, url: string, options: { style?: 'jsonld' | 'opengraph'; charset?: string } = {}): string {
  const style = options.style ?? 'jsonld';
  const head =
    style === 'jsonld'
      ? `<script type="application/ld+json">${JSON.stringify({
          '@context': 'https://schema.org',
          '@graph': [
            { '@type': 'WebSite', name: a.outlet, url: new URL('/', url).href },
            {
              '@type': 'NewsArticle',
              headline: a.title,
              datePublished: a.published,
              articleSection: a.section,
              author: [{ '@type': 'Person', name: a.author }],
              publisher: { '@type': 'Organization', name: a.outlet },
              mainEntityOfPage: url,
            },
          ],
        })}</script>`
      : `<meta property="og:title" content="${escape(a.title)}">
<meta property="og:site_name" content="${escape(a.outlet)}">
<meta property="og:url" content="${escape(url)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="${a.published}">
<meta property="article:section" content="${escape(a.section)}">
<meta name="author" content="${escape(a.author)}">`;
  const related = CHROME.slice(5, 7)
    .map((t, i) => `<li><a href="/news/${900 + i}"><img src="/img/${i}.jpg" alt=""><span>${t}</span></a></li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="${options.charset ?? 'utf-8'}">
<title>${escape(a.title)} | ${escape(a.outlet)}</title>
<link rel="canonical" href="${escape(url)}">
${head}
<link rel="stylesheet" href="/css/main.css">
</head>
<body class="article-page">
<header class="site-header">
  <div class="top-bar"><span class="date">الثلاثاء 24 يناير 2017</span> <a href="/login">تسجيل الدخول</a></div>
  <a class="logo" href="/"><img src="/logo.png" alt="${escape(a.outlet)}"></a>
  <nav class="main-menu"><ul>
    <li><a href="/">${CHROME[0]}</a></li><li><a href="/politics">سياسة</a></li><li><a href="/economy">${CHROME[1]}</a></li>
    <li><a href="/sport">رياضة</a></li><li><a href="/culture">ثقافة وفنون</a></li><li><a href="/opinion">آراء</a></li>
  </ul></nav>
  <div class="breaking"><strong>عاجل:</strong> <a href="/news/1">منتخب الشباب يتأهل إلى نهائي البطولة العربية</a></div>
</header>
<main>
<nav class="breadcrumb"><a href="/">${CHROME[0]}</a> » <a href="/politics">${escape(a.section)}</a></nav>
<article class="article">
  <h1 class="article-title">${escape(a.title)}</h1>
  <div class="meta"><span class="author">${escape(a.author)}</span> <time datetime="${a.published}">${a.published.slice(0, 10)}</time></div>
  <div class="share-bar"><a class="fb" href="#">${CHROME[2]}</a> <a class="tw" href="#">تغريد</a> <a class="wa" href="#">${CHROME[3]}</a></div>
  <figure><img src="/img/main.jpg" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
  <div class="article-body">
${a.paragraphs.map((p) => `    <p>${escape(p)}</p>`).join('\n')}
  </div>
  <div class="tags"><a href="/tag/1">تركيا</a> <a href="/tag/2">روسيا</a></div>
</article>
<section class="related"><h3>${CHROME[4]}</h3><ul>${related}</ul></section>
<aside class="newsletter"><h4>النشرة البريدية</h4><p>${CHROME[7]}</p><form><input type="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form></aside>
<aside class="most-read"><h4>${CHROME[10]}</h4><ol><li><a href="/news/7">${CHROME[5]}</a></li></ol></aside>
</main>
<footer class="site-footer"><nav><a href="/about">من نحن</a> <a href="/privacy">${CHROME[9]}</a> <a href="/contact">اتصل بنا</a></nav>
<p>© 2017 ${escape(a.outlet)}. ${CHROME[8]}.</p></footer>
<script src="/js/app.js"></script>
</body>
</html>
`;
}

/**
 * A local news site serving the fixtures: /news/N.html in UTF-8 (N = 0…4); /legacy/N.html in
 * windows-1256 named by the HTTP header (0) or only by <meta charset> (1), or iso-8859-6 (2);
 * /report.pdf (not HTML); /rss.xml (ETag) with items linking to /legacy/0–2 and a missing page;
 * /atom.xml (Last-Modified, answers 304) linking to /news/3–4; /broken.xml (malformed); 404 otherwise.
 */
export async function startNewsSite(articles: NewsArticleFixture[]): Promise<TestServer> {
  const server: TestServer = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', server.base);
    const news = /^\/(news|legacy)\/([0-4])\.html$/.exec(url.pathname);
    if (news) {
      const i = Number(news[2]);
      const page = (charset: string) =>
        newsPage(articles[i]!, `${server.base}${url.pathname}`, { style: i % 2 ? 'opengraph' : 'jsonld', charset });
      if (news[1] === 'news') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('utf-8'));
      if (i === 2)
        return void res
          .writeHead(200, { 'content-type': 'text/html; charset=iso-8859-6' })
          .end(encodeLegacy(page('iso-8859-6'), 'iso-8859-6'));
      const type = i === 0 ? 'text/html; charset=windows-1256' : 'text/html';
      return void res.writeHead(200, { 'content-type': type }).end(encodeLegacy(page('windows-1256'), 'windows-1256'));
    }
    if (url.pathname === '/report.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 not a page');
    if (url.pathname === '/rss.xml')
      return void res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"rss-1"' })
        .end(rss(server.base, articles));
    if (url.pathname === '/atom.xml') {
      if (req.headers['if-modified-since'] === ATOM_MODIFIED) return void res.writeHead(304).end();
      return void res
        .writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': ATOM_MODIFIED })
        .end(atom(server.base, articles));
    }
    if (url.pathname === '/broken.xml') {
      return void res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end('<?xml version="1.0"?><rss version="2.0"><channel><title>مكسور</title><item><title>خبر');
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
  });
  return server;
}

const ATOM_MODIFIED = 'Mon, 16 Jan 2017 08:00:00 GMT';

function rss(base: string, articles: NewsArticleFixture[]): string {
  const items = [0, 1, 2]
    .map(
      (i) =>
        `<item><title>${articles[i]!.title}</title><link>${base}/legacy/${i}.html</link><pubDate>Tue, 1${i} Jan 2017 09:00:00 GMT</pubDate><guid>legacy-${i}</guid></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>موقع الأخبار القديم</title><link>${base}/</link><description>أخبار</description>${items}<item><title>خبر محذوف</title><link>${base}/legacy/9.html</link></item></channel></rss>`;
}

function atom(base: string, articles: NewsArticleFixture[]): string {
  const entries = [3, 4]
    .map(
      (i) =>
        `<entry><title>${articles[i]!.title}</title><link rel="alternate" href="${base}/news/${i}.html"/><id>tag:news,${i}</id><updated>2017-01-1${i}T00:00:00Z</updated></entry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار أطوم</title><id>tag:news</id><updated>2017-01-16T08:00:00Z</updated>${entries}</feed>`;
}
