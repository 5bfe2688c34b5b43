// The numbers behind the coverage page's pictures, computed from the API's answer (and tested without a browser).
import type { DirectiveCoverageQuery } from '../gql/graphql';
import { sectionLabel } from '../i18n';

type Directive = Extract<NonNullable<DirectiveCoverageQuery['node']>, { __typename: 'Directive' }>;
export type Coverage = Directive['coverage'];
export type OrganizationCounts = NonNullable<DirectiveCoverageQuery['statistics']>['activityLogs']['byOrganization'];

export type CellState = 'reported' | 'silent' | 'covered';
export interface Heatmap {
  sections: string[];
  organizations: { id: string; name: string }[];
  /** [organisation index, section index, reports]; silent cells are 0, cells covered by an organisation below are absent. */
  cells: [number, number, number][];
  states: CellState[][];
}

/**
 * Sections × organisations: every addressed organisation and every organisation that reported (a front-line
 * branch under an addressed one, say), busiest first. A cell is the organisation's own reports on that section;
 * silent when the API lists it as silent there, covered when an organisation under it reported instead.
 */
export function heatmap(coverage: Coverage): Heatmap {
  const names = new Map<string, string>();
  const totals = new Map<string, number>();
  for (const o of coverage.addressed) names.set(o.id, o.name);
  for (const s of coverage.sections)
    for (const r of s.reporting) {
      names.set(r.organization.id, r.organization.name);
      totals.set(r.organization.id, (totals.get(r.organization.id) ?? 0) + r.activityCount + r.storyCount);
    }
  const organizations = [...names]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => (totals.get(b.id) ?? 0) - (totals.get(a.id) ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
  const column = new Map(organizations.map((o, i) => [o.id, i]));
  const cells: [number, number, number][] = [];
  const states: CellState[][] = coverage.sections.map(() => organizations.map(() => 'covered' as CellState));
  coverage.sections.forEach((s, row) => {
    const silent = new Set(s.silent.map((o) => o.id));
    for (const o of organizations) {
      const x = column.get(o.id)!;
      const report = s.reporting.find((r) => r.organization.id === o.id);
      if (report) {
        cells.push([x, row, report.activityCount + report.storyCount]);
        states[row]![x] = 'reported';
      } else if (silent.has(o.id)) {
        cells.push([x, row, 0]);
        states[row]![x] = 'silent';
      }
    }
  });
  return { sections: coverage.sections.map((s) => `${sectionLabel(s.number)}${s.heading}`), organizations, cells, states };
}

/** China's calendar day (or month) of an instant. */
export function periodOf(instant: string, by: 'day' | 'month'): string {
  const day = new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return by === 'day' ? day : day.slice(0, 7);
}

/** Reports (activities and stories) per section per day, or per month when they span more than three months. */
export function overTime(coverage: Coverage): { periods: string[]; series: { name: string; data: number[] }[] } {
  const instants = coverage.sections.flatMap((s) => [...s.activityLogs.map((a) => a.occurredAt), ...s.stories.map((st) => st.datedAt)]);
  if (instants.length === 0) return { periods: [], series: [] };
  const times = instants.map((i) => new Date(i).getTime());
  const by = Math.max(...times) - Math.min(...times) > 92 * 86400_000 ? 'month' : 'day';
  const periods = [...new Set(instants.map((i) => periodOf(i, by)))].sort();
  const index = new Map(periods.map((p, i) => [p, i]));
  const series = coverage.sections.map((s) => {
    const data = periods.map(() => 0);
    for (const i of [...s.activityLogs.map((a) => a.occurredAt), ...s.stories.map((st) => st.datedAt)]) data[index.get(periodOf(i, by))!]! += 1;
    return { name: `${sectionLabel(s.number)}${s.heading}`, data };
  });
  return { periods, series };
}

export interface TreeNode {
  id: string;
  name: string;
  activities: number;
  stories: number;
  children: TreeNode[];
}

/** The organisations that carried the directive out, as a tree with their subtree counts (activities, stories). */
export function organizationTree(activities: OrganizationCounts, stories: OrganizationCounts): TreeNode[] {
  const nodes = new Map<string, TreeNode & { parent?: string }>();
  const take = (rows: OrganizationCounts, key: 'activities' | 'stories') => {
    for (const row of rows) {
      const node = nodes.get(row.organization.id) ?? { id: row.organization.id, name: row.organization.name, activities: 0, stories: 0, children: [], parent: row.organization.parent?.id };
      node[key] = row.subtreeCount;
      nodes.set(node.id, node);
    }
  };
  take(activities, 'activities');
  take(stories, 'stories');
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent ? nodes.get(node.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (list: TreeNode[]) => {
    list.sort((a, b) => b.activities + b.stories - (a.activities + a.stories) || a.name.localeCompare(b.name, 'zh-CN'));
    list.forEach((n) => order(n.children));
  };
  order(roots);
  const strip = (n: TreeNode & { parent?: string }): TreeNode => ({ id: n.id, name: n.name, activities: n.activities, stories: n.stories, children: n.children.map(strip) });
  return roots.map(strip);
}
