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

/** How often an open phase's elapsed time is shown again: a bar's each second, a log line's as progress. */
const PHASE_BAR_INTERVAL_MS = 1000;

type PhaseEvent = Extract<GenerateEvent, { type: 'phase' }>;

/** The steps after the rows, each shown when it starts, again while it runs, and with its time when it ends. */
interface PhaseLines {
  onPhase(event: PhaseEvent): void;
  close(): void;
}

/**
 * Phase lines for `mode`: a bar line redrawn each second (`gen: building the keys of orders… 12.0s`), a log
 * line when a phase starts, every few seconds while it runs and when it ends, or JSON objects. A step of
 * minutes (a foreign key over 1e8 rows) so never looks like a hang.
 */
function phaseLines(mode: 'bar' | 'log' | 'json', target: ProgressTarget, now: () => number): PhaseLines {
  let open: { step: string; since: number; timer: ReturnType<typeof setInterval> } | null = null;
  const seconds = (): number => (open === null ? 0 : (now() - open.since) / 1000);
  const show = (state: 'start' | 'running' | 'end'): void => {
    const step = open!.step;
    const elapsed = duration(seconds());
    if (mode === 'json') {
      target.write(`${JSON.stringify({ event: 'phase', step, state, elapsedSec: Number(seconds().toFixed(1)) })}
`);
    } else if (mode === 'bar') {
      target.write(`\r\x1b[2Kgen: ${step}${state === 'end' ? `: ${elapsed}\n` : `… ${elapsed}`}`);
    } else {
      const tail = state === 'end' ? `: done in ${elapsed}` : state === 'start' ? '…' : `… ${elapsed}`;
      target.write(`gen: ${step}${tail}\n`);
    }
  };
  const stop = (): void => {
    if (open === null) return;
    clearInterval(open.timer);
    if (mode === 'bar') target.write('\n');
    open = null;
  };
  return {
    onPhase(event) {
      if (event.state === 'start') {
        stop();
        const timer = setInterval(() => show('running'), mode === 'bar' ? PHASE_BAR_INTERVAL_MS : interval(mode));
        // The timer never keeps the process alive, and never outlives the phase or the reporter.
        timer.unref();
        open = { step: event.step, since: now(), timer };
        show('start');
      } else if (open?.step === event.step) {
        show('end');
        clearInterval(open.timer);
        open = null;
      }
    },
    close: stop,
  };
}

function interval(mode: 'bar' | 'log' | 'json'): number {
  return mode === 'bar' ? BAR_INTERVAL_MS : mode === 'log' ? LOG_INTERVAL_MS : JSON_INTERVAL_MS;
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
  const every = interval(mode);
  const phases = phaseLines(mode, target, now);
  const endBar = (): void => {
    if (barOpen) target.write('\n');
    barOpen = false;
  };
  const progress = (event: ProgressEvent, force: boolean): void => {
    const time = now();
    if (!force && time - last < every) return;
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
        case 'phase':
          endBar();
          phases.onPhase(event);
          break;
      }
    },
    close() {
      endBar();
      phases.close();
    },
  };
}
