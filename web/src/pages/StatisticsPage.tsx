import { useId, useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '../api/useQuery';
import { EChart } from '../charts/EChart';
import { ErrorMessage, Loading, useTitle } from '../common';
import { ReadingRoomStatisticsDocument, type ReadingRoomStatisticsQueryVariables } from '../gql/graphql';
import { t } from '../i18n';
import { Link, navigate, paths } from '../router';

const isMonth = (s: string | null): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The page's period from its URL (?from=YYYY-MM&to=YYYY-MM), as the API's days (the first of the first month to the last of the last). */
export function statisticsVariables(search: string): { from?: string; to?: string; variables: ReadingRoomStatisticsQueryVariables } {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const end = (month: string) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    // Day 0 of the next month is the last day of this one (UTC keeps the arithmetic free of the browser's zone).
    return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  };
  return {
    from: isMonth(from) ? from : undefined,
    to: isMonth(to) ? to : undefined,
    variables: {
      where: {
        date: isMonth(from) || isMonth(to) ? { gte: isMonth(from) ? `${from}-01` : null, lte: isMonth(to) ? end(to) : null } : null,
      },
    },
  };
}

export default function StatisticsPage({ search }: { search: string }) {
  useTitle(t.statistics.title);
  const { from, to, variables } = statisticsVariables(search);
  const { data, error, loading } = useQuery(ReadingRoomStatisticsDocument, variables);
  const stats = data?.statistics;
  return (
    <article className="statistics">
      <h1>{t.statistics.title}</h1>
      <PeriodForm key={search} from={from} to={to} />
      {error ? (
        <ErrorMessage error={error} />
      ) : !stats ? (
        loading ? <Loading /> : null
      ) : (
        <>
          <p role="status">{t.statistics.totals(stats.activityLogs.total, stats.stories.total)}</p>
          <ByMonth activities={stats.activityLogs.byMonth} stories={stats.stories.byMonth} />
          <div className="chart-pair">
            <Bars
              title={t.statistics.activitiesByKind}
              rows={stats.activityLogs.byKind.map((k) => ({ label: t.activityKinds[k.kind], value: k.count }))}
            />
            <Bars title={t.statistics.storiesByStatus} rows={stats.stories.byStatus.map((s) => ({ label: t.storyStatuses[s.status], value: s.count }))} />
          </div>
          <ByOrganization activities={stats.activityLogs.byOrganization} stories={stats.stories.byOrganization} />
          <ByTag activities={stats.activityLogs.byTag ?? []} stories={stats.stories.byTag ?? []} />
        </>
      )}
    </article>
  );
}

function PeriodForm({ from, to }: { from?: string; to?: string }) {
  const [start, setStart] = useState(from ?? '');
  const [end, setEnd] = useState(to ?? '');
  const fromId = useId();
  const toId = useId();
  function submit(e: FormEvent) {
    e.preventDefault();
    const params = new URLSearchParams();
    if (start) params.set('from', start);
    if (end) params.set('to', end);
    navigate(paths.statistics(params.toString()));
  }
  return (
    <form className="period" onSubmit={submit}>
      <label htmlFor={fromId}>{t.statistics.from}</label>
      <input id={fromId} type="month" value={start} onChange={(e) => setStart(e.target.value)} />
      <label htmlFor={toId}>{t.statistics.to}</label>
      <input id={toId} type="month" value={end} onChange={(e) => setEnd(e.target.value)} />
      <button type="submit">{t.statistics.apply}</button>
    </form>
  );
}

function DataTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: (string | number)[][] }) {
  return (
    <details className="data-table">
      <summary>
        {t.statistics.dataTable}：{caption}
      </summary>
      <div className="table-scroll">
        <table className="data">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (j === 0 ? <th scope="row" key={j}>{cell}</th> : <td key={j}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function ByMonth({ activities, stories }: { activities: { month: string; count: number }[]; stories: { month: string; count: number }[] }) {
  const months = useMemo(() => [...new Set([...activities, ...stories].map((m) => m.month))].sort(), [activities, stories]);
  const count = (rows: { month: string; count: number }[], month: string) => rows.find((r) => r.month === month)?.count ?? 0;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t.statistics.activities, data: months.map((m) => count(activities, m)), color: '#b91c1c' },
        { type: 'bar', name: t.statistics.stories, data: months.map((m) => count(stories, m)), color: '#d97706' },
      ],
    }),
    [months, activities, stories],
  );
  const title = `${t.statistics.activitiesByMonth} / ${t.statistics.storiesByMonth}`;
  return (
    <section>
      <h2>{title}</h2>
      <EChart option={option} height={300} title={title} />
      <DataTable caption={title} columns={[t.statistics.month, t.statistics.activities, t.statistics.stories]} rows={months.map((m) => [m, count(activities, m), count(stories, m)])} />
    </section>
  );
}

function Bars({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const option = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
      series: [{ type: 'bar', data: rows.map((r) => r.value), color: '#b91c1c', label: { show: true, position: 'right' } }],
    }),
    [rows],
  );
  return (
    <section>
      <h2>{title}</h2>
      <EChart option={option} height={Math.max(160, rows.length * 32 + 32)} title={title} />
      <DataTable caption={title} columns={[title, t.statistics.count]} rows={rows.map((r) => [r.label, r.value])} />
    </section>
  );
}

type OrgRow = { organization: { id: string; name: string }; count: number; subtreeCount: number };

function ByOrganization({ activities, stories }: { activities: OrgRow[]; stories: OrgRow[] }) {
  const top = useMemo(() => {
    const ids = [...new Set([...activities, ...stories].map((r) => r.organization.id))];
    const name = (id: string) => [...activities, ...stories].find((r) => r.organization.id === id)!.organization.name;
    const a = (id: string) => activities.find((r) => r.organization.id === id)?.subtreeCount ?? 0;
    const s = (id: string) => stories.find((r) => r.organization.id === id)?.subtreeCount ?? 0;
    return ids
      .map((id) => ({ id, name: name(id), activities: a(id), stories: s(id) }))
      .sort((x, y) => y.activities + y.stories - (x.activities + x.stories))
      .slice(0, 15);
  }, [activities, stories]);
  const option = useMemo(() => activitiesAndStoriesBars(top.map((r) => r.name), top), [top]);
  return (
    <section>
      <h2>{t.statistics.byOrganization}</h2>
      <EChart option={option} height={Math.max(200, top.length * 30 + 60)} title={t.statistics.byOrganization} />
      <DataTable
        caption={t.statistics.byOrganization}
        columns={[t.document.organization, t.statistics.activities, t.statistics.stories]}
        rows={top.map((r) => [r.name, r.activities, r.stories])}
      />
      <ul className="visually-hidden">
        {top.map((r) => (
          <li key={r.id}>
            <Link href={paths.document(r.id)}>{r.name}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

type TagRow = { tag: string; count: number };

/** One horizontal bar per label, activities and stories stacked: the chart the organisation and tag views share. */
function activitiesAndStoriesBars(labels: string[], rows: readonly { activities: number; stories: number }[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      { type: 'bar', stack: 'all', name: t.statistics.activities, data: rows.map((r) => r.activities), color: '#b91c1c' },
      { type: 'bar', stack: 'all', name: t.statistics.stories, data: rows.map((r) => r.stories), color: '#d97706' },
    ],
  };
}

/** Activities and stories per tag, the tags most used by both first: what the period's work was about. */
export function tagRows(activities: readonly TagRow[], stories: readonly TagRow[], limit = 15) {
  const tags = [...new Set([...activities, ...stories].map((r) => r.tag))];
  const count = (rows: readonly TagRow[], tag: string) => rows.find((r) => r.tag === tag)?.count ?? 0;
  return tags
    .map((tag) => ({ tag, activities: count(activities, tag), stories: count(stories, tag) }))
    .sort((x, y) => y.activities + y.stories - (x.activities + x.stories) || (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0))
    .slice(0, limit);
}

function ByTag({ activities, stories }: { activities: TagRow[]; stories: TagRow[] }) {
  const top = useMemo(() => tagRows(activities, stories), [activities, stories]);
  const option = useMemo(() => activitiesAndStoriesBars(top.map((r) => r.tag), top), [top]);
  if (top.length === 0) return null;
  return (
    <section>
      <h2>{t.statistics.byTag}</h2>
      <EChart option={option} height={Math.max(200, top.length * 30 + 60)} title={t.statistics.byTag} />
      <DataTable caption={t.statistics.byTag} columns={[t.statistics.tag, t.statistics.activities, t.statistics.stories]} rows={top.map((r) => [r.tag, r.activities, r.stories])} />
    </section>
  );
}
