import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/fetch/decode-charset.ts';

const latin1Decl = (body: string): Buffer => iconv.encode(`<?xml version="1.0" encoding="iso-8859-1"?><rss>${body}</rss>`, 'latin1');

describe('decodeBody charset precedence (RFC 3023 as feedparser applies it)', () => {
  it.each([
    { name: 'text/xml without charset is us-ascii', bytes: latin1Decl('plain'), type: 'text/xml', label: 'us-ascii', warning: false },
    { name: 'text/rss+xml without charset is us-ascii', bytes: latin1Decl('plain'), type: 'text/rss+xml', label: 'us-ascii', warning: false },
    { name: 'application/xml falls back to the declaration', bytes: latin1Decl('plain'), type: 'application/xml', label: 'iso-8859-1', warning: false },
    { name: 'application/atom+xml falls back to the declaration', bytes: latin1Decl('caf\u00e9'), type: 'application/atom+xml', label: 'iso-8859-1', warning: false },
    { name: 'no declaration and application/xml is utf-8', bytes: Buffer.from('<rss>x</rss>'), type: 'application/xml', label: 'utf-8', warning: false },
    { name: 'header charset beats the declaration', bytes: latin1Decl('plain'), type: 'application/xml; charset="us-ascii"', label: 'us-ascii', warning: false },
    { name: 'text/xml with non-ASCII bytes uses the declaration and warns', bytes: latin1Decl('caf\u00e9'), type: 'text/xml', label: 'iso-8859-1', warning: true },
    { name: 'text/plain is not an XML type', bytes: Buffer.from('<rss>x</rss>'), type: 'text/plain; charset=utf-8', label: 'utf-8', warning: true },
    { name: 'bogus declared encoding warns', bytes: Buffer.from('<?xml version="1.0" encoding="bogus"?><rss/>'), type: null, label: 'utf-8', warning: true },
    { name: 'gb2312 header keeps its label', bytes: iconv.encode('<rss>\u4e2d\u6587</rss>', 'gbk'), type: 'application/atom+xml; charset=gb2312', label: 'gb2312', warning: false },
  ])('$name', ({ bytes, type, label, warning }) => {
    const decoded = decodeBody(bytes, type);
    expect(decoded.label).toBe(label);
    expect(decoded.warning !== null).toBe(warning);
  });

  it('decodes the declaration charset when text/xml bytes are not ASCII', () => {
    expect(decodeBody(latin1Decl('caf\u00e9'), 'text/xml').text).toContain('caf\u00e9');
  });

  it('re-decodes invalid UTF-8 declared as UTF-8 and says so', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="utf-8"?><rss>\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440, \u0432\u043e\u0439\u0441\u043a\u0430</rss>', 'windows-1251');
    const decoded = decodeBody(bytes, null);
    expect(decoded.warning).toMatch(/not valid UTF-8/);
    expect(decoded.text).toContain('\u041f\u0440\u0438\u0432\u0435\u0442');
  });

  it('guesses EUC-KR for undeclared Korean bytes', () => {
    const decoded = decodeBody(iconv.encode('<rss><title>\ud55c\uae00 \ub2c9\ub124\uc784 \ud45c\uc2dc\ud558\uae30</title></rss>', 'euc-kr'), null);
    expect(decoded.label).toBe('euc-kr');
    expect(decoded.text).toContain('\ud55c\uae00');
  });

  it('flags invalid bytes after a UTF-8 BOM', () => {
    const decoded = decodeBody(Buffer.from([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), null);
    expect(decoded.source).toBe('bom');
    expect(decoded.warning).not.toBeNull();
  });
});
