import { describe, expect, it } from 'vitest';
import { cutText, dictionaryOf } from '../../src/dataset/dictionary.ts';
import type { ColumnDefinition, DatasetDefinition, GeneratorSpec } from '../../src/dataset/types.ts';
import { compileColumn } from '../../src/generators/index.ts';
import { templateCapacity } from '../../src/generators/template.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import type { ColumnVector } from '../../src/vectors/column-vector.ts';
import { DATE_MS } from '../helpers/fixed.ts';

/*
 * The generator forms `gen init` writes for real schemas: codes of a column's length (`{id:AN}`), values cut
 * to `length` without a trailing space, one-to-one references (`distribution: once`) and references that
 * never take the row another one took (`distinctFrom`).
 */

const params = { seed: 7, referenceDate: DATE_MS };

function read(vector: ColumnVector, count: number): unknown[] {
  if (vector.kind === 'number') return [...vector.values.subarray(0, count)];
  if (vector.kind === 'dict') return [...vector.codes.subarray(0, count)].map((c) => vector.dictionary[c]);
  if (vector.kind !== 'utf8') throw new Error(vector.kind);
  return Array.from({ length: count }, (_, i) =>
    new TextDecoder().decode(vector.bytes.subarray(vector.offsets[i], vector.offsets[i + 1])),
  );
}

function values(
  table: string,
  def: ColumnDefinition,
  count: number,
  dataset?: DatasetDefinition,
  rows = {},
): unknown[] {
  const generator = compileColumn(table, def, { ...params, tableRows: rows }, dataset);
  const vector = generator.createVector(count);
  generator.fill(0, count, vector);
  return read(vector, count);
}

const text = (generator: GeneratorSpec, extra: Partial<ColumnDefinition> = {}): ColumnDefinition => ({
  name: 'c',
  type: { kind: 'utf8' },
  generator,
  ...extra,
});

describe('codes of a length, and values cut to it', () => {
  it('{id:AN} writes the key in letters, padded with A, and as many as it takes past N', () => {
    const codes = values('t', text({ kind: 'template', template: '{id:A2}' }), 700);
    expect(codes.slice(0, 3)).toEqual(['AA', 'AB', 'AC']);
    expect(codes[25]).toBe('AZ');
    expect(codes[26]).toBe('BA');
    expect(codes[675]).toBe('ZZ');
    expect(codes[676]).toBe('BAA');
    expect(new Set(codes).size).toBe(700);
    expect(templateCapacity('{id:A2}', 2)).toBe(676);
    expect(templateCapacity('C{id:03}', 4)).toBe(1000);
    expect(templateCapacity('C{id:03}', 3)).toBe(0);
    expect(templateCapacity('x{faker.person.first_name}', 9)).toBeNull();
  });

  it('a key template that cannot fit the run in its length is refused, naming the column and how many fit', () => {
    const dataset: DatasetDefinition = {
      name: 'd',
      version: 1,
      description: '',
      tables: [
        {
          name: 'lang',
          defaultRows: 700,
          primaryKey: ['code'],
          columns: [text({ kind: 'template', template: '{id:A2}' }, { name: 'code', length: 2 })],
        },
      ],
    };
    // Sizing caps the table at the codes that fit.
    const plan = planRun({ dataset, format: 'ndjson', out: '-' });
    expect(plan.slices[0]!.end - plan.slices[0]!.start).toBe(676);
    expect(() =>
      compileColumn('lang', dataset.tables[0]!.columns[0]!, { ...params, tableRows: { lang: 700 } }, dataset),
    ).toThrow(
      'tables.lang.columns.code: its template makes 700 different values, but only 676 fit in its length of 2 characters',
    );
  });

  it('a dictionary and free text cut to length never end in a space', () => {
    expect(cutText('New York', 4)).toBe('New');
    expect(cutText('Ulm', 4)).toBe('Ulm');
    const countries = dictionaryOf(text({ kind: 'faker', data: 'location.country' }, { length: 12 }))!;
    expect(countries.every((c) => [...c].length <= 12 && c === c.trimEnd())).toBe(true);
    const words = values('t', text({ kind: 'words', min: 3, max: 6 }, { length: 9 }), 2000) as string[];
    expect(words.every((w) => [...w].length <= 9 && w === w.trimEnd() && w.length > 0)).toBe(true);
  });
});

describe('references real schemas need', () => {
  const users = {
    name: 'users',
    defaultRows: 50,
    primaryKey: ['id'],
    columns: [{ name: 'id', type: { kind: 'int64' as const }, generator: { kind: 'sequence' as const, start: 1 } }],
  };
  const ref = (name: string, extra: object): ColumnDefinition => ({
    name,
    type: { kind: 'int64' },
    generator: { kind: 'reference', table: 'users', ...extra },
  });

  it('distribution once gives each row its own parent, and sizing keeps the table at most its parent', () => {
    const profile = {
      name: 'profile',
      defaultRows: 80,
      primaryKey: ['user_id'],
      columns: [ref('user_id', { distribution: 'once' })],
    };
    const dataset: DatasetDefinition = { name: 'd', version: 1, description: '', tables: [users, profile] };
    const keys = values('profile', profile.columns[0]!, 50, dataset, { users: 50, profile: 50 }) as number[];
    expect(keys).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const plan = planRun({ dataset, format: 'ndjson', out: 'unused-dir', rows: 1000 });
    const rows = Object.fromEntries(plan.slices.map((t) => [t.name, t.end - t.start]));
    expect(rows.profile).toBeLessThanOrEqual(rows.users!);
  });

  it('distinctFrom never takes the parent the other reference took, and still reaches every parent', () => {
    const follow = {
      name: 'follow',
      defaultRows: 5000,
      columns: [ref('follower_id', {}), ref('followee_id', { distinctFrom: 'follower_id' })],
    };
    const dataset: DatasetDefinition = { name: 'd', version: 1, description: '', tables: [users, follow] };
    const rows = { users: 50, follow: 5000 };
    const a = values('follow', follow.columns[0]!, 5000, dataset, rows) as number[];
    const b = values('follow', follow.columns[1]!, 5000, dataset, rows) as number[];
    expect(a.some((x, i) => x === b[i])).toBe(false);
    expect(new Set(b).size).toBe(50);
    expect(Math.min(...b)).toBe(1);
    expect(Math.max(...b)).toBe(50);
  });

  it('distinctFrom in a key of two references: every pair once, never a row with itself, every parent in range', () => {
    const follow = {
      name: 'follow',
      defaultRows: 50 * 49,
      primaryKey: ['follower_id', 'followee_id'],
      columns: [ref('follower_id', {}), ref('followee_id', { distinctFrom: 'follower_id' })],
    };
    const dataset: DatasetDefinition = { name: 'd', version: 1, description: '', tables: [users, follow] };
    const rows = { users: 50, follow: 50 * 49 };
    const a = values('follow', follow.columns[0]!, 50 * 49, dataset, rows) as number[];
    const b = values('follow', follow.columns[1]!, 50 * 49, dataset, rows) as number[];
    expect(a.some((x, i) => x === b[i])).toBe(false);
    expect(Math.max(...a, ...b)).toBe(50);
    expect(Math.min(...a, ...b)).toBe(1);
    expect(new Set(a.map((x, i) => `${x},${b[i]}`)).size).toBe(50 * 49);
  });
});

describe('a short template in a key of several columns', () => {
  it('is not held to its length alone: the other columns of the key tell its rows apart', () => {
    const table = {
      name: 'edition',
      defaultRows: 100,
      primaryKey: ['code', 'n'],
      columns: [
        text({ kind: 'template', template: '{id:A1}' }, { name: 'code', length: 1 }),
        { name: 'n', type: { kind: 'int64' as const }, generator: { kind: 'int' as const, min: 1, max: 1000 } },
      ],
    };
    const dataset: DatasetDefinition = { name: 'd', version: 1, description: '', tables: [table] };
    expect(() =>
      compileColumn('edition', table.columns[0]!, { ...params, tableRows: { edition: 100 } }, dataset),
    ).not.toThrow();
    // Alone in a key, the same column holds at most 26 rows: a run of 100 is refused, naming it.
    const alone = { ...table, primaryKey: ['code'] };
    expect(() =>
      compileColumn(
        'edition',
        alone.columns[0]!,
        { ...params, tableRows: { edition: 100 } },
        { ...dataset, tables: [alone] },
      ),
    ).toThrow('tables.edition.columns.code: its template makes 100 different values, but only 26 fit');
  });
});
