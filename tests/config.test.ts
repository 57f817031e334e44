import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, folderWriteProblem, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults with an empty environment, paths resolved against the root', () => {
    const c = loadConfig({}, '/srv/isnad');
    expect(c.corpusDir).toBe(path.resolve('/srv/isnad/corpus'));
    expect(c.modelsDir).toBe(path.resolve('/srv/isnad/embeddings/models'));
    expect(c.embedder).toBe('auto');
    expect(c.allowRemoteModels).toBe(true);
    expect(c.discord.token).toBeUndefined();
    expect(c.discord.apiBase).toBe('https://discord.com/api');
    expect(c.discord.allowedChannelIds).toEqual([]);
    expect(c.discord.language).toBe('auto');
  });

  it('reads and converts values', () => {
    const c = loadConfig({
      EMBEDDER: 'builtin',
      ALLOW_REMOTE_MODELS: 'false',
      CHUNK_MAX_CHARS: '800',
      LEXICAL_WEIGHT: '0.5',
      ALLOWED_CHANNEL_IDS: '123456789012345678, 223456789012345678',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api/',
      BOT_LANGUAGE: 'en',
    });
    expect(c.embedder).toBe('builtin');
    expect(c.allowRemoteModels).toBe(false);
    expect(c.chunkMaxChars).toBe(800);
    expect(c.lexicalWeight).toBe(0.5);
    expect(c.discord.allowedChannelIds).toEqual(['123456789012345678', '223456789012345678']);
    expect(c.discord.apiBase).toBe('http://127.0.0.1:9999/api');
    expect(c.discord.language).toBe('en');
  });

  it('reads the internal networks fetches may reach, none by default, and rejects one that is not a network', () => {
    expect(loadConfig({}).fetchAllowNetworks).toEqual([]);
    expect(loadConfig({ FETCH_ALLOW_NETWORKS: ' 10.20.0.0/16, 127.0.0.1 ,fd00::/8' }).fetchAllowNetworks).toEqual([
      '10.20.0.0/16',
      '127.0.0.1',
      'fd00::/8',
    ]);
    for (const bad of ['10.0.0.0/33', 'intranet.local', '10.0.0.0/8/1']) {
      expect(() => loadConfig({ FETCH_ALLOW_NETWORKS: bad })).toThrow(
        new RegExp(`FETCH_ALLOW_NETWORKS must be networks such as .*, not ${bad}`),
      );
    }
  });

  it('reads SHARDS as auto or a number of shard processes, 1 by default, and names anything else', () => {
    expect(loadConfig({}).shards).toBe(1);
    expect(loadConfig({}).shard).toBeUndefined();
    expect(loadConfig({ SHARDS: 'auto' }).shards).toBe('auto');
    expect(loadConfig({ SHARDS: ' 4 ' }).shards).toBe(4);
    for (const bad of ['0', '-2', '2.5', '1e1', 'two', 'AUTO', '70000']) {
      expect(() => loadConfig({ SHARDS: bad })).toThrow(
        new RegExp(`SHARDS must be auto or a whole number of shards from 1 to 65535, got ${bad.replace('.', '\\.')}`),
      );
    }
  });

  it('in a shard process the ShardingManager spawned, SHARDS is the shard id and SHARD_COUNT the count', () => {
    const c = loadConfig({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' });
    expect(c.shard).toEqual({ id: 1, count: 2 });
    expect(c.shards).toBe(2);
    // Shard 0 is not "SHARDS=0 is invalid": the manager's variables are read as the manager writes them.
    expect(loadConfig({ SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' }).shard).toEqual({ id: 0, count: 2 });
    expect(() => loadConfig({ SHARDING_MANAGER: 'true', SHARDS: 'x', SHARD_COUNT: '2' })).toThrow(/SHARD_ID must be a whole number/);
  });

  it('treats blank values (as .env.example leaves them) as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ' }).discord.guildId).toBeUndefined();
  });

  it.each([
    ['EMBEDDER', 'fasttext'],
    ['CHUNK_MAX_CHARS', 'big'],
    ['LEXICAL_WEIGHT', '2'],
    ['ALLOW_REMOTE_MODELS', 'maybe'],
    ['ALLOWED_CHANNEL_IDS', 'general'],
    ['DISCORD_API_BASE', 'not a url'],
    ['HNSW_M', '0'],
    ['BOT_LANGUAGE', 'fr'],
  ])('names the bad variable %s=%s in a ConfigError', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it.each([
    ['HNSW_M', '100000', 'HNSW_M must be a whole number from 4 to 96, got 100000'],
    ['HNSW_M', '-1', 'HNSW_M must be a whole number from 4 to 96, got -1'],
    ['HNSW_M', '0x10', 'HNSW_M must be a whole number from 4 to 96, got 0x10'],
    ['HNSW_M', '1e1', 'HNSW_M must be a whole number from 4 to 96, got 1e1'],
    ['HNSW_M', '16.5', 'HNSW_M must be a whole number from 4 to 96, got 16.5'],
    ['CHUNK_MAX_CHARS', '0', 'CHUNK_MAX_CHARS must be a whole number from 100 to 4000, got 0'],
    ['CHUNK_MAX_CHARS', '1000000000', 'CHUNK_MAX_CHARS must be a whole number from 100 to 4000, got 1000000000'],
    ['INDEX_MAX_REMOVED_SHARE', '2', 'INDEX_MAX_REMOVED_SHARE must be a number from 0 to 1, got 2'],
  ])('%s=%s: the message names the allowed range (%s)', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('accepts integers in decimal digits, with spaces around', () => {
    expect(loadConfig({ HNSW_M: ' 32 ' }).hnsw.m).toBe(32);
    expect(loadConfig({ INDEX_MAX_REMOVED_SHARE: '0.25' }).indexMaxRemovedShare).toBe(0.25);
  });

  it('finds no problem with a folder that can be made (read-only ones: tests/store/read-only.test.ts)', () => {
    expect(folderWriteProblem(os.tmpdir())).toBeUndefined();
    expect(folderWriteProblem(path.join(os.tmpdir(), 'not', 'yet', 'there'))).toBeUndefined();
  });

  it('never puts the token in an error message', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret.value';
    try {
      loadConfig({ DISCORD_TOKEN: token, EMBEDDER: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(token);
    }
  });
});
