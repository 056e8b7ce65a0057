import { defineDataset } from '../dataset/define.ts';

const id = { kind: 'int64' } as const;
const date = { kind: 'date' } as const;
const key = { kind: 'sequence', start: 1 } as const;
/** The average order: product 3 (64%) or 5 (36%), times 99. */
const AVERAGE_ORDER = (0.64 * 3 + 0.36 * 5) * 99;
/** Orders on an average day, and the yearly wave around it (peak at the end of June). */
const ORDERS = { rows: 806, amplitude: 0.2, peakDay: 181 } as const;
/** The marketing platforms, as orders' `utm_source` (the seed's weights) and the platforms table. */
const PLATFORMS = ['_instagram', '_amazon', '_facebook', '_youtube'];
const SHARES = [20, 60, 10, 10];

/**
 * `shiny-rocks`: Kestra's fictional smartphone maker (seed 004). Orders by day (product 3 in 64% of them,
 * 5 in 36%; UTM source weighted), one payment per order (PAYPAL 17% / CARD 80% / APPLE_PAY 3%, amount =
 * product × 99), 0-10 service uses per order (MAPS 30% / MUSIC 40% / PHONE 10% / MESSAGE 20%, 5-3600 s) by
 * the order's user, product and day, and one marketing cost per day and platform, sized so that the
 * seed's mart (sales per day and platform against cost) shows a return of a few times the spend. The seed
 * shows its yearly volume only as a picture (about 655-1,014 orders a day, mean ~806, peak at the end of
 * June): ours is 806 on an average day, ±20% over the year (645-967), peak on 30 June, no growth.
 */
export const shinyRocks = defineDataset({
  name: 'shiny-rocks',
  version: 2,
  description:
    'orders (product 3: 64%, 5: 36%), payments (one per order, amount = product × 99), services → orders, platforms, marketing_investments (date × platform); yearly volume curve',
  defaultDays: 30,
  tables: [
    {
      name: 'platforms',
      defaultRows: PLATFORMS.length,
      scaled: false,
      primaryKey: ['platform_id'],
      columns: [
        { name: 'platform_id', type: id, generator: key },
        {
          name: 'name',
          type: { kind: 'utf8' },
          generator: {
            kind: 'expr',
            expr: `case platform_id ${PLATFORMS.slice(0, -1)
              .map((p, i) => `when ${i + 1} then '${p}'`)
              .join(' ')} else '${PLATFORMS.at(-1)}' end`,
          },
        },
        {
          name: 'order_share',
          type: { kind: 'float64' },
          generator: {
            kind: 'expr',
            expr: `case platform_id ${SHARES.map((w, i) => `when ${i + 1} then ${w / 100}`).join(' ')} else 0 end`,
          },
        },
      ],
    },
    {
      name: 'orders',
      defaultRows: 0,
      shape: { kind: 'daily', rows: ORDERS.rows, yearly: { amplitude: ORDERS.amplitude, peakDay: ORDERS.peakDay } },
      primaryKey: ['order_id'],
      columns: [
        { name: 'order_id', type: id, generator: key },
        // 200,000 customers; the head flattened so that the most loyal place a few orders a month, not 1%.
        { name: 'user_id', type: id, generator: { kind: 'zipf', min: 1, max: 200_000, s: 0.8, q: 2000 } },
        { name: 'order_date', type: date, generator: { kind: 'dayTime' } },
        { name: 'product_id', type: id, generator: { kind: 'choice', values: ['3', '5'], weights: [64, 36] } },
        {
          name: 'utm_source',
          type: { kind: 'utf8' },
          generator: { kind: 'choice', values: PLATFORMS, weights: SHARES },
        },
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
        { name: 'order_date', type: date, generator: { kind: 'lookup', via: 'order_id', column: 'order_date' } },
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
      shape: { kind: 'children', parent: 'orders', min: 0, max: 10 },
      primaryKey: ['service_event_id'],
      columns: [
        { name: 'service_event_id', type: id, generator: key },
        { name: 'order_id', type: id, generator: { kind: 'parent' } },
        {
          name: 'service_id',
          type: { kind: 'utf8' },
          generator: { kind: 'choice', values: ['MAPS', 'MUSIC', 'PHONE', 'MESSAGE'], weights: [30, 40, 10, 20] },
        },
        { name: 'user_id', type: id, generator: { kind: 'lookup', via: 'order_id', column: 'user_id' } },
        { name: 'product_id', type: id, generator: { kind: 'lookup', via: 'order_id', column: 'product_id' } },
        { name: 'duration', type: id, generator: { kind: 'int', min: 5, max: 3600 } },
        { name: 'run_date', type: date, generator: { kind: 'lookup', via: 'order_id', column: 'order_date' } },
      ],
    },
    {
      name: 'marketing_investments',
      defaultRows: 0,
      shape: { kind: 'cross', tables: ['platforms'], daily: true },
      primaryKey: ['date', 'platform'],
      columns: [
        { name: 'date', type: date, generator: { kind: 'dayTime', midnight: true } },
        { name: 'platform', type: { kind: 'utf8' }, generator: { kind: 'lookup', via: 'platforms', column: 'name' } },
        // The day's expected sales on the platform (the orders' curve × its share × the average order)
        // over a return on spend of about 3x (log-normal, most days 2-5x).
        {
          name: 'marketing_cost',
          type: { kind: 'decimal', scale: 2 },
          generator: {
            kind: 'expr',
            expr: `round(${ORDERS.rows} * (1 + ${ORDERS.amplitude} * cos(2 * pi() * (day_of_year(date) - ${ORDERS.peakDay}) / 365.25)) * platforms.order_share * ${AVERAGE_ORDER.toFixed(2)} / lognormal(ln(3), 0.25), 2)`,
          },
        },
      ],
    },
  ],
});
