import type { NamedEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { scanPeople } from './scan-people.ts';

/** Finds people in one text (offsets into that text). Never throws. */
export function tagPeople(text: string, context: KindContext): NamedEntity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return scanPeople(text, context);
  } catch {
    return [];
  }
}
