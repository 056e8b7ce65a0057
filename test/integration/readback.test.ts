import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/coordinator/generate.ts';
import { DATE } from '../helpers/fixed.ts';
import { tempDir } from '../helpers/run.ts';

/**
 * Python's csv and json modules read our files: a reader that shares no code with ours. It checks the
 * header, row count, every value's type and range, and that NDJSON and CSV hold the same values.
 */
const READER = `
import csv, json, sys
from datetime import datetime, timezone, timedelta
ndjson_path, csv_path, date = sys.argv[1], sys.argv[2], sys.argv[3]
ref = datetime.fromisoformat(date).replace(tzinfo=timezone.utc)
with open(ndjson_path, encoding='utf-8') as f:
    rows = [json.loads(line) for line in f]
with open(csv_path, newline='', encoding='utf-8') as f:
    table = list(csv.reader(f))
header, body = table[0], table[1:]
assert header == ['id', 'name', 'category', 'value', 'quantity', 'is_active', 'created_at'], header
assert len(rows) == len(body), (len(rows), len(body))
cats = set()
for i, (r, c) in enumerate(zip(rows, body)):
    assert list(r) == header, list(r)
    assert r['id'] == i and isinstance(r['id'], int)
    assert r['name'] == f'Item {i}'
    assert r['category'] in 'ABCD' and len(r['category']) == 1; cats.add(r['category'])
    assert isinstance(r['value'], float) or isinstance(r['value'], int)
    assert 10 <= r['value'] <= 1000 and round(r['value'], 2) == r['value']
    assert isinstance(r['quantity'], int) and 1 <= r['quantity'] <= 100
    assert isinstance(r['is_active'], bool)
    t = datetime.fromisoformat(r['created_at'].replace('Z', '+00:00'))
    assert ref - timedelta(days=30) <= t < ref, r['created_at']
    assert c == [str(r['id']), r['name'], r['category'], f"{r['value']:.2f}", str(r['quantity']), 'true' if r['is_active'] else 'false', r['created_at']], (c, r)
assert cats == set('ABCD')
print(len(rows))
`;

describe('files read back by an independent reader (Python csv/json)', () => {
  it('NDJSON and CSV of the same seed hold the same, valid rows', async () => {
    const dir = tempDir();
    const common = { rows: 5000, seed: 1211, date: DATE, workers: 2 } as const;
    const ndjson = await generate({ ...common, format: 'ndjson', out: join(dir, 'n') });
    const csv = await generate({ ...common, format: 'csv', out: join(dir, 'c') });
    const count = execFileSync('python3', ['-c', READER, ndjson.tables[0]!.path!, csv.tables[0]!.path!, DATE], {
      encoding: 'utf8',
    });
    expect(count.trim()).toBe('5000');
  });
});
