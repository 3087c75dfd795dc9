#!/usr/bin/env node
// Re-encodes a sample feed between charsets, refusing lossy conversions, so the
// legacy-charset demo feeds (windows-1251, ISO-8859-1) can be edited as UTF-8:
//   node demo/tools/recode-feed.mjs demo/feeds/stepnoy-kurier.xml /tmp/sk.xml windows-1251 utf-8
//   (edit /tmp/sk.xml)
//   node demo/tools/recode-feed.mjs /tmp/sk.xml demo/feeds/stepnoy-kurier.xml utf-8 windows-1251
import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

const [input, output, fromEncoding, toEncoding] = process.argv.slice(2);
if (!input || !output || !fromEncoding || !toEncoding) {
  console.error('usage: recode-feed.mjs <input> <output> <from-encoding> <to-encoding>');
  process.exit(2);
}
for (const enc of [fromEncoding, toEncoding]) {
  if (!iconv.encodingExists(enc)) {
    console.error(`unknown encoding: ${enc}`);
    process.exit(2);
  }
}
const text = iconv.decode(readFileSync(input), fromEncoding);
const bytes = iconv.encode(text, toEncoding);
// iconv-lite substitutes '?' for unmappable characters; a round trip exposes that.
if (iconv.decode(bytes, toEncoding) !== text) {
  console.error(`text contains characters that ${toEncoding} cannot represent`);
  process.exit(1);
}
writeFileSync(output, bytes);
console.log(`wrote ${output} (${bytes.length} bytes, ${toEncoding})`);
