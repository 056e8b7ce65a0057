import { fillBelow, subKey } from '../random/counter-rng.ts';
import { createDictVector, type DictVector } from '../vectors/column-vector.ts';
import { fakerWords } from '../vocabulary/faker-words.ts';
import { check, fail } from './check.ts';
import type { GeneratorFactory, GeneratorRegistration, SpecOf } from './types.ts';

/** A value of faker's English data at `data` (a dotted path such as `person.first_name`), each equally likely. */
const create: GeneratorFactory<SpecOf<'faker'>> = (spec, context) => {
  check(typeof spec.data === 'string', context, 'faker needs data: "section.entry", e.g. person.first_name');
  const words = fakerWords(spec.data);
  if (words === undefined) {
    fail(
      context,
      `faker data ${JSON.stringify(spec.data)} is not a list of words; try person.first_name, person.last_name, location.city_name, location.state, company.noun, commerce.department, word.noun`,
    );
  }
  const dictionary = [...words];
  const key = context.key;
  const key2 = subKey(key, 1);
  return {
    createVector: (capacity) => createDictVector(capacity, dictionary),
    fill(start, count, out) {
      fillBelow((out as DictVector).codes, start, count, key, key2, dictionary.length);
    },
  };
};

export const faker: GeneratorRegistration<'faker'> = {
  kind: 'faker',
  options: { data: { type: 'string', required: true } },
  types: ['utf8'],
  unique: false,
  create,
};
