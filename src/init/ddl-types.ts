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
  varbit: 'bit varying',
};

/** The last name of a qualified name list (`pg_catalog.int4` → `int4`); the parser folded unquoted names. */
export function nameOf(names: readonly Node[]): string {
  return String(names.at(-1)?.String?.sval ?? '');
}

/** A name as `format_type` prints it: quoted unless plain lower case (https://www.postgresql.org/docs/15/sql-syntax-lexical.html). */
function quoted(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A type's name as `format_type` prints it: qualified when its schema is not on the search path. */
function printedName(names: readonly Node[]): string {
  const parts = names.map((n) => String(n.String?.sval ?? ''));
  const schema = parts.length > 1 ? parts.at(-2)! : null;
  const shown = schema === null || schema === 'public' || schema === 'pg_catalog' ? [] : [quoted(schema)];
  return [...shown, quoted(parts.at(-1)!)].join('.');
}

/** PostGIS's geometry kinds as its typmod output writes them (the parser folds them to lower case). */
const GEOMETRY_KINDS = [
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
  'Geometry',
];

/** A modifier as the type's own output writes it (`Point`, `4326`). */
function modText(m: Node): string {
  if (m.A_Const?.ival !== undefined) return String(m.A_Const.ival.ival ?? 0);
  const word = String(m.ColumnRef?.fields?.[0]?.String?.sval ?? m.A_Const?.sval?.sval ?? '');
  const kind = GEOMETRY_KINDS.find((k) => word.toLowerCase().startsWith(k.toLowerCase()));
  return kind === undefined ? word : `${kind}${word.slice(kind.length).toUpperCase()}`;
}

const VARHDRSZ = 4;

/** `atttypmod` of a base type and its modifiers (`varchar(40)` → 44, `numeric(10,2)` → 655366). */
function typmodOf(base: string, mods: readonly number[]): number {
  if ((base === 'varchar' || base === 'bpchar') && mods.length === 1) return mods[0]! + VARHDRSZ;
  if (base === 'bpchar') return 1 + VARHDRSZ; // char without a length is char(1)
  if (base === 'numeric' && mods.length > 0) return ((mods[0]! << 16) | (mods[1] ?? 0)) + VARHDRSZ;
  if (PRECISE.has(base) && mods.length === 1) return mods[0]!;
  return -1;
}

/** Types whose modifier is a precision or a length kept as is (`timestamp(3)`, `bit(5)`). */
const PRECISE = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'bit', 'varbit']);

/** What `format_type` prints for a base type and its modifier. */
function declaredOf(base: string, typmod: number): string {
  const name = DECLARED[base] ?? base;
  if (PRECISE.has(base) && typmod >= 0) {
    const [word, zone] = [name.split(' ')[0]!, name.slice(name.indexOf(' '))];
    return base.startsWith('bit') || base === 'varbit' ? `${name}(${typmod})` : `${word}(${typmod})${zone}`;
  }
  if (typmod < VARHDRSZ) return name;
  if (base === 'numeric') return `numeric(${(typmod - VARHDRSZ) >> 16},${(typmod - VARHDRSZ) & 0xffff})`;
  if (base === 'varchar' || base === 'bpchar') return `${name}(${typmod - VARHDRSZ})`;
  return name;
}

/** The key of a type of the file: `schema.name`, an unqualified name in the search path's first schema. */
export function typeKey(names: readonly Node[], schema: string): string {
  const parts = names.map((n) => String(n.String?.sval ?? ''));
  return parts.length > 1 ? `${parts.at(-2)}.${parts.at(-1)}` : `${schema}.${parts[0]}`;
}

/** An enum or domain of the file a TypeName names (an unqualified name: the current schema, then public). */
function lookUp<T>(map: ReadonlyMap<string, T>, names: readonly Node[], schema: string): T | undefined {
  return map.get(typeKey(names, schema)) ?? (names.length === 1 ? map.get(typeKey(names, 'public')) : undefined);
}

/**
 * A column's type from its TypeName (`schema` is where unqualified names go), enums and domains of the file
 * resolved (a domain's checks kept), named as `format_type` names it.
 */
export function ddlType(typeName: Node, types: DdlTypes, schema: string): CatalogType {
  const names = typeName.names as Node[];
  const name = nameOf(names);
  const array = Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0;
  const domain = lookUp(types.domains, names, schema);
  const printed = printedName(names);
  if (domain !== undefined && !array) {
    const base = ddlType(domain.type, types, schema);
    return {
      ...base,
      declared: printed,
      domainChecks: [...domain.checks, ...base.domainChecks],
      domainNotNull: domain.notNull || base.domainNotNull,
    };
  }
  const base = SERIALS[name] ?? name;
  const given = (typeName.typmods as Node[] | undefined) ?? [];
  const mods = given.map((m) => Number(m.A_Const?.ival?.ival ?? 0));
  const typmod = typmodOf(base, mods);
  const labels = lookUp(types.enums, names, schema) ?? null;
  // A type of the server (pg_catalog's, or a keyword the parser qualified) prints as format_type does;
  // any other (an enum, a composite, an extension's `geometry(Point,4326)`) by its name and modifiers.
  const builtin =
    labels === null && domain === undefined && (names.length === 1 || nameOf(names.slice(0, 1)) === 'pg_catalog');
  const extension = !builtin && labels === null && domain === undefined && given.length > 0;
  const declared = builtin
    ? declaredOf(base, typmod)
    : extension
      ? `${printed}(${given.map(modText).join(',')})`
      : printed;
  return {
    declared: array ? `${declared}[]` : declared,
    base: array ? `_${base}` : base,
    // An array's modifier is its element's (`character(1)[]`), as the catalog keeps it.
    typmod,
    kind: labels !== null && !array ? 'e' : 'b',
    element: array ? base : null,
    labels,
    domainChecks: [],
    domainNotNull: false,
  };
}
