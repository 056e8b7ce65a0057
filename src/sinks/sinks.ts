import { filesSink } from './file-sink.ts';
import { postgresSink } from './postgres-target.ts';
import { s3Sink } from './s3-sink.ts';
import { stdoutSink } from './stdout-sink.ts';
import type { SinkRecord, TargetOptions } from './types.ts';

/** Every kind of sink, one line each; the first that the options ask for is used (files last: the default). */
const SINK_RECORDS = [postgresSink, stdoutSink, s3Sink, filesSink] as const;

type RecordOf<R> = R extends SinkRecord<infer T> ? T : never;

/** Where a run's data goes: one kind of sink's target, plain data. */
export type SinkTarget = RecordOf<(typeof SINK_RECORDS)[number]>;

/** The sink that `options` ask for. */
export function chooseSink(options: TargetOptions, format: string | undefined): SinkRecord<SinkTarget> {
  return SINK_RECORDS.find((r) => r.claims(options, format)) as SinkRecord<SinkTarget>;
}

/** The record of a target's kind of sink. */
export function sinkOf(target: SinkTarget): SinkRecord<SinkTarget> {
  return SINK_RECORDS.find((r) => r.kind === target.kind) as SinkRecord<SinkTarget>;
}

/** Options that some sinks take, and the records that take them. */
export function sinkOptions(): { key: keyof TargetOptions; records: SinkRecord<SinkTarget>[] }[] {
  const keys = [...new Set(SINK_RECORDS.flatMap((r) => r.options))];
  return keys.map((key) => ({
    key,
    records: SINK_RECORDS.filter((r) => r.options.includes(key)) as SinkRecord<SinkTarget>[],
  }));
}
