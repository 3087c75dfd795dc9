import { CIVILIAN_NOUNS, PERSON_NOUNS } from '../tag/figures/lexicon.ts';

/*
 * Who a report is about, coarsely: armed personnel or civilians. "North Korean troops sent to Russia"
 * and "North Korean workers sent to Russia" are two events; the figures tagger's head-noun lexicons
 * decide the class, minus nouns that are mostly attribution or either side ("officials said", "crew").
 */
export const MILITARY_ACTOR = 1;
export const CIVILIAN_ACTOR = 2;

const NOT_MILITARY = new Set(['crew', 'crews', 'crewmen', 'pilot', 'pilots', 'operators', 'specialists', 'agents', 'police', 'policemen', 'guards', 'volunteers', 'veterans', 'officers', 'officer', 'generals', 'commanders', 'force', 'army', 'suspects', 'attackers', 'defenders']);
const NOT_CIVILIAN = new Set(['people', 'person', 'persons', 'officials', 'members', 'member', 'staff', 'individuals', 'men', 'man', 'women', 'woman', 'lawmakers', 'delegates', 'diplomats', 'journalists', 'reporters', 'doctors', 'nurses', 'employees', 'contractors', 'suspects', 'survivors', 'families', 'adults', 'nationals', 'citizens']);

const ACTOR_CLASS: ReadonlyMap<string, number> = new Map([
  ...[...CIVILIAN_NOUNS].filter((w) => !NOT_CIVILIAN.has(w)).map((w) => [w, CIVILIAN_ACTOR] as const),
  ...[...PERSON_NOUNS].filter((w) => !NOT_MILITARY.has(w)).map((w) => [w, MILITARY_ACTOR] as const),
]);

/** Every actor word and its class (signature.ts indexes them by word hash). */
export function actorWords(): ReadonlyMap<string, number> {
  return ACTOR_CLASS;
}

/** Actor class bit of one normalized word (0 when it names no actor). */
export function actorClassOf(word: string): number {
  return ACTOR_CLASS.get(word) ?? 0;
}

/** Two actor-class sets that are both known and share no class describe different events. */
export function actorsConflict(a: number, b: number): boolean {
  return a !== 0 && b !== 0 && (a & b) === 0;
}
