import type { ColumnType } from '../dataset/types.ts';
import type { CatalogType } from './catalog.ts';

/** How gen makes a Postgres type: its column type, the range it may take, its length and decimals. */
export interface TypeFit {
  readonly type: ColumnType;
  /** Integer and decimal types: the values the type holds. */
  readonly range?: readonly [number, number];
  /** Text types: `varchar(n)`/`char(n)`'s n. */
  readonly length?: number;
  /** What the type's values are, for the guesses by name: a number, text, an instant… */
  readonly family: 'int' | 'decimal' | 'float' | 'bool' | 'text' | 'timestamp' | 'date' | 'time' | 'uuid' | 'other';
}

/** Postgres's numbers: typmod of numeric(p, s) is ((p << 16) | s) + 4, of varchar(n) n + 4. */
const VARHDRSZ = 4;
/** Decimals gen writes at most (values are doubles; the database pads to the column's scale). */
const MAX_SCALE = 6;

const INT_RANGES: Record<string, readonly [number, number]> = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const TEXT = new Set(['text', 'varchar', 'bpchar', 'name', 'citext']);

function numeric(typmod: number): TypeFit {
  if (typmod < VARHDRSZ) return { type: { kind: 'decimal', scale: 2 }, family: 'decimal' };
  const precision = ((typmod - VARHDRSZ) >> 16) & 0xffff;
  const scale = (typmod - VARHDRSZ) & 0xffff;
  const whole = Math.min(precision - scale, 15 - Math.min(scale, MAX_SCALE));
  const largest = 10 ** whole - 10 ** -Math.min(scale, MAX_SCALE);
  return {
    type: { kind: 'decimal', scale: Math.min(scale, MAX_SCALE) },
    range: [-largest, largest],
    family: 'decimal',
  };
}

/** The column type of a base type gen makes natively, or null (then its text form, or nothing). */
export function typeFit(type: CatalogType): TypeFit | null {
  if (type.element !== null) return null;
  const { base, typmod } = type;
  if (INT_RANGES[base] !== undefined) return { type: { kind: 'int64' }, range: INT_RANGES[base], family: 'int' };
  if (base === 'numeric') return numeric(typmod);
  if (base === 'money') return { type: { kind: 'decimal', scale: 2 }, range: [-1e12, 1e12], family: 'decimal' };
  if (base === 'float4' || base === 'float8') return { type: { kind: 'float64' }, family: 'float' };
  if (base === 'bool') return { type: { kind: 'bool' }, family: 'bool' };
  if (TEXT.has(base))
    return {
      type: { kind: 'utf8' },
      ...((base === 'varchar' || base === 'bpchar') && typmod >= VARHDRSZ ? { length: typmod - VARHDRSZ } : {}),
      family: 'text',
    };
  if (base === 'timestamp' || base === 'timestamptz') return { type: { kind: 'timestamp' }, family: 'timestamp' };
  if (base === 'date') return { type: { kind: 'date' }, family: 'date' };
  if (base === 'time' || base === 'timetz') return { type: { kind: 'time' }, family: 'time' };
  if (base === 'uuid') return { type: { kind: 'uuid' }, family: 'uuid' };
  return null;
}
