export { tagText, tagFields, TAGGER_VERSION } from './tag-entities.ts';
export type { TagOptions } from './tag-entities.ts';
export { tagCountries } from './countries/index.ts';
