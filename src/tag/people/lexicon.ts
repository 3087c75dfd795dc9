/**
 * Frequently named people. One line each: "Canonical|variant|variant @short,short".
 * Variants are other full spellings; shorts are single words that name the person alone ("Putin").
 * Without "@", the last word of the canonical name is the short form; "@-" means none (ambiguous surnames).
 */
const PEOPLE_LINES = `
Volodymyr Zelenskyy|Volodymyr Zelensky|Volodymyr Zelenskiy|Volodymyr Zelenskyi|Volodymyr Zelenskii|Vladimir Zelensky @Zelenskyy,Zelensky,Zelenskiy,Zelenskyi,Zelenskii
Olena Zelenska @-
Vladimir Putin|Vladimir Vladimirovich Putin @Putin
Kim Jong Un|Kim Jong-un|Kim Jong-Un|Kim Jongun @-
Kim Yo Jong|Kim Yo-jong|Kim Yo-Jong @-
Kim Jong Il|Kim Jong-il|Kim Jong-Il @-
Kim Il Sung|Kim Il-sung|Kim Il-Sung @-
Choe Son Hui|Choe Son-hui @-
Joe Biden|Joseph Biden|Joseph R. Biden @Biden
Donald Trump|Donald J. Trump @Trump
Kamala Harris
JD Vance|J.D. Vance|James David Vance @Vance
Marco Rubio @Rubio
Pete Hegseth @Hegseth
Mike Waltz @Waltz
Steve Witkoff|Steven Witkoff @Witkoff
Keith Kellogg @-
Tulsi Gabbard @Gabbard
John Ratcliffe @-
Antony Blinken|Anthony Blinken @Blinken
Lloyd Austin @-
Jake Sullivan @-
John Kirby @Kirby
Karine Jean-Pierre @Jean-Pierre
Karoline Leavitt @Leavitt
Matthew Miller @-
Linda Thomas-Greenfield @Thomas-Greenfield
Mark Milley @Milley
Charles Q. Brown|CQ Brown @-
Christopher Cavoli @Cavoli
William Burns|Bill Burns @-
Mike Johnson @-
Chuck Schumer @Schumer
Mitch McConnell @McConnell
Nancy Pelosi @Pelosi
Lindsey Graham @-
Sergei Lavrov|Sergey Lavrov @Lavrov
Sergei Shoigu|Sergey Shoigu @Shoigu
Andrei Belousov|Andrey Belousov @Belousov
Valery Gerasimov|Valeriy Gerasimov @Gerasimov
Dmitry Peskov|Dmitri Peskov @Peskov
Maria Zakharova @Zakharova
Dmitry Medvedev|Dmitri Medvedev @Medvedev
Mikhail Mishustin @Mishustin
Nikolai Patrushev|Nikolay Patrushev @Patrushev
Sergei Naryshkin|Sergey Naryshkin @Naryshkin
Alexander Bortnikov @Bortnikov
Yuri Ushakov|Yury Ushakov @Ushakov
Kirill Dmitriev @-
Vasily Nebenzya|Vassily Nebenzia|Vasily Nebenzia @Nebenzya,Nebenzia
Igor Konashenkov @Konashenkov
Sergei Surovikin|Sergey Surovikin @Surovikin
Alexander Lapin @-
Mikhail Teplinsky @Teplinsky
Alexander Dvornikov @Dvornikov
Ramzan Kadyrov @Kadyrov
Apti Alaudinov @Alaudinov
Yevgeny Prigozhin|Yevgeniy Prigozhin|Evgeny Prigozhin @Prigozhin
Dmitry Utkin @Utkin
Igor Girkin|Igor Strelkov @Girkin,Strelkov
Denis Pushilin @Pushilin
Vladimir Saldo @Saldo
Yevgeny Balitsky @Balitsky
Sergei Aksyonov|Sergey Aksyonov @Aksyonov
Alexei Navalny|Alexey Navalny|Aleksei Navalny @Navalny
Yulia Navalnaya @Navalnaya
Vladimir Kara-Murza @Kara-Murza
Valentina Matviyenko @Matviyenko
Vyacheslav Volodin @Volodin
Alexander Lukashenko|Aleksandr Lukashenko|Alyaksandr Lukashenka @Lukashenko,Lukashenka
Sviatlana Tsikhanouskaya @Tsikhanouskaya
Kyrylo Budanov|Kirill Budanov @Budanov
Oleksandr Syrskyi|Oleksandr Syrsky|Oleksandr Syrskiy|Alexander Syrsky @Syrskyi,Syrsky,Syrskiy
Valerii Zaluzhnyi|Valery Zaluzhny|Valeriy Zaluzhnyi|Valerii Zaluzhny @Zaluzhnyi,Zaluzhny,Zaluzhnyy
Rustem Umerov @Umerov
Dmytro Kuleba @Kuleba
Andrii Sybiha|Andriy Sybiha @Sybiha
Andriy Yermak|Andrii Yermak @Yermak
Denys Shmyhal @Shmyhal
Yulia Svyrydenko @Svyrydenko
Mykhailo Podolyak|Mykhailo Podoliak @Podolyak,Podoliak
Vitali Klitschko|Vitaliy Klitschko @Klitschko
Oleksii Reznikov|Oleksiy Reznikov @Reznikov
Petro Poroshenko @Poroshenko
Yulia Tymoshenko @Tymoshenko
Ruslan Stefanchuk @Stefanchuk
Dmytro Lubinets @Lubinets
Ihor Klymenko @-
Vasyl Maliuk|Vasyl Malyuk @Maliuk,Malyuk
Yuriy Ihnat|Yurii Ihnat @Ihnat
Andriy Yusov|Andrii Yusov @Yusov
Serhiy Naiev|Serhii Naiev @Naiev
Oleksandr Tarnavskyi @Tarnavskyi
Denys Prokopenko @Prokopenko
Sergiy Kyslytsya|Serhiy Kyslytsya @Kyslytsya
Andriy Kovalenko @-
Olga Stefanishyna @Stefanishyna
Denys Shmyhal @Shmyhal
Yoon Suk Yeol|Yoon Suk-yeol @Yoon
Lee Jae-myung|Lee Jae Myung @-
Han Duck-soo|Han Duck Soo @-
Shin Won-sik|Shin Won Sik @-
Kim Yong-hyun|Kim Yong Hyun @-
Cho Tae-yong|Cho Tae Yong @-
Xi Jinping @Xi
Li Qiang @-
Wang Yi @-
Recep Tayyip Erdogan|Tayyip Erdogan|Recep Erdogan @Erdogan
Hakan Fidan @Fidan
Benjamin Netanyahu @Netanyahu
Yoav Gallant @Gallant
Israel Katz @-
Isaac Herzog @Herzog
Yahya Sinwar @Sinwar
Ismail Haniyeh @Haniyeh
Hassan Nasrallah @Nasrallah
Ali Khamenei|Ayatollah Ali Khamenei @Khamenei
Ebrahim Raisi @Raisi
Masoud Pezeshkian @Pezeshkian
Abbas Araghchi @Araghchi
Mahmoud Abbas @-
Emmanuel Macron @Macron
Jean-Noel Barrot|Jean-Noël Barrot @Barrot
Olaf Scholz @Scholz
Friedrich Merz @Merz
Boris Pistorius @Pistorius
Annalena Baerbock @Baerbock
Keir Starmer @Starmer
Rishi Sunak @Sunak
Boris Johnson @-
David Lammy @Lammy
John Healey @Healey
Grant Shapps @Shapps
Jens Stoltenberg @Stoltenberg
Mark Rutte @Rutte
Antonio Guterres|António Guterres @Guterres
Rafael Grossi|Rafael Mariano Grossi @Grossi
Tedros Adhanom Ghebreyesus @Tedros
Ursula von der Leyen @von der Leyen
Kaja Kallas @Kallas
Josep Borrell @Borrell
Charles Michel @-
Antonio Costa|António Costa @-
Viktor Orban|Viktor Orbán @Orban,Orbán
Robert Fico @Fico
Donald Tusk @Tusk
Andrzej Duda @Duda
Radoslaw Sikorski|Radosław Sikorski @Sikorski
Giorgia Meloni @Meloni
Pedro Sánchez|Pedro Sanchez @-
Mette Frederiksen @Frederiksen
Alexander Stubb @Stubb
Ulf Kristersson @Kristersson
Maia Sandu @Sandu
Nikol Pashinyan @Pashinyan
Ilham Aliyev @Aliyev
Irakli Kobakhidze @Kobakhidze
Salome Zourabichvili @Zourabichvili
Bidzina Ivanishvili @Ivanishvili
Narendra Modi @Modi
Shehbaz Sharif @-
Fumio Kishida @Kishida
Shigeru Ishiba @Ishiba
Justin Trudeau @Trudeau
Mark Carney @Carney
Luiz Inacio Lula da Silva|Luiz Inácio Lula da Silva|Lula da Silva @Lula
Javier Milei @Milei
Nicolas Maduro|Nicolás Maduro @Maduro
Bashar al-Assad|Bashar Assad @Assad,al-Assad
Ahmed al-Sharaa @al-Sharaa
Mohammed bin Salman @-
Abdel Fattah el-Sisi|Abdel Fattah al-Sisi @Sisi,el-Sisi,al-Sisi
Cyril Ramaphosa @Ramaphosa
Pope Francis @-
Pope Leo XIV @-
King Charles III|King Charles @-
`;

export interface PersonEntry {
  canonical: string;
  /** Folded token sequences of every full form (canonical included). */
  forms: string[][];
  /** Folded single tokens that name the person alone. */
  shorts: string[];
}

const RE_FORM_SPLIT = /[\s.\-]+/;

function foldForm(form: string): string[] {
  return form.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().split(RE_FORM_SPLIT).filter((t) => t !== '');
}

function parsePeople(): PersonEntry[] {
  const out: PersonEntry[] = [];
  for (const raw of PEOPLE_LINES.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const at = line.indexOf(' @');
    const formsPart = at >= 0 ? line.slice(0, at) : line;
    const shortPart = at >= 0 ? line.slice(at + 2).trim() : null;
    const forms = formsPart.split('|').map((f) => f.trim());
    const canonical = forms[0] ?? '';
    const folded = forms.map(foldForm);
    let shorts: string[];
    if (shortPart === '-') shorts = [];
    else if (shortPart !== null) shorts = shortPart.split(',').map((s) => foldForm(s).join(' '));
    else shorts = [folded[0]?.[folded[0].length - 1] ?? ''];
    out.push({ canonical, forms: folded, shorts: shorts.filter((s) => s !== '') });
  }
  return out;
}

export const PEOPLE: readonly PersonEntry[] = parsePeople();

/** Titles and roles written before a name; the name follows, the title stays outside the span. */
export const TITLES: ReadonlySet<string> = new Set([
  'president', 'minister', 'secretary', 'gen', 'general', 'col', 'colonel', 'adm', 'admiral', 'maj', 'major',
  'capt', 'captain', 'lt', 'lieutenant', 'sgt', 'sergeant', 'commander', 'spokesman', 'spokeswoman',
  'spokesperson', 'senator', 'sen', 'rep', 'representative', 'governor', 'gov', 'mayor', 'chancellor', 'king',
  'queen', 'prince', 'princess', 'pope', 'ambassador', 'envoy', 'mr', 'mrs', 'ms', 'dr', 'sir', 'lord', 'dame',
  'judge', 'speaker', 'chairman', 'chairwoman', 'premier', 'marshal', 'patriarch', 'ombudsman', 'prosecutor',
  'commissioner', 'elect', 'aide', 'adviser', 'advisor', 'analyst', 'blogger', 'correspondent', 'sheikh', 'emir',
  'ayatollah', 'brig', 'brigadier', 'corporal', 'cpl', 'pvt', 'private', 'officer', 'leader', 'chief',
  'spokespeople', 'deputy', 'lawmaker', 'mp', 'senior', 'attorney', 'justice', 'professor', 'prof', 'reverend',
  'rev', 'father', 'cardinal', 'archbishop', 'metropolitan', 'governor-general', 'vice', 'director', 'head',
  'founder', 'ceo', 'coordinator', 'counsellor', 'counselor', 'diplomat', 'journalist', 'reporter', 'expert',
  'researcher', 'activist', 'soldier', 'pilot', 'mercenary', 'warlord', 'businessman', 'oligarch', 'tycoon',
]);

/** Capitalised words that are never a given name or surname right after a title. */
export const NAME_STOPS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'at', 'for', 'to', 'by', 'with', 'from', 'staff', 'assembly',
  'council', 'office', 'ministry', 'department', 'command', 'directorate', 'house', 'secretary', 'general',
  'minister', 'president', 'prosecutor', 'election', 'elections', 'motors', 'electric', 'dynamics', 'court',
  'committee', 'commission', 'service', 'services', 'forces', 'force', 'army', 'navy', 'guard', 'guards',
  'corps', 'brigade', 'division', 'battalion', 'regiment', 'fleet', 'news', 'times', 'post', 'press', 'agency',
  'party', 'government', 'administration', 'state', 'states', 'republic', 'kingdom', 'union', 'nations',
  'parliament', 'congress', 'senate', 'duma', 'rada', 'cabinet', 'kremlin', 'pentagon', 'white', 'this', 'that',
  'these', 'those', 'his', 'her', 'their', 'its', 'our', 'my', 'said', 'says', 'told', 'who', 'which', 'when',
  'while', 'after', 'before', 'as', 'but', 'if', 'on', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december', 'defence', 'defense', 'foreign', 'interior', 'prime', 'deputy', 'vice',
  'security', 'intelligence', 'national', 'federal', 'joint', 'chiefs', 'affairs', 'emeritus', 'military',
  'armed', 'war', 'peace', 'human', 'rights', 'nato', 'un', 'eu', 'us', 'uk', 'mr', 'mrs', 'ms', 'dr', 'gen',
  'world', 'international', 'central', 'bank', 'university', 'institute', 'center', 'centre', 'group',
  'company', 'corporation', 'inc', 'ltd', 'media', 'network', 'channel', 'magazine', 'journal', 'daily',
  'today', 'tomorrow', 'yesterday', 'they', 'he', 'she', 'we', 'it', 'i', 'you', 'also', 'then', 'there',
  'here', 'all', 'some', 'many', 'most', 'more', 'both', 'each', 'every', 'no', 'not', 'now', 'new', 'old',
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'region', 'oblast', 'city',
  'operation', 'ukrainian', 'russian', 'american', 'british', 'chinese', 'korean', 'israeli', 'iranian',
  'european', 'western', 'soviet', 'communist', 'democratic', 'republican', 'democrats', 'republicans',
  'emergency', 'emergencies', 'health', 'finance', 'economy', 'justice', 'energy', 'education', 'trade',
  'transport', 'culture', 'sports', 'navy', 'air', 'space', 'aerospace', 'missile', 'missiles', 'drone',
  'drones', 'tank', 'tanks', 'troops', 'soldiers', 'officials', 'official', 'sources', 'source', 'report',
]);

/** Words after a name that make it part of a place, building, ship or thing ("Kim Il Sung Square"). */
export const PLACE_FOLLOWERS: ReadonlySet<string> = new Set([
  'square', 'street', 'avenue', 'boulevard', 'airport', 'bridge', 'stadium', 'arena', 'university', 'college',
  'school', 'center', 'centre', 'station', 'library', 'memorial', 'hall', 'prize', 'foundation', 'institute',
  'park', 'palace', 'museum', 'tower', 'towers', 'hotel', 'hospital', 'mausoleum', 'avenue', 'road', 'highway',
  'dam', 'canal', 'island', 'mountain', 'peak', 'river', 'lake', 'bay', 'base', 'class', 'carrier', 'doctrine',
  'cup', 'trophy', 'award', 'medal', 'gardens', 'cathedral', 'church', 'mosque', 'theatre', 'theater',
  'corporation', 'company', 'group', 'enterprises', 'industries', 'organization', 'organisation', 'plant',
]);

/** Ship prefixes: the name after them is a ship ("USS Ronald Reagan"). */
export const SHIP_PREFIXES: ReadonlySet<string> = new Set([
  'uss', 'hms', 'rfs', 'ins', 'hmas', 'hmcs', 'hmnzs', 'usns', 'ss', 'rv', 'mv', 'roks', 'js', 'fs', 'tcg', 'cns',
]);

/** Verbs of saying after a "First Last" pair that mark it as a person ("John Smith said"). */
export const SPEECH_VERBS: ReadonlySet<string> = new Set([
  'said', 'says', 'told', 'tells', 'warned', 'warns', 'added', 'adds', 'wrote', 'writes', 'stated', 'states',
  'claimed', 'claims', 'argued', 'argues', 'noted', 'notes', 'explained', 'explains', 'insisted', 'insists',
  'announced', 'announces', 'confirmed', 'confirms', 'denied', 'denies', 'declared', 'declares', 'urged', 'urges',
  'posted', 'posts', 'tweeted', 'replied', 'responded', 'admitted', 'acknowledged', 'suggested', 'believes',
  'thinks', 'described', 'called', 'asked', 'vowed', 'pledged', 'promised', 'predicted', 'recalled', 'reported',
]);

/** A compact list of common given names (Western, Slavic transliterations, Korean and Arabic), folded. */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(`
john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick
raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan jesse bryan billy bruce
gabriel joe logan albert willie alan eugene russell vincent philip bobby johnny bradley roy ralph mike tom jim
bill bob dan tim ben sam nick chris tony steve rick ted ron jeff greg pete boris emmanuel olaf keir rishi
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra
ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra
rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison
frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori kamala hillary ursula kaja giorgia
annalena antony lloyd jens
vladimir sergei sergey dmitry dmitri dmitriy alexei alexey aleksei andrei andrey mikhail nikolai nikolay ivan
igor oleg yuri yury pavel maxim maksim konstantin vyacheslav vitaly vitaliy anatoly anatoliy valery valeriy
evgeny yevgeny yevgeniy gennady grigory leonid roman ilya kirill denis anton artem artyom stanislav viktor
victor boris ruslan ramzan arkady fyodor timur vadim vasily vassily yegor olga tatiana tatyana natalia natalya
svetlana irina elena yelena ekaterina yekaterina anastasia marina lyudmila galina valentina yulia ksenia daria
volodymyr oleksandr oleksiy oleksii andriy andrii mykhailo mykola serhiy serhii yuriy yurii dmytro vasyl
petro pavlo taras bohdan vitalii valerii kyrylo denys ihor ivan yaroslav rostyslav vadym oleh arseniy
arseny stepan maksym nazar rustem olena oksana iryna kateryna tetiana nataliya liudmyla yuliia yuliya
halyna viktoriia sviatlana alyaksandr aliaksandr
kim lee park choi jung kang cho yoon jang lim han shin seo kwon hwang ahn song
mohammed muhammad ahmed ahmad ali hassan hussein omar abdul abdullah ibrahim yusuf youssef khalid mahmoud
mustafa karim samir tariq nasser faisal hamad hamid walid ismail yahya fatima aisha layla abbas masoud
ebrahim hossein reza mohammad javad amir recep hakan mevlut
jean pierre francois emmanuel jacques michel philippe nicolas olivier marine francois-xavier
hans klaus wolfgang friedrich helmut angela annegret christoph jurgen markus matthias stefan
giuseppe giovanni marco luca matteo antonio pedro pablo juan carlos luis miguel javier jorge manuel
jan piotr andrzej radoslaw mateusz tomasz krzysztof wladyslaw
viktor janos peter tamas
recep ilham nikol irakli salome bidzina maia
narendra rahul shehbaz imran fumio shinzo shigeru yoshihide xi li wang
`.split(/\s+/).filter((s) => s !== ''));

/** Name particles allowed inside a multi-word name ("Ursula von der Leyen", "Mohammed bin Salman"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'bin', 'ibn', 'al', 'el', 'von', 'van', 'der', 'den', 'de', 'da', 'di', 'du', 'la', 'le', 'dos', 'das', 'abu',
]);
