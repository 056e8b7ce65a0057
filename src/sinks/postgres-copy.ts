import { from as copyFrom } from 'pg-copy-streams';
import type { TableDefinition } from '../dataset/types.ts';
import { copyFormatOf, PG_COPY_HEADER, PG_COPY_TRAILER } from '../encoders/pg-binary.ts';
import type { PgConnection } from './postgres-connection.ts';
import { copySql } from './postgres-ddl.ts';
import { pgError } from './postgres-errors.ts';
import { streamOutput } from './stream-output.ts';
import type { TableOutput } from './types.ts';

/** Starts `COPY … FROM STDIN` on `connection`; in binary, it sends the header (and the trailer at the end). */
export async function startCopy(
  connection: PgConnection,
  sql: string,
  what: string,
  binary: boolean,
): Promise<TableOutput> {
  const copy = connection.client.query(copyFrom(sql));
  connection.copy = copy;
  const output = streamOutput(copy, (cause) => pgError(`loading ${what}`, connection.target, cause), true);
  if (binary) await output.write(PG_COPY_HEADER);
  return {
    write: (bytes) => output.write(bytes),
    async end() {
      if (binary) await output.write(PG_COPY_TRAILER);
      await output.end();
      connection.copy = undefined;
    },
  };
}

/**
 * A table's rows loaded into `schema`.`name` (its own, or its staging table) through one COPY per connection, at once: each chunk (whole tuples) goes to the
 * first connection that is free, so `n` server backends ingest in parallel (one backend is CPU-bound on
 * one core: see the Postgres rows of bench/README.md). A write resolves as soon as a
 * connection has taken the chunk; bytes in a shared slot are copied first, since the coordinator reuses
 * the slot once the write resolves. Rows land in the table in no fixed physical order; the set of rows is
 * the same for every run.
 */
export async function parallelCopy(
  connections: readonly PgConnection[],
  table: TableDefinition,
  name: string,
  schema: string,
): Promise<TableOutput> {
  const sql = copySql(schema, name, table);
  const binary = copyFormatOf(table) === 'binary';
  const what = table.name;
  if (connections.length === 1) return startCopy(connections[0]!, sql, what, binary);
  const outputs = await Promise.all(connections.map((c) => startCopy(c, sql, what, binary)));
  const busy: (Promise<number> | null)[] = outputs.map(() => null);
  let failure: unknown;
  const settle = async (): Promise<void> => {
    await Promise.all(busy);
    if (failure !== undefined) throw failure;
  };
  return {
    async write(bytes) {
      if (failure !== undefined) throw failure;
      let free = busy.indexOf(null);
      if (free < 0) free = await Promise.race(busy as Promise<number>[]);
      const own = bytes.buffer instanceof SharedArrayBuffer ? bytes.slice() : bytes;
      const index = free;
      busy[index] = outputs[index]!.write(own).then(
        () => {
          busy[index] = null;
          return index;
        },
        (error: unknown) => {
          failure ??= error;
          throw error;
        },
      );
      busy[index].catch(() => {});
    },
    async end() {
      await settle();
      for (const output of outputs) await output.end();
    },
  };
}
