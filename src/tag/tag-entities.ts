import { emptyEntities } from '../model/entities.ts';
import type { CountryEntity, Entities, Mention, MentionField } from '../model/entities.ts';
import { computeDocContext, tagCountriesInContext } from './countries/index.ts';
import type { DocContext } from './countries/index.ts';
import type { KindContext } from './kind-context.ts';
import { indexCountries, splitWords } from './people/words.ts';
import type { Words } from './people/words.ts';
import { tagUnits } from './units/index.ts';
import { tagFigures } from './figures/index.ts';
import { tagPeople } from './people/index.ts';
import { tagOrganizations } from './organizations/index.ts';
import { tagDates } from './dates/index.ts';

/** Version of the tagging rules, recorded in each record's provenance. */
export const TAGGER_VERSION: string = '0.1.0-countries';

export interface TagOptions {
  published?: string | null;
  language?: string | null;
}

/** Per-kind context shared by the taggers of one record. */
interface TagContext {
  options: TagOptions;
  doc: DocContext;
}

/** The taggers that run after countries, in order, each filling its own array. */
const KIND_TAGGERS: ReadonlyArray<(text: string, into: Entities, ctx: KindContext) => void> = [
  (text, into, ctx) => {
    into.units = tagUnits(text, ctx);
  },
  (text, into, ctx) => {
    into.figures = tagFigures(text, ctx);
  },
  (text, into, ctx) => {
    into.people = tagPeople(text, ctx);
  },
  (text, into, ctx) => {
    into.organizations = tagOrganizations(text, ctx);
  },
  (text, into, ctx) => {
    into.dates = tagDates(text, ctx);
  },
];

/** Countries first (the others read them), then every other kind on one shared context. */
function runTaggers(text: string, ctx: TagContext): Entities {
  const out = emptyEntities();
  // Tokenized once: countries, units, people and organisations all read the same tokens and folded keys.
  let words: Words | undefined;
  try {
    words = splitWords(text);
    out.countries = tagCountriesInContext(text, ctx.options.language ?? null, ctx.doc, words);
  } catch {
    // A failing tagger leaves its kind empty; the others still run.
  }
  const kindCtx: KindContext = {
    countries: out.countries, published: ctx.options.published ?? null, language: ctx.options.language ?? null, words,
  };
  try {
    kindCtx.countryIndex = indexCountries(out.countries);
  } catch {
    // Taggers build it themselves when absent.
  }
  for (const tagger of KIND_TAGGERS) {
    try {
      tagger(text, out, kindCtx);
    } catch {
      // A failing tagger leaves its kind empty; the others still run.
    }
  }
  return out;
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** One text → Entities (mentions without `field`). Never throws, whatever the input. */
export function tagText(text: string, options?: TagOptions): Entities {
  try {
    const t = asText(text);
    return runTaggers(t, { options: options ?? {}, doc: computeDocContext([t]) });
  } catch {
    return emptyEntities();
  }
}

function withField<T extends { mentions: Mention[] }>(entities: T[], field: MentionField): T[] {
  return entities.map((e) => ({ ...e, mentions: e.mentions.map((m) => ({ ...m, field })) }));
}

/** Merges named entities (units, people, organisations) of both fields by name, title mentions first. */
function mergeByName<T extends { name: string; mentions: Mention[] }>(lists: T[][]): T[] {
  const byName = new Map<string, T>();
  const out: T[] = [];
  for (const list of lists) {
    for (const entity of list) {
      const seen = byName.get(entity.name);
      if (seen === undefined) {
        const copy = { ...entity, mentions: [...entity.mentions] };
        byName.set(entity.name, copy);
        out.push(copy);
      } else {
        seen.mentions.push(...entity.mentions);
      }
    }
  }
  return out;
}

/** Merges country entities by iso2 (or name for iso2 null), keeping first-mention order. */
function mergeCountries(lists: CountryEntity[][]): CountryEntity[] {
  const byKey = new Map<string, CountryEntity>();
  const out: CountryEntity[] = [];
  for (const list of lists) {
    for (const e of list) {
      const key = e.iso2 ?? `~${e.name}`;
      const seen = byKey.get(key);
      if (seen === undefined) {
        const copy = { ...e, mentions: [...e.mentions] };
        byKey.set(key, copy);
        out.push(copy);
      } else {
        seen.mentions.push(...e.mentions);
      }
    }
  }
  return out;
}

/**
 * Title and snippet of a record → merged Entities: mentions carry field 'title' | 'snippet', offsets into
 * that field; one CountryEntity per iso2 with the mentions from both fields (title mentions first).
 */
export function tagFields(fields: { title: string; snippet: string }, options?: TagOptions): Entities {
  try {
    const title = asText(fields?.title);
    const snippet = asText(fields?.snippet);
    const ctx: TagContext = { options: options ?? {}, doc: computeDocContext([title, snippet]) };
    const t = runTaggers(title, ctx);
    const s = runTaggers(snippet, ctx);
    const out = emptyEntities();
    out.countries = mergeCountries([withField(t.countries, 'title'), withField(s.countries, 'snippet')]);
    out.units = mergeByName([withField(t.units, 'title'), withField(s.units, 'snippet')]);
    out.people = mergeByName([withField(t.people, 'title'), withField(s.people, 'snippet')]);
    out.organizations = mergeByName([withField(t.organizations, 'title'), withField(s.organizations, 'snippet')]);
    out.figures = [...t.figures.map((f) => ({ ...f, field: 'title' as const })), ...s.figures.map((f) => ({ ...f, field: 'snippet' as const }))];
    out.dates = [...t.dates.map((d) => ({ ...d, field: 'title' as const })), ...s.dates.map((d) => ({ ...d, field: 'snippet' as const }))];
    return out;
  } catch {
    return emptyEntities();
  }
}
