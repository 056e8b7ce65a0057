import type { GeneratorSpec } from '../dataset/types.ts';

/*
 * Realistic values from a column's name, as data: the first pattern that matches the (lower-case) name
 * picks the generator. Each says in `note` what it guessed, for the comment `gen init` writes beside it.
 */

export interface NameGuess {
  readonly pattern: RegExp;
  readonly generator: GeneratorSpec;
  readonly note: string;
}

const DAYS_PER_YEAR = 365.25;

/** Text columns. `email` is handled apart (it uses the table's name columns when there are some). */
export const TEXT_GUESSES: readonly NameGuess[] = [
  {
    pattern: /^(first_?name|given_?name|forename)$/,
    generator: { kind: 'faker', data: 'person.first_name' },
    note: 'a first name',
  },
  {
    pattern: /^(last_?name|surname|family_?name)$/,
    generator: { kind: 'faker', data: 'person.last_name' },
    note: 'a last name',
  },
  { pattern: /^(middle_?name)$/, generator: { kind: 'faker', data: 'person.middle_name' }, note: 'a middle name' },
  {
    pattern: /^(user_?name|login|handle|nick_?name|screen_?name)$/,
    generator: { kind: 'template', template: '{word.adjective}_{word.noun}{id}' },
    note: 'a user name',
  },
  {
    pattern: /(author|composer|writer|director|creator|owner_name|contact_name|manager_name)$/,
    generator: { kind: 'template', template: '{person.first_name} {person.last_name}' },
    note: "a person's name",
  },
  { pattern: /(^|_)(district|county)$/, generator: { kind: 'faker', data: 'location.county' }, note: 'a county' },
  {
    pattern: /(street|address(_?line)?\d*$)/,
    generator: { kind: 'faker', data: 'location.street_name' },
    note: 'a street',
  },
  { pattern: /(^|_)city$/, generator: { kind: 'faker', data: 'location.city_name' }, note: 'a city' },
  {
    pattern:
      /^((billing|shipping|mailing|home|address|ship|bill)_?(state|province|region)|province|region|address_state)$/,
    generator: { kind: 'faker', data: 'location.state' },
    note: 'a state',
  },
  {
    pattern: /country_?code/,
    generator: { kind: 'choice', values: ['US', 'GB', 'DE', 'FR', 'CA', 'JP'], weights: [40, 15, 12, 10, 8, 5] },
    note: 'a country code, skewed',
  },
  { pattern: /country/, generator: { kind: 'faker', data: 'location.country' }, note: 'a country' },
  { pattern: /(zip|postal|postcode)/, generator: { kind: 'template', template: '{id:05}' }, note: 'a postal code' },
  {
    pattern: /currency/,
    generator: { kind: 'choice', values: ['USD', 'EUR', 'GBP', 'JPY', 'CAD'], weights: [50, 25, 12, 8, 5] },
    note: 'a currency code, skewed',
  },
  {
    pattern: /(company|organi[sz]ation|employer|vendor|supplier)/,
    generator: { kind: 'faker', data: 'company.noun' },
    note: 'a company word',
  },
  {
    pattern: /(url|website|homepage|link|uri)$/,
    generator: { kind: 'template', template: 'https://www.{word.noun}.{internet.domain_suffix}/{id}' },
    note: 'a URL',
  },
  { pattern: /(^|_)ip(_?address)?$/, generator: { kind: 'ip' }, note: 'an IPv4 address' },
  {
    pattern: /(description|body|content|comment|notes?|bio|summary|message|text)$/,
    generator: { kind: 'words', min: 8, max: 40 },
    note: 'a few sentences of words',
  },
  { pattern: /(title|subject|headline|caption)$/, generator: { kind: 'words', min: 3, max: 8 }, note: 'a few words' },
  { pattern: /(color|colour)/, generator: { kind: 'faker', data: 'color.human' }, note: 'a colour' },
  { pattern: /(department|category)/, generator: { kind: 'faker', data: 'commerce.department' }, note: 'a department' },
  {
    pattern: /(product|item)_?name/,
    generator: { kind: 'faker', data: 'commerce.product_name.product' },
    note: 'a product',
  },
  { pattern: /job|position|role/, generator: { kind: 'faker', data: 'person.job_area' }, note: 'a job area' },
  { pattern: /^song_(name|title)$/, generator: { kind: 'faker', data: 'music.song_name' }, note: 'a song' },
  { pattern: /^album_(name|title)$/, generator: { kind: 'faker', data: 'music.album' }, note: 'an album' },
  { pattern: /^artist_name$/, generator: { kind: 'faker', data: 'music.artist' }, note: 'an artist' },
  { pattern: /^genre_name$/, generator: { kind: 'faker', data: 'music.genre' }, note: 'a genre' },
  { pattern: /^(book|film)_(name|title)$/, generator: { kind: 'faker', data: 'book.title' }, note: 'a title' },
  {
    pattern: /^team_name$/,
    generator: { kind: 'template', template: '{location.city_name} {team.creature}' },
    note: 'a team',
  },
  { pattern: /^city_name$/, generator: { kind: 'faker', data: 'location.city_name' }, note: 'a city' },
  { pattern: /^country_name$/, generator: { kind: 'faker', data: 'location.country' }, note: 'a country' },
  { pattern: /^category_name$/, generator: { kind: 'faker', data: 'commerce.department' }, note: 'a category' },
  { pattern: /^company_title$/, generator: { kind: 'faker', data: 'company.noun' }, note: 'a company word' },
  { pattern: /(^|_)(full_?)?name$/, generator: { kind: 'faker', data: 'person.last_name' }, note: 'a name' },
  {
    pattern: /(status|state|stage)$/,
    generator: { kind: 'choice', values: ['active', 'pending', 'inactive'], weights: [80, 15, 5] },
    note: 'a status, skewed',
  },
  { pattern: /(sku|code|slug|ref(erence)?)$/, generator: { kind: 'template', template: 'C{id:06}' }, note: 'a code' },
];

/** Integer columns (within the type's range and the checks' bounds). */
export const INT_GUESSES: readonly NameGuess[] = [
  {
    // A flag kept in an integer (`active integer`): mostly 1.
    pattern: /^(is_|has_)?(active|enabled|verified|visible|published|available|valid|deleted|disabled)$/,
    generator: { kind: 'choice', values: ['1', '0'], weights: [9, 1] },
    note: 'a flag: 1 in 90% of rows',
  },
  { pattern: /(^|_)age$/, generator: { kind: 'int', min: 18, max: 90 }, note: 'an adult age' },
  { pattern: /(quantity|qty)$/, generator: { kind: 'zipf', min: 1, max: 10 }, note: 'a small quantity, mostly 1' },
  { pattern: /(stock|inventory|on_hand)/, generator: { kind: 'int', min: 0, max: 500 }, note: 'a stock level' },
  { pattern: /(rating|stars|score)$/, generator: { kind: 'int', min: 1, max: 5 }, note: 'a rating 1-5' },
  { pattern: /(^|_)year$/, generator: { kind: 'int', min: 1990, max: 2026 }, note: 'a year' },
  { pattern: /(^|_)month$/, generator: { kind: 'int', min: 1, max: 12 }, note: 'a month' },
  { pattern: /(^|_)(day|day_of_month)$/, generator: { kind: 'int', min: 1, max: 28 }, note: 'a day of the month' },
  { pattern: /(^|_)hour$/, generator: { kind: 'int', min: 0, max: 23 }, note: 'an hour' },
  { pattern: /(^|_)(minute|second)s?$/, generator: { kind: 'int', min: 0, max: 59 }, note: 'a minute or second' },
  {
    pattern: /(millis|milliseconds|_ms$|duration|elapsed|latency)/,
    generator: { kind: 'lognormal', mu: 11, sigma: 1.5, min: 1, max: 86_400_000 },
    note: 'a duration in milliseconds, median ~1 min',
  },
  {
    pattern: /(bytes|size|length|filesize)$/,
    generator: { kind: 'lognormal', mu: 11, sigma: 2, min: 0, max: 10_000_000_000 },
    note: 'a size in bytes, median ~60 kB',
  },
  {
    pattern: /(price|amount|cost|total|balance|fee)(_?cents)?$/,
    generator: { kind: 'lognormal', mu: 8, sigma: 1, min: 1, max: 10_000_000 },
    note: 'money in cents: lognormal, median ~30.00',
  },
  {
    pattern: /(count|number|num|total)s?$/,
    generator: { kind: 'zipf', min: 0, max: 100 },
    note: 'a count, mostly small',
  },
  { pattern: /(priority|level|rank)$/, generator: { kind: 'int', min: 1, max: 10 }, note: 'a level 1-10' },
  { pattern: /(discount|percent|pct)/, generator: { kind: 'int', min: 0, max: 50 }, note: 'a percentage' },
  {
    pattern: /(^|_)(line|position|seq)(_?no|_?num(ber)?)?$/,
    generator: { kind: 'int', min: 1, max: 10 },
    note: 'a small ordinal',
  },
];

/** Money and other decimals. */
export const DECIMAL_GUESSES: readonly NameGuess[] = [
  {
    pattern: /(price|amount|cost|total|balance|fee|subtotal|revenue|paid)/,
    generator: { kind: 'lognormal', mu: 3.4, sigma: 1, min: 0.5, max: 5000 },
    note: 'money: lognormal, median ~30',
  },
  {
    pattern: /(salary|income|wage)/,
    generator: { kind: 'normal', mean: 60000, sd: 20000, min: 15000, max: 250000 },
    note: 'a yearly salary',
  },
  { pattern: /(discount|percent|pct|rate)$/, generator: { kind: 'float', min: 0, max: 50 }, note: 'a percentage' },
  {
    pattern: /(weight|height|length|width|depth)/,
    generator: { kind: 'lognormal', mu: 2, sigma: 0.8, min: 0.1, max: 1000 },
    note: 'a measure',
  },
];

/** Floats (latitude and longitude first). */
export const FLOAT_GUESSES: readonly NameGuess[] = [
  { pattern: /^(lat|latitude)$/, generator: { kind: 'float', min: -90, max: 90 }, note: 'a latitude' },
  { pattern: /^(lng|lon|long|longitude)$/, generator: { kind: 'float', min: -180, max: 180 }, note: 'a longitude' },
  ...DECIMAL_GUESSES,
];

/** Instants and days, relative to the run's reference date (`--date`). */
export const TIME_GUESSES: readonly NameGuess[] = [
  {
    pattern: /(birth|dob|born)/,
    generator: {
      kind: 'timestamp',
      fromDays: -Math.round(90 * DAYS_PER_YEAR),
      toDays: -Math.round(18 * DAYS_PER_YEAR),
    },
    note: 'a birth date: ages 18-90',
  },
  {
    pattern: /^(created|inserted|registered|signed_up|joined)(_at|_on|_date)?$/,
    generator: { kind: 'timestamp', fromDays: -365, toDays: -30 },
    note: 'in the year before --date, before any updated_at',
  },
  {
    pattern: /^(updated|modified|changed)(_at|_on|_date)?$/,
    generator: { kind: 'timestamp', fromDays: -30, toDays: 0 },
    note: 'in the 30 days before --date, after any created_at',
  },
];

/** Columns that are mostly NULL when they may be: things that happened to few rows. */
export const RARE = /(deleted|archived|cancel+ed|removed|banned|closed)(_at|_on|_date)?$/;

/** Booleans: the share that is true. */
export const BOOL_GUESSES: readonly { pattern: RegExp; probability: number }[] = [
  { pattern: /(active|enabled|verified|visible|published|available|valid)/, probability: 0.9 },
  { pattern: /(deleted|disabled|banned|archived|blocked|test|fraud)/, probability: 0.05 },
];

/** The first guess whose pattern matches `name`. */
export function guessByName(guesses: readonly NameGuess[], name: string): NameGuess | undefined {
  const lower = name.toLowerCase();
  return guesses.find((g) => g.pattern.test(lower));
}
