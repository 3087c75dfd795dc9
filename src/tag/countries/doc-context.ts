/** Whole-text cues that decide ambiguous forms (Georgia the state, "the North" for North Korea). */
export interface DocContext {
  korea: boolean;
  georgiaCountry: boolean;
  georgiaUsState: boolean;
  washingtonState: boolean;
}

const RE_KOREA = /Korea|Pyongyang|Seoul|DPRK|Kim Jong|Yonhap|Коре|КНДР|Пхеньян|Сеул/;
const RE_GEORGIA_COUNTRY =
  /\b(?:Tbilisi|Caucasus|Abkhaz|Ossetia|Georgian Dream|Kobakhidze|Zourabichvili|Kavelashvili|Saakashvili|Ivanishvili|Garibashvili|Batumi|Kutaisi)|Тбилиси|Тбілісі/;
const RE_GEORGIA_US =
  /\b(?:Atlanta|Savannah|Macon|Fulton County|Cobb County|Gwinnett|DeKalb|Peach State|Kemp|Raffensperger|Warnock|Ossoff|Alpharetta|Marietta|Valdosta|Georgia State University|Georgia Tech|University of Georgia|Alabama|Florida|Tennessee|South Carolina|North Carolina)\b/;
const RE_WASHINGTON_STATE = /\b(?:Seattle|Spokane|Tacoma|Olympia|Puget Sound|Pacific Northwest)\b/;

/** Scans one or more texts once for document-level cues. */
export function computeDocContext(texts: readonly string[]): DocContext {
  const ctx: DocContext = { korea: false, georgiaCountry: false, georgiaUsState: false, washingtonState: false };
  // Only texts mentioning the ambiguous names need the longer cue scans.
  const georgia = texts.some((t) => t.includes('Georgia'));
  const washington = texts.some((t) => t.includes('Washington'));
  for (const t of texts) {
    if (!ctx.korea && RE_KOREA.test(t)) ctx.korea = true;
    if (georgia) {
      if (!ctx.georgiaCountry && RE_GEORGIA_COUNTRY.test(t)) ctx.georgiaCountry = true;
      if (!ctx.georgiaUsState && RE_GEORGIA_US.test(t)) ctx.georgiaUsState = true;
    }
    if (washington && !ctx.washingtonState && RE_WASHINGTON_STATE.test(t)) ctx.washingtonState = true;
  }
  return ctx;
}
