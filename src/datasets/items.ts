import { defineDataset } from '../dataset/define.ts';

/**
 * `items`: the record of a pipeline's data-generation stage (seed 000): a sequential id, a name built from
 * it, a category A-D, a money value of 10.00-1000.00, a quantity of 1-100, an active flag, and a creation
 * time within the 30 days before the run's reference date.
 */
export const items = defineDataset({
  name: 'items',
  version: 1,
  description: 'One flat table of items: id, name, category A-D, value, quantity, is_active, created_at',
  tables: [
    {
      name: 'items',
      defaultRows: 1000,
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: { kind: 'int64' }, generator: { kind: 'sequence' } },
        { name: 'name', type: { kind: 'utf8' }, generator: { kind: 'template', template: 'Item {id}' } },
        { name: 'category', type: { kind: 'utf8' }, generator: { kind: 'choice', values: ['A', 'B', 'C', 'D'] } },
        { name: 'value', type: { kind: 'decimal', scale: 2 }, generator: { kind: 'float', min: 10, max: 1000 } },
        { name: 'quantity', type: { kind: 'int64' }, generator: { kind: 'int', min: 1, max: 100 } },
        { name: 'is_active', type: { kind: 'bool' }, generator: { kind: 'bool' } },
        { name: 'created_at', type: { kind: 'timestamp' }, generator: { kind: 'timestamp', fromDays: -30, toDays: 0 } },
      ],
    },
  ],
});
