import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.ts';

describe('error codes', () => {
  it('when an error code exists, then docs/errors.md documents it', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    for (const code of ERROR_CODES) expect(doc).toContain(`\`${code}\``);
  });
});
