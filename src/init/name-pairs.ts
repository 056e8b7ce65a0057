import type { CatalogTable } from './catalog.ts';
import type { PairRule } from './check-rules.ts';
import { typeFit } from './column-types.ts';

/*
 * Times that come in order by what they are called, as a person reading the schema would expect:
 * `rental_date` before `return_date`, `created_at` before `updated_at` and `deleted_at`, `valid_from`
 * before `valid_to`, `begin_date_year` before `end_date_year`, `first_seen` before `last_seen`. A column
 * that begins something pairs with one that ends it when the rest of their names is the same; the pair
 * then becomes a rule like a CHECK's `a <= b` (`pairs.ts` gives them windows that do not overlap).
 */

/** Words that begin a span, and words that end one (or come after its beginning). */
const BEGINS = new Set([
  'start',
  'started',
  'begin',
  'begins',
  'from',
  'open',
  'opened',
  'create',
  'created',
  'insert',
  'inserted',
  'issue',
  'issued',
  'order',
  'ordered',
  'rental',
  'rented',
  'publish',
  'published',
  'register',
  'registered',
  'signup',
  'join',
  'joined',
  'first',
  'enter',
  'entered',
  'hire',
  'hired',
  'checkin',
]);
const ENDS = new Set([
  'end',
  'ended',
  'ends',
  'finish',
  'finished',
  'to',
  'until',
  'close',
  'closed',
  'return',
  'returned',
  'due',
  'expire',
  'expires',
  'expired',
  'expiry',
  'complete',
  'completed',
  'resolve',
  'resolved',
  'ship',
  'shipped',
  'deliver',
  'delivered',
  'paid',
  'update',
  'updated',
  'modify',
  'modified',
  'last',
  'delete',
  'deleted',
  'archive',
  'archived',
  'cancel',
  'canceled',
  'cancelled',
  'revoke',
  'revoked',
  'stop',
  'stopped',
  'leave',
  'left',
  'checkout',
]);
/** Words that say how a time is written, not what it is. */
const FORMS = new Set(['at', 'on', 'date', 'time', 'ts', 'timestamp', 'datetime', 'dt', 'utc']);

/** A name's words: snake_case and camelCase split, lower case. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** What a column is in a span: `begin` or `end`, and the rest of its name that must match the other's. */
function roleOf(name: string): { role: 'begin' | 'end'; rest: string } | null {
  const parts = words(name);
  const at = parts.findIndex((w) => BEGINS.has(w) || ENDS.has(w));
  if (at < 0) return null;
  const role = BEGINS.has(parts[at]!) ? 'begin' : 'end';
  return { role, rest: parts.filter((w, i) => i !== at && !FORMS.has(w)).join('_') };
}

/** Columns whose values can be ordered by name: times and days, or integer years (`begin_date_year`). */
function orderable(table: CatalogTable, name: string): string | null {
  const column = table.columns.find((c) => c.name === name)!;
  const family = typeFit(column.type)?.family;
  if (family === 'timestamp' || family === 'date') return 'time';
  return family === 'int' && words(name).includes('year') ? 'year' : null;
}

/** `a <= b` rules for the table's columns that begin and end a span by their names, but those checks already order. */
export function namedPairs(table: CatalogTable, ordered: readonly PairRule[]): PairRule[] {
  const columns = table.columns.map((c) => ({ name: c.name, role: roleOf(c.name), kind: orderable(table, c.name) }));
  const out: PairRule[] = [];
  for (const end of columns) {
    if (end.role?.role !== 'end' || end.kind === null) continue;
    const begin = columns.find(
      (c) => c.role?.role === 'begin' && c.role.rest === end.role!.rest && c.kind === end.kind,
    );
    const known = ordered.some((p) => [p.a, p.b].includes(end.name) && [p.a, p.b].includes(begin?.name ?? ''));
    if (begin !== undefined && !known)
      out.push({
        op: '<=',
        a: begin.name,
        b: end.name,
        constraint: `(by name: ${begin.name} begins what ${end.name} ends)`,
      });
  }
  return out;
}
