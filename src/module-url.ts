/**
 * The URL of module `name` (a path relative to the module at `base`, without extension), with `base`'s own
 * extension: `.ts` when running from source (tests, tsx), `.js` once compiled to `dist/`. Modules that are
 * loaded by URL (worker modules, encoders loaded in workers) are named this way.
 */
export function siblingModule(base: string, name: string): string {
  const extension = base.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`${name}.${extension}`, base).href;
}
