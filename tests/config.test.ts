import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

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
