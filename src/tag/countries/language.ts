const THREE_LETTER: Readonly<Record<string, string>> = {
  eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', ita: 'it', por: 'pt',
  nld: 'nl', dut: 'nl', pol: 'pl', rus: 'ru', ukr: 'uk',
};

/** Normalises a language tag ("fr-FR", "FRA", "deu") to ISO 639-1, or null. */
export function normalizeLanguage(language: unknown): string | null {
  if (typeof language !== 'string' || language === '') return null;
  const base = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (base.length === 2) return base;
  return THREE_LETTER[base] ?? null;
}
