import { useState } from 'react';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, Loading, useTitle } from '../common';
import { BranchDeskDocument } from '../gql/graphql';
import { formatDateTime, sectionLabel, t } from '../i18n';
import { Link, paths } from '../router';
import { useSession } from '../session/session';
import { takeFlash } from './flash';
import { BranchOnly } from './StoryFormPage';

/** /branch: a branch secretary's own organisation — its stories in every state and its activity logs. */
export default function BranchPage() {
  const session = useSession();
  const org = session.person?.role === 'BRANCH' ? session.person.organizationNodeId : null;
  const [flash] = useState(takeFlash);
  const query = useQuery(BranchDeskDocument, { org: org ?? '' }, !org);
  useTitle(t.branch.title);
  if (!session.known) return <Loading />;
  if (!org) return <BranchOnly returnTo={paths.branch()} title={t.branch.title} />;
  if (query.error) return <ErrorMessage error={query.error} />;
  if (!query.data) return <Loading />;
  const { organization, stories, activityLogs } = query.data;
  const name = organization && 'name' in organization ? organization.name : '';
  return (
    <article className="branch">
      <h1>
        {t.branch.title}
        {name && <span className="meta">：{name}</span>}
      </h1>
      <p role="status">{flash}</p>
      <p className="branch-links">
        <Link className="button" href={paths.newStory()}>
          {t.branch.newStory}
        </Link>
        <Link className="button" href={paths.newActivity()}>
          {t.branch.newActivity}
        </Link>
      </p>
      <section aria-labelledby="branch-stories">
        <h2 id="branch-stories">{t.branch.stories}</h2>
        {stories?.nodes.length ? (
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">{t.branch.storyColumns.title}</th>
                <th scope="col">{t.branch.storyColumns.status}</th>
                <th scope="col">{t.branch.storyColumns.updatedAt}</th>
                <th scope="col">{t.branch.storyColumns.note}</th>
              </tr>
            </thead>
            <tbody>
              {stories.nodes.map((s) => {
                const sentBack = s.status === 'CHANGES_REQUESTED' ? [...s.transitions].reverse().find((x) => x.to === 'CHANGES_REQUESTED') : undefined;
                const editable = s.status === 'SUBMITTED' || s.status === 'CHANGES_REQUESTED';
                return (
                  <tr key={s.id}>
                    <td>
                      <Link href={s.status === 'PUBLISHED' ? paths.document(s.id) : paths.branchStory(s.id)}>{s.title}</Link>
                    </td>
                    <td>
                      {t.storyStatuses[s.status]}
                      {editable && (
                        <>
                          {' '}
                          <Link href={paths.branchStory(s.id)} aria-label={`${t.branch.edit}：${s.title}`}>
                            {t.branch.edit}
                          </Link>
                        </>
                      )}
                    </td>
                    <td>
                      <time dateTime={s.updatedAt}>{formatDateTime(s.updatedAt)}</time>
                    </td>
                    <td>{sentBack?.note && <q>{sentBack.note}</q>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p>{t.branch.noStories}</p>
        )}
      </section>
      <section aria-labelledby="branch-activities">
        <h2 id="branch-activities">{t.branch.activities}</h2>
        {activityLogs?.nodes.length ? (
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">{t.branch.activityColumns.title}</th>
                <th scope="col">{t.branch.activityColumns.occurredAt}</th>
                <th scope="col">{t.branch.activityColumns.place}</th>
                <th scope="col">{t.branch.activityColumns.participants}</th>
                <th scope="col">{t.branch.activityColumns.sections}</th>
              </tr>
            </thead>
            <tbody>
              {activityLogs.nodes.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link href={paths.document(a.id)}>{a.title}</Link> <span className="meta">{t.activityKinds[a.kind]}</span>
                  </td>
                  <td>
                    <time dateTime={a.occurredAt}>{formatDateTime(a.occurredAt)}</time>
                  </td>
                  <td>{a.place}</td>
                  <td>
                    {a.participantCount}
                    {a.participants.length > 0 && <span className="meta"> {a.participants.join('、')}</span>}
                  </td>
                  <td>{a.sections.map((s) => `${sectionLabel(s.number)}${s.heading}`).join('；')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t.branch.noActivities}</p>
        )}
      </section>
    </article>
  );
}
