import { bool } from './bool.ts';
import { childIndex } from './child-index.ts';
import { choice } from './choice.ts';
import { dayTime } from './day-time.ts';
import { email } from './email.ts';
import { expr } from './expr.ts';
import { faker } from './faker.ts';
import { float } from './float.ts';
import { int } from './int.ts';
import { ip } from './ip.ts';
import { lognormal } from './lognormal.ts';
import { lookup } from './lookup.ts';
import { normal } from './normal.ts';
import { parent } from './parent.ts';
import { parentColumn } from './parent-column.ts';
import { reference } from './reference.ts';
import { sequence } from './sequence.ts';
import { template } from './template.ts';
import { timeOfDay } from './time-of-day.ts';
import { timestamp } from './timestamp.ts';
import type { GeneratorKind, GeneratorRegistration } from './types.ts';
import { uuid } from './uuid.ts';
import { words } from './words.ts';
import { zipf } from './zipf.ts';

/**
 * Every generator, one line each, in the order help texts list them. The compiler checks that every kind of
 * `GeneratorSpec` has its registration here; a new generator is one file and one line.
 */
const GENERATORS: { readonly [K in GeneratorKind]: GeneratorRegistration<K> } = {
  sequence,
  int,
  float,
  choice,
  bool,
  timestamp,
  template,
  normal,
  lognormal,
  zipf,
  reference,
  faker,
  email,
  dayTime,
  parent,
  childIndex,
  parentColumn,
  uuid,
  ip,
  words,
  timeOfDay,
  lookup,
  expr,
};

/** The generator kinds, for help texts and schema errors. */
export const GENERATOR_KINDS = Object.keys(GENERATORS) as GeneratorKind[];

/** The registration of `kind`, or undefined when it is not a generator. */
export function registrationOf(kind: unknown): GeneratorRegistration<GeneratorKind> | undefined {
  return typeof kind === 'string' && Object.hasOwn(GENERATORS, kind)
    ? (GENERATORS[kind as GeneratorKind] as GeneratorRegistration<GeneratorKind>)
    : undefined;
}
