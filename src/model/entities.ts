/** Which record field a mention's offsets refer to (left out where there is one text). */
export type MentionField = 'title' | 'snippet';

/** A located piece of text: `source.slice(start, end) === text` (UTF-16 offsets). */
export interface Mention {
  text: string;
  start: number;
  end: number;
  field?: MentionField;
}

export type CountryMentionKind = 'name' | 'demonym' | 'alias' | 'capital';

export interface CountryMention extends Mention {
  kind: CountryMentionKind;
}

export interface CountryEntity {
  /** ISO 3166-1 alpha-2, or null for states that no longer exist ("Soviet"). */
  iso2: string | null;
  name: string;
  mentions: CountryMention[];
}

export type Echelon =
  | 'troop' | 'squadron' | 'company' | 'battalion' | 'battalion_tactical_group' | 'battlegroup'
  | 'regiment' | 'brigade' | 'division' | 'corps' | 'army' | 'group_of_forces' | 'task_force'
  | 'fleet' | 'pmc';

export interface UnitEntity {
  name: string;
  ordinal: number | null;
  echelon: Echelon;
  country: string | null;
  mentions: Mention[];
}

export type FigureQualifier = 'exactly' | 'about' | 'up_to' | 'at_least' | 'range' | 'vague';
export type FigureCategory = 'personnel' | 'casualties' | 'equipment' | 'money' | 'percent' | 'area' | 'other';

export interface FigureEntity extends Mention {
  value: number | null;
  min: number | null;
  max: number | null;
  approx: boolean;
  qualifier: FigureQualifier;
  unit: string | null;
  category: FigureCategory;
  country: string | null;
}

export interface NamedEntity {
  name: string;
  mentions: Mention[];
}

export interface DateEntity extends Mention {
  /** YYYY-MM-DD, YYYY-MM or YYYY at the precision given; null when it cannot be resolved. */
  iso: string | null;
}

export interface Entities {
  countries: CountryEntity[];
  units: UnitEntity[];
  figures: FigureEntity[];
  people: NamedEntity[];
  organizations: NamedEntity[];
  dates: DateEntity[];
}

export function emptyEntities(): Entities {
  return { countries: [], units: [], figures: [], people: [], organizations: [], dates: [] };
}
