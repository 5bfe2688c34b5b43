import { useState, type FormEvent } from 'react';
import { execute, type ApiError, type ApiResult } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, Loading, useTitle } from '../common';
import { AuditLogDocument, type AuditLogQuery } from '../gql/graphql';
import { formatDateTime, t } from '../i18n';
import { Link, navigate, paths } from '../router';
import { useSession } from '../session/session';
import { auditKinds, auditSearch, auditWhere, maxExportRows, parseAuditState, toCsv, toJsonLines, type AuditRow, type AuditState } from './audit';

const pageSize = 50;

/** /desk/audit: who did what, for admins — filtered by actor, action, document type or id and time, paged, exported. */
export default function AuditPage({ search }: { search: string }) {
  useTitle(t.audit.title);
  const session = useSession();
  const isAdmin = session.person?.role === 'ADMIN';
  const state = parseAuditState(search);
  const [form, setForm] = useState<AuditState>(state);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const page = useQuery(AuditLogDocument, { where: auditWhere(state), first: pageSize, after: state.after }, !isAdmin);

  if (!session.known) return <Loading />;
  if (!isAdmin) {
    return (
      <section className="message">
        <h1>{t.audit.title}</h1>
        <p>{t.audit.adminsOnly}</p>
        <p>
          <Link href={paths.signIn('/desk/audit' + search)}>{t.session.signIn}</Link>
        </p>
      </section>
    );
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    navigate('/desk/audit' + auditSearch({ ...form, after: null }));
  }

  async function exportAll(format: 'csv' | 'jsonl') {
    setExporting(true);
    setExportError(null);
    setExported(null);
    const rows: AuditRow[] = [];
    let after: string | null = null;
    for (;;) {
      const result: ApiResult<AuditLogQuery> = await execute(AuditLogDocument, { where: auditWhere(state), first: 100, after });
      if (!result.ok) {
        setExporting(false);
        setExportError(result.error);
        return;
      }
      const log: AuditLogQuery['auditLog'] = result.data.auditLog;
      if (!log) break;
      rows.push(...log.nodes);
      if (!log.pageInfo.hasNextPage || rows.length >= maxExportRows) break;
      after = log.pageInfo.endCursor ?? null;
    }
    const kept = rows.slice(0, maxExportRows);
    const blob = new Blob([format === 'csv' ? toCsv(kept) : toJsonLines(kept)], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `audit.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
    setExporting(false);
    setExported(t.audit.exported(kept.length, rows.length >= maxExportRows));
  }

  const field = (name: keyof AuditState, value: string) => setForm((f) => ({ ...f, [name]: value }));
  const log = page.data?.auditLog;
  return (
    <section className="audit-page">
      <h1>{t.audit.title}</h1>
      <form className="audit-filters" onSubmit={apply}>
        <fieldset>
          <legend>{t.audit.filters}</legend>
          <label htmlFor="audit-actor">{t.audit.actor}</label>
          <input id="audit-actor" value={form.actor} onChange={(e) => field('actor', e.target.value)} />
          <label htmlFor="audit-action">{t.audit.action}</label>
          <select id="audit-action" value={form.action} onChange={(e) => field('action', e.target.value)}>
            <option value="">{t.audit.any}</option>
            {Object.keys(t.audit.actions).map((a) => (
              <option key={a} value={a}>
                {t.audit.actions[a]}
              </option>
            ))}
          </select>
          <label htmlFor="audit-kind">{t.audit.kind}</label>
          <select id="audit-kind" value={form.kind} onChange={(e) => field('kind', e.target.value)}>
            <option value="">{t.audit.any}</option>
            {auditKinds.map((k) => (
              <option key={k} value={k}>
                {t.audit.kinds[k]}
              </option>
            ))}
          </select>
          <label htmlFor="audit-document">{t.audit.document}</label>
          <input id="audit-document" value={form.documentId} onChange={(e) => field('documentId', e.target.value)} />
          <label htmlFor="audit-from">{t.audit.from}</label>
          <input id="audit-from" type="datetime-local" value={form.from} onChange={(e) => field('from', e.target.value)} />
          <label htmlFor="audit-to">{t.audit.to}</label>
          <input id="audit-to" type="datetime-local" value={form.to} onChange={(e) => field('to', e.target.value)} />
          <div className="audit-filter-actions">
            <button type="submit">{t.audit.apply}</button>
            <Link href="/desk/audit" onClick={() => setForm(parseAuditState(''))}>
              {t.audit.clear}
            </Link>
          </div>
        </fieldset>
      </form>
      <div className="audit-export">
        <button type="button" disabled={exporting} onClick={() => void exportAll('csv')}>
          {t.audit.exportCsv}
        </button>
        <button type="button" disabled={exporting} onClick={() => void exportAll('jsonl')}>
          {t.audit.exportJsonLines}
        </button>
        <span role="status">{exporting ? t.audit.exporting : exported ?? ''}</span>
      </div>
      {exportError && <ErrorMessage error={exportError} />}
      {page.error && <ErrorMessage error={page.error} />}
      {!log && !page.error && <Loading />}
      {log && (
        <>
          {log.nodes.length === 0 ? (
            <p>{t.audit.empty}</p>
          ) : (
            <div className="table-scroll">
              <table className="audit-table">
                <caption>{t.audit.caption}</caption>
                <thead>
                  <tr>
                    {t.audit.columns.map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {log.nodes.map((e, i) => (
                    <tr key={`${e.documentId}-${e.version}-${i}`}>
                      <td>{formatDateTime(e.at)}</td>
                      <td>{e.actor}</td>
                      <td>{e.role ? (t.session.roles[e.role] ?? e.role) : ''}</td>
                      <td>{t.audit.actions[e.action] ?? e.action}</td>
                      <td>{t.audit.kinds[e.kind] ?? e.kind}</td>
                      <td>{e.kind === 'Organization' ? e.documentId : <Link href={paths.document(e.documentId)}>{e.documentId}</Link>}</td>
                      <td>{e.version}</td>
                      <td>{e.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="pager">
            {state.after && <Link href={'/desk/audit' + auditSearch({ ...state, after: null })}>{t.audit.newest}</Link>}{' '}
            {log.pageInfo.hasNextPage && log.pageInfo.endCursor && (
              <Link href={'/desk/audit' + auditSearch({ ...state, after: log.pageInfo.endCursor })}>{t.audit.older}</Link>
            )}
          </p>
        </>
      )}
    </section>
  );
}
