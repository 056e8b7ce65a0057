import { defineDataset } from '../dataset/define.ts';

/**
 * `transactions`: the test feed of a Glue ingestion pipeline (seed 001): customers with codes `C001`…,
 * and their transactions in the seed's file shape (`id, customer_id, transaction_date, amount`, the
 * customer as its code, a foreign key to it). Regular customers make most transactions (Zipf with a
 * flattened head), and amounts are log-normal: many small ones, a long tail of large ones.
 */
export const transactions = defineDataset({
  name: 'transactions',
  version: 2,
  description: 'customers (C001…) and their transactions: date within the year, log-normal amounts',
  tables: [
    {
      name: 'customers',
      defaultRows: 1000,
      primaryKey: ['customer_id'],
      columns: [
        { name: 'customer_id', type: { kind: 'int64' }, generator: { kind: 'sequence', start: 1 } },
        {
          name: 'customer_code',
          type: { kind: 'utf8' },
          generator: { kind: 'template', template: 'C{id:03}' },
          unique: true,
        },
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
      primaryKey: ['id'],
      // The seed's test file: id, customer_id (the customer's code), transaction_date, amount.
      columns: [
        { name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence', start: 1 } },
        {
          name: 'customer_id',
          type: { kind: 'utf8' },
          generator: { kind: 'reference', table: 'customers', distribution: 'zipf', column: 'customer_code' },
        },
        {
          name: 'transaction_date',
          type: { kind: 'date' },
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
