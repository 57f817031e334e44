// The small parts the bot is built from: rate limit, engine slots, bounded memory, custom ids,
// mention parsing, the follow-up rule, user hashing and log redaction.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/discord/button-rows.ts';
import { commandDefinitions } from '../../src/discord/commands/list.ts';
import { Semaphore } from '../../src/concurrency.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { LruMap } from '../../src/discord/lru.ts';
import { leansOnPrevious } from '../../src/answering/index.ts';
import { questionFromMention } from '../../src/discord/mentions.ts';
import { RateLimiter } from '../../src/discord/rate-limit.ts';
import { createUserHasher } from '../../src/discord/user-hash.ts';

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('RateLimiter', () => {
  it('allows `limit` questions in any window, then says how long to wait, per user', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    now += 10_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    now += 5_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now += 45_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });
});

describe('Semaphore', () => {
  it('runs at most `slots` tasks at once, in arrival order, and frees the slot when a task fails', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    // Each task holds its slot until the test lets it finish: no sleep decides the interleaving.
    const finish = new Map<number, () => void>();
    const started = (i: number) => new Promise<void>((resolve) => (finish.has(i) ? resolve() : setImmediate(() => resolve(started(i)))));
    const task = (i: number, fail = false) =>
      slots.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((release) => finish.set(i, release));
        running--;
        if (fail) throw new Error('boom');
        return i;
      });
    const settled = Promise.allSettled([task(0), task(1, true), task(2), task(3), task(4)]);
    for (const i of [0, 1, 2, 3, 4]) {
      await started(i);
      expect(running).toBeLessThanOrEqual(2);
      finish.get(i)!();
    }
    const results = await settled;
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // Both slots are free again: two more tasks run side by side.
    peak = 0;
    const more = Promise.all([task(5), task(6)]);
    await Promise.all([started(5), started(6)]);
    expect(peak).toBe(2);
    finish.get(5)!();
    finish.get(6)!();
    await more;
  });
});

describe('LruMap', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});

describe('custom ids', () => {
  it('reads the buttons this bot makes and nothing else', () => {
    expect(parseCustomId('more:abc_DEF-1')).toEqual({ kind: 'more', key: 'abc_DEF-1' });
    expect(parseCustomId('vote:down:k')).toEqual({ kind: 'vote', vote: 'down', key: 'k' });
    expect(parseCustomId('articles:3:ar')).toEqual({ kind: 'page', page: 3, language: 'ar' });
    for (const id of ['', 'more:', 'vote:sideways:k', 'articles:1:fr', 'articles:-1:en', `more:${'x'.repeat(60)}`]) {
      expect(parseCustomId(id)).toBeNull();
    }
  });
});

describe('command definitions', () => {
  it('carry English localisations only when the bot is set to English', () => {
    const localised = (language: 'auto' | 'ar' | 'en') =>
      commandDefinitions(language)
        .flatMap((c) => [c.description_localizations, ...(c.options ?? []).map((o) => o.description_localizations)])
        .filter(Boolean);
    expect(localised('auto')).toEqual([]);
    expect(localised('ar')).toEqual([]);
    expect(localised('en').length).toBeGreaterThan(6);
    expect(commandDefinitions('auto').map((c) => c.name)).toEqual(commandDefinitions('en').map((c) => c.name));
  });
});

describe('mentions', () => {
  it('takes the bot mention (user or its role) out of the question', () => {
    expect(questionFromMention('<@42> من هو رئيس الأركان؟', '42', [])).toBe('من هو رئيس الأركان؟');
    expect(questionFromMention('سؤال <@!42>  آخر <@&7>', '42', ['7'])).toBe('سؤال آخر');
    expect(questionFromMention('<@43> سؤال', '42', [])).toBe('<@43> سؤال');
  });

  it('treats a question with few content words as a follow-up', () => {
    expect(leansOnPrevious('ومتى حدث ذلك؟')).toBe(true);
    expect(leansOnPrevious('ومن حضر الاجتماع؟')).toBe(true);
    expect(leansOnPrevious('من هو رئيس الأركان التركي الذي بحث مع نظيره الروسي وقف إطلاق النار؟')).toBe(false);
  });
});

describe('user hashes', () => {
  it('are salted sha256, stable across restarts, and the salt file is private', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'isnad-hash-'));
    tempDirs.push(dir);
    const hash = createUserHasher(path.join(dir, 'data'));
    const again = createUserHasher(path.join(dir, 'data'));
    expect(hash('123')).toMatch(/^[0-9a-f]{64}$/);
    expect(again('123')).toBe(hash('123'));
    expect(hash('124')).not.toBe(hash('123'));
    const otherInstall = mkdtempSync(path.join(tmpdir(), 'isnad-hash-'));
    tempDirs.push(otherInstall);
    expect(createUserHasher(otherInstall)('123')).not.toBe(hash('123'));
    const saltFile = path.join(dir, 'data', 'user-hash-salt');
    expect(readFileSync(saltFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(saltFile).mode & 0o077).toBe(0);
  });
});

describe('logger', () => {
  it('never writes the token, whether as a field or inside a message', () => {
    const token = 'MTIz.secret-token-value.xyz';
    let written = '';
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString('utf8');
        done();
      },
    });
    const log = createLogger({ level: 'info', secrets: [token], destination });
    log.info({ token, config: { discord: { token } }, headers: { authorization: `Bot ${token}` } }, 'settings');
    log.error({ err: new Error(`login failed for ${token}`) }, `could not use ${token}`);
    expect(written).not.toContain(token);
    expect(written).toContain('[redacted]');
    expect(written.trim().split('\n')).toHaveLength(2);
  });
});
