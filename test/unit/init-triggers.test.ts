import { describe, expect, it } from 'vitest';
import type { CatalogColumn, CatalogTable, CatalogTrigger } from '../../src/init/catalog.ts';
import type { ColumnRule } from '../../src/init/check-rules.ts';
import { brokenTriggers, enumCastRules, triggerFilled } from '../../src/init/triggers.ts';

function column(name: string, labels: readonly string[] | null = null): CatalogColumn {
  return {
    name,
    type: {
      declared: labels === null ? 'text' : 'strategy',
      base: labels === null ? 'text' : 'strategy',
      typmod: -1,
      kind: labels === null ? 'b' : 'e',
      element: null,
      labels,
      domainChecks: [],
      domainNotNull: false,
    },
    notNull: true,
    default: null,
    identity: '',
    generated: '',
  };
}

function table(name: string, triggers: CatalogTrigger[] = [], columns: CatalogColumn[] = [column('id')]): CatalogTable {
  return {
    schema: 'public',
    name,
    columns,
    constraints: [],
    estimatedRows: -1,
    partitioning: null,
    extension: null,
    triggers,
  };
}

const insert = (name: string, body: string): CatalogTrigger => ({ name, body, onInsert: true });
const update = (name: string, body: string): CatalogTrigger => ({ name, body, onInsert: false });
const nameOf = (t: CatalogTable) => t.name;

function context(tables: CatalogTable[]) {
  const names = new Set(tables.map((t) => t.name));
  return {
    keyOf: (schema: string, name: string) => (schema === 'public' && names.has(name) ? name : undefined),
    complete: () => true,
  };
}

describe("what a schema's triggers do while gen loads it", () => {
  it('only INSERT triggers of tables that get rows fill tables, in turn through the tables they fill', () => {
    const tables = [
      table('orders', [
        insert('t1', 'INSERT INTO totals (n) VALUES (1)'),
        update('t2', 'INSERT INTO audit VALUES (1)'),
      ]),
      table('totals', [insert('t3', 'insert into public."Summary" select 1')]),
      table('Summary'),
      table('audit'),
      table('archived', [insert('t4', 'INSERT INTO archive_log VALUES (1)')]),
      table('archive_log'),
      table('chain', [insert('again', 'INSERT INTO chain VALUES (1)')]),
    ];
    const byName = new Map(tables.map((t) => [t.name, t]));
    // `archived` gets no rows (left out), so its trigger fills nothing; an UPDATE trigger never fires.
    const sources = tables.filter((t) => t.name !== 'archived');
    const filled = triggerFilled(sources, byName, nameOf, context(tables));
    expect([...filled.keys()].sort()).toEqual(['Summary', 'chain', 'totals']);
    expect(filled.get('Summary')).toBe('filled by trigger t3 on totals during the load');
  });

  it('a table whose INSERT trigger writes where no row can go is left out, with the trigger named', () => {
    const tables = [
      table('slot', [insert('outbox', 'INSERT INTO outbox.messages (id) SELECT id FROM new_rows')]),
      table('task', [insert('lookup', 'INSERT INTO task_lookup VALUES (NEW.id)')]),
      table('task_lookup'),
      // An unqualified name that is no table may be the function's temporary table: not counted.
      table('job', [insert('tmp', 'INSERT INTO scratch VALUES (1)')]),
    ];
    const broken = brokenTriggers(tables, nameOf, new Set(['task_lookup']), context(tables));
    expect(Object.fromEntries(broken)).toEqual({
      slot: 'its trigger outbox inserts into outbox.messages, which does not exist, so every insert would fail',
      task: 'its trigger lookup inserts into task_lookup, which is partitioned and has no partition yet, so every insert would fail',
    });
  });

  it('a column an INSERT trigger casts to another enum keeps to the labels both share', () => {
    const limits = column('limitStrategy', ['CANCEL', 'DROP_NEWEST', 'ROUND_ROBIN']);
    const concurrency = table(
      'concurrency',
      [insert('copy', 'INSERT INTO v1 (s) SELECT NEW."limitStrategy"::VARCHAR::v1_strategy FROM x')],
      [column('id'), limits],
    );
    const rules = new Map<string, ColumnRule>();
    enumCastRules(concurrency, new Map([['v1_strategy', ['NONE', 'ROUND_ROBIN', 'CANCEL']]]), rules);
    expect(rules.get('limitStrategy')?.values?.map((v) => v.text)).toEqual(['CANCEL', 'ROUND_ROBIN']);
    // A cast to an enum with every label changes nothing.
    const none = new Map<string, ColumnRule>();
    enumCastRules(concurrency, new Map([['v1_strategy', ['CANCEL', 'DROP_NEWEST', 'ROUND_ROBIN']]]), none);
    expect(none.size).toBe(0);
  });
});
