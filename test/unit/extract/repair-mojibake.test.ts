import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../../src/extract/repair-mojibake.ts';

/** What a browser shows for UTF-8 bytes read as windows-1252 (undefined bytes become C1 controls). */
function asWindows1252(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (const byte of bytes) {
    const ch = iconv.decode(Buffer.from([byte]), 'windows1252');
    out += ch === '\ufffd' ? String.fromCharCode(byte) : ch;
  }
  return out;
}

describe('repairMojibake', () => {
  it.each([
    ['’ via windows-1252', 'itâ€™s', 'it’s'],
    ['— via windows-1252', 'war â€” and peace', 'war — and peace'],
    ['“ and ” via windows-1252', 'â€œquoteâ€\u009d', '“quote”'],
    ['é', 'cafÃ©', 'café'],
    ['ü', 'MÃ¼nchen', 'München'],
    ['nbsp kept as nbsp', 'price\u00c2\u00a05', 'price\u00a05'],
    ['Â before a plain space', 'priceÂ 5', 'price 5'],
    ['— via windows-874', 'aโ€”b', 'a—b'],
    ['’ via windows-874 with a windows-1252 fallback', 'itโ€™s', 'it’s'],
    ['Cyrillic via windows-1252', 'Ð¡Ð¸Ð»Ñ‹', 'Силы'],
    ['degraded em dash', 'North Koreaโa reminder', 'North Korea—a reminder'],
    ['degraded apostrophe (possessive)', 'the worldโs largest', 'the world’s largest'],
    ['degraded apostrophe (contractions)', 'donโt weโre Iโm theyโve sheโd weโll', 'don’t we’re I’m they’ve she’d we’ll'],
    ['degraded dash before a longer word', 'Northโsouth', 'North—south'],
    ['double mojibake', 'itÃ¢â‚¬â„¢s', 'it’s'],
    ['emoji', 'ðŸ˜€ ok', '😀 ok'],
    ['Japanese', 'æ—¥æœ¬', '日本'],
    ['Turkish dotted I', 'Ä°stanbul', 'İstanbul'],
    ['capital É', 'Ã‰tÃ©', 'Été'],
    ['à before a plain space', 'voilÃ  tout', 'voilà tout'],
  ])('%s', (_name, broken, expected) => {
    expect(repairMojibake(broken)).toBe(expected);
  });

  it('repairs the degraded line from the example document', () => {
    const line = 'with both Russia and North Koreaโa reminder of the delicate balance of power in global politics. '
      + 'Meanwhile, did you know that North Korea also boasts the worldโs largest stadium?';
    expect(repairMojibake(line)).toBe(
      'with both Russia and North Korea—a reminder of the delicate balance of power in global politics. '
      + 'Meanwhile, did you know that North Korea also boasts the world’s largest stadium?',
    );
  });

  const correct = [
    ['French', 'Le président a été reçu à l’Élysée : « non », a-t-il dit. Ça suffit !'],
    ['French caps with guillemets', '« CAFÉ » et «CAFÉ»'],
    ['German', 'Größe, Straße, Übermut – „Fuß“ und „Maß“.'],
    ['Spanish', '¿Dónde está España? ¡Año nuevo!'],
    ['Portuguese', 'SÃO PAULO e AMANHÃ — São Paulo, amanhã.'],
    ['Polish', 'Zażółć gęślą jaźń.'],
    ['Russian', 'Силы обороны Украины заявили… «Нет».'],
    ['Greek', 'Αθήνα, Ελλάδα.'],
    ['Thai', 'โรงเรียน สวัสดี… ร” ภาษาไทย'],
    ['Thai next to Latin', 'Bangkok โรงเรียน Aโรง'],
    ['Japanese', '日本の首相は「はい」と言った。'],
    ['emoji', 'Great news 😀👍🏽 👩‍👩‍👧'],
    ['symbols', '© 2024, 25 °C, ±5%, ½ cup, €10, £5, ¥100'],
  ];
  it.each(correct)('leaves correct %s text unchanged', (_name, text) => {
    expect(repairMojibake(text)).toBe(text);
  });

  it.each(correct.filter(([name]) => name !== 'Thai next to Latin'))('undoes windows-1252 mojibake of %s text', (_name, text) => {
    expect(repairMojibake(asWindows1252(text))).toBe(text);
  });

  it('returns the same string object for clean text (fast path)', () => {
    const text = 'Ukraine says North Korean military engineers have been sent to Russia.';
    expect(repairMojibake(text)).toBe(text);
  });
});
