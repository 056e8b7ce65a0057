import { describe, expect, it } from 'vitest';
import { defineDataset } from '../../src/dataset/define.ts';
import { planRun } from '../../src/planner/run-plan.ts';
import { earlier, forum } from '../fixtures/forum.ts';
import { rowsOf } from '../helpers/rows.ts';

describe('references to earlier rows of the same table (earlier: true)', () => {
  it('in a children table: an earlier sibling, so a reply stays under its post; the first of each post is NULL', () => {
    const rows = rowsOf(forum(), 'comments');
    expect(rows.length).toBeGreaterThan(600);
    const byId = new Map(rows.map((r) => [r.id, r]));
    let replies = 0;
    for (const row of rows) {
      if (row.position === 1) expect(row.reply_to).toBeNull();
      if (row.reply_to === null) {
        expect(row.reply_post).toBeNull();
        continue;
      }
      replies++;
      const parent = byId.get(row.reply_to)!;
      expect(row.reply_to as number).toBeLessThan(row.id as number);
      expect(parent.post_id).toBe(row.post_id);
      // Lookups through the reference read the parent comment's own values.
      expect(row.reply_post).toBe(parent.post_id);
      expect(row.reply_position).toBe(parent.position);
    }
    const later = rows.filter((r) => (r.position as number) > 1).length;
    // 20% of the rows that could reply are roots by nullRate: the rest reply.
    expect(replies / later).toBeGreaterThan(0.7);
    expect(replies / later).toBeLessThan(0.9);
  });

  it('in a plain table: uniform among all rows before it, through its key sequence; any row range agrees', () => {
    const rows = rowsOf(forum(), 'messages');
    expect(rows[0]!.reply_to).toBeNull();
    const ids = new Set(rows.map((r) => r.id));
    for (const row of rows.slice(1)) {
      expect(ids.has(row.reply_to)).toBe(true);
      expect(row.reply_to as number).toBeLessThan(row.id as number);
    }
    // Uniform over earlier rows: the last 1,000 rows reply to the first half about half the time.
    const late = rows.slice(1000);
    const toFirstHalf = late.filter((r) => (r.reply_to as number) < (rows[1000]!.id as number) / 2).length;
    expect(toFirstHalf / late.length).toBeGreaterThan(0.25);
    expect(toFirstHalf / late.length).toBeLessThan(0.45);
    // A chain of two: the reply's reply, NULL from the second row back.
    expect(rows[1]!.reply_reply).toBeNull();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const row of rows.slice(2)) expect(row.reply_reply).toBe(byId.get(row.reply_to)!.reply_to);
    expect(rowsOf(forum(), 'messages', 1234, 50)).toEqual(rows.slice(1234, 1284));
  });

  it.each([
    [earlier('posts'), /earlier: references rows of its own table, so table must be "comments"/],
    [earlier('comments', { nullRate: 0 }), /the first row of each parent has no earlier row: add nullable: true/],
    [
      earlier('comments', { generator: { kind: 'reference', table: 'comments', earlier: true, distribution: 'zipf' } }),
      /earlier draws uniformly/,
    ],
    [
      earlier('comments', { generator: { kind: 'reference', table: 'comments', earlier: true, follow: 'a.b' } }),
      /earlier and follow cannot be combined/,
    ],
  ])('refuses what it cannot promise (%#)', (column, message) => {
    expect(() => planRun({ dataset: forum(column), seed: 1, date: '2026-01-01' })).toThrow(message);
  });

  it('refuses a table keyed by date', () => {
    const base = forum();
    const tables = base.tables.map((t) =>
      t.name === 'messages' ? { ...t, defaultRows: 0, shape: { kind: 'daily', rows: 10 } as const } : t,
    );
    expect(() => planRun({ dataset: defineDataset({ ...base, tables }), seed: 1, date: '2026-01-01' })).toThrow(
      /earlier needs a plain or children table \("messages" is daily\)/,
    );
  });
});
