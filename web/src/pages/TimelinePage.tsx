import { useQuery } from '../api/useQuery';
import { ErrorMessage, Loading, useTitle } from '../common';
import { ReadingRoomTimelineDocument, type ReadingRoomTimelineQuery, type TimelineKind } from '../gql/graphql';
import { formatDate, t } from '../i18n';
import { Link, navigate, paths } from '../router';

const kinds: { kind: TimelineKind; type: 'Directive' | 'StudyMaterial' | 'ActivityLog' | 'Story' }[] = [
  { kind: 'DIRECTIVE', type: 'Directive' },
  { kind: 'STUDY_MATERIAL', type: 'StudyMaterial' },
  { kind: 'ACTIVITY_LOG', type: 'ActivityLog' },
  { kind: 'STORY', type: 'Story' },
];
const pageSize = 30;

type Edge = NonNullable<ReadingRoomTimelineQuery['timeline']>['edges'][number];

/** ?kind=…&after=…: the kinds shown and the trail of cursors to this page (the API pages from newest to oldest). */
function parse(search: string) {
  const params = new URLSearchParams(search);
  const selected = params.getAll('kind').filter((k): k is TimelineKind => kinds.some((x) => x.kind === k));
  return { selected, trail: params.getAll('after').filter(Boolean) };
}

function href(selected: TimelineKind[], trail: string[]) {
  const params = new URLSearchParams();
  selected.forEach((k) => params.append('kind', k));
  trail.forEach((c) => params.append('after', c));
  return paths.timeline(params.toString());
}

function who(node: Edge['node']): string {
  switch (node.__typename) {
    case 'Directive':
      return [node.issuer.name, node.documentNumber].filter(Boolean).join(' · ');
    case 'StudyMaterial':
      return node.source ?? '';
    case 'ActivityLog':
      return node.organization.name;
    case 'Story':
      return node.submittingOrganization.name;
  }
}

export default function TimelinePage({ search }: { search: string }) {
  useTitle(t.timeline.title);
  const { selected, trail } = parse(search);
  const { data, error, loading } = useQuery(ReadingRoomTimelineDocument, {
    first: pageSize,
    after: trail.at(-1) ?? null,
    where: { kinds: selected.length ? selected : null },
  });
  const timeline = data?.timeline;
  const days = new Map<string, Edge[]>();
  for (const edge of timeline?.edges ?? []) {
    const day = formatDate(edge.at);
    days.set(day, [...(days.get(day) ?? []), edge]);
  }
  return (
    <article className="timeline">
      <h1>{t.timeline.title}</h1>
      <fieldset className="kinds">
        <legend>{t.timeline.kinds}</legend>
        {kinds.map(({ kind, type }) => (
          <label key={kind}>
            <input
              type="checkbox"
              checked={selected.includes(kind)}
              onChange={() => navigate(href(selected.includes(kind) ? selected.filter((k) => k !== kind) : [...selected, kind], []))}
            />
            {t.kinds[type]}
          </label>
        ))}
      </fieldset>
      <Pager selected={selected} trail={trail} next={timeline?.pageInfo.hasNextPage ? timeline.pageInfo.endCursor : null} />
      {error ? (
        <ErrorMessage error={error} />
      ) : !timeline ? (
        loading ? <Loading /> : null
      ) : timeline.edges.length === 0 ? (
        <p>{t.timeline.empty}</p>
      ) : (
        <ol className={loading ? 'days stale' : 'days'}>
          {[...days].map(([day, edges]) => (
            <li key={day}>
              <h2>
                <time dateTime={edges[0]!.at}>{day}</time>
              </h2>
              <ul>
                {edges.map((edge) => (
                  <li key={edge.cursor} className={`event kind-${edge.node.__typename}`}>
                    <span className={`kind kind-${edge.node.__typename}`}>{t.kinds[edge.node.__typename]}</span>
                    <Link href={paths.document(edge.node.id)}>{edge.node.title}</Link>
                    <span className="meta"> {who(edge.node)}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      <Pager selected={selected} trail={trail} next={timeline?.pageInfo.hasNextPage ? timeline.pageInfo.endCursor : null} />
    </article>
  );
}

function Pager({ selected, trail, next }: { selected: TimelineKind[]; trail: string[]; next: string | null | undefined }) {
  return (
    <nav className="pager" aria-label={t.timeline.title}>
      {trail.length > 0 ? <Link href={href(selected, trail.slice(0, -1))}>← {t.timeline.newer}</Link> : <span aria-hidden="true" />}
      {trail.length > 1 ? <Link href={href(selected, [])}>{t.timeline.newest}</Link> : <span aria-hidden="true" />}
      {next ? <Link href={href(selected, [...trail, next])}>{t.timeline.older} →</Link> : <span aria-hidden="true" />}
    </nav>
  );
}
