import { fail } from '../check.ts';
import type { GeneratorContext, NullFiller } from '../types.ts';
import { compileExpr } from './compile.ts';

/**
 * A column's `nullWhen`: an expression over the row whose true rows are NULL (a rating only for rating
 * questions). A NULL condition leaves the row's value, as SQL's `WHERE` drops unknown rows.
 */
export function compileCondition(text: string, context: GeneratorContext, option: string): NullFiller {
  const expr = compileExpr(text, context, option);
  if (expr.root.type === 'text') fail(context, `${option} must be a condition (true or false), not text`);
  return (start, count, mask) => {
    expr.run(start, count, (values, offset, n) => {
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        mask[offset + i] = v !== 0 && !Number.isNaN(v) ? 1 : 0;
      }
    });
  };
}
