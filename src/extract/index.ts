export { htmlToText } from './html-to-text.ts';
export { repairMojibake } from './repair-mojibake.ts';
export { removeBoilerplate, stripBoilerplate } from './remove-boilerplate.ts';
export type { BoilerplateResult } from './remove-boilerplate.ts';
export { makeSnippet } from './make-snippet.ts';
export type { Snippet } from './make-snippet.ts';
export { extractItem } from './extract-item.ts';
export type { ExtractOptions, ExtractedItem } from './extract-item.ts';
export { detectLanguage, resolveLanguage } from './detect-language.ts';
