import { feedListFile, fetchFeed, FeedList, updateFollowedFeeds } from '../../ingestion/index.ts';
import { configFrom, parseCommand, requireText, UsageError, type CliCommand } from '../context.ts';
import { finish, printReport, sourcesContext } from './add.ts';
import { jsonLine } from '../terminal.ts';

export const followCommand: CliCommand = {
  async run(argv, io) {
    const { config, url } = feedArgument(argv, 'follow');
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`"${url}" is not an http(s) address`);
    const file = feedListFile(config.corpusDir);
    if ((await FeedList.load(file)).find(url)) {
      io.out(`already following ${url}`);
      return 0;
    }
    const { http } = await sourcesContext(config, io);
    const fetched = await fetchFeed(http, { url });
    // Read again under the lock: another process may have changed the list while the feed was fetched.
    if (!(await FeedList.change(file, (list) => list.follow(url, fetched?.parsed.title)))) {
      io.out(`already following ${url}`);
      return 0;
    }
    io.out(
      `following ${url}${fetched?.parsed.title ? ` (${fetched.parsed.title}, ${fetched.parsed.items.length} items)` : ''}; isnad update adds its articles`,
    );
    return 0;
  },
};

export const unfollowCommand: CliCommand = {
  async run(argv, io) {
    const { config, url } = feedArgument(argv, 'unfollow');
    if (!(await FeedList.change(feedListFile(config.corpusDir), (list) => list.unfollow(url)))) {
      io.err(`isnad: not following ${url}`);
      return 1;
    }
    io.out(`no longer following ${url}`);
    return 0;
  },
};

export const feedsCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, { json: { type: 'boolean' } });
    const list = await FeedList.load(feedListFile(configFrom(values).corpusDir));
    if (values.json) io.out(jsonLine({ feeds: list.feeds.map(({ url, title }) => ({ url, title: title ?? null })) }));
    else if (!list.feeds.length) io.out('no feeds followed; add one with isnad follow <feed-url>');
    else for (const feed of list.feeds) io.out(`${feed.url}${feed.title ? `  ${feed.title}` : ''}`);
    return 0;
  },
};

export const updateCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, {});
    const config = configFrom(values);
    const outcomes = await updateFollowedFeeds(config.corpusDir, (await sourcesContext(config, io)).http);
    if (!outcomes.length) {
      io.out('no feeds followed; add one with isnad follow <feed-url>');
      return 0;
    }
    let added = 0;
    let clean = true;
    for (const o of outcomes) {
      if (o.error) {
        io.err(o.error);
        clean = false;
      } else if (o.notModified) io.out(`${o.url}: not changed since the last update`);
      else {
        printReport(o.report, io, `${o.url}: `);
        added += o.report.added.length;
        clean &&= o.report.problems.length === 0;
      }
    }
    return finish(config, io, added, clean);
  },
};

function feedArgument(argv: string[], command: string) {
  const { values, positionals } = parseCommand(argv, {});
  return { config: configFrom(values), url: requireText(positionals, 'the feed address', `isnad ${command} https://example.com/rss.xml`) };
}
