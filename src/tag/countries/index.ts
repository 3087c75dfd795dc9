import type { CountryEntity } from '../../model/entities.ts';
import { computeDocContext } from './doc-context.ts';
import type { DocContext } from './doc-context.ts';
import { normalizeLanguage } from './language.ts';
import { scanCountries } from './scan.ts';
import type { SharedTokens } from './scan.ts';

export { computeDocContext, normalizeLanguage };
export type { DocContext };

/** Finds country mentions in one text; UTF-16 offsets, text === source.slice(start,end). Never throws. */
export function tagCountries(text: string, options?: { language?: string | null }): CountryEntity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return scanCountries(text, normalizeLanguage(options?.language), computeDocContext([text]));
  } catch {
    return [];
  }
}

/** Like tagCountries, with document cues computed over several fields (title and snippet). */
export function tagCountriesInContext(text: string, language: string | null, ctx: DocContext, shared?: SharedTokens): CountryEntity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return scanCountries(text, normalizeLanguage(language), ctx, shared);
  } catch {
    return [];
  }
}
