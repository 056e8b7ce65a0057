import type { ColumnType, DatasetDefinition, TableDefinition } from '../dataset/types.ts';
import { yaml } from './yaml.ts';

/** The `rows:` of a table in a schema document. */
function rowsOf(table: TableDefinition): unknown {
  const shape = table.shape;
  if (shape === undefined) return table.defaultRows;
  if (shape.kind === 'daily') {
    const { kind: _, rows, ...curve } = shape;
    return { perDay: rows, ...curve };
  }
  if (shape.kind === 'children') {
    const { parent, min, max, weights } = shape;
    return { perParent: parent, min, max, ...(weights === undefined ? {} : { weights }) };
  }
  return { cross: shape.tables, ...(shape.daily === undefined ? {} : { daily: shape.daily }) };
}

/** Comments for a printed schema: a header, and one per table (`table`) and column (`table.column`). */
export interface SchemaNotes {
  readonly header?: string;
  readonly notes?: ReadonlyMap<string, string>;
  /** Never fold a line (a column and its comment stay on one line, however long). */
  readonly unfolded?: boolean;
}

/** A dataset as a schema document: what `gen describe NAME --format yaml` and `gen init` print. */
export function schemaOf(dataset: DatasetDefinition, comments: SchemaNotes = {}): string {
  const typeName = (type: ColumnType): string => (type.kind === 'decimal' ? `decimal(${type.scale})` : type.kind);
  const tables = Object.fromEntries(
    dataset.tables.map((t) => [
      t.name,
      {
        rows: rowsOf(t),
        ...(t.scaled === undefined ? {} : { scaled: t.scaled }),
        ...(t.lookup === undefined ? {} : { lookup: t.lookup }),
        ...(t.primaryKey === undefined ? {} : { primaryKey: t.primaryKey }),
        ...(t.unique === undefined ? {} : { unique: t.unique }),
        columns: Object.fromEntries(
          t.columns.map((c) => {
            const { kind, ...options } = c.generator;
            return [
              c.name,
              {
                type: typeName(c.type),
                generator: kind,
                ...options,
                ...(c.nullRate === undefined ? {} : { nullRate: c.nullRate }),
                ...(c.nullable === undefined ? {} : { nullable: c.nullable }),
                ...(c.nullWhen === undefined ? {} : { nullWhen: c.nullWhen }),
                ...(c.unique === undefined ? {} : { unique: c.unique }),
                ...(c.length === undefined ? {} : { length: c.length }),
                ...(c.sql === undefined ? {} : { sql: c.sql }),
              },
            ];
          }),
        ),
      },
    ]),
  );
  const document = {
    name: dataset.name,
    version: dataset.version,
    description: dataset.description,
    ...(dataset.scales ? { scales: dataset.scales } : {}),
    ...(dataset.defects ? { defects: dataset.defects } : {}),
    ...(dataset.defaultDays ? { defaultDays: dataset.defaultDays } : {}),
    ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
    ...(dataset.exclude === undefined ? {} : { exclude: dataset.exclude }),
    tables,
  };
  // One line per column and per key list, as a person would write them.
  const { Document, isCollection, isNode } = yaml();
  const doc = new Document(document);
  const notes = comments.notes ?? new Map<string, string>();
  for (const t of dataset.tables) {
    const sets = t.unique === undefined ? [] : [['unique']];
    for (const path of [['primaryKey'], ['rows'], ...sets, ...t.columns.map((c) => ['columns', c.name])]) {
      const node = doc.getIn(['tables', t.name, ...path]);
      if (isCollection(node)) node.flow = true;
    }
    const table = doc.getIn(['tables', t.name]);
    const note = notes.get(t.name);
    if (note !== undefined && isNode(table)) table.commentBefore = ` ${note}`;
    for (const c of t.columns) {
      const column = doc.getIn(['tables', t.name, 'columns', c.name]);
      const said = notes.get(`${t.name}.${c.name}`);
      if (said !== undefined && isNode(column)) column.comment = ` ${said}`;
    }
  }
  if (comments.header !== undefined) doc.commentBefore = comments.header;
  return doc.toString({ lineWidth: comments.unfolded === true ? 0 : 120 });
}
