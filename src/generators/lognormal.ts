import { check } from './check.ts';
import { gaussianColumn } from './normal.ts';
import type { GeneratorFactory } from './types.ts';

/** exp(Normal(mu, sigma)): positive, right-skewed amounts (order values, durations); clamped when given. */
export const lognormal: GeneratorFactory<{ mu: number; sigma: number; min?: number; max?: number }> = (spec, context) => {
  check(Number.isFinite(spec.mu) && Number.isFinite(spec.sigma) && spec.sigma >= 0, context, 'lognormal needs a finite mu and a sigma >= 0');
  return gaussianColumn(context, (z) => Math.exp(spec.mu + spec.sigma * z), spec.min, spec.max);
};
