import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/fetch/decode-charset.ts';

const RUSSIAN = 'Привет, мир: войска КНДР';
const utf16le = (text: string): Buffer => Buffer.from(text, 'utf16le');
const utf16be = (text: string): Buffer => iconv.encode(text, 'utf-16be');

describe('decodeBody', () => {
  it.each([
    {
      name: 'UTF-8 BOM beats a contradicting header',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<rss>${RUSSIAN}</rss>`)]),
      contentType: 'text/xml; charset=windows-1251',
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'utf-8', source: 'bom' },
    },
    {
      name: 'UTF-16LE with BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(`<rss>${RUSSIAN}</rss>`)]),
      contentType: null,
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'utf-16le', source: 'bom' },
    },
    {
      name: 'UTF-16BE with BOM',
      bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`<rss>${RUSSIAN}</rss>`)]),
      contentType: 'application/rss+xml',
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'utf-16be', source: 'bom' },
    },
    {
      name: 'UTF-32LE with BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), iconv.encode('<rss>ok</rss>', 'utf-32le')]),
      contentType: null,
      expected: { text: '<rss>ok</rss>', encoding: 'utf-32le', source: 'bom' },
    },
    {
      name: 'UTF-16LE without BOM, declared in the XML declaration',
      bytes: utf16le(`<?xml version="1.0" encoding="UTF-16"?><rss>${RUSSIAN}</rss>`),
      contentType: null,
      expected: { text: `<?xml version="1.0" encoding="UTF-16"?><rss>${RUSSIAN}</rss>`, encoding: 'utf-16le', source: 'xml-declaration' },
    },
    {
      name: 'UTF-16BE without BOM or declaration (NUL pattern)',
      bytes: utf16be(`<rss>${RUSSIAN}</rss>`),
      contentType: null,
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'utf-16be', source: 'default' },
    },
    {
      name: 'a utf-8 header on UTF-16LE bytes is impossible and ignored',
      bytes: utf16le(`<?xml version="1.0" encoding="utf-16"?><rss>${RUSSIAN}</rss>`),
      contentType: 'text/xml; charset=utf-8',
      expected: { text: `<?xml version="1.0" encoding="utf-16"?><rss>${RUSSIAN}</rss>`, encoding: 'utf-16le', source: 'xml-declaration' },
    },
    {
      name: 'endianness-free utf-16 header resolved from the bytes',
      bytes: utf16be(`<rss>${RUSSIAN}</rss>`),
      contentType: 'text/xml; charset=UTF-16',
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'utf-16be', source: 'header' },
    },
    {
      name: 'windows-1251 via the header',
      bytes: iconv.encode(`<rss>${RUSSIAN}</rss>`, 'windows-1251'),
      contentType: 'application/rss+xml; charset=windows-1251',
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'windows-1251', source: 'header' },
    },
    {
      name: 'quoted, upper-case header charset',
      bytes: iconv.encode(`<rss>${RUSSIAN}</rss>`, 'koi8-r'),
      contentType: 'text/xml;charset="KOI8-R"',
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'koi8-r', source: 'header' },
    },
    {
      name: 'koi8-r via the XML declaration',
      bytes: iconv.encode(`<?xml version="1.0" encoding="KOI8-R"?>\n<rss>${RUSSIAN}</rss>`, 'koi8-r'),
      contentType: 'application/xml',
      expected: { text: `<?xml version="1.0" encoding="KOI8-R"?>\n<rss>${RUSSIAN}</rss>`, encoding: 'koi8-r', source: 'xml-declaration' },
    },
    {
      name: 'header beats the XML declaration',
      bytes: iconv.encode(`<?xml version="1.0" encoding="koi8-r"?><rss>${RUSSIAN}</rss>`, 'windows-1251'),
      contentType: 'text/xml; charset=windows-1251',
      expected: { text: `<?xml version="1.0" encoding="koi8-r"?><rss>${RUSSIAN}</rss>`, encoding: 'windows-1251', source: 'header' },
    },
    {
      name: 'bogus header charset falls back to the declaration',
      bytes: iconv.encode(`<?xml version='1.0' encoding='windows-1251'?><rss>${RUSSIAN}</rss>`, 'windows-1251'),
      contentType: 'text/xml; charset=no-such-charset-x',
      expected: { text: `<?xml version='1.0' encoding='windows-1251'?><rss>${RUSSIAN}</rss>`, encoding: 'windows-1251', source: 'xml-declaration' },
    },
    {
      name: 'bogus header and bogus declaration fall back to UTF-8',
      bytes: Buffer.from(`<?xml version="1.0" encoding="klingon"?><rss>${RUSSIAN}</rss>`),
      contentType: 'text/xml; charset=bogus',
      expected: { text: `<?xml version="1.0" encoding="klingon"?><rss>${RUSSIAN}</rss>`, encoding: 'utf-8', source: 'default' },
    },
    {
      name: 'HTML meta charset',
      bytes: iconv.encode(`<!DOCTYPE html><html><head><meta charset="windows-1251"><title>${RUSSIAN}</title>`, 'windows-1251'),
      contentType: 'text/html',
      expected: { text: `<!DOCTYPE html><html><head><meta charset="windows-1251"><title>${RUSSIAN}</title>`, encoding: 'windows-1251', source: 'meta' },
    },
    {
      name: 'HTML meta http-equiv content charset',
      bytes: iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>${RUSSIAN}`, 'koi8-r'),
      contentType: null,
      expected: { text: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>${RUSSIAN}`, encoding: 'koi8-r', source: 'meta' },
    },
    {
      name: 'iso-8859-1 decodes as windows-1252 (smart quotes survive)',
      bytes: Buffer.from([0x3c, 0x61, 0x3e, 0x93, 0x68, 0x69, 0x94, 0xe9]),
      contentType: 'text/xml; charset=ISO-8859-1',
      expected: { text: '<a>\u201chi\u201d\u00e9', encoding: 'windows-1252', source: 'header' },
    },
    {
      name: 'utf-7 and base64 labels are refused',
      bytes: Buffer.from('<rss>+ADw-x</rss>'),
      contentType: 'text/xml; charset=utf-7',
      expected: { text: '<rss>+ADw-x</rss>', encoding: 'utf-8', source: 'default' },
    },
    {
      name: 'a wide encoding declared in ASCII bytes is ignored',
      bytes: Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss>é</rss>'),
      contentType: null,
      expected: { text: '<?xml version="1.0" encoding="UTF-16"?><rss>é</rss>', encoding: 'utf-8', source: 'default' },
    },
    {
      name: 'no information at all: UTF-8',
      bytes: Buffer.from(`<rss>${RUSSIAN}</rss>`),
      contentType: null,
      expected: { text: `<rss>${RUSSIAN}</rss>`, encoding: 'utf-8', source: 'default' },
    },
    {
      name: 'empty body',
      bytes: new Uint8Array(0),
      contentType: 'text/xml; charset=utf-8',
      expected: { text: '', encoding: 'utf-8', source: 'header' },
    },
  ])('$name', ({ bytes, contentType, expected }) => {
    expect(decodeBody(bytes, contentType)).toMatchObject(expected);
  });

  it('accepts a plain Uint8Array view into a larger buffer', () => {
    const backing = Buffer.from(`xxxx<rss>${RUSSIAN}</rss>`);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.byteLength - 4);
    expect(decodeBody(view, null).text).toBe(`<rss>${RUSSIAN}</rss>`);
  });

  it('never throws on arbitrary bytes and charset labels', () => {
    const labels = [null, '', 'text/xml; charset=', 'text/xml; charset=hex', 'x; charset=utf-32', ';charset=\u0000', 'charset=utf-16'];
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: i % 17 }, (_, j) => (i * 31 + j * 7) % 256));
      for (const label of labels) expect(() => decodeBody(bytes, label)).not.toThrow();
    }
  });
});
