import type { NamedEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { scanOrganizations } from './scan-organizations.ts';

/** Finds organizations in one text (offsets into that text). Never throws. */
export function tagOrganizations(text: string, context: KindContext): NamedEntity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return scanOrganizations(text, context);
  } catch {
    return [];
  }
}
