import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../src/ingestion/decode.ts';
import { encodeLegacy } from '../helpers/http-server.ts';

const ARABIC = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا «في أنطاليا»';
const page = (meta: string) => `<html><head>${meta}<title>t</title></head><body><p>${ARABIC}</p></body></html>`;

describe('decodeHtml', () => {
  it('decodes windows-1256 and iso-8859-6 named by the HTTP header', () => {
    expect(decodeHtml(encodeLegacy(page(''), 'windows-1256'), 'text/html; charset=windows-1256')).toContain(ARABIC);
    expect(decodeHtml(encodeLegacy(page(''), 'iso-8859-6'), 'text/html; charset="ISO-8859-6"')).toContain('اجتمع رؤساء أركان');
  });

  it('falls back to <meta charset>, the http-equiv form, and <?xml encoding>', () => {
    expect(decodeHtml(encodeLegacy(page('<meta charset="windows-1256">'), 'windows-1256'), 'text/html')).toContain(ARABIC);
    const httpEquiv = page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">');
    expect(decodeHtml(encodeLegacy(httpEquiv, 'windows-1256'))).toContain(ARABIC);
    expect(
      decodeHtml(encodeLegacy(`<?xml version="1.0" encoding="windows-1256"?><rss><title>${ARABIC}</title></rss>`, 'windows-1256')),
    ).toContain(ARABIC);
  });

  it('puts the HTTP header before the page, and the page before the byte-order mark', () => {
    const bytes = encodeLegacy(page('<meta charset="utf-8">'), 'windows-1256');
    expect(decodeHtml(bytes, 'text/html; charset=windows-1256')).toContain(ARABIC);
    expect(decodeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page(''))]))).toContain(ARABIC);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page(''), 'utf16le')]);
    expect(decodeHtml(utf16)).toContain(ARABIC);
  });

  it('reads an unknown charset label as UTF-8', () => {
    expect(decodeHtml(Buffer.from(page('')), 'text/html; charset=x-no-such-thing')).toContain(ARABIC);
  });
});
