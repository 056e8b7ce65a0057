import type { ColumnDefinition, ColumnType, GeneratorSpec } from '../dataset/types.ts';
import { boundedNumber, boundedTime } from './bounds.ts';
import type { CatalogColumn } from './catalog.ts';
import { type ColumnFacts, choiceOf, type Made, required, Unfillable } from './column-facts.ts';
import { type TypeFit, typeFit } from './column-types.ts';
import { codeCapacity, codeTemplate, fitLength } from './fit-length.ts';
import {
  BOOL_GUESSES,
  DECIMAL_GUESSES,
  FLOAT_GUESSES,
  guessByName,
  INT_GUESSES,
  RARE,
  TEXT_GUESSES,
  TIME_GUESSES,
} from './name-guesses.ts';
import { textForm } from './text-forms.ts';

/** A column as `init` writes it, and why (the comment beside it). */
export interface Guess {
  /** Null when the database fills it: a generated column, or a type gen cannot make with a DEFAULT. */
  readonly column: ColumnDefinition | null;
  readonly note: string;
}

/**
 * Guesses how to fill a column: by its key role, its type, its checks and its name.
 * @throws {Unfillable} for a NOT NULL column of a type gen cannot make, naming table.column.
 */
export function guessColumn(facts: ColumnFacts): Guess {
  if (facts.column.generated !== '') return { column: null, note: 'generated: the database computes it' };
  const fit = typeFit(facts.column.type);
  const guessed =
    facts.reference !== null ? referenceOf(facts, fit) : fit === null ? textForm(facts) : native(facts, fit);
  const made = guessed === null || fit?.family !== 'text' ? guessed : fitLength(guessed, fit.length);
  if (made === null) return { column: null, note: `type ${facts.column.type.declared}: left to its DEFAULT` };
  const nullable = !required(facts) && made.nullRate === undefined;
  const rare = RARE.test(facts.column.name.toLowerCase());
  const always = nullable && facts.rule.alwaysNull === true;
  const nullRate = made.nullRate ?? (nullable ? (always ? 1 : rare ? 0.9 : 0.05) : undefined);
  const note = always
    ? 'always NULL: the one value its checks leave gen'
    : nullable
      ? `${made.note}; NULL in ${Math.round((nullRate ?? 0) * 100)}% of rows`
      : made.note;
  return {
    column: {
      name: facts.column.name,
      type: made.type,
      generator: made.generator,
      ...(nullRate === undefined ? {} : { nullRate }),
      ...(made.unique === true ? { unique: true } : {}),
      ...(fit?.length === undefined ? {} : { length: fit.length }),
    },
    note,
  };
}

function referenceOf(facts: ColumnFacts, fit: TypeFit | null): Made | null {
  const { table, column, once } = facts.reference!;
  if (fit === null) return null;
  // A nullable reference to its own table is a tree (a comment's parent, an employee's manager): an
  // earlier row, so no row is its own ancestor. Other references favour some parents (gen's flattened
  // Zipf: busy customers, popular products), but in a key, whose combinations are drawn evenly.
  const tree = table === facts.table && !required(facts) && !once && column === null && !facts.inKey;
  const skewed = !tree && !once && !facts.inKey;
  const spec: GeneratorSpec = {
    kind: 'reference',
    table,
    ...(column === null ? {} : { column }),
    ...(once ? { distribution: 'once' as const } : skewed ? { distribution: 'zipf' as const } : {}),
    ...(tree ? { earlier: true } : {}),
  };
  const what = column === null ? 'a row' : `the ${column} of a row`;
  const how = once
    ? ', each row its own (one-to-one)'
    : tree
      ? ', an earlier one: a tree'
      : skewed
        ? ', some parents busier than others (Zipf)'
        : '';
  return { type: fit.type, generator: spec, note: `foreign key to ${table}: ${what} of this run${how}` };
}

function native(facts: ColumnFacts, fit: TypeFit): Made {
  const { rule, role, column } = facts;
  const name = column.name;
  if (role === 'key') return keyOf(facts, fit);
  if (fit.family === 'int' && serial(column))
    return {
      type: fit.type,
      generator: { kind: 'sequence', start: 1 },
      note: 'its own sequence: 1, 2, 3…, different per row',
    };
  if (rule.values !== undefined && fit.family !== 'bool')
    return choiceOf(rule.values, fit.type, rule.valuesWhy ?? 'one of the values its check allows', rule.not);
  switch (fit.family) {
    case 'int':
    case 'decimal':
    case 'float':
      return numberOf(facts, fit, role === 'unique');
    case 'bool': {
      const guess = BOOL_GUESSES.find((g) => g.pattern.test(name.toLowerCase()));
      const fixed = rule.values?.length === 1 ? (rule.values[0]!.text === 'true' ? 1 : 0) : undefined;
      const probability = fixed ?? guess?.probability ?? 0.5;
      return {
        type: fit.type,
        generator: { kind: 'bool', probability },
        note: `true in ${probability * 100}% of rows`,
      };
    }
    case 'timestamp':
    case 'date':
      return timeOf(facts, fit);
    case 'time':
      return { type: fit.type, generator: { kind: 'timeOfDay' }, note: 'a time of day' };
    case 'uuid':
      return {
        type: fit.type,
        generator: { kind: 'uuid' },
        note: 'a random UUID, different in every row',
        unique: role === 'unique',
      };
    default:
      return textOf(facts, fit);
  }
}

/** An identity column, or one whose default is a sequence (serial). */
function serial(column: CatalogColumn): boolean {
  return column.identity !== '' || /^nextval\(/.test(column.default ?? '');
}

function keyOf(facts: ColumnFacts, fit: TypeFit): Made {
  const kind = fit.family;
  const only = facts.rule.values?.length === 1 ? facts.rule.values[0]! : undefined;
  if (only !== undefined && kind !== 'bool')
    return {
      type: fit.type,
      generator: { kind: 'choice', values: [only.text] },
      note: `primary key: ${only.text}, the one value its check allows, in the table's one row`,
    };
  if (kind === 'int')
    return {
      type: fit.type,
      generator: { kind: 'sequence', start: 1 },
      note: 'primary key: 1, 2, 3…; an --append continues after the largest one there',
    };
  if (kind === 'uuid')
    return { type: fit.type, generator: { kind: 'uuid' }, note: 'primary key: a random UUID per row' };
  if (kind === 'bool') {
    const value = facts.rule.values?.[0]?.text !== 'false';
    return {
      type: fit.type,
      generator: { kind: 'bool', probability: value ? 1 : 0 },
      note: `primary key: ${value}, in the table's one row (a singleton)`,
    };
  }
  if (kind === 'text') {
    const template = codeTemplate(facts.table.slice(0, 1).toUpperCase(), fit.length);
    return {
      type: fit.type,
      generator: { kind: 'template', template },
      note: `primary key: a code per row${fit.length === undefined ? '' : `, ${fit.length} characters at most`}`,
    };
  }
  return unique(facts, fit);
}

function unique(facts: ColumnFacts, fit: TypeFit): Made {
  if (fit.family === 'int' || fit.family === 'decimal' || fit.family === 'float') return numberOf(facts, fit, true);
  if (fit.family === 'text' || fit.family === 'uuid') return textOf(facts, fit);
  throw new Unfillable(
    `${facts.table}.${facts.column.name} must be unique and is of type ${facts.column.type.declared}, of which gen cannot make unique values yet; write the table in the schema file by hand`,
  );
}

function numberOf(facts: ColumnFacts, fit: TypeFit, isUnique: boolean): Made {
  const guesses = fit.family === 'int' ? INT_GUESSES : fit.family === 'float' ? FLOAT_GUESSES : DECIMAL_GUESSES;
  const guess = guessByName(guesses, facts.column.name);
  const scale = fit.type.kind === 'decimal' ? fit.type.scale : fit.family === 'int' ? 0 : null;
  const made = boundedNumber(guess?.generator, facts.rule, fit.range, scale, isUnique);
  return { type: fit.type, ...made, note: `${guess?.note ?? made.note}`, ...(isUnique ? { unique: true } : {}) };
}

function timeOf(facts: ColumnFacts, fit: TypeFit): Made {
  const guess = guessByName(TIME_GUESSES, facts.column.name);
  const generator = boundedTime(guess?.generator, facts.rule, facts.today, fit.family === 'date');
  const note =
    generator === guess?.generator
      ? guess.note
      : generator.kind === 'timestamp' && 'from' in generator
        ? `between ${generator.from} and ${generator.to}, as its checks or partitions allow`
        : 'in the year before --date';
  return { type: fit.type, generator, note };
}

function textOf(facts: ColumnFacts, fit: TypeFit): Made {
  const name = facts.column.name.toLowerCase();
  const isUnique = facts.role === 'unique';
  if (/e_?mail/.test(name)) return emailOf(facts, fit.type);
  if (PHONE.test(name)) return phoneOf(facts, fit);
  // `state` beside a city or a postal code is where the row lives; elsewhere it is a status.
  if (name === 'state' && facts.siblings.some((s) => /(city|zip|postal|postcode|address)/i.test(s)))
    return {
      type: fit.type,
      generator: { kind: 'faker', data: 'location.state' },
      note: 'a state (beside an address)',
    };
  const guess = guessByName(
    TEXT_GUESSES,
    name === 'name' || name === 'title' ? `${tableKind(facts.table)}${name}` : name,
  );
  const fits = (template: string) => fit.length === undefined || codeCapacity(template, fit.length) >= 1e4;
  if (isUnique && (guess?.generator.kind !== 'template' || !fits(guess.generator.template))) {
    const named = `${facts.column.name}-{id}`;
    const template = fits(named) ? named : codeTemplate(facts.column.name.slice(0, 1).toUpperCase(), fit.length);
    return {
      type: fit.type,
      generator: { kind: 'template', template },
      note: template === named ? 'unique: the column name and the row key' : 'unique: a code per row',
      unique: true,
    };
  }
  const prefix = facts.rule.prefix;
  if (prefix !== undefined && !(guess?.generator.kind === 'template' && guess.generator.template.startsWith(prefix)))
    return {
      type: fit.type,
      generator: { kind: 'template', template: `${prefix.replace(/[{}]/g, '')}{id}` },
      note: `text starting ${JSON.stringify(prefix)}, as its check asks`,
      ...(isUnique ? { unique: true } : {}),
    };
  const minLength = facts.rule.minLength;
  if (minLength !== undefined && minLength > 1) {
    const min = Math.ceil(minLength / 2) + 1;
    return {
      type: fit.type,
      generator: { kind: 'words', min, max: min + 5 },
      note: `words, at least ${minLength} characters as its check asks`,
    };
  }
  if (guess !== undefined)
    return { type: fit.type, generator: guess.generator, note: guess.note, ...(isUnique ? { unique: true } : {}) };
  return {
    type: fit.type,
    generator: { kind: 'words', min: 1, max: 3 },
    note: 'a few words (no guess from its name: edit to taste)',
  };
}

/** What a table holds, from its name, so that its `name` or `title` reads as one (`track.name`: a song). */
const TABLE_KINDS: readonly [RegExp, string][] = [
  [/(track|song)/i, 'song_'],
  [/album/i, 'album_'],
  [/(artist|band|musician)/i, 'artist_'],
  [/genre/i, 'genre_'],
  [/(book|novel|publication)/i, 'book_'],
  [/(film|movie)/i, 'film_'],
  [/(product|item|article|goods)/i, 'product_'],
  [/(compan|organi[sz]ation|vendor|supplier|customer_account|publisher)/i, 'company_'],
  [/(team|squad|club)/i, 'team_'],
  [/(city|town)/i, 'city_'],
  [/(countr)/i, 'country_'],
  [/(categor|department|section)/i, 'category_'],
];

function tableKind(table: string): string {
  const bare = table.slice(table.lastIndexOf('.') + 1);
  return TABLE_KINDS.find(([pattern]) => pattern.test(bare))?.[1] ?? '';
}

/** Telephone columns: each its own area code (from its name), so a row's phone and fax differ. */
const PHONE = /(phone|mobile|fax|cell|telephone|^tel$|_tel$)/;

function phoneOf(facts: ColumnFacts, fit: TypeFit): Made {
  let hash = 0;
  for (const c of facts.column.name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const area = 201 + (hash % 790);
  return {
    type: fit.type,
    generator: { kind: 'template', template: `+1-${area}-{id:07}` },
    note: 'a phone number (its area code from the column name)',
    ...(facts.role === 'unique' ? { unique: true } : {}),
  };
}

function emailOf(facts: ColumnFacts, type: ColumnType): Made {
  const first = facts.siblings.find((s) => /^(first_?name|given_?name)$/i.test(s));
  const last = facts.siblings.find((s) => /^(last_?name|surname|family_?name)$/i.test(s));
  const unique = facts.role === 'unique' ? { unique: true } : {};
  if (first !== undefined && last !== undefined)
    return {
      type,
      generator: { kind: 'email', first, last },
      note: `an email from ${first} and ${last}, different per row`,
      ...unique,
    };
  return {
    type,
    generator: { kind: 'template', template: 'user{id}@example.com' },
    note: 'an email, different per row',
    ...unique,
  };
}
