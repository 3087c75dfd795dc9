import type { UnitEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { scanUnits } from './scan-units.ts';

/** Finds units in one text (offsets into that text). Never throws. */
export function tagUnits(text: string, context: KindContext): UnitEntity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return scanUnits(text, context);
  } catch {
    return [];
  }
}
