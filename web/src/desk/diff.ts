// Side-by-side rows for two versions of a text, from the `diff` package's line diff (jsdiff): unchanged lines sit
// on both sides, a removed run beside the added run that replaced it, line for line.
import { diffLines } from 'diff';

export type CellKind = 'same' | 'removed' | 'added' | 'empty';

export interface DiffCell {
  /** The line's number in its version; null for the empty side of an insertion or a deletion. */
  number: number | null;
  text: string;
  kind: CellKind;
}

export interface DiffRow {
  left: DiffCell;
  right: DiffCell;
}

const empty: DiffCell = { number: null, text: '', kind: 'empty' };

function linesOf(value: string): string[] {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  let removed: string[] = [];
  const flush = (added: string[]) => {
    const n = Math.max(removed.length, added.length);
    for (let i = 0; i < n; i++) {
      const l = removed[i];
      const r = added[i];
      rows.push({
        left: l === undefined ? empty : { number: left++, text: l, kind: 'removed' },
        right: r === undefined ? empty : { number: right++, text: r, kind: 'added' },
      });
    }
    removed = [];
  };
  for (const part of diffLines(before, after)) {
    const lines = linesOf(part.value);
    if (part.removed) {
      removed.push(...lines);
    } else if (part.added) {
      flush(lines);
    } else {
      flush([]);
      for (const line of lines) rows.push({ left: { number: left++, text: line, kind: 'same' }, right: { number: right++, text: line, kind: 'same' } });
    }
  }
  flush([]);
  return rows;
}

/** Whether two versions differ at all (the table then says so instead of showing identical columns). */
export function changed(rows: DiffRow[]): boolean {
  return rows.some((r) => r.left.kind !== 'same');
}
