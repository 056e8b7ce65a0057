import { defineDataset } from '../dataset/define.ts';

const id = { kind: 'int64' } as const;
const text = { kind: 'utf8' } as const;
const key = { kind: 'sequence', start: 1 } as const;
/** A response's question type, through its product question. */
const ANSWER_TYPE = 'product_question_id.question_id.answer_type';

/**
 * `catalog`: a supplier and product catalog with a questionnaire (seed 003): suppliers and warehouses,
 * products (each from a supplier, stocked in a warehouse), questions, the questions asked about each
 * product (each pair once), and responses to them, each of its question's type (a 1-5 rating, yes/no, or
 * free text). Normalized; every reference is a foreign key in Postgres. A few suppliers make most products (Zipf).
 */
export const catalog = defineDataset({
  name: 'catalog',
  version: 2,
  description:
    'suppliers, warehouses, products → supplier, questions, product_questions → product, question; responses',
  scales: { small: 1, medium: 10, large: 100 },
  tables: [
    {
      name: 'suppliers',
      defaultRows: 100,
      primaryKey: ['supplier_id'],
      columns: [
        { name: 'supplier_id', type: id, generator: key },
        { name: 'name', type: text, generator: { kind: 'template', template: 'Supplier {id:04}' } },
        { name: 'contact_last_name', type: text, generator: { kind: 'faker', data: 'person.last_name' } },
        { name: 'city', type: text, generator: { kind: 'faker', data: 'location.city_name' } },
        { name: 'country', type: text, generator: { kind: 'faker', data: 'location.country' } },
        {
          name: 'rating',
          type: { kind: 'decimal', scale: 1 },
          generator: { kind: 'normal', mean: 3.8, sd: 0.6, min: 1, max: 5 },
        },
      ],
    },
    {
      name: 'warehouses',
      defaultRows: 10,
      primaryKey: ['warehouse_id'],
      columns: [
        { name: 'warehouse_id', type: id, generator: key },
        { name: 'name', type: text, generator: { kind: 'template', template: 'Warehouse {id:03}' } },
        { name: 'city', type: text, generator: { kind: 'faker', data: 'location.city_name' } },
        { name: 'capacity', type: id, generator: { kind: 'int', min: 1000, max: 100_000 } },
      ],
    },
    {
      name: 'products',
      defaultRows: 2000,
      primaryKey: ['product_id'],
      columns: [
        { name: 'product_id', type: id, generator: key },
        {
          name: 'supplier_id',
          type: id,
          generator: { kind: 'reference', table: 'suppliers', distribution: 'zipf', s: 1.1 },
        },
        // A random 7-digit article number, never repeated (a permutation of the range).
        { name: 'sku', type: id, generator: { kind: 'int', min: 1_000_000, max: 9_999_999 }, unique: true },
        { name: 'warehouse_id', type: id, generator: { kind: 'reference', table: 'warehouses' } },
        { name: 'name', type: text, generator: { kind: 'faker', data: 'commerce.product_name.product' } },
        { name: 'material', type: text, generator: { kind: 'faker', data: 'commerce.product_name.material' } },
        { name: 'department', type: text, generator: { kind: 'faker', data: 'commerce.department' } },
        {
          name: 'price',
          type: { kind: 'decimal', scale: 2 },
          generator: { kind: 'lognormal', mu: 3.5, sigma: 0.8, min: 1, max: 5000 },
        },
        { name: 'in_stock', type: { kind: 'bool' }, generator: { kind: 'bool', probability: 0.9 } },
      ],
    },
    {
      name: 'questions',
      defaultRows: 50,
      primaryKey: ['question_id'],
      columns: [
        { name: 'question_id', type: id, generator: key },
        {
          name: 'text',
          type: text,
          generator: { kind: 'template', template: 'Question {id}: how satisfied are you with this product?' },
        },
        {
          name: 'answer_type',
          type: text,
          generator: { kind: 'choice', values: ['rating', 'yes_no', 'free_text'], weights: [6, 3, 1] },
        },
      ],
    },
    {
      name: 'product_questions',
      defaultRows: 6000,
      primaryKey: ['product_question_id'],
      // A question is asked about a product once.
      unique: [['product_id', 'question_id']],
      columns: [
        { name: 'product_question_id', type: id, generator: key },
        // Uniform: a pair of a unique key is one digit of a permuted combination each (generators/key-tuple.ts).
        { name: 'product_id', type: id, generator: { kind: 'reference', table: 'products' } },
        { name: 'question_id', type: id, generator: { kind: 'reference', table: 'questions' } },
      ],
    },
    {
      name: 'responses',
      defaultRows: 20_000,
      primaryKey: ['response_id'],
      columns: [
        { name: 'response_id', type: id, generator: key },
        { name: 'product_question_id', type: id, generator: { kind: 'reference', table: 'product_questions' } },
        // A response fits its question's type: a rating (mostly 4-5), yes or no, or free text.
        {
          name: 'rating',
          type: id,
          generator: { kind: 'choice', values: ['1', '2', '3', '4', '5'], weights: [5, 8, 17, 35, 35] },
          nullWhen: `${ANSWER_TYPE} <> 'rating'`,
        },
        {
          name: 'answer',
          type: text,
          generator: {
            kind: 'expr',
            expr: `case ${ANSWER_TYPE} when 'yes_no' then (case when bernoulli(0.72) then 'yes' else 'no' end) end`,
          },
          nullable: true,
        },
        {
          name: 'comment',
          type: text,
          generator: { kind: 'words', min: 4, max: 16 },
          nullWhen: `${ANSWER_TYPE} <> 'free_text'`,
        },
        { name: 'helpful', type: { kind: 'bool' }, generator: { kind: 'bool', probability: 0.3 } },
        {
          name: 'answered_at',
          type: { kind: 'timestamp' },
          generator: { kind: 'timestamp', fromDays: -365, toDays: 0 },
        },
      ],
    },
  ],
});
