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
