import { check } from './check.ts';
import { gaussianColumn } from './normal.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** exp(Normal(mu, sigma)): positive, right-skewed amounts (order values, durations); clamped when given. */
const create: GeneratorFactory<SpecOf<'lognormal'>> = (spec, context) => {
  check(
    Number.isFinite(spec.mu) && Number.isFinite(spec.sigma) && spec.sigma >= 0,
    context,
    'lognormal needs a finite mu and a sigma >= 0',
  );
  return gaussianColumn(context, (z) => Math.exp(spec.mu + spec.sigma * z), spec.min, spec.max);
};

export const lognormal: GeneratorRegistration<'lognormal'> = {
  kind: 'lognormal',
  options: {
    mu: { type: 'number', required: true },
    sigma: { type: 'number', required: true },
    min: { type: 'number', required: false },
    max: { type: 'number', required: false },
  },
  types: ['float64', 'decimal', 'int64'],
  unique: false,
  create,
};
