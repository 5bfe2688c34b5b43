import { describe, expect, it } from 'vitest';
import { auditSearch, auditWhere, parseAuditState, toCsv, toJsonLines, type AuditRow } from './audit';

const rows: AuditRow[] = [
  { at: '2026-12-01T01:00:00Z', actor: 'editor-zhao', role: 'EDITOR', action: 'IMPORT', kind: 'Directive', documentId: 'RGlyZWN0aXZlOjE=', version: 1, note: 'from 通知.pdf' },
  { at: '2026-12-01T02:00:00Z', actor: 'system', role: null, action: 'UPDATE', kind: 'Story', documentId: 'U3Rvcnk6Mg==', version: 3, note: '=HYPERLINK("x"), "quoted"' },
];

describe('audit viewer', () => {
  it('keeps its filters and page in the URL, round trip', () => {
    const state = { actor: 'editor-zhao', action: 'IMPORT', kind: 'Directive', documentId: '', from: '2026-12-01T08:00', to: '', after: 'c1' };
    expect(auditSearch(state)).toBe('?actor=editor-zhao&action=IMPORT&type=Directive&from=2026-12-01T08%3A00&after=c1');
    expect(parseAuditState(auditSearch(state))).toEqual(state);
  });

  it('sends only the conditions given, times in China time', () => {
    expect(auditWhere(parseAuditState(''))).toBeNull();
    expect(auditWhere(parseAuditState('?actor=%20editor-zhao%20&from=2026-12-01T08:00&to=2026-12-02'))).toEqual({
      actor: { eq: 'editor-zhao' },
      at: { gte: '2026-12-01T08:00:00+08:00', lte: '2026-12-02T00:00:00+08:00' },
    });
    // The where shape of the API's lists; an action from an edited URL that the enum lacks is not sent.
    expect(auditWhere(parseAuditState('?action=PUBLISH&type=Story'))).toEqual({ action: { eq: 'PUBLISH' }, documentType: { eq: 'Story' } });
    expect(auditWhere(parseAuditState('?action=publish'))).toBeNull();
  });

  it('exports CSV with a header, quoting, and formulas defused', () => {
    const csv = toCsv(rows);
    expect(csv.startsWith('\uFEFFat,actor,role,action,kind,documentId,version,note\r\n')).toBe(true);
    expect(csv).toContain('2026-12-01T01:00:00Z,editor-zhao,EDITOR,IMPORT,Directive,RGlyZWN0aXZlOjE=,1,from 通知.pdf\r\n');
    expect(csv).toContain(`system,,UPDATE,Story,U3Rvcnk6Mg==,3,"'=HYPERLINK(""x""), ""quoted"""\r\n`);
  });

  it('exports one JSON object per line', () => {
    const lines = toJsonLines(rows).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({ at: '2026-12-01T02:00:00Z', actor: 'system', role: null, action: 'UPDATE', kind: 'Story', documentId: 'U3Rvcnk6Mg==', version: 3, note: '=HYPERLINK("x"), "quoted"' });
    expect(toJsonLines([])).toBe('');
  });
});
