import type { CountryEntity } from '../model/entities.ts';
import type { CountryIndex, Words } from './people/words.ts';

/** What every per-kind tagger gets besides its text. */
export interface KindContext {
  /** Countries already found in this same text (offsets into it), for units' and figures' country. */
  countries: CountryEntity[];
  /** The item's publication date (ISO 8601), to resolve dates without a year. */
  published: string | null;
  /** Primary language subtag when known ("en", "ru" ...). */
  language: string | null;
  /** The text's word tokens, shared so it is tokenized once for all kinds (absent: each tagger splits it). */
  words?: Words;
  /** `countries` indexed by offsets, built once per text (absent: built from `countries` on demand). */
  countryIndex?: CountryIndex;
}
