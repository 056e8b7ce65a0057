import type { GenerateEvent } from '../coordinator/events.ts';
import { bytes, compact, duration, thousands } from './format.ts';

/** Where progress goes: a stream with `write`, and whether it is a terminal. */
export interface ProgressTarget {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width: a bar never wraps (a wrapped line would leave a trail at each redraw). */
  readonly columns?: number;
}

/** Renders `generate()` events; `close()` ends a bar line. */
export interface ProgressReporter {
  onEvent(event: GenerateEvent): void;
  close(): void;
}

/** How often a bar redraws, a log line or a json line is written (ms): often enough to look alive, cheap. */
const BAR_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 5000;
const JSON_INTERVAL_MS = 500;
const BAR_WIDTH = 24;
/** The day folder that follows a table's name in the progress of a partitioned run (`generate.ts`). */
const PARTITION = / year=\d{4}\/month=\d\d\/day=\d\d$/;

interface Rate {
  readonly rowsPerSec: number;
  readonly etaSec: number;
}

type ProgressEvent = Extract<GenerateEvent, { type: 'progress' }>;

function rateOf(event: ProgressEvent, startedAt: number, now: number): Rate {
  const seconds = Math.max((now - startedAt) / 1000, 1e-3);
  const rowsPerSec = event.rowsDone / seconds;
  return {
    rowsPerSec,
    etaSec: rowsPerSec > 0 ? (event.rowsTotal - event.rowsDone) / rowsPerSec : Number.POSITIVE_INFINITY,
  };
}

function barLine(event: ProgressEvent, rate: Rate, columns: number): string {
  const fraction = event.rowsTotal === 0 ? 1 : event.rowsDone / event.rowsTotal;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  const line = `${event.table}  ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${compact(event.rowsDone)}/${compact(event.rowsTotal)} rows  ${compact(rate.rowsPerSec)} rows/s  ETA ${duration(rate.etaSec)}`;
  // One column short of the width: writing the last column makes some terminals wrap at once.
  return [...line].slice(0, Math.max(columns - 1, 20)).join('');
}

function logLine(event: ProgressEvent, rate: Rate): string {
  const percent = event.rowsTotal === 0 ? 100 : (event.rowsDone / event.rowsTotal) * 100;
  return `gen: ${event.table} ${thousands(event.rowsDone)}/${thousands(event.rowsTotal)} rows (${percent.toFixed(0)}%), ${compact(rate.rowsPerSec)} rows/s, ETA ${duration(rate.etaSec)}\n`;
}

function retryLine(event: Extract<GenerateEvent, { type: 'retry' }>): string {
  return `gen: retrying rows from ${thousands(event.start)} of ${event.table} (attempt ${event.attempt + 1}): ${event.error}\n`;
}

/**
 * Creates the reporter for `mode` (`auto` was resolved by the caller): a redrawn bar, periodic log lines,
 * or one JSON object per line. Throttled by time, so its cost does not grow with chunk count.
 */
export function createProgressReporter(
  mode: 'bar' | 'log' | 'json',
  target: ProgressTarget,
  now: () => number = performance.now.bind(performance),
): ProgressReporter {
  let tableStartedAt = now();
  let last = Number.NEGATIVE_INFINITY;
  let barOpen = false;
  /** The table whose line the bar is on: its partitions redraw it, another table starts a new line. */
  let barTable = '';
  const interval = mode === 'bar' ? BAR_INTERVAL_MS : mode === 'log' ? LOG_INTERVAL_MS : JSON_INTERVAL_MS;
  const endBar = (): void => {
    if (barOpen) target.write('\n');
    barOpen = false;
  };
  const progress = (event: ProgressEvent, force: boolean): void => {
    const time = now();
    if (!force && time - last < interval) return;
    last = time;
    const rate = rateOf(event, tableStartedAt, time);
    if (mode === 'bar') {
      const name = event.table.replace(PARTITION, '');
      if (barOpen && name !== barTable) endBar();
      barTable = name;
      target.write(`\r\x1b[2K${barLine(event, rate, target.columns ?? Number.POSITIVE_INFINITY)}`);
      barOpen = true;
    } else if (mode === 'log') {
      target.write(logLine(event, rate));
    } else {
      target.write(
        `${JSON.stringify({ event: 'progress', table: event.table, rows: event.rowsDone, total: event.rowsTotal, bytes: event.bytes, rowsPerSec: Math.round(rate.rowsPerSec), etaSec: Number.isFinite(rate.etaSec) ? Number(rate.etaSec.toFixed(1)) : null })}\n`,
      );
    }
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case 'start':
          tableStartedAt = now();
          if (mode === 'json')
            target.write(`${JSON.stringify({ event: 'start', tables: event.tables, workers: event.workers })}\n`);
          break;
        case 'progress':
          progress(event, event.rowsDone === event.rowsTotal);
          break;
        case 'table-done':
          // The partitions of a table share its bar line; the next table starts a new one.
          if (event.table.partition === undefined || mode !== 'bar') endBar();
          if (mode === 'json') target.write(`${JSON.stringify({ event: 'table-done', ...event.table })}\n`);
          else if (mode === 'log')
            target.write(
              `gen: ${event.table.name} done: ${thousands(event.table.rows)} rows, ${bytes(event.table.bytes)}\n`,
            );
          tableStartedAt = now();
          last = Number.NEGATIVE_INFINITY;
          break;
        case 'retry':
          endBar();
          target.write(mode === 'json' ? `${JSON.stringify({ event: 'retry', ...event })}\n` : retryLine(event));
          break;
      }
    },
    close: endBar,
  };
}
