import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed } from 'feedsmith';
import lockfile from 'proper-lockfile';
import { stripControls } from '../arabic/index.ts';
import * as z from '../zod.ts';
import type { ArticleMetadata } from '../corpus/index.ts';
import { addPage, newReport, type AddContext, type AddReport } from './add.ts';
import { CorpusWriter } from './corpus-writer.ts';
import { decodeHtml } from './decode.ts';
import type { HttpClient } from './http.ts';
import { absoluteUrl, cleanMetadata, isoDate, normalizeUrl } from './metadata.ts';

/** Item links remembered per feed beyond those the feed lists now, so an item is fetched once even when its page moved. */
const SEEN_KEPT = 1000;
/** How long one update round may fetch pages; the items left are fetched at the next round. */
export const DEFAULT_ROUND_MS = 180_000;
/** A feed-list lock older than this belongs to a process that died holding it (it is held for milliseconds). */
const LIST_LOCK_STALE_MS = 10_000;

const feedSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  title: z.optional(z.string()),
  etag: z.optional(z.string()),
  lastModified: z.optional(z.string()),
  seen: z._default(z.array(z.string()), []),
});
const fileSchema = z.object({ feeds: z.array(feedSchema) });

export type FollowedFeed = z.infer<typeof feedSchema>;

export class FeedListError extends Error {
  override name = 'FeedListError';
}

/** The followed feeds are kept in `feeds.json` inside the corpus folder (the corpus reader reads only .txt/.md). */
export function feedListFile(corpusDir: string): string {
  return path.join(corpusDir, 'feeds.json');
}

/**
 * The feeds file: read and validated whole, written whole through a temporary file and a rename.
 * Every change goes through FeedList.change, which reads, changes and writes it under a lock, so
 * that `isnad follow` during an `update` (another process) is not undone by the update's save.
 */
export class FeedList {
  private constructor(
    readonly file: string,
    readonly feeds: FollowedFeed[],
  ) {}

  static async load(file: string): Promise<FeedList> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new FeedList(file, []);
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new FeedListError(`${file} is not valid JSON (${(error as Error).message}); fix or delete it`);
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FeedListError(`${file}: ${issue.path.join('.') || 'the file'} ${issue.message}; fix or delete it`);
    }
    return new FeedList(file, parsed.data.feeds);
  }

  /** Runs `edit` on the list as it is on disk now and saves it, while no other isnad process changes it. */
  static async change<T>(file: string, edit: (list: FeedList) => T): Promise<T> {
    await mkdir(path.dirname(file), { recursive: true });
    const release = await lockfile.lock(file, {
      lockfilePath: path.join(path.dirname(file), `.${path.basename(file)}.lock`),
      realpath: false,
      stale: LIST_LOCK_STALE_MS,
      retries: { retries: 200, factor: 1, minTimeout: 50, maxTimeout: 100 },
    });
    try {
      const list = await FeedList.load(file);
      const result = edit(list);
      await list.save();
      return result;
    } finally {
      await release().catch(() => {}); // taken over as stale: nothing of ours left to remove
    }
  }

  /**
   * What one update learned of a feed (validators, title, items seen), into this list: nothing
   * when the feed was unfollowed meanwhile; the items seen are the union of both.
   */
  merge(updated: FollowedFeed): void {
    const feed = this.find(updated.url);
    if (!feed) return;
    feed.title = updated.title ?? feed.title;
    feed.etag = updated.etag;
    feed.lastModified = updated.lastModified;
    const fresh = new Set(updated.seen);
    feed.seen = [...feed.seen.filter((link) => !fresh.has(link)), ...updated.seen].slice(-Math.max(SEEN_KEPT, updated.seen.length));
  }

  find(url: string): FollowedFeed | undefined {
    const key = normalizeUrl(url);
    return this.feeds.find((f) => normalizeUrl(f.url) === key);
  }

  /** False when the feed was already followed. */
  follow(url: string, title?: string): boolean {
    if (this.find(url)) return false;
    this.feeds.push({ url, title, seen: [] });
    return true;
  }

  /** False when the feed was not followed. */
  unfollow(url: string): boolean {
    const feed = this.find(url);
    if (!feed) return false;
    this.feeds.splice(this.feeds.indexOf(feed), 1);
    return true;
  }

  private async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ feeds: this.feeds }, null, 2)}\n`);
    await rename(temporary, this.file);
  }
}

export interface FeedItem {
  link: string;
  /** What the feed says of the item, used where the page itself does not say it. */
  metadata: ArticleMetadata;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

/** An RSS 2.0, RSS 1.0 or Atom document's title and items that link to a page. */
export function parseFeedXml(xml: string, feedUrl: string): ParsedFeed {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(xml);
  } catch (error) {
    throw new Error(`not an RSS or Atom feed (${(error as Error).message})`);
  }
  if (parsed.format === 'json') throw new Error('a JSON Feed, not RSS or Atom');
  const feed = parsed.feed as { title?: unknown; items?: Array<Record<string, unknown>>; entries?: Array<Record<string, unknown>> };
  const title = textOf(feed.title);
  const items: FeedItem[] = [];
  for (const item of feed.items ?? feed.entries ?? []) {
    const link = itemLink(item, feedUrl);
    if (!link) continue;
    items.push({
      link,
      metadata: {
        title: textOf(item.title),
        published: isoDate(
          textOf(item.pubDate) ??
            textOf(item.published) ??
            textOf(item.updated) ??
            textOf((item.dc as { date?: unknown } | undefined)?.date),
        ),
        outlet: title,
      },
    });
  }
  return { title, items };
}

function itemLink(item: Record<string, unknown>, base: string): string | undefined {
  if (typeof item.link === 'string') return absoluteUrl(item.link, base);
  const links = (item.links ?? []) as Array<{ href?: string; rel?: string }>;
  const page = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
  return absoluteUrl(page?.href, base);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return stripControls(value).trim() || undefined;
  if (value && typeof value === 'object' && 'value' in value) return textOf((value as { value: unknown }).value);
  return undefined;
}

export interface FeedOutcome {
  url: string;
  /** True when the server said 304: nothing new since the last fetch. */
  notModified: boolean;
  items: number;
  report: AddReport;
  /** Why the feed itself could not be read. */
  error?: string;
}

/** Fetches a feed (conditional GET) and parses it. Null when unchanged since the validators were taken. */
export async function fetchFeed(http: HttpClient, feed: Pick<FollowedFeed, 'url' | 'etag' | 'lastModified'>) {
  const response = await http.get(
    feed.url,
    { etag: feed.etag, lastModified: feed.lastModified },
    'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
  );
  if (!response) return null;
  return { parsed: parseFeedXml(decodeHtml(response.body, response.contentType), response.url), validators: response.validators };
}

/**
 * Fetches every followed feed and adds the pages of items not seen before. Feeds are fetched
 * together (the HTTP client keeps to two requests a host); one that fails is reported in its
 * outcome and the others go on. The feed list's validators and seen items are updated in place.
 */
export async function updateFeeds(list: FeedList, ctx: AddContext): Promise<FeedOutcome[]> {
  return Promise.all(list.feeds.map((feed) => updateFeed(feed, ctx)));
}

/**
 * `isnad update`: every feed followed for this corpus folder, new items added to it, the feed
 * list's validators and seen items saved. An empty list when no feed is followed. No page is
 * started, and no retry waited for, after `roundMs`: those items are fetched at the next update.
 */
export async function updateFollowedFeeds(corpusDir: string, http: HttpClient, roundMs = DEFAULT_ROUND_MS): Promise<FeedOutcome[]> {
  const file = feedListFile(corpusDir);
  const list = await FeedList.load(file);
  if (!list.feeds.length) return [];
  const deadline = http.options.clock.now() + roundMs;
  const outcomes = await updateFeeds(list, { writer: await CorpusWriter.open(corpusDir), http, deadline });
  // Into the list as it is now: a feed followed or unfollowed during the update stays so.
  await FeedList.change(file, (now) => {
    for (const feed of list.feeds) now.merge(feed);
  });
  return outcomes;
}

async function updateFeed(feed: FollowedFeed, ctx: AddContext): Promise<FeedOutcome> {
  const outcome: FeedOutcome = { url: feed.url, notModified: false, items: 0, report: newReport() };
  let fetched;
  try {
    fetched = await fetchFeed(ctx.http, feed);
  } catch (error) {
    const message = (error as Error).message;
    return { ...outcome, error: message.startsWith(feed.url) ? message : `${feed.url}: ${message}` };
  }
  if (!fetched) return { ...outcome, notModified: true };
  // Items are known by their normalised address (tracking parameters, trailing slash aside) and fetched at the one the feed gives.
  const key = (item: FeedItem) => normalizeUrl(item.link)!;
  const seen = new Set(feed.seen);
  const fresh = fetched.parsed.items.filter((item) => !seen.has(key(item)));
  outcome.items = fetched.parsed.items.length;
  let pending = 0;
  await Promise.all(
    fresh.map(async (item) => {
      // Seen once its article is on disk (or it can never be added); one that failed is tried again next time.
      if (await addPage(item.link, ctx, outcome.report, cleanMetadata(item.metadata))) seen.add(key(item));
      else pending++;
    }),
  );
  feed.title = fetched.parsed.title ?? feed.title;
  // With items left to try, the next update must read the feed again rather than be told 304.
  if (pending === 0) {
    feed.etag = fetched.validators.etag;
    feed.lastModified = fetched.validators.lastModified;
  }
  // Every link the feed lists now stays seen (else a feed of more than SEEN_KEPT items would be
  // fetched again in part at every update), and up to SEEN_KEPT older ones.
  const listed = new Set(fetched.parsed.items.map(key));
  const links = [...seen];
  feed.seen = [...links.filter((link) => !listed.has(link)).slice(-SEEN_KEPT), ...links.filter((link) => listed.has(link))];
  return outcome;
}
