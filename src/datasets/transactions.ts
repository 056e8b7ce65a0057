import { defineDataset } from '../dataset/define.ts';

/**
 * `transactions`: the test feed of a Glue ingestion pipeline (seed 001): customers with codes `C001`…,
 * and their transactions (date, amount). A few customers make most transactions (Zipf), and amounts are
 * log-normal: many small ones, a long tail of large ones.
 */
export const transactions = defineDataset({
  name: 'transactions',
  version: 1,
  description: 'customers (C001…) and their transactions: date within the year, log-normal amounts',
  tables: [
    {
      name: 'customers',
      defaultRows: 1000,
      primaryKey: ['customer_id'],
      columns: [
        { name: 'customer_id', type: { kind: 'int64' }, generator: { kind: 'sequence', start: 1 } },
        { name: 'customer_code', type: { kind: 'utf8' }, generator: { kind: 'template', template: 'C{id:03}' } },
        { name: 'first_name', type: { kind: 'utf8' }, generator: { kind: 'faker', data: 'person.first_name' } },
        { name: 'last_name', type: { kind: 'utf8' }, generator: { kind: 'faker', data: 'person.last_name' } },
        {
          name: 'email',
          type: { kind: 'utf8' },
          generator: { kind: 'email', first: 'first_name', last: 'last_name' },
          unique: true,
        },
        { name: 'city', type: { kind: 'utf8' }, generator: { kind: 'faker', data: 'location.city_name' } },
      ],
    },
    {
      name: 'transactions',
      defaultRows: 100_000,
      primaryKey: ['transaction_id'],
      columns: [
        { name: 'transaction_id', type: { kind: 'int64' }, generator: { kind: 'sequence', start: 1 } },
        {
          name: 'customer_id',
          type: { kind: 'int64' },
          generator: { kind: 'reference', table: 'customers', distribution: 'zipf', s: 0.8 },
        },
        {
          name: 'transaction_date',
          type: { kind: 'timestamp' },
          generator: { kind: 'timestamp', fromDays: -365, toDays: 0 },
        },
        {
          name: 'amount',
          type: { kind: 'decimal', scale: 2 },
          generator: { kind: 'lognormal', mu: 4, sigma: 1, min: 0.01, max: 100_000 },
        },
      ],
    },
  ],
});
