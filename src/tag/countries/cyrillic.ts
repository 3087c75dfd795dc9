import type { CountryMentionKind } from '../../model/entities.ts';

/** A curated Cyrillic form; inflected forms are matched by stem + case ending (see gazetteer.ts). */
export interface CyrillicForm {
  iso2: string;
  form: string;
  kind: CountryMentionKind;
  /** Extra stems for irregular declension ("Египет" → "Египта"). */
  stems?: string[];
}

/** Case endings after a noun stem (Russian and Ukrainian, singular and plural). */
export const NOUN_ENDINGS: ReadonlySet<string> = new Set([
  '', 'а', 'я', 'у', 'ю', 'е', 'є', 'и', 'ы', 'і', 'ї', 'ь', 'й', 'ой', 'ей', 'ою', 'ею', 'єю', 'ом', 'ем',
  'ём', 'єм', 'ью', 'ям', 'ах', 'ях', 'ам', 'ами', 'ями', 'ов', 'ев', 'ої', 'ій', 'ів',
]);

/** Endings after an adjective stem ("российск|ий", "українськ|ої"). */
export const ADJECTIVE_ENDINGS: ReadonlySet<string> = new Set([
  'ая', 'яя', 'ий', 'ый', 'ой', 'ій', 'ие', 'ые', 'ых', 'их', 'ого', 'его', 'ому', 'ему', 'ую',
  'юю', 'ым', 'им', 'ыми', 'ими', 'ом', 'ем', 'ої', 'ою', 'ому', 'а', 'е', 'і', 'у', 'ю', 'ій',
  'ее', 'ое', 'ої', 'ій', 'их', 'ім',
]);

const N = 'name' as const;
const A = 'alias' as const;
const C = 'capital' as const;

/** Russian names of frequently reported states, capitals and seats of power. */
const RUSSIAN: readonly CyrillicForm[] = [
  { iso2: 'RU', form: 'Россия', kind: N }, { iso2: 'RU', form: 'Российская Федерация', kind: N },
  { iso2: 'RU', form: 'РФ', kind: A }, { iso2: 'UA', form: 'Украина', kind: N },
  { iso2: 'US', form: 'США', kind: A }, { iso2: 'US', form: 'Соединённые Штаты', kind: N },
  { iso2: 'US', form: 'Соединенные Штаты', kind: N },
  { iso2: 'KP', form: 'Северная Корея', kind: N }, { iso2: 'KP', form: 'КНДР', kind: A },
  { iso2: 'KR', form: 'Южная Корея', kind: N }, { iso2: 'CN', form: 'Китай', kind: N },
  { iso2: 'CN', form: 'КНР', kind: A }, { iso2: 'DE', form: 'Германия', kind: N },
  { iso2: 'FR', form: 'Франция', kind: N }, { iso2: 'PL', form: 'Польша', kind: N },
  { iso2: 'BY', form: 'Беларусь', kind: N }, { iso2: 'BY', form: 'Белоруссия', kind: N },
  { iso2: 'GB', form: 'Великобритания', kind: N }, { iso2: 'GB', form: 'Британия', kind: A },
  { iso2: 'IL', form: 'Израиль', kind: N }, { iso2: 'IR', form: 'Иран', kind: N },
  { iso2: 'TR', form: 'Турция', kind: N }, { iso2: 'JP', form: 'Япония', kind: N },
  { iso2: 'IN', form: 'Индия', kind: N }, { iso2: 'SY', form: 'Сирия', kind: N },
  { iso2: 'GE', form: 'Грузия', kind: N }, { iso2: 'MD', form: 'Молдова', kind: N },
  { iso2: 'MD', form: 'Молдавия', kind: N }, { iso2: 'KZ', form: 'Казахстан', kind: N },
  { iso2: 'AM', form: 'Армения', kind: N }, { iso2: 'AZ', form: 'Азербайджан', kind: N },
  { iso2: 'FI', form: 'Финляндия', kind: N }, { iso2: 'SE', form: 'Швеция', kind: N },
  { iso2: 'NO', form: 'Норвегия', kind: N }, { iso2: 'IT', form: 'Италия', kind: N },
  { iso2: 'ES', form: 'Испания', kind: N }, { iso2: 'HU', form: 'Венгрия', kind: N },
  { iso2: 'RO', form: 'Румыния', kind: N }, { iso2: 'CZ', form: 'Чехия', kind: N },
  { iso2: 'SK', form: 'Словакия', kind: N }, { iso2: 'LT', form: 'Литва', kind: N },
  { iso2: 'LV', form: 'Латвия', kind: N }, { iso2: 'EE', form: 'Эстония', kind: N },
  { iso2: 'CA', form: 'Канада', kind: N }, { iso2: 'AU', form: 'Австралия', kind: N },
  { iso2: 'PK', form: 'Пакистан', kind: N }, { iso2: 'AF', form: 'Афганистан', kind: N },
  { iso2: 'IQ', form: 'Ирак', kind: N }, { iso2: 'EG', form: 'Египет', kind: N, stems: ['Египт'] },
  { iso2: 'PS', form: 'Палестина', kind: N }, { iso2: 'LB', form: 'Ливан', kind: N },
  { iso2: 'SA', form: 'Саудовская Аравия', kind: N }, { iso2: 'NL', form: 'Нидерланды', kind: N },
  { iso2: 'BE', form: 'Бельгия', kind: N }, { iso2: 'AT', form: 'Австрия', kind: N },
  { iso2: 'CH', form: 'Швейцария', kind: N }, { iso2: 'RS', form: 'Сербия', kind: N },
  { iso2: 'BG', form: 'Болгария', kind: N }, { iso2: 'GR', form: 'Греция', kind: N },
  { iso2: 'VN', form: 'Вьетнам', kind: N }, { iso2: 'VE', form: 'Венесуэла', kind: N },
  { iso2: 'BR', form: 'Бразилия', kind: N }, { iso2: 'MX', form: 'Мексика', kind: N },
  { iso2: 'DK', form: 'Дания', kind: N },
  { iso2: 'RU', form: 'Москва', kind: C }, { iso2: 'RU', form: 'Кремль', kind: C },
  { iso2: 'UA', form: 'Киев', kind: C }, { iso2: 'KP', form: 'Пхеньян', kind: C },
  { iso2: 'CN', form: 'Пекин', kind: C }, { iso2: 'US', form: 'Вашингтон', kind: C },
  { iso2: 'US', form: 'Белый дом', kind: C }, { iso2: 'BY', form: 'Минск', kind: C },
  { iso2: 'IR', form: 'Тегеран', kind: C }, { iso2: 'KR', form: 'Сеул', kind: C },
  { iso2: 'PL', form: 'Варшава', kind: C }, { iso2: 'GB', form: 'Лондон', kind: C },
  { iso2: 'FR', form: 'Париж', kind: C }, { iso2: 'DE', form: 'Берлин', kind: C },
  { iso2: 'TR', form: 'Анкара', kind: C }, { iso2: 'SY', form: 'Дамаск', kind: C },
];

/** Ukrainian names (world-countries has no Ukrainian translations). */
const UKRAINIAN: readonly CyrillicForm[] = [
  { iso2: 'UA', form: 'Україна', kind: N }, { iso2: 'RU', form: 'Росія', kind: N },
  { iso2: 'RU', form: 'Російська Федерація', kind: N }, { iso2: 'US', form: 'Сполучені Штати', kind: N },
  { iso2: 'US', form: 'Америка', kind: A }, { iso2: 'KP', form: 'Північна Корея', kind: N },
  { iso2: 'KR', form: 'Південна Корея', kind: N }, { iso2: 'CN', form: 'Китай', kind: N },
  { iso2: 'DE', form: 'Німеччина', kind: N }, { iso2: 'FR', form: 'Франція', kind: N },
  { iso2: 'PL', form: 'Польща', kind: N }, { iso2: 'BY', form: 'Білорусь', kind: N },
  { iso2: 'GB', form: 'Велика Британія', kind: N }, { iso2: 'GB', form: 'Британія', kind: A },
  { iso2: 'IL', form: 'Ізраїль', kind: N }, { iso2: 'IR', form: 'Іран', kind: N },
  { iso2: 'TR', form: 'Туреччина', kind: N }, { iso2: 'JP', form: 'Японія', kind: N },
  { iso2: 'IN', form: 'Індія', kind: N }, { iso2: 'SY', form: 'Сирія', kind: N },
  { iso2: 'GE', form: 'Грузія', kind: N }, { iso2: 'MD', form: 'Молдова', kind: N },
  { iso2: 'KZ', form: 'Казахстан', kind: N }, { iso2: 'AM', form: 'Вірменія', kind: N },
  { iso2: 'AZ', form: 'Азербайджан', kind: N }, { iso2: 'FI', form: 'Фінляндія', kind: N },
  { iso2: 'SE', form: 'Швеція', kind: N }, { iso2: 'NO', form: 'Норвегія', kind: N },
  { iso2: 'IT', form: 'Італія', kind: N }, { iso2: 'ES', form: 'Іспанія', kind: N },
  { iso2: 'HU', form: 'Угорщина', kind: N }, { iso2: 'RO', form: 'Румунія', kind: N },
  { iso2: 'CZ', form: 'Чехія', kind: N }, { iso2: 'SK', form: 'Словаччина', kind: N },
  { iso2: 'LT', form: 'Литва', kind: N }, { iso2: 'LV', form: 'Латвія', kind: N },
  { iso2: 'EE', form: 'Естонія', kind: N }, { iso2: 'CA', form: 'Канада', kind: N },
  { iso2: 'AU', form: 'Австралія', kind: N }, { iso2: 'NL', form: 'Нідерланди', kind: N },
  { iso2: 'BE', form: 'Бельгія', kind: N }, { iso2: 'AT', form: 'Австрія', kind: N },
  { iso2: 'CH', form: 'Швейцарія', kind: N }, { iso2: 'RS', form: 'Сербія', kind: N },
  { iso2: 'BG', form: 'Болгарія', kind: N }, { iso2: 'GR', form: 'Греція', kind: N },
  { iso2: 'DK', form: 'Данія', kind: N }, { iso2: 'PK', form: 'Пакистан', kind: N },
  { iso2: 'IQ', form: 'Ірак', kind: N }, { iso2: 'AF', form: 'Афганістан', kind: N },
  { iso2: 'UA', form: 'Київ', kind: C, stems: ['Києв'] }, { iso2: 'RU', form: 'Москва', kind: C },
  { iso2: 'KP', form: 'Пхеньян', kind: C }, { iso2: 'CN', form: 'Пекін', kind: C },
  { iso2: 'US', form: 'Вашингтон', kind: C }, { iso2: 'US', form: 'Білий дім', kind: C },
  { iso2: 'BY', form: 'Мінськ', kind: C }, { iso2: 'IR', form: 'Тегеран', kind: C },
  { iso2: 'KR', form: 'Сеул', kind: C }, { iso2: 'PL', form: 'Варшава', kind: C },
  { iso2: 'GB', form: 'Лондон', kind: C }, { iso2: 'FR', form: 'Париж', kind: C },
  { iso2: 'DE', form: 'Берлін', kind: C }, { iso2: 'RU', form: 'Кремль', kind: C },
];

/** Curated Russian and Ukrainian forms, matched whatever options.language says (the script is distinct). */
export const CYRILLIC_FORMS: readonly CyrillicForm[] = [...RUSSIAN, ...UKRAINIAN];

/** Adjective stems (any gender and case) and people-noun stems. */
export const CYRILLIC_DEMONYM_STEMS: ReadonlyArray<{ iso2: string; stem: string; noun?: boolean }> = [
  { iso2: 'RU', stem: 'российск' }, { iso2: 'RU', stem: 'русск' }, { iso2: 'UA', stem: 'украинск' },
  { iso2: 'KP', stem: 'северокорейск' }, { iso2: 'KR', stem: 'южнокорейск' },
  { iso2: 'US', stem: 'американск' }, { iso2: 'CN', stem: 'китайск' }, { iso2: 'BY', stem: 'белорусск' },
  { iso2: 'IL', stem: 'израильск' }, { iso2: 'IR', stem: 'иранск' }, { iso2: 'TR', stem: 'турецк' },
  { iso2: 'GB', stem: 'британск' }, { iso2: 'FR', stem: 'французск' }, { iso2: 'DE', stem: 'немецк' },
  { iso2: 'PL', stem: 'польск' }, { iso2: 'JP', stem: 'японск' }, { iso2: 'GE', stem: 'грузинск' },
  { iso2: 'RU', stem: 'російськ' }, { iso2: 'UA', stem: 'українськ' },
  { iso2: 'KP', stem: 'північнокорейськ' }, { iso2: 'KR', stem: 'південнокорейськ' },
  { iso2: 'US', stem: 'американськ' }, { iso2: 'CN', stem: 'китайськ' }, { iso2: 'BY', stem: 'білоруськ' },
  { iso2: 'IL', stem: 'ізраїльськ' }, { iso2: 'IR', stem: 'іранськ' }, { iso2: 'GB', stem: 'британськ' },
  { iso2: 'FR', stem: 'французьк' }, { iso2: 'DE', stem: 'німецьк' }, { iso2: 'PL', stem: 'польськ' },
  { iso2: 'JP', stem: 'японськ' },
  { iso2: 'RU', stem: 'россиян', noun: true }, { iso2: 'UA', stem: 'украинц', noun: true },
  { iso2: 'US', stem: 'американц', noun: true }, { iso2: 'RU', stem: 'росіян', noun: true },
  { iso2: 'UA', stem: 'українц', noun: true }, { iso2: 'US', stem: 'американц', noun: true },
];
