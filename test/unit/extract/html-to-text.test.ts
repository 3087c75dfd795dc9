import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/extract/html-to-text.ts';

describe('htmlToText', () => {
  it.each([
    ['nested blocks', '<div><div><p>deep</p></div>tail</div>', 'deep tail'],
    ['headings and body', '<h1>Title</h1><h2>Sub</h2>Body', 'Title Sub Body'],
    ['paragraphs never glue words', 'end.<p>Next', 'end. Next'],
    ['unclosed paragraphs', '<p>One<p>Two', 'One Two'],
    ['br in all spellings', 'A<br/>B<br>C<BR >D', 'A B C D'],
    ['lists', '<ul><li>one</li><li>two</li></ul><ol><li>three</li></ol>', 'one two three'],
    ['table cells and rows', '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b c'],
    ['blockquote, section, article', '<p>x</p><blockquote>quote</blockquote><section>sec</section><article>art</article>', 'x quote sec art'],
    ['inline elements keep words whole', '<b>Hel</b>lo <i>wor</i>ld <a href="x">link</a>s', 'Hello world links'],
    ['scripts and styles dropped', '<div>x<script>alert(1)</script><style>p{color:red}</style>y</div>', 'xy'],
    ['non-content elements dropped', '<noscript>no</noscript><iframe src=x>if</iframe><svg><text>s</text></svg><form><input>f</form>ok', 'ok'],
    ['figure and caption dropped', '<figure><img src="a.jpg"><figcaption>Photo: AP</figcaption></figure>Body text', 'Body text'],
    ['comments dropped', '<!-- comment -->text', 'text'],
    ['named and numeric entities', 'Tom &amp; Jerry &lt;3 &quot;hi&quot; &#8220;q&#8221; &#x2014; &hellip;', 'Tom & Jerry <3 "hi" “q” — …'],
    ['nbsp collapses with spaces', 'a&nbsp; &nbsp;b', 'a b'],
    ['bare ampersand kept', 'AT&T & co', 'AT&T & co'],
    ['broken markup', '<p>a</p >b</div></span>c', 'a bc'],
    ['unclosed tag at the end', '<p>unclosed <b>bold', 'unclosed bold'],
    ['stray angle brackets', 'x < y and y > z', 'x < y and y > z'],
    ['double-escaped markup', 'a &lt;p&gt;escaped&lt;/p&gt; b', 'a escaped b'],
    ['double-escaped script is dropped', '&lt;script&gt;alert(1)&lt;/script&gt;safe', 'safe'],
    ['whitespace collapsed', '  line1\n\n  line2\t\tline3  ', 'line1 line2 line3'],
    ['soft hyphen and zero-width space removed', 'soft\u00adhyphen zero\u200bwidth', 'softhyphen zerowidth'],
    ['empty input', '', ''],
    ['only markup', '<img src="x.jpg"><br>', ''],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it.each([
    'Ukraine says North Korean military engineers have been sent to Russia.',
    'Le président a été reçu à l’Élysée.',
    'Привет, мир. こんにちは 😀',
  ])('passes plain text through unchanged: %s', (text) => {
    expect(htmlToText(text)).toBe(text);
  });

  it('returns NFC', () => {
    const decomposed = 'cafe\u0301';
    const out = htmlToText(`<p>${decomposed}</p>`);
    expect(out).toBe('caf\u00e9');
    expect(htmlToText(decomposed)).toBe('caf\u00e9');
  });

  it('survives deeply nested markup', () => {
    const html = '<b>'.repeat(20_000) + 'deep' + '</b>'.repeat(20_000);
    expect(htmlToText(html)).toBe('deep');
  });
});
