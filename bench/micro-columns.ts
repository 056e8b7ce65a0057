/**
 * Some of the micro-benchmarks (`micro.ts`), alone in a process of their own: `node dist/bench/micro-columns.js
 * retail.inventory_snapshots.on_hand items.items.quantity` prints nanoseconds per value of each task named.
 * In one process with every other column, a column's figure moves with what ran before it; alone, two
 * builds compare column by column (run each build's copy in turn, several times).
 */
import { micro, microTable } from './micro.ts';

const names = process.argv.slice(2);
if (names.length === 0) throw new Error('name the columns (dataset.table.column) or encoders (encode csv) to time');
process.stdout.write(`${microTable(await micro(false, names)).join('\n')}\n`);
