import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let yamlModule: typeof Yaml | undefined;
/** The YAML library, loaded on first use: it costs ~30 ms, which runs without a schema file should not pay. */
export function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}
