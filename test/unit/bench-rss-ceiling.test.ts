/**
 * The bench gate's peak-RSS ceiling (bench/gate.ts): a command with a ceiling fails above it, whatever the
 * committed results hold (none is needed), and passes at or below it. No timing: the runs are numbers.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS_RSS_CEILING_MIB } from '../../bench/corpus.ts';
import { exitStatus, gate } from '../../bench/gate.ts';
import type { Row } from '../../bench/scenarios.ts';

const fill = (maxRssMiB: number): Row => ({
  name: 'gen -w 2 --config postgrest',
  format: 'ndjson',
  rows: 564_700,
  runs: 1,
  wallSec: 5,
  rowsPerSec: 112_940,
  maxRssMiB,
  cpuSec: 5,
  rssCeilingMiB: CORPUS_RSS_CEILING_MIB,
});

describe('bench gate, peak RSS ceiling', () => {
  it('passes a fill at or below its ceiling, with nothing committed to compare with', () => {
    const verdict = gate([], [fill(226), fill(CORPUS_RSS_CEILING_MIB)]);
    expect(verdict.failures).toEqual([]);
    expect(exitStatus(verdict)).toBe(0);
  });

  it('fails a fill above its ceiling, naming the command and both figures', () => {
    const verdict = gate([], [fill(303)]);
    expect(verdict.failures).toEqual([
      `gen -w 2 --config postgrest (ndjson, 564.7 k rows): peak RSS 303 MiB (fails above ${CORPUS_RSS_CEILING_MIB} MiB)`,
    ]);
    expect(exitStatus(verdict)).toBe(1);
  });

  it('holds no command without a ceiling to one', () => {
    const { rssCeilingMiB: _, ...plain } = fill(900);
    expect(gate([], [plain]).failures).toEqual([]);
  });
});
