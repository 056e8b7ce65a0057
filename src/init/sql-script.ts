/*
 * A psql script as the server's parser reads it. `pg_dump` writes psql meta-commands beside SQL: every
 * dump since the August 2025 releases starts with `\restrict KEY` and ends with `\unrestrict KEY`
 * (https://www.postgresql.org/docs/release/17.6/), and dumps of several databases hold `\connect`; a
 * data dump's `COPY … FROM stdin;` is followed by rows up to a line `\.`. None of it is SQL: each such line
 * becomes an empty one, so that a syntax error still names the file's own line.
 */

/** A line that starts a COPY whose rows follow in the script. */
const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b[^;]*;\s*$/i;

/** `sql` with psql's meta-command lines and the rows of `COPY … FROM stdin` blanked out, line numbers kept. */
export function withoutPsqlCommands(sql: string): string {
  const lines = sql.split('\n');
  let inCopy = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inCopy) {
      inCopy = line.replace(/\r$/, '') !== '\\.';
      lines[i] = '';
    } else if (/^\s*\\/.test(line)) lines[i] = '';
    else if (COPY_FROM_STDIN.test(line)) {
      lines[i] = '';
      inCopy = true;
    }
  }
  return lines.join('\n');
}

/**
 * The statements of a script with the offset each starts at: split at `;` outside strings, quoted names,
 * dollar quotes and comments. For reading statement by statement where the whole does not parse.
 */
export function statementsOf(sql: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  let i = 0;
  const skipTo = (end: string, from: number): number => {
    const at = sql.indexOf(end, from);
    return at < 0 ? sql.length : at + end.length;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // A doubled quote inside is the quote itself: skipping to the next one and on covers it.
      i = skipTo(c, i + 1);
    } else if (c === '-' && sql[i + 1] === '-') i = skipTo('\n', i);
    else if (c === '/' && sql[i + 1] === '*') i = skipTo('*/', i + 2);
    else if (c === '$') {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(sql.slice(i, i + 64))?.[0];
      i = tag === undefined ? i + 1 : skipTo(tag, i + tag.length);
    } else if (c === ';') {
      out.push({ text: sql.slice(start, i + 1), start });
      start = ++i;
    } else i++;
  }
  if (sql.slice(start).trim() !== '') out.push({ text: sql.slice(start), start });
  return out;
}
