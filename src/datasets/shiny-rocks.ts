import { defineDataset } from '../dataset/define.ts';

const id = { kind: 'int64' } as const;
const key = { kind: 'sequence', start: 1 } as const;
const products = { kind: 'choice', values: ['3', '5'], weights: [64, 36] } as const;
const users = { kind: 'zipf', min: 1, max: 200_000, s: 0.6 } as const;
/** The marketing platforms, as orders' and investments' `utm_source` (the seed's weights). */
const utmSources = {
  kind: 'choice',
  values: ['_instagram', '_amazon', '_facebook', '_youtube'],
  weights: [20, 60, 10, 10],
} as const;

/**
 * `shiny-rocks`: Kestra's fictional smartphone maker (seed 004). Orders (product 3 in 64% of them, 5 in
 * 36%; UTM source weighted), one payment per order (PAYPAL 17% / CARD 80% / APPLE_PAY 3%, amount = product
 * × 99), service usage by day (MAPS 30% / MUSIC 40% / PHONE 10% / MESSAGE 20%, 5-3600 s), and daily
 * marketing spend. The seed's yearly volume function is only shown as a picture; ours: ~1,000 orders on an
 * average day, busier at weekends, a yearly wave peaking mid-December (±30%), +20% a year.
 */
export const shinyRocks = defineDataset({
  name: 'shiny-rocks',
  version: 1,
  description:
    'orders (product 3: 64%, 5: 36%), payments (one per order, amount = product × 99), services, marketing_investments; daily seasonal volume',
  defaultDays: 30,
  tables: [
    {
      name: 'orders',
      defaultRows: 0,
      shape: {
        kind: 'daily',
        rows: 1000,
        weekly: [0.9, 0.9, 0.95, 1, 1.05, 1.15, 1.05],
        yearly: { amplitude: 0.3, peakDay: 350 },
        growth: 0.2,
      },
      primaryKey: ['order_id'],
      columns: [
        { name: 'order_id', type: id, generator: key },
        { name: 'user_id', type: id, generator: users },
        { name: 'order_date', type: { kind: 'timestamp' }, generator: { kind: 'dayTime' } },
        { name: 'product_id', type: id, generator: products },
        { name: 'utm_source', type: { kind: 'utf8' }, generator: utmSources },
      ],
    },
    {
      name: 'payments',
      defaultRows: 0,
      shape: { kind: 'children', parent: 'orders', min: 1, max: 1 },
      primaryKey: ['payment_id'],
      columns: [
        { name: 'payment_id', type: id, generator: key },
        { name: 'order_id', type: id, generator: { kind: 'parent' } },
        { name: 'order_date', type: { kind: 'timestamp' }, generator: { kind: 'parentColumn', column: 'order_date' } },
        {
          name: 'payment_method',
          type: { kind: 'utf8' },
          generator: { kind: 'choice', values: ['PAYPAL', 'CARD', 'APPLE_PAY'], weights: [17, 80, 3] },
        },
        {
          name: 'amount',
          type: { kind: 'decimal', scale: 2 },
          generator: { kind: 'parentColumn', column: 'product_id', multiply: 99 },
        },
      ],
    },
    {
      name: 'services',
      defaultRows: 0,
      shape: { kind: 'daily', rows: 5000, weekly: [1, 1, 1, 1, 1.05, 1.2, 1.15], growth: 0.2 },
      primaryKey: ['service_event_id'],
      columns: [
        { name: 'service_event_id', type: id, generator: key },
        {
          name: 'service_id',
          type: { kind: 'utf8' },
          generator: { kind: 'choice', values: ['MAPS', 'MUSIC', 'PHONE', 'MESSAGE'], weights: [30, 40, 10, 20] },
        },
        { name: 'user_id', type: id, generator: users },
        { name: 'product_id', type: id, generator: products },
        { name: 'duration', type: id, generator: { kind: 'int', min: 5, max: 3600 } },
        { name: 'run_date', type: { kind: 'timestamp' }, generator: { kind: 'dayTime', midnight: true } },
      ],
    },
    {
      name: 'marketing_investments',
      defaultRows: 0,
      shape: { kind: 'daily', rows: 4 },
      primaryKey: ['investment_id'],
      columns: [
        { name: 'investment_id', type: id, generator: key },
        { name: 'date', type: { kind: 'timestamp' }, generator: { kind: 'dayTime', midnight: true } },
        { name: 'utm_source', type: { kind: 'utf8' }, generator: utmSources },
        {
          name: 'spend',
          type: { kind: 'decimal', scale: 2 },
          generator: { kind: 'lognormal', mu: 6, sigma: 0.5, min: 10, max: 100_000 },
        },
      ],
    },
  ],
});
