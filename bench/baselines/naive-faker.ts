/**
 * Baseline: the obvious way, as seed 000's Python loop does it in Node: @faker-js/faker for every value,
 * one object per row, JSON.stringify (or a joined CSV line), written to a stream with backpressure.
 *
 * Usage: node dist/bench/baselines/naive-faker.js ROWS ndjson|csv OUTFILE
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { faker } from '@faker-js/faker';

const [rowsArg = '100000', format = 'ndjson', outFile = '/dev/null'] = process.argv.slice(2);
const rows = Number(rowsArg);
const refDate = new Date(Date.UTC(2026, 0, 1));
const from = new Date(refDate.getTime() - 30 * 86_400_000);
faker.seed(42);
const out = createWriteStream(outFile);
if (format === 'csv') out.write('id,name,category,value,quantity,is_active,created_at\n');
for (let id = 0; id < rows; id++) {
  const row = {
    id,
    name: `Item ${id}`,
    category: faker.helpers.arrayElement(['A', 'B', 'C', 'D']),
    value: faker.number.float({ min: 10, max: 1000, fractionDigits: 2 }),
    quantity: faker.number.int({ min: 1, max: 100 }),
    is_active: faker.datatype.boolean(),
    created_at: faker.date.between({ from, to: refDate }).toISOString(),
  };
  const line = format === 'csv' ? `${Object.values(row).join(',')}\n` : `${JSON.stringify(row)}\n`;
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
