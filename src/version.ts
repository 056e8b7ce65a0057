import { readFileSync } from 'node:fs';

/**
 * The package's name and version, read once from its package.json: one level up from `src/` (tests, tsx),
 * two from `dist/src/`, three from the CLI's bundle in `dist/src/cli/` (`scripts/bundle.ts`).
 */
export const TOOL = ((): { name: string; version: string } => {
  for (const up of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shardgen' && typeof pkg.version === 'string') return { name: pkg.name, version: pkg.version };
    } catch {
      // not this level; try the next
    }
  }
  return { name: 'shardgen', version: '0.0.0' };
})();
