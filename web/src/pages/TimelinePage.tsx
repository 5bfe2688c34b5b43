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

/** Which way the line runs: the API's order [{ at: DESC }] or [{ at: ASC }]. */
export type TimelineOrder = 'NEWEST' | 'OLDEST';

export interface TimelineState {
  selected: TimelineKind[];
  /** Which way the line runs; newest first unless the URL says ?order=oldest. */
  order: TimelineOrder;
  /** The cursors of the pages before this one, in the line's direction (a cursor belongs to its direction). */
  trail: string[];
}

/** ?kind=…&order=oldest&after=…: the kinds shown, the direction and the trail of cursors to this page. */
export function parseTimeline(search: string): TimelineState {
  const params = new URLSearchParams(search);
  const selected = params.getAll('kind').filter((k): k is TimelineKind => kinds.some((x) => x.kind === k));
  const order: TimelineOrder = params.get('order') === 'oldest' ? 'OLDEST' : 'NEWEST';
  return { selected, order, trail: params.getAll('after').filter(Boolean) };
}

export function timelineHref({ selected, order, trail }: TimelineState) {
  const params = new URLSearchParams();
  selected.forEach((k) => params.append('kind', k));
  if (order === 'OLDEST') params.set('order', 'oldest');
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
  const state = parseTimeline(search);
  const { selected, order, trail } = state;
  const { data, error, loading } = useQuery(ReadingRoomTimelineDocument, {
    first: pageSize,
    order: [{ at: order === 'OLDEST' ? 'ASC' : 'DESC' }],
    after: trail.at(-1) ?? null,
    where: { kinds: selected.length ? selected : null },
  });
  const next = nextCursor(data?.timeline);
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
              onChange={() => navigate(timelineHref({ ...state, selected: selected.includes(kind) ? selected.filter((k) => k !== kind) : [...selected, kind], trail: [] }))}
            />
            {t.kinds[type]}
          </label>
        ))}
      </fieldset>
      <fieldset className="kinds order">
        <legend>{t.timeline.order}</legend>
        {(['NEWEST', 'OLDEST'] as const).map((value) => (
          <label key={value}>
            <input type="radio" name="order" checked={order === value} onChange={() => navigate(timelineHref({ ...state, order: value, trail: [] }))} />
            {value === 'NEWEST' ? t.timeline.newestFirst : t.timeline.oldestFirst}
          </label>
        ))}
      </fieldset>
      <Pager state={state} next={next} />
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
      <Pager state={state} next={next} />
    </article>
  );
}

function nextCursor(timeline: ReadingRoomTimelineQuery['timeline'] | undefined) {
  return timeline?.pageInfo.hasNextPage ? timeline.pageInfo.endCursor : null;
}

/** Back along the trail and on to the next page; which of them is newer depends on the direction. */
function Pager({ state, next }: { state: TimelineState; next: string | null | undefined }) {
  const { trail } = state;
  const oldest = state.order === 'OLDEST';
  return (
    <nav className="pager" aria-label={t.timeline.title}>
      {trail.length > 0 ? <Link href={timelineHref({ ...state, trail: trail.slice(0, -1) })}>← {oldest ? t.timeline.older : t.timeline.newer}</Link> : <span aria-hidden="true" />}
      {trail.length > 1 ? <Link href={timelineHref({ ...state, trail: [] })}>{oldest ? t.timeline.earliest : t.timeline.newest}</Link> : <span aria-hidden="true" />}
      {next ? <Link href={timelineHref({ ...state, trail: [...trail, next] })}>{oldest ? t.timeline.newer : t.timeline.older} →</Link> : <span aria-hidden="true" />}
    </nav>
  );
}
