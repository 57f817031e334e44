import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, linkSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatFrontMatter, listCorpusFiles, parseFrontMatter, type ArticleMetadata } from '../corpus/index.ts';
import { normalizeUrl } from './metadata.ts';

export interface NewArticle {
  metadata: ArticleMetadata;
  /** The article's text, without front matter. */
  text: string;
}

export type WriteOutcome = { status: 'added'; file: string } | { status: 'duplicate'; file: string; by: 'url' | 'text' };

/** The longest article text added, in characters (about 2 MB of Arabic; news articles are a few thousand). */
export const MAX_ARTICLE_CHARS = 1_000_000;
/** Characters of the title kept in a file name. */
const SLUG_LENGTH = 60;
/** UTF-8 bytes of the title kept in a file name: with the date and a hash the name stays far below 255 bytes. */
const SLUG_BYTES = 150;

/**
 * Writes articles into the corpus folder, one `.txt` with front matter each, and refuses an article
 * the folder already holds: the same normalised url, or the same text (whitespace aside). What is
 * there is learned from the folder itself, so deleting a file lets its article be added again.
 */
export class CorpusWriter {
  private constructor(
    readonly corpusDir: string,
    private readonly byUrl: Map<string, string>,
    private readonly byText: Map<string, string>,
    private readonly names: Set<string>,
  ) {}

  static async open(corpusDir: string): Promise<CorpusWriter> {
    await mkdir(corpusDir, { recursive: true });
    const byUrl = new Map<string, string>();
    const byText = new Map<string, string>();
    const names = new Set<string>();
    for (const id of await listCorpusFiles(corpusDir)) {
      names.add(id.toLowerCase());
      let text: string;
      try {
        text = await readFile(path.join(corpusDir, ...id.split('/')), 'utf8');
      } catch {
        continue; // reported by the indexer, which reads the folder next
      }
      let body = text;
      try {
        const front = parseFrontMatter(text);
        if (front) {
          body = text.slice(front.bodyStart);
          const url = normalizeUrl(front.metadata.url);
          if (url) byUrl.set(url, id);
        }
      } catch {
        // A file with broken front matter still counts by its text.
      }
      byText.set(textKey(body), id);
    }
    return new CorpusWriter(corpusDir, byUrl, byText, names);
  }

  /** The corpus file already holding the article at this address, if any. */
  fileForUrl(url: string | undefined): string | undefined {
    const key = normalizeUrl(url);
    return key === undefined ? undefined : this.byUrl.get(key);
  }

  /**
   * Adds the article unless the corpus holds it. Synchronous on purpose: a small file written and
   * linked directly costs less than the thread-pool round trips of the asynchronous calls (2.9 ms
   * against 4.4 ms a file on this machine under load), and no two writes of this process can
   * interleave. Other processes writing to the same folder (another `isnad add`, the bot's feed
   * round) never lose a file to this one, nor this one to them: a name taken meanwhile is skipped.
   */
  write(article: NewArticle): WriteOutcome {
    if (article.text.length > MAX_ARTICLE_CHARS) {
      throw new Error(
        `article of ${article.text.length.toLocaleString('en')} characters, longer than the ${MAX_ARTICLE_CHARS.toLocaleString('en')} an article may have — not added`,
      );
    }
    const url = normalizeUrl(article.metadata.url);
    const byUrl = url === undefined ? undefined : this.byUrl.get(url);
    if (byUrl) return { status: 'duplicate', file: byUrl, by: 'url' };
    const key = textKey(article.text);
    const byText = this.byText.get(key);
    if (byText) return { status: 'duplicate', file: byText, by: 'text' };

    const body = article.text.trim();
    // A text that opens with its own `---` block must not become the file's front matter.
    const front = formatFrontMatter(article.metadata) || (/^---/.test(body) ? '---\n---\n' : '');
    const content = `${front}${body}\n`;
    for (const file of this.namesFor(article, key)) {
      if (this.names.has(file.toLowerCase())) continue;
      this.names.add(file.toLowerCase());
      if (!createIfAbsent(this.corpusDir, file, content)) {
        // Another writer (another isnad process) took the name since this one listed the folder.
        if (file.includes(key)) return { status: 'duplicate', file, by: 'text' };
        continue;
      }
      this.byText.set(key, file);
      if (url) this.byUrl.set(url, file);
      return { status: 'added', file };
    }
    throw new Error('no free file name'); // unreachable: the last name holds the whole text hash
  }

  /** `<date>-<title words>.txt`, then with more and more of the text's hash: the last one names the text itself. */
  private namesFor(article: NewArticle, key: string): string[] {
    const date = article.metadata.published?.slice(0, 10) ?? 'undated';
    const words = slug(article.metadata.title ?? article.text.trimStart().split('\n', 1)[0] ?? '');
    const base = words ? `${date}-${words}` : date;
    return [`${base}.txt`, `${base}-${key.slice(0, 8)}.txt`, `${base}-${key.slice(0, 16)}.txt`, `${base}-${key}.txt`];
  }
}

/**
 * Writes `content` as `dir/file` only if no file of that name exists, in one step another process
 * cannot come between: the content goes to a hidden temporary file (the corpus reader skips dot
 * files; never a half article), which is then hard-linked to its name (fails when the name exists,
 * where a rename would replace the other writer's file). False when the name was taken.
 */
function createIfAbsent(dir: string, file: string, content: string): boolean {
  const temporary = path.join(dir, `.isnad-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const target = path.join(dir, file);
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
    try {
      linkSync(temporary, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      // A file system without hard links: an exclusive copy, still never over another file.
      copyFileSync(temporary, target, constants.COPYFILE_EXCL);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Letters and digits of any script joined by '-', short enough for any file system (in characters and in bytes). */
export function slug(title: string): string {
  const words = title.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const fits = (s: string) => [...s].length <= SLUG_LENGTH && Buffer.byteLength(s) <= SLUG_BYTES;
  let out = '';
  for (const word of words) {
    const next = out ? `${out}-${word}` : word;
    if (!fits(next)) break;
    out = next;
  }
  if (out) return out;
  for (const char of words[0] ?? '') {
    if (!fits(out + char)) break;
    out += char;
  }
  return out;
}

function textKey(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim(), 'utf8').digest('hex');
}
