import { describe, expect, it } from 'vitest';
import { changed, sideBySide } from './diff';

describe('side-by-side difference', () => {
  it('keeps unchanged lines on both sides and sets a replaced line beside its replacement', () => {
    const rows = sideBySide('第一段\n第二段\n第三段\n', '第一段\n第二段（改）\n第三段\n新增一段\n');
    expect(rows.map((r) => [r.left.kind, r.left.text, r.right.kind, r.right.text])).toEqual([
      ['same', '第一段', 'same', '第一段'],
      ['removed', '第二段', 'added', '第二段（改）'],
      ['same', '第三段', 'same', '第三段'],
      ['empty', '', 'added', '新增一段'],
    ]);
    expect(rows.map((r) => [r.left.number, r.right.number])).toEqual([[1, 1], [2, 2], [3, 3], [null, 4]]);
    expect(changed(rows)).toBe(true);
  });

  it('shows a deletion with an empty right side, and nothing changed as unchanged', () => {
    const rows = sideBySide('甲\n乙\n', '甲\n');
    expect(rows[1]).toEqual({ left: { number: 2, text: '乙', kind: 'removed' }, right: { number: null, text: '', kind: 'empty' } });
    expect(changed(sideBySide('甲\n乙', '甲\n乙'))).toBe(false);
  });
});
