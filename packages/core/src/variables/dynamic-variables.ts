// Postman's dynamic variables ({{$guid}}, {{$randomInt}}, …). Small built-in word lists keep this dependency-free
// (faker would add megabytes for values that only need to look plausible).

const firstNames = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Ken',
  'Barbara',
  'Edsger',
  'Margaret',
  'Dennis',
  'Radia',
];
const lastNames = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Thompson',
  'Liskov',
  'Dijkstra',
  'Hamilton',
  'Ritchie',
  'Perlman',
];
const words = [
  'alpha',
  'bravo',
  'cedar',
  'delta',
  'ember',
  'falcon',
  'granite',
  'harbor',
  'iris',
  'juniper',
  'kelp',
  'lumen',
  'maple',
  'nectar',
  'orbit',
  'pixel',
  'quartz',
  'river',
  'summit',
  'tundra',
];
const cities = [
  'Lisbon',
  'Osaka',
  'Toronto',
  'Nairobi',
  'Oslo',
  'Lima',
  'Perth',
  'Krakow',
  'Austin',
  'Seoul',
];
const countries = [
  'Portugal',
  'Japan',
  'Canada',
  'Kenya',
  'Norway',
  'Peru',
  'Australia',
  'Poland',
  'Chile',
  'Korea',
];
const countryCodes = ['PT', 'JP', 'CA', 'KE', 'NO', 'PE', 'AU', 'PL', 'CL', 'KR'];
const colors = ['red', 'green', 'blue', 'orange', 'purple', 'teal', 'yellow', 'black', 'white', 'indigo'];
const companySuffixes = ['Inc', 'LLC', 'Group', 'and Sons', 'Labs', 'Systems'];
const domainSuffixes = ['com', 'net', 'org', 'io', 'info', 'biz'];
const jobTitles = ['Engineer', 'Designer', 'Analyst', 'Manager', 'Architect', 'Consultant'];
const streetSuffixes = ['Street', 'Avenue', 'Road', 'Lane', 'Way', 'Court'];
const mimeTypes = ['application/json', 'text/plain', 'text/html', 'image/png', 'application/xml'];
const fileExts = ['json', 'txt', 'html', 'png', 'xml', 'csv'];
const currencies = ['USD', 'EUR', 'JPY', 'GBP', 'CAD', 'AUD'];
const protocols = ['http', 'https'];
const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
const hex = '0123456789abcdef';

function int(min: number, max: number): number {
  return Math.floor(Math.random() * (max - min + 1)) + min;
}

function pick<T>(list: readonly T[]): T {
  // Lists are non-empty constants; the fallback only satisfies noUncheckedIndexedAccess.
  return list[int(0, list.length - 1)] ?? (list[0] as T);
}

function chars(set: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += set[int(0, set.length - 1)];
  }
  return s;
}

function uuid(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  const h = chars(hex, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sentence(): string {
  const n = int(5, 10);
  const ws: string[] = [];
  for (let i = 0; i < n; i++) {
    ws.push(pick(words));
  }
  const s = ws.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function dateOffset(minDays: number, maxDays: number): string {
  const ms = Date.now() + int(minDays * 86_400_000, maxDays * 86_400_000);
  return new Date(ms).toString();
}

const userName = (): string => `${pick(firstNames)}.${pick(lastNames)}${int(1, 99)}`;

const generators: Record<string, () => string> = {
  $guid: uuid,
  $randomUUID: uuid,
  $timestamp: () => String(Math.floor(Date.now() / 1000)),
  $isoTimestamp: () => new Date().toISOString(),
  $randomInt: () => String(int(0, 1000)),
  $randomAlphaNumeric: () => chars(alnum, 1),
  $randomBoolean: () => String(Math.random() < 0.5),
  $randomColor: () => pick(colors),
  $randomHexColor: () => `#${chars(hex, 6)}`,
  $randomAbbreviation: () => pick(['SQL', 'PCI', 'JSON', 'HTTP', 'TCP', 'XML', 'AGP', 'RAM']),
  $randomIP: () => `${int(1, 254)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
  $randomIPV6: () => Array.from({ length: 8 }, () => chars(hex, 4)).join(':'),
  $randomMACAddress: () => Array.from({ length: 6 }, () => chars(hex, 2)).join(':'),
  $randomPassword: () => chars(`${alnum}ABCDEFGHIJKLMNOPQRSTUVWXYZ`, 15),
  $randomLocale: () => pick(['en', 'fr', 'de', 'ja', 'pt', 'es']),
  $randomUserAgent: () =>
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  $randomProtocol: () => pick(protocols),
  $randomSemver: () => `${int(0, 9)}.${int(0, 9)}.${int(0, 9)}`,
  $randomFirstName: () => pick(firstNames),
  $randomLastName: () => pick(lastNames),
  $randomFullName: () => `${pick(firstNames)} ${pick(lastNames)}`,
  $randomNamePrefix: () => pick(['Mr.', 'Ms.', 'Mrs.', 'Dr.']),
  $randomNameSuffix: () => pick(['Jr.', 'Sr.', 'II', 'III', 'PhD']),
  $randomJobTitle: () => pick(jobTitles),
  $randomJobType: () => pick(jobTitles),
  $randomUserName: userName,
  $randomEmail: () => `${userName().toLowerCase()}@example.${pick(domainSuffixes)}`,
  $randomExampleEmail: () => `${userName().toLowerCase()}@example.com`,
  $randomPhoneNumber: () => `${int(200, 999)}-${int(200, 999)}-${int(1000, 9999)}`,
  $randomPhoneNumberExt: () => `${int(1, 99)}-${int(200, 999)}-${int(200, 999)}-${int(1000, 9999)}`,
  $randomCity: () => pick(cities),
  $randomStreetName: () => `${pick(lastNames)} ${pick(streetSuffixes)}`,
  $randomStreetAddress: () => `${int(1, 9999)} ${pick(lastNames)} ${pick(streetSuffixes)}`,
  $randomCountry: () => pick(countries),
  $randomCountryCode: () => pick(countryCodes),
  $randomLatitude: () => (Math.random() * 180 - 90).toFixed(4),
  $randomLongitude: () => (Math.random() * 360 - 180).toFixed(4),
  $randomCompanyName: () => `${pick(lastNames)} ${pick(companySuffixes)}`,
  $randomCompanySuffix: () => pick(companySuffixes),
  $randomCatchPhrase: () => `${pick(words)} ${pick(words)} ${pick(words)}`,
  $randomBs: () => `${pick(words)} ${pick(words)}`,
  $randomPrice: () => (int(100, 100_000) / 100).toFixed(2),
  $randomCurrencyCode: () => pick(currencies),
  $randomCurrencySymbol: () => pick(['$', '€', '¥', '£']),
  $randomBankAccount: () => chars('0123456789', 8),
  $randomBankAccountIban: () => `PT50${chars('0123456789', 21)}`,
  $randomBitcoin: () => `1${chars(alnum, 33)}`,
  $randomCreditCardMask: () => chars('0123456789', 4),
  $randomTransactionType: () => pick(['deposit', 'withdrawal', 'payment', 'invoice']),
  $randomDomainName: () => `${pick(words)}.${pick(domainSuffixes)}`,
  $randomDomainSuffix: () => pick(domainSuffixes),
  $randomDomainWord: () => pick(words),
  $randomUrl: () => `https://${pick(words)}.${pick(domainSuffixes)}`,
  $randomWord: () => pick(words),
  $randomWords: () => Array.from({ length: int(2, 5) }, () => pick(words)).join(' '),
  $randomNoun: () => pick(words),
  $randomVerb: () => pick(['parse', 'index', 'connect', 'compile', 'navigate', 'quantify']),
  $randomAdjective: () => pick(['quick', 'bright', 'calm', 'eager', 'fancy', 'gentle']),
  $randomIngverb: () => pick(['parsing', 'indexing', 'connecting', 'compiling']),
  $randomLoremWord: () => pick(words),
  $randomLoremWords: () => Array.from({ length: 3 }, () => pick(words)).join(' '),
  $randomLoremSentence: sentence,
  $randomLoremSentences: () => Array.from({ length: int(2, 4) }, sentence).join(' '),
  $randomLoremParagraph: () => Array.from({ length: 3 }, sentence).join(' '),
  $randomLoremParagraphs: () =>
    Array.from({ length: 3 }, () => Array.from({ length: 3 }, sentence).join(' ')).join('\n'),
  $randomLoremSlug: () => Array.from({ length: 3 }, () => pick(words)).join('-'),
  $randomLoremText: sentence,
  $randomLoremLines: () => Array.from({ length: int(1, 5) }, sentence).join('\n'),
  $randomDateFuture: () => dateOffset(1, 365),
  $randomDatePast: () => dateOffset(-365, -1),
  $randomDateRecent: () => dateOffset(-2, 0),
  $randomWeekday: () => pick(weekdays),
  $randomMonth: () => pick(months),
  $randomFileName: () => `${pick(words)}.${pick(fileExts)}`,
  $randomFileType: () => pick(['application', 'image', 'text', 'audio', 'video']),
  $randomFileExt: () => pick(fileExts),
  $randomCommonFileName: () => `${pick(words)}.${pick(fileExts)}`,
  $randomCommonFileType: () => pick(['application', 'image', 'text']),
  $randomCommonFileExt: () => pick(fileExts),
  $randomFilePath: () => `/home/${pick(words)}/${pick(words)}.${pick(fileExts)}`,
  $randomDirectoryPath: () => `/home/${pick(words)}`,
  $randomMimeType: () => pick(mimeTypes),
  $randomImageUrl: () => 'http://placeimg.com/640/480',
  $randomAvatarImage: () => 'https://example.com/avatar.png',
  $randomProduct: () => pick(['Chair', 'Table', 'Shirt', 'Keyboard', 'Lamp']),
  $randomProductName: () => `${pick(['Small', 'Ergonomic', 'Rustic'])} ${pick(['Chair', 'Table', 'Lamp'])}`,
  $randomProductAdjective: () => pick(['Small', 'Ergonomic', 'Rustic', 'Sleek']),
  $randomProductMaterial: () => pick(['Steel', 'Wooden', 'Cotton', 'Granite']),
  $randomDepartment: () => pick(['Books', 'Garden', 'Toys', 'Music', 'Tools']),
  $randomDatabaseColumn: () => pick(['id', 'name', 'email', 'created_at', 'status']),
  $randomDatabaseType: () => pick(['int', 'varchar', 'text', 'timestamp', 'boolean']),
  $randomDatabaseEngine: () => pick(['InnoDB', 'MyISAM', 'MEMORY']),
  $randomDatabaseCollation: () => pick(['utf8_general_ci', 'utf8_bin', 'ascii_bin']),
};

/** Names of every supported dynamic variable (for autocomplete). */
export const dynamicVariableNames: readonly string[] = Object.keys(generators);

/** A fresh value for a dynamic variable such as `$guid`, or undefined when the name is unknown. */
export function generateDynamic(name: string): string | undefined {
  const gen = generators[name];
  return gen ? gen() : undefined;
}
