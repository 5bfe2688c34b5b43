import { useEffect, useId, useState, type FormEvent } from 'react';
import { subscribe } from '../api/subscriptions';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, Loading, useTitle } from '../common';
import { DeskFiltersDocument, ReviewQueueChangesDocument, ReviewQueueDocument } from '../gql/graphql';
import { formatDateTime, sectionLabel, t } from '../i18n';
import { Link, navigate, paths } from '../router';
import { useSession } from '../session/session';
import { affectsQueue, parseQueueState, queueSearch, queueStatuses, queueVariables, type QueueState } from './queue';

const countField = { SUBMITTED: 'submitted', IN_REVIEW: 'inReview', CHANGES_REQUESTED: 'changesRequested', APPROVED: 'approved' } as const;

/**
 * /desk: the editors' review queue. Counts per state and one state's stories, narrowed by organisation and
 * directive section; it re-reads itself when a story takes a workflow step (the storyWorkflowChanged subscription),
 * keeping what it shows until the new answer is in, so nothing jumps.
 */
export default function ReviewQueuePage({ search }: { search: string }) {
  useTitle(t.desk.title);
  const session = useSession();
  const isEditor = session.person?.role === 'EDITOR' || session.person?.role === 'ADMIN';
  const state = parseQueueState(search);
  const [version, setVersion] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const queue = useQuery(ReviewQueueDocument, queueVariables(state), !isEditor, version);
  const filters = useQuery(DeskFiltersDocument, {}, !isEditor);

  useEffect(() => {
    if (!isEditor) return;
    return subscribe(
      ReviewQueueChangesDocument,
      { organizationId: null },
      (data) => {
        const event = data.storyWorkflowChanged;
        if (!affectsQueue(event)) return;
        setVersion((v) => v + 1);
        setAnnouncement(t.desk.updated(event.story.title, t.desk.states[event.to] ?? event.to));
      },
      () => setVersion((v) => v + 1),
    );
  }, [isEditor]);

  if (!session.known) return <Loading />;
  if (!isEditor) {
    return (
      <section className="message">
        <h1>{t.desk.title}</h1>
        <p>{t.desk.editorsOnly}</p>
        <p>
          <Link href={paths.signIn('/desk' + search)}>{t.session.signIn}</Link>
        </p>
      </section>
    );
  }

  const go = (next: Partial<QueueState>) => navigate('/desk' + queueSearch({ ...state, after: null, ...next }));
  const data = queue.data;
  const list = data?.queue;
  const listHeadingId = 'queue-heading';
  return (
    <section className="desk">
      <h1>{t.desk.title}</h1>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <nav aria-label={t.desk.statesLabel}>
        <ul className="queue-states">
          {queueStatuses.map((status) => (
            <li key={status}>
              <Link href={'/desk' + queueSearch({ ...state, status, after: null })} aria-current={status === state.status ? 'page' : undefined}>
                <span>{t.desk.states[status]}</span> <span className="count">{data?.[countField[status]] ? t.desk.count(data[countField[status]]!.totalCount) : '…'}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <QueueFilters
        state={state}
        organizations={filters.data?.organizations?.nodes ?? []}
        directives={filters.data?.directives?.nodes ?? []}
        onApply={(organizationId, sectionId) => go({ organizationId, sectionId })}
      />
      {queue.error && <ErrorMessage error={queue.error} />}
      {!data && !queue.error && <Loading />}
      {list && (
        <section aria-labelledby={listHeadingId} aria-busy={queue.loading}>
          <h2 id={listHeadingId}>{t.desk.listLabel(t.desk.states[state.status] ?? state.status, list.totalCount)}</h2>
          {list.nodes.length === 0 ? (
            <p>{t.desk.empty}</p>
          ) : (
            <table className="queue">
              <thead>
                <tr>
                  <th scope="col">{t.desk.columns.title}</th>
                  <th scope="col">{t.desk.columns.organization}</th>
                  <th scope="col">{t.desk.columns.sections}</th>
                  <th scope="col">{t.desk.columns.submittedAt}</th>
                </tr>
              </thead>
              <tbody>
                {list.nodes.map((story) => (
                  <tr key={story.id}>
                    <td>
                      <Link href={paths.review(story.id)}>{story.title}</Link>
                    </td>
                    <td>{story.submittingOrganization.name}</td>
                    <td>
                      {story.sections.map((s) => (
                        <span key={s.id} className="section-chip" title={s.directive.title}>
                          {sectionLabel(s.number)}
                          {s.heading}
                        </span>
                      ))}
                    </td>
                    <td>
                      <time dateTime={story.submittedAt}>{formatDateTime(story.submittedAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="pager">
            {state.after && (
              <button type="button" className="link" onClick={() => go({})}>
                {t.desk.first}
              </button>
            )}
            {list.pageInfo.hasNextPage && (
              <button type="button" className="link" onClick={() => go({ after: list.pageInfo.endCursor ?? null })}>
                {t.desk.next}
              </button>
            )}
          </p>
        </section>
      )}
    </section>
  );
}

function QueueFilters({
  state,
  organizations,
  directives,
  onApply,
}: {
  state: QueueState;
  organizations: { id: string; name: string }[];
  directives: { id: string; title: string; sections: { id: string; number: number; heading: string }[] }[];
  onApply: (organizationId: string | null, sectionId: string | null) => void;
}) {
  const orgId = useId();
  const sectionId = useId();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    onApply((form.get('org') as string) || null, (form.get('section') as string) || null);
  }
  // Keyed by the URL's choice, so that going back in history shows what the list shows.
  return (
    <form className="queue-filters" onSubmit={submit} key={`${state.organizationId}|${state.sectionId}|${organizations.length}|${directives.length}`}>
      <fieldset>
        <legend>{t.desk.filters}</legend>
        <label htmlFor={orgId}>{t.desk.organization}</label>
        <select id={orgId} name="org" defaultValue={state.organizationId ?? ''}>
          <option value="">{t.desk.any}</option>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <label htmlFor={sectionId}>{t.desk.section}</label>
        <select id={sectionId} name="section" defaultValue={state.sectionId ?? ''}>
          <option value="">{t.desk.any}</option>
          {directives.map((d) => (
            <optgroup key={d.id} label={d.title}>
              {d.sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {sectionLabel(s.number)}
                  {s.heading}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <div className="queue-filter-actions">
          <button type="submit">{t.desk.apply}</button>
          {(state.organizationId || state.sectionId) && (
            <button type="button" className="link" onClick={() => onApply(null, null)}>
              {t.desk.clear}
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
