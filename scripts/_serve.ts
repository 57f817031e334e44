import { newsArticles, startNewsSite } from '../tests/helpers/news-pages.ts';
const s = await startNewsSite(newsArticles());
console.log(s.base);
setTimeout(() => void s.close().then(() => process.exit(0)), 120_000);
