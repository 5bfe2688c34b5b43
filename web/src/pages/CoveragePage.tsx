import { useMemo } from 'react';
import { useQuery } from '../api/useQuery';
import { EChart } from '../charts/EChart';
import { ErrorMessage, Loading, NotFound, useTitle } from '../common';
import { DirectiveCoverageDocument } from '../gql/graphql';
import { formatDate, t } from '../i18n';
import { Link, paths } from '../router';
import { heatmap, organizationTree, overTime, type Coverage, type TreeNode } from './coverage';

const reportedColors = ['#fde0c5', '#f59e62', '#c2410c', '#7c2d12'];

export default function CoveragePage({ id }: { id: string }) {
  const { data, error, loading } = useQuery(DirectiveCoverageDocument, { id });
  const node = data?.node;
  const directive = node?.__typename === 'Directive' ? node : undefined;
  useTitle(directive ? t.coverage.heading(directive.title) : undefined);
  // An address that is no id at all is as missing as one of nothing.
  if (error?.code === 'INVALID_ID') return <NotFound />;
  if (error) return <ErrorMessage error={error} />;
  if (loading && !data) return <Loading />;
  if (!directive) return <NotFound />;
  const coverage = directive.coverage;
  const tree = organizationTree(data?.statistics?.activityLogs.byOrganization ?? [], data?.statistics?.stories.byOrganization ?? []);
  return (
    <article className="coverage">
      <p className="kind">
        <Link href={paths.document(directive.id)}>← {t.coverage.back}</Link>
      </p>
      <h1>{t.coverage.heading(directive.title)}</h1>
      <p>
        {t.coverage.summary(coverage.addressed.length, coverage.silent.length)}
        {coverage.firstReportAt && coverage.latestReportAt && `；${t.coverage.period(formatDate(coverage.firstReportAt), formatDate(coverage.latestReportAt))}`}
      </p>
      {coverage.unresolvedAddressees.length > 0 && (
        <p>
          {t.coverage.unresolved}：{coverage.unresolvedAddressees.join('、')}
        </p>
      )}
      <Heatmap coverage={coverage} />
      <OverTime coverage={coverage} />
      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">{t.coverage.treeTitle}</h2>
        <OrganizationTreeChart tree={tree} />
        <Tree nodes={tree} />
      </section>
    </article>
  );
}

function Heatmap({ coverage }: { coverage: Coverage }) {
  const map = useMemo(() => heatmap(coverage), [coverage]);
  // Two shades of reported (up to a third of the busiest cell, and more) beside silent.
  const third = Math.max(1, Math.ceil(Math.max(1, ...map.cells.map((c) => c[2])) / 3));
  const option = useMemo(
    () => ({
      tooltip: { position: 'top' },
      grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: map.sections.map((s) => s.slice(0, 2)), splitArea: { show: true } },
      yAxis: { type: 'category', data: map.organizations.map((o) => o.name), inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: [
          { value: 0, label: t.coverage.silent, color: '#d5d9de' },
          { gte: 1, lte: third, label: `${t.coverage.reported} 1–${third}`, color: reportedColors[1] },
          { gt: third, label: `${t.coverage.reported} ${third + 1}+`, color: reportedColors[3] },
        ],
      },
      series: [{ type: 'heatmap', data: map.cells.map(([x, y, v]) => [y, x, v]), label: { show: true, formatter: (p: { value: number[] }) => (p.value[2] ? String(p.value[2]) : '') } }],
    }),
    [map, third],
  );
  return (
    <section aria-labelledby="heatmap-heading">
      <h2 id="heatmap-heading">{t.coverage.heatmapTitle}</h2>
      <p className="help">{t.coverage.heatmapHelp}</p>
      <EChart option={option} height={Math.max(240, map.organizations.length * 28 + 96)} title={t.coverage.heatmapTitle} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t.coverage.tableCaption}>
        <table className="data heatmap-table">
          <caption>{t.coverage.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.document.organization}</th>
              {map.sections.map((s) => (
                <th scope="col" key={s} title={s}>
                  {s.slice(0, 2)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.organizations.map((o, x) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link href={paths.document(o.id)}>{o.name}</Link>
                </th>
                {map.sections.map((s, y) => {
                  const state = map.states[y]![x]!;
                  const value = map.cells.find((c) => c[0] === x && c[1] === y)?.[2];
                  return (
                    <td key={s} className={`cell-${state}`}>
                      {state === 'reported' ? value : state === 'silent' ? t.coverage.silent : '–'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function OverTime({ coverage }: { coverage: Coverage }) {
  const data = useMemo(() => overTime(coverage), [coverage]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: data.periods },
      yAxis: { type: 'value', minInterval: 1 },
      series: data.series.map((s) => ({ type: 'line', name: s.name.slice(0, 2), data: s.data, smooth: false })),
    }),
    [data],
  );
  return (
    <section aria-labelledby="over-time-heading">
      <h2 id="over-time-heading">{t.coverage.overTimeTitle}</h2>
      <EChart option={option} height={280} title={t.coverage.overTimeTitle} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t.coverage.overTimeTitle}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t.statistics.month}</th>
              {data.series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name.slice(0, 2)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.periods.map((p, i) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {data.series.map((s) => (
                  <td key={s.name}>{s.data[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function toEChartsTree(node: TreeNode): object {
  return { name: `${node.name}（${node.activities}/${node.stories}）`, children: node.children.map(toEChartsTree) };
}

function OrganizationTreeChart({ tree }: { tree: TreeNode[] }) {
  const option = useMemo(
    () => ({
      series: [
        {
          type: 'tree',
          data: tree.length === 1 ? [toEChartsTree(tree[0]!)] : [{ name: '', children: tree.map(toEChartsTree) }],
          orient: 'LR',
          left: 8,
          right: 200,
          top: 8,
          bottom: 8,
          symbolSize: 8,
          initialTreeDepth: -1,
          label: { position: 'right', verticalAlign: 'middle', fontSize: 12 },
          leaves: { label: { position: 'right' } },
          expandAndCollapse: false,
        },
      ],
    }),
    [tree],
  );
  const leaves = (n: TreeNode): number => (n.children.length ? n.children.reduce((s, c) => s + leaves(c), 0) : 1);
  const height = Math.max(200, tree.reduce((s, n) => s + leaves(n), 0) * 30);
  return <EChart option={option} height={height} title={t.coverage.treeTitle} />;
}

function Tree({ nodes }: { nodes: TreeNode[] }) {
  if (nodes.length === 0) return null;
  return (
    <ul className="tree">
      {nodes.map((n) => (
        <li key={n.id}>
          <Link href={paths.document(n.id)}>{n.name}</Link>
          <span className="meta">
            {' '}
            {t.coverage.activities} {n.activities} · {t.coverage.stories} {n.stories}
          </span>
          <Tree nodes={n.children} />
        </li>
      ))}
    </ul>
  );
}
