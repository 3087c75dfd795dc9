export interface TestItem {
  guid: string;
  title: string;
  description: string;
  link?: string;
  pubDate?: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A small RSS 2.0 document. */
export function rssFeed(title: string, items: TestItem[]): string {
  const entries = items.map((item) => `
    <item>
      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.link ?? `https://${title.toLowerCase().replace(/\W+/g, '')}.example/${item.guid}`)}</link>
      <description>${escapeXml(item.description)}</description>
      <pubDate>${item.pubDate ?? 'Wed, 16 Oct 2024 10:00:00 GMT'}</pubDate>
    </item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://example.org/</link><description>test</description>${entries}
</channel></rss>`;
}
