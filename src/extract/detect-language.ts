import { detect } from 'tinyld';

// Below this, n-gram detectors guess more than they know.
const MIN_DETECT_CHARS = 40;

/** ISO 639-1 code of the text's language, or null when the text is too short or unclear. */
export function detectLanguage(text: string): string | null {
  if (text.length < MIN_DETECT_CHARS) return null;
  try {
    const code = detect(text.length > 2_000 ? text.slice(0, 2_000) : text);
    return code || null;
  } catch {
    return null;
  }
}

/** The declared language (item/feed/config) reduced to its primary subtag, else detection. */
export function resolveLanguage(declared: string | null | undefined, text: string): string | null {
  const primary = declared?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary && /^[a-z]{2,3}$/.test(primary)) return primary;
  return detectLanguage(text);
}
