import type { CatalogCheck, CatalogType } from './catalog.ts';

/*
 * Column types of CREATE statements (libpg-query's TypeName trees) in the words the catalog uses: the
 * internal name (`int4`), the modifier as Postgres stores it, and the declared name as `format_type`
 * prints it (`integer`, `character varying(40)`), so that a schema read from a file and one read from
 * the database it creates are the same.
 */

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree is walked by shape, one optional step at a time
type Node = Record<string, any>;

/** An enum or a domain of the file, by name. */
export interface DdlTypes {
  readonly enums: Map<string, string[]>;
  readonly domains: Map<string, { type: Node; notNull: boolean; checks: CatalogCheck[] }>;
}

/** serial types are integer types with a sequence default (https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-SERIAL). */
export const SERIALS: Readonly<Record<string, string>> = {
  smallserial: 'int2',
  serial2: 'int2',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
};

const DECLARED: Readonly<Record<string, string>> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
};

/** The last name of a qualified name list (`pg_catalog.int4` → `int4`), lower case as Postgres folds it. */
export function nameOf(names: readonly Node[]): string {
  return String(names.at(-1)?.String?.sval ?? '').toLowerCase();
}

const VARHDRSZ = 4;

/** `atttypmod` of a base type and its modifiers (`varchar(40)` → 44, `numeric(10,2)` → 655366). */
function typmodOf(base: string, mods: readonly number[]): number {
  if ((base === 'varchar' || base === 'bpchar') && mods.length === 1) return mods[0]! + VARHDRSZ;
  if (base === 'bpchar') return 1 + VARHDRSZ; // char without a length is char(1)
  if (base === 'numeric' && mods.length > 0) return ((mods[0]! << 16) | (mods[1] ?? 0)) + VARHDRSZ;
  return -1;
}

/** What `format_type` prints for a base type and its modifier. */
function declaredOf(base: string, typmod: number): string {
  const name = DECLARED[base] ?? base;
  if (typmod < VARHDRSZ) return name;
  if (base === 'numeric') return `numeric(${(typmod - VARHDRSZ) >> 16},${(typmod - VARHDRSZ) & 0xffff})`;
  if (base === 'varchar' || base === 'bpchar') return `${name}(${typmod - VARHDRSZ})`;
  return name;
}

/** A column's type from its TypeName, enums and domains of the file resolved (a domain's checks kept). */
export function ddlType(typeName: Node, types: DdlTypes): CatalogType {
  const name = nameOf(typeName.names as Node[]);
  const array = Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0;
  const domain = types.domains.get(name);
  if (domain !== undefined && !array) {
    const base = ddlType(domain.type, types);
    return {
      ...base,
      declared: name,
      domainChecks: [...domain.checks, ...base.domainChecks],
      domainNotNull: domain.notNull || base.domainNotNull,
    };
  }
  const base = SERIALS[name] ?? name;
  const mods = ((typeName.typmods as Node[] | undefined) ?? []).map((m) => Number(m.A_Const?.ival?.ival ?? 0));
  const typmod = typmodOf(base, mods);
  const labels = types.enums.get(name) ?? null;
  const declared = labels !== null || domain !== undefined ? name : declaredOf(base, typmod);
  return {
    declared: array ? `${declared}[]` : declared,
    base: array ? `_${base}` : base,
    typmod: array ? -1 : typmod,
    kind: labels !== null && !array ? 'e' : 'b',
    element: array ? base : null,
    labels,
    domainChecks: [],
    domainNotNull: false,
  };
}
