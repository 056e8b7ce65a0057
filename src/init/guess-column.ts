import type { ColumnDefinition, ColumnType, GeneratorSpec } from '../dataset/types.ts';
import { SinkError } from '../errors.ts';
import { boundedNumber, boundedTime } from './bounds.ts';
import type { CatalogColumn } from './catalog.ts';
import type { ColumnRule, Literal } from './check-rules.ts';
import { type TypeFit, typeFit } from './column-types.ts';
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

/** What `init` knows of one column beside its catalog entry. */
export interface ColumnFacts {
  readonly table: string;
  readonly column: CatalogColumn;
  readonly rule: ColumnRule;
  /** `key`: the table's one-column primary key; `unique`: a one-column unique constraint. */
  readonly role: 'key' | 'unique' | 'plain';
  /** A one-column foreign key: the table it references and how that table's key is made. */
  readonly reference: { readonly table: string; readonly key: 'int' | 'uuid' } | null;
  /** The other columns of the table, for guesses that read them (an email from the name columns). */
  readonly siblings: readonly string[];
  /** The run's reference day for absolute bounds (`YYYY-MM-DD`): init's `--date`. */
  readonly today: string;
}

/** A column as `init` writes it, and why (the comment beside it). */
export interface Guess {
  /** Null when the database fills it: a generated column, or a type gen cannot make with a DEFAULT. */
  readonly column: ColumnDefinition | null;
  readonly note: string;
}

type Made = { type: ColumnType; generator: GeneratorSpec; note: string; unique?: boolean; nullRate?: number };

/** A column a table declares NOT NULL (or whose domain or checks do), or a key. */
function required(facts: ColumnFacts): boolean {
  const { column, rule, role } = facts;
  return column.notNull || column.type.domainNotNull || rule.notNull === true || role === 'key';
}

/**
 * Guesses how to fill a column: by its key role, its type, its checks and its name.
 * @throws {SinkError} for a NOT NULL column of a type gen cannot make, naming table.column.
 */
export function guessColumn(facts: ColumnFacts): Guess {
  if (facts.column.generated !== '') return { column: null, note: 'generated: the database computes it' };
  const fit = typeFit(facts.column.type);
  const made = facts.reference !== null ? referenceOf(facts) : fit === null ? textForm(facts) : native(facts, fit);
  if (made === null) return { column: null, note: `type ${facts.column.type.declared}: left to its DEFAULT` };
  const nullable = !required(facts) && made.nullRate === undefined;
  const rare = RARE.test(facts.column.name.toLowerCase());
  const nullRate = made.nullRate ?? (nullable ? (rare ? 0.9 : 0.05) : undefined);
  const note = nullable ? `${made.note}; NULL in ${Math.round((nullRate ?? 0) * 100)}% of rows` : made.note;
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

function referenceOf(facts: ColumnFacts): Made {
  const { table, key } = facts.reference!;
  const type: ColumnType = key === 'uuid' ? { kind: 'uuid' } : { kind: 'int64' };
  return { type, generator: { kind: 'reference', table }, note: `foreign key to ${table}: a row of this run` };
}

/** Values from a list: a check's `IN (…)`, an enum's labels or a list partition's values; `not` left out. */
function choiceOf(values: readonly Literal[], type: ColumnType, why: string, not: readonly Literal[] = []): Made {
  const texts = values.map((v) => v.text).filter((t) => !not.some((n) => n.text === t));
  // The first values the most frequent (1/k), as statuses usually are; edit the weights to taste.
  const weights = texts.length > 2 ? texts.map((_, k) => Math.round(1000 / (k + 1)) / 1000) : undefined;
  return {
    type,
    generator: { kind: 'choice', values: texts, ...(weights === undefined ? {} : { weights }) },
    note: `${why}${weights === undefined ? '' : ', the first most frequent'}`,
  };
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
    return choiceOf(rule.values, fit.type, `one of the values its check allows`, rule.not);
  switch (fit.family) {
    case 'int':
    case 'decimal':
    case 'float':
      return numberOf(facts, fit, role === 'unique');
    case 'bool': {
      const guess = BOOL_GUESSES.find((g) => g.pattern.test(name.toLowerCase()));
      const probability = guess?.probability ?? 0.5;
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
export function serial(column: CatalogColumn): boolean {
  return column.identity !== '' || /^nextval\(/.test(column.default ?? '');
}

function keyOf(facts: ColumnFacts, fit: TypeFit): Made {
  const kind = fit.family;
  if (kind === 'int')
    return {
      type: fit.type,
      generator: { kind: 'sequence', start: 1 },
      note: 'primary key: 1, 2, 3…; an --append continues after the largest one there',
    };
  if (kind === 'uuid')
    return { type: fit.type, generator: { kind: 'uuid' }, note: 'primary key: a random UUID per row' };
  if (kind === 'text') {
    const prefix = facts.table.slice(0, 1).toUpperCase();
    return {
      type: fit.type,
      generator: { kind: 'template', template: `${prefix}{id:06}` },
      note: 'primary key: a code per row',
    };
  }
  return unique(facts, fit);
}

function unique(facts: ColumnFacts, fit: TypeFit): Made {
  if (fit.family === 'int' || fit.family === 'decimal' || fit.family === 'float') return numberOf(facts, fit, true);
  if (fit.family === 'text' || fit.family === 'uuid') return textOf(facts, fit);
  throw new SinkError(
    `${facts.table}.${facts.column.name}: gen cannot make unique values of type ${facts.column.type.declared} yet; make the key an integer, uuid or text column, or write the schema file by hand`,
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
  const guess = guessByName(TEXT_GUESSES, name === 'name' ? `${tableKind(facts.table)}${name}` : name);
  if (isUnique && guess?.generator.kind !== 'template')
    return {
      type: fit.type,
      generator: { kind: 'template', template: `${facts.column.name}-{id}` },
      note: 'unique: the column name and the row key',
      unique: true,
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

/** `product_` or `company_` when a table holds products or companies, so that its `name` reads as one. */
function tableKind(table: string): string {
  if (/(product|item|article|goods)/i.test(table)) return 'product_';
  if (/(compan|organi[sz]ation|vendor|supplier|customer_account)/i.test(table)) return 'company_';
  return '';
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

/** Types gen writes as the text Postgres reads them (COPY casts): JSON, addresses, intervals, arrays… */
function textForm(facts: ColumnFacts): Made | null {
  const { base, element, labels, kind } = facts.column.type;
  const type: ColumnType = { kind: 'utf8' };
  if (facts.rule.values !== undefined) return choiceOf(facts.rule.values, type, 'one of the values its check allows');
  if (kind === 'e' && element === null && labels !== null)
    return choiceOf(
      labels.map((text) => ({ text, number: null })),
      type,
      `a label of enum ${base}`,
    );
  if (element !== null) return arrayOf(facts);
  const forms: Record<string, Made> = {
    json: {
      type,
      generator: { kind: 'template', template: '{"id": {id}}' },
      note: 'a small JSON object (edit the template)',
    },
    inet: { type, generator: { kind: 'ip' }, note: 'an IPv4 address' },
    cidr: { type, generator: { kind: 'ip', cidr: true }, note: 'an IPv4 host network' },
    bytea: { type, generator: { kind: 'template', template: '\\x{id:016}' }, note: "8 bytes in bytea's hex form" },
    interval: {
      type,
      generator: { kind: 'choice', values: ['15 minutes', '1 hour', '1 day', '7 days', '1 mon'] },
      note: 'an interval',
    },
    tsvector: {
      type,
      generator: { kind: 'words', min: 3, max: 12 },
      note: 'words: a tsvector is its lexemes separated by spaces',
    },
  };
  const form = forms[base === 'jsonb' ? 'json' : base];
  if (form !== undefined) return form;
  return unsupported(facts, `type ${facts.column.type.declared}`);
}

/** Arrays: a few literals in Postgres's array syntax, from the element type (`{}`, `{1,2}`, `{a,b}`). */
function arrayOf(facts: ColumnFacts): Made | null {
  const { element, labels } = facts.column.type;
  const items: string[] | undefined =
    labels !== null
      ? labels.slice(0, 3)
      : ['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(element!)
        ? ['1', '2', '3']
        : ['text', 'varchar', 'bpchar'].includes(element!)
          ? ['alpha', 'beta', 'gamma']
          : undefined;
  if (items === undefined) return unsupported(facts, `array type ${facts.column.type.declared}`);
  const values = ['{}', `{${items[0]}}`, `{${items.slice(0, 2).join(',')}}`, `{${items.join(',')}}`];
  return { type: { kind: 'utf8' }, generator: { kind: 'choice', values }, note: 'an array literal: edit the values' };
}

function unsupported(facts: ColumnFacts, what: string): Made | null {
  const where = `${facts.table}.${facts.column.name}`;
  if (facts.column.default !== null) return null;
  if (required(facts))
    throw new SinkError(
      `${where}: gen cannot make values of ${what}, and the column is NOT NULL; give it a DEFAULT (gen then leaves it out), or write its generator in the schema file (any text Postgres casts to the type)`,
    );
  return {
    type: { kind: 'utf8' },
    generator: { kind: 'choice', values: [''] },
    nullRate: 1,
    note: `${what}: gen cannot make it, always NULL`,
  };
}
