import { cutText } from '../dataset/dictionary.ts';
import type { GeneratorSpec } from '../dataset/types.ts';
import { templateCapacity } from '../generators/template.ts';
import { fakerWords } from '../vocabulary/faker-words.ts';
import type { Made } from './column-facts.ts';

/*
 * A text column of `varchar(n)` / `char(n)` holds values of at most n characters. gen cuts longer values
 * at run time (`length`), which keeps the load valid; here init picks generators whose values fit in the
 * first place, so that the file reads as what will be written: short codes for `char(1..3)`, choices
 * cut and merged, a list of faker's data only when most of it fits.
 */

/** Letters a short code column draws from when nothing better is known: a few codes, the first most frequent. */
const SHORT_CODES = ['A', 'B', 'C', 'D', 'E'];

/** Keys of text: a code of digits when it fits in 5+ characters, else of letters (`AA`, `AB`, …). */
export function codeTemplate(prefix: string, length: number | undefined): string {
  if (length === undefined || length >= 8) return `${prefix}{id:06}`;
  if (length >= 5) return `${prefix}{id:0${length - 1}}`;
  return `{id:A${length}}`;
}

/** How many rows of a key made by `codeTemplate` fit in `length` characters (the key space). */
export function codeCapacity(template: string, length: number | undefined): number {
  return length === undefined ? Number.POSITIVE_INFINITY : (templateCapacity(template, length) ?? 0);
}

/** Choice values cut to `length`, equal ones merged (their weights added). */
function cutChoice(spec: Extract<GeneratorSpec, { kind: 'choice' }>, length: number): GeneratorSpec {
  const weights = new Map<string, number>();
  spec.values.forEach((value, i) => {
    const cut = cutText(String(value), length);
    weights.set(cut, (weights.get(cut) ?? 0) + (spec.weights?.[i] ?? 1));
  });
  const values = [...weights.keys()];
  const merged = [...weights.values()];
  const even = merged.every((w) => w === merged[0]);
  return { kind: 'choice', values, ...(even || values.length === 1 ? {} : { weights: merged }) };
}

/** The share of a faker list's values that fit in `length` characters. */
function fitting(data: string, length: number): number {
  const words = fakerWords(data) ?? [];
  return words.length === 0 ? 0 : words.filter((w) => [...w].length <= length).length / words.length;
}

/** A few short codes, the first most frequent: a column too short for what its name suggests. */
function shortCodes(length: number): GeneratorSpec {
  const values = SHORT_CODES.map((c) => c.repeat(Math.min(length, 2)));
  return { kind: 'choice', values, weights: values.map((_, k) => Math.round(1000 / (k + 1)) / 1000) };
}

/**
 * `made` fitted to a text column's `length`: choices cut and merged, a faker list kept when most of its
 * values fit (the rest are cut at run time), words and templates that cannot fit replaced by codes.
 * Unique columns and keys come with templates of their own (`codeTemplate`).
 */
export function fitLength(made: Made, length: number | undefined): Made {
  if (length === undefined || made.unique === true) return made;
  const spec = made.generator;
  if (spec.kind === 'choice' && spec.values.some((v) => [...String(v)].length > length))
    return { ...made, generator: cutChoice(spec, length), note: `${made.note}, cut to ${length} characters` };
  if (spec.kind === 'faker' && fitting(spec.data, length) < 0.9)
    return { ...made, generator: shortCodes(length), note: `a short code (${length} characters)` };
  if (spec.kind === 'words' && length < 4)
    return { ...made, generator: shortCodes(length), note: `a short code (${length} characters)` };
  if (spec.kind === 'words' && (spec.max ?? 8) * 6 > length) {
    // Never fewer words than asked: a minimum comes from a check on the length (`length(c) >= 2`).
    const min = spec.min ?? 1;
    const max = Math.max(min, Math.floor(length / 7));
    return { ...made, generator: { ...spec, min, max }, note: `${made.note}, up to ${length} characters` };
  }
  if (spec.kind === 'template' && (templateCapacity(spec.template, length) ?? 1) === 0)
    return { ...made, generator: shortCodes(length), note: `a short code (${length} characters)` };
  return made;
}
