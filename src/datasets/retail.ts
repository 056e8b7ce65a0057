import { defineDataset } from '../dataset/define.ts';

const id = { kind: 'int64' } as const;
const text = { kind: 'utf8' } as const;
const money = { kind: 'decimal', scale: 2 } as const;
const key = { kind: 'sequence', start: 1 } as const;

/** Orders per hour of the day (00:00 first): shops open 8-21, a lunch and an evening peak, some night web orders. */
const HOURS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 5, 6, 7, 8, 7, 6, 6, 7, 8, 9, 8, 6, 4, 2.5, 1.5];

/**
 * `retail`: a store chain (seed 002). Dimensions (stores, products, customers), promotions on products
 * with start and end dates, orders by day (store, customer; an intraday curve) with 1-5 lines each (most
 * orders small), and a daily inventory snapshot of every product in every store (restocked in cycles).
 * A line is for its promotion's product when it has one, and is priced at the product's price less the
 * promotion's discount; other lines at the product's price. The presets land on the seed's sizes: small
 * 10 stores / 200 products / 2K customers / ~4K orders in the default 14 days, medium 50 / 1K / 25K / ~75K,
 * large 200 / 5K / 120K / ~500K. Dimension dates are absolute, so a daily run (`--date D`) makes the same
 * dimensions every day; promotions run between 2024 and 2027 (about 8% of them on any day then).
 */
export const retail = defineDataset({
  name: 'retail',
  version: 2,
  description:
    'stores, products, customers, promotions → products, orders → stores, customers (by day), order_items → orders, products, inventory_snapshots (store × product × day)',
  defaultDays: 14,
  scales: {
    small: 1,
    medium: { stores: 5, products: 5, customers: 12.5, promotions: 5, orders: 18.75 },
    large: { stores: 20, products: 25, customers: 60, promotions: 25, orders: 125 },
  },
  tables: [
    {
      name: 'stores',
      defaultRows: 10,
      primaryKey: ['store_id'],
      columns: [
        { name: 'store_id', type: id, generator: key },
        { name: 'name', type: text, generator: { kind: 'template', template: 'Store {id:03}' } },
        { name: 'city', type: text, generator: { kind: 'faker', data: 'location.city_name' } },
        { name: 'state', type: text, generator: { kind: 'faker', data: 'location.state_abbr' } },
        {
          name: 'opened_at',
          type: { kind: 'timestamp' },
          generator: { kind: 'timestamp', from: '2010-01-01', to: '2019-12-31' },
        },
      ],
    },
    {
      name: 'products',
      defaultRows: 200,
      primaryKey: ['product_id'],
      columns: [
        { name: 'product_id', type: id, generator: key },
        {
          name: 'name',
          type: text,
          generator: {
            kind: 'template',
            template:
              '{commerce.product_name.adjective} {commerce.product_name.material} {commerce.product_name.product}',
          },
        },
        { name: 'category', type: text, generator: { kind: 'faker', data: 'commerce.department' } },
        { name: 'brand', type: text, generator: { kind: 'faker', data: 'person.last_name' } },
        { name: 'price', type: money, generator: { kind: 'lognormal', mu: 3.2, sigma: 0.7, min: 0.99, max: 2000 } },
      ],
    },
    {
      name: 'customers',
      defaultRows: 2000,
      primaryKey: ['customer_id'],
      columns: [
        { name: 'customer_id', type: id, generator: key },
        { name: 'first_name', type: text, generator: { kind: 'faker', data: 'person.first_name' } },
        { name: 'last_name', type: text, generator: { kind: 'faker', data: 'person.last_name' } },
        {
          name: 'email',
          type: text,
          generator: { kind: 'email', first: 'first_name', last: 'last_name' },
          unique: true,
        },
        { name: 'city', type: text, generator: { kind: 'faker', data: 'location.city_name' } },
        {
          name: 'segment',
          type: text,
          generator: { kind: 'choice', values: ['regular', 'loyal', 'new', 'vip'], weights: [55, 25, 15, 5] },
        },
        {
          name: 'signed_up_at',
          type: { kind: 'timestamp' },
          generator: { kind: 'timestamp', from: '2018-01-01', to: '2023-12-31' },
        },
      ],
    },
    {
      name: 'promotions',
      defaultRows: 20,
      primaryKey: ['promotion_id'],
      columns: [
        { name: 'promotion_id', type: id, generator: key },
        { name: 'product_id', type: id, generator: { kind: 'reference', table: 'products' } },
        { name: 'name', type: text, generator: { kind: 'template', template: 'Promo {id:03}' } },
        {
          name: 'discount_pct',
          type: id,
          generator: {
            kind: 'choice',
            values: ['10', '15', '20', '25', '30', '40', '50'],
            weights: [25, 20, 20, 15, 10, 6, 4],
          },
        },
        // Campaigns of one to seven months between 2024 and 2027, on absolute dates like the other
        // dimensions: a day's run and a long run agree on every promotion and every promoted line.
        {
          name: 'starts_on',
          type: { kind: 'date' },
          generator: { kind: 'timestamp', from: '2024-01-01', to: '2027-12-31' },
        },
        {
          name: 'ends_on',
          type: { kind: 'date' },
          generator: { kind: 'expr', expr: 'starts_on + days(int(29, 209))' },
        },
      ],
    },
    {
      name: 'orders',
      defaultRows: 0,
      // ~4,000 orders in 14 days at small: 286 on an average day, busier at weekends and before Christmas.
      shape: {
        kind: 'daily',
        rows: 286,
        weekly: [0.9, 0.9, 0.95, 1, 1.05, 1.15, 1.05],
        yearly: { amplitude: 0.15, peakDay: 355 },
      },
      primaryKey: ['order_id'],
      columns: [
        { name: 'order_id', type: id, generator: key },
        { name: 'store_id', type: id, generator: { kind: 'reference', table: 'stores', distribution: 'zipf', s: 0.5 } },
        { name: 'customer_id', type: id, generator: { kind: 'reference', table: 'customers', distribution: 'zipf' } },
        { name: 'ordered_at', type: { kind: 'timestamp' }, generator: { kind: 'dayTime', hours: HOURS } },
        {
          name: 'channel',
          type: text,
          generator: { kind: 'choice', values: ['store', 'web', 'app'], weights: [60, 28, 12] },
        },
      ],
    },
    {
      name: 'order_items',
      defaultRows: 0,
      // Most orders are small: 1 line in 40%, 5 in 7%.
      shape: { kind: 'children', parent: 'orders', min: 1, max: 5, weights: [40, 25, 17, 11, 7] },
      primaryKey: ['order_item_id'],
      columns: [
        { name: 'order_item_id', type: id, generator: key },
        { name: 'order_id', type: id, generator: { kind: 'parent' } },
        { name: 'line_no', type: id, generator: { kind: 'childIndex' } },
        // A promoted line is for its promotion's product; the others draw a product by popularity.
        {
          name: 'product_id',
          type: id,
          generator: { kind: 'reference', table: 'products', distribution: 'zipf', follow: 'promotion_id.product_id' },
        },
        // Every line is offered a promotion, which applies only inside its dates (most are not running).
        {
          name: 'promotion_id',
          type: id,
          generator: { kind: 'reference', table: 'promotions' },
          nullWhen: 'not (date(order_id.ordered_at) between promotion_id.starts_on and promotion_id.ends_on)',
        },
        { name: 'quantity', type: id, generator: { kind: 'zipf', min: 1, max: 10, s: 1.5 } },
        {
          name: 'unit_price',
          type: money,
          generator: {
            kind: 'expr',
            expr: 'round(product_id.price * (100 - coalesce(promotion_id.discount_pct, 0)) / 100, 2)',
          },
        },
      ],
    },
    {
      name: 'inventory_snapshots',
      defaultRows: 0,
      shape: { kind: 'cross', tables: ['stores', 'products'], daily: true },
      primaryKey: ['snapshot_date', 'store_id', 'product_id'],
      columns: [
        { name: 'snapshot_date', type: { kind: 'timestamp' }, generator: { kind: 'dayTime', midnight: true } },
        { name: 'store_id', type: id, generator: { kind: 'parent', table: 'stores' } },
        { name: 'product_id', type: id, generator: { kind: 'parent', table: 'products' } },
        // Each store and product sells down from its own level over its own restocking cycle (7-13 days).
        {
          name: 'on_hand',
          type: id,
          generator: {
            kind: 'expr',
            expr: 'max(0, round((20 + 480 * noise(store_id, product_id)) * (1 - ((epoch_day(snapshot_date) + floor(30 * noise(product_id, store_id))) % (7 + floor(7 * noise(product_id)))) / (7 + floor(7 * noise(product_id)))) + normal(0, 2)))',
          },
        },
      ],
    },
  ],
});
