import type { GeneratorSpec } from '../dataset/types.ts';

/*
 * More of Postgres's types, as the text COPY casts to them: ranges, XML, bit strings, MAC addresses,
 * geometric types, ltree, hstore, tsquery, and PostGIS geometries (WKT with the column's SRID,
 * https://postgis.net/docs/ST_GeomFromEWKT.html). A few literals each, to edit; a range's lower bound is
 * below its upper one, as the types require.
 */

const choice = (values: string[], note: string) => ({ generator: { kind: 'choice', values } as GeneratorSpec, note });

const FORMS: Readonly<Record<string, { generator: GeneratorSpec; note: string }>> = {
  int4range: choice(['[1,10)', '[10,100)', '[100,1000)', 'empty'], 'an integer range'),
  int8range: choice(['[1,10)', '[10,100)', '[100,1000)', 'empty'], 'an integer range'),
  numrange: choice(['[0,1.5)', '[1.5,10)', '[10,99.99]'], 'a numeric range'),
  daterange: choice(['[2025-01-01,2025-02-01)', '[2025-06-01,2025-06-15)', '[2026-01-01,)'], 'a date range'),
  tsrange: choice(['[2025-01-01 09:00,2025-01-01 17:00)', '[2025-06-01 00:00,2025-06-02 00:00)'], 'a time range'),
  tstzrange: choice(
    ['[2025-01-01 09:00+00,2025-01-01 17:00+00)', '[2025-06-01 00:00+00,2025-06-02 00:00+00)'],
    'a time range',
  ),
  xml: {
    generator: { kind: 'template', template: '<item id="{id}"/>' },
    note: 'a small XML element (edit the template)',
  },
  varbit: choice(['0', '1', '101', '1101'], 'a bit string'),
  macaddr: choice(['08:00:2b:01:02:03', '00:1a:2b:3c:4d:5e', 'a4:83:e7:00:00:01'], 'a MAC address'),
  macaddr8: choice(['08:00:2b:01:02:03:04:05'], 'a MAC address'),
  point: choice(['(13.4,52.5)', '(-0.1,51.5)', '(2.35,48.86)', '(-74,40.7)'], 'a point'),
  box: choice(['(1,1),(0,0)', '(10,5),(2,3)'], 'a box'),
  circle: choice(['<(0,0),1>', '<(5,5),2.5>'], 'a circle'),
  lseg: choice(['[(0,0),(1,1)]'], 'a line segment'),
  path: choice(['[(0,0),(1,1),(2,0)]'], 'a path'),
  polygon: choice(['((0,0),(0,1),(1,1),(1,0))'], 'a polygon'),
  line: choice(['{1,-1,0}'], 'a line'),
  ltree: choice(['top', 'top.science', 'top.science.astronomy', 'top.hobbies'], 'a label path'),
  hstore: choice(['"a"=>"1"', '"color"=>"red", "size"=>"M"'], 'a key-value set'),
  tsquery: choice(["'fat' & 'rat'", "'cat' | 'dog'"], 'a text search query'),
  oid: choice(['1', '2', '3'], 'an oid'),
  txid_snapshot: choice(['10:20:10,14,15'], 'a snapshot'),
};

/** WKT of a PostGIS geometry or geography of the declared type (`geometry(Point,4326)`), with its SRID. */
function geometry(declared: string): { generator: GeneratorSpec; note: string } {
  const match = /\(\s*(\w+)\s*(?:,\s*(\d+))?\s*\)/.exec(declared);
  const shape = (match?.[1] ?? 'point').toLowerCase().replace(/z?m?$/, '');
  const srid = match?.[2] === undefined ? '' : `SRID=${match[2]};`;
  const points = ['13.4 52.5', '-0.12 51.5', '2.35 48.86', '-74 40.7', '139.7 35.7'];
  const shapes: Record<string, string[]> = {
    point: points.map((p) => `POINT(${p})`),
    multipoint: points.map((p) => `MULTIPOINT((${p}))`),
    linestring: ['LINESTRING(13.4 52.5,13.5 52.6)', 'LINESTRING(2.35 48.86,2.4 48.9)'],
    multilinestring: ['MULTILINESTRING((13.4 52.5,13.5 52.6))'],
    polygon: ['POLYGON((13.4 52.5,13.5 52.5,13.5 52.6,13.4 52.6,13.4 52.5))'],
    multipolygon: ['MULTIPOLYGON(((13.4 52.5,13.5 52.5,13.5 52.6,13.4 52.6,13.4 52.5)))'],
  };
  const values = (shapes[shape] ?? shapes.point!).map((wkt) => `${srid}${wkt}`);
  return choice(values, `a ${shape} (WKT${srid === '' ? '' : `, ${srid.slice(0, -1)}`})`);
}

/** How gen writes a value of `base` (a type's internal name) as text Postgres casts, or undefined. */
export function otherType(base: string, declared: string): { generator: GeneratorSpec; note: string } | undefined {
  if (base === 'geometry' || base === 'geography') return geometry(declared);
  const length = Number(/\((\d+)\)/.exec(declared)?.[1] ?? 1);
  // bit(n) takes exactly n bits; varbit(n) at most n.
  if (base === 'bit')
    return choice(
      ['0', '1', '10', '01'].map((p) => p.repeat(length).slice(0, length)),
      `${length} bits`,
    );
  if (base === 'varbit' && /\(\d+\)/.test(declared))
    return choice(
      ['0', '1', '101', '1101'].map((p) => p.slice(0, length)),
      `up to ${length} bits`,
    );
  return FORMS[base];
}
