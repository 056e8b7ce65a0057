import { createRequire } from 'node:module';

type Definitions = Record<string, Record<string, unknown>>;
let definitions: Definitions | undefined;

/**
 * faker's English locale data, loaded on first use only (28 ms here), so runs that use none do not pay
 * for it. Only the data is used: values are picked by our counter-based RNG, which keeps them
 * shard-stable and ~20x cheaper than faker's own calls (measured when this was written).
 */
function fakerData(): Definitions {
  const load = createRequire(import.meta.url);
  definitions ??= (load('@faker-js/faker/locale/en') as { faker: { rawDefinitions: Definitions } }).faker
    .rawDefinitions;
  return definitions;
}

/** The plain words of a faker entry: a list, or the `generic` list (else every list) of an object of lists. */
function wordsOf(entry: unknown): string[] | undefined {
  if (Array.isArray(entry)) return entry.every((v) => typeof v === 'string' && !v.includes('{{')) ? entry : undefined;
  if (entry === null || typeof entry !== 'object') return undefined;
  const lists = entry as Record<string, unknown>;
  if (Array.isArray(lists.generic)) return wordsOf(lists.generic);
  const all = Object.values(lists).map(wordsOf);
  return all.every((list) => list !== undefined) ? [...new Set(all.flat() as string[])] : undefined;
}

/** The words at `path` (dotted, e.g. `person.first_name`) of faker's English data, or undefined. */
export function fakerWords(path: string): readonly string[] | undefined {
  const found = path
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object' && Object.hasOwn(node, part)
          ? (node as Record<string, unknown>)[part]
          : undefined,
      fakerData(),
    );
  const words = wordsOf(found);
  return words === undefined || words.length === 0 ? undefined : words;
}
