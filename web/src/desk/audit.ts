// The admins' audit viewer: its state lives in the URL (filters and the page's cursor), and an export pages through
// the same auditLog query the table shows, so what is exported is exactly what the filters select.

import { t } from '../i18n';

export interface AuditState {
  actor: string;
  action: string;
  kind: string;
  documentId: string;
  from: string;
  to: string;
  after: string | null;
}

export interface AuditRow {
  at: string;
  actor: string;
  role?: string | null;
  action: string;
  kind: string;
  documentId: string;
  version: number;
  note?: string | null;
}

export const auditKinds = ['Directive', 'Story', 'ActivityLog', 'StudyMaterial', 'Organization'] as const;

/** At most this many entries go into one export (a hundred pages of the API's largest page). */
export const maxExportRows = 10_000;

export function parseAuditState(search: string): AuditState {
  const q = new URLSearchParams(search);
  return {
    actor: q.get('actor') ?? '',
    action: q.get('action') ?? '',
    kind: q.get('type') ?? '',
    documentId: q.get('doc') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
    after: q.get('after'),
  };
}

export function auditSearch(state: AuditState): string {
  const q = new URLSearchParams();
  if (state.actor) q.set('actor', state.actor);
  if (state.action) q.set('action', state.action);
  if (state.kind) q.set('type', state.kind);
  if (state.documentId) q.set('doc', state.documentId);
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.after) q.set('after', state.after);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A datetime-local value (China time, as the page shows times) as the API's DateTime. */
function instant(local: string): string {
  return local.length === 16 ? `${local}:00+08:00` : local.length === 10 ? `${local}T00:00:00+08:00` : local;
}

/** The auditLog filter for the state, in the lists' where shape ({ field: { eq } }, at: { gte, lte }); empty conditions are left out. */
export function auditWhere(state: AuditState): Record<string, Record<string, string>> | null {
  const where: Record<string, Record<string, string>> = {};
  if (state.actor.trim()) where.actor = { eq: state.actor.trim() };
  // The API's DocumentAction enum: a value from an edited URL that is not one of them is left out, not sent.
  if (state.action in t.audit.actions) where.action = { eq: state.action };
  if (state.kind) where.documentType = { eq: state.kind };
  if (state.documentId.trim()) where.documentId = { eq: state.documentId.trim() };
  const at: Record<string, string> = {};
  if (state.from) at.gte = instant(state.from);
  if (state.to) at.lte = instant(state.to);
  if (Object.keys(at).length > 0) where.at = at;
  return Object.keys(where).length > 0 ? where : null;
}

const columns = ['at', 'actor', 'role', 'action', 'kind', 'documentId', 'version', 'note'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A cell a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a header row, CRLF line ends and a byte order mark (so spreadsheet programs read the Chinese as UTF-8). */
export function toCsv(rows: readonly AuditRow[]): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** One JSON object per line, in the API's field names. */
export function toJsonLines(rows: readonly AuditRow[]): string {
  return rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))).join('\n') + (rows.length ? '\n' : '');
}
