import { describe, expect, it } from 'vitest';
import { heatmap, organizationTree, overTime, periodOf, type Coverage } from './coverage';

const org = (id: string, name: string) => ({ id, name, parent: null });
const coverage = {
  addressed: [org('a', '甲党委'), org('b', '乙党委')],
  unresolvedAddressees: [],
  silent: [],
  firstReportAt: null,
  latestReportAt: null,
  sections: [
    {
      number: 1, heading: '第一条', activityCount: 2, storyCount: 1,
      reporting: [{ organization: { id: 'c', name: '丙支部' }, activityCount: 2, storyCount: 1 }],
      silent: [{ id: 'b' }],
      activityLogs: [{ occurredAt: '2020-01-30T18:00:00+00:00' }, { occurredAt: '2020-02-01T09:00:00+08:00' }],
      stories: [{ datedAt: '2020-02-01T10:00:00+08:00' }],
    },
    {
      number: 2, heading: '第二条', activityCount: 1, storyCount: 0,
      reporting: [{ organization: { id: 'b', name: '乙党委' }, activityCount: 1, storyCount: 0 }],
      silent: [],
      activityLogs: [{ occurredAt: '2020-02-01T12:00:00+08:00' }],
      stories: [],
    },
  ],
} as unknown as Coverage;

describe('coverage pictures', () => {
  it('puts every addressed and reporting organisation on the heatmap, busiest first, with silent cells apart', () => {
    const map = heatmap(coverage);
    expect(map.sections).toEqual(['一、第一条', '二、第二条']);
    expect(map.organizations.map((o) => o.name)).toEqual(['丙支部', '乙党委', '甲党委']);
    expect(map.cells).toContainEqual([0, 0, 3]);
    expect(map.cells).toContainEqual([1, 0, 0]);
    expect(map.cells).toContainEqual([1, 1, 1]);
    expect(map.states[0]).toEqual(['reported', 'silent', 'covered']);
  });

  it('counts reports per section per China day', () => {
    expect(periodOf('2020-01-30T18:00:00+00:00', 'day')).toBe('2020-01-31');
    expect(overTime(coverage)).toEqual({
      periods: ['2020-01-31', '2020-02-01'],
      series: [
        { name: '一、第一条', data: [1, 2] },
        { name: '二、第二条', data: [0, 1] },
      ],
    });
  });

  it('builds the organisation tree from parent ids with subtree counts', () => {
    const row = (id: string, name: string, parent: string | null, subtreeCount: number) => ({ organization: { id, name, parent: parent ? { id: parent } : null }, count: 0, subtreeCount });
    const tree = organizationTree([row('root', '工委', null, 3), row('x', '甲', 'root', 1), row('y', '乙', 'root', 2)], [row('x', '甲', 'root', 4)]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.children.map((c) => [c.name, c.activities, c.stories])).toEqual([
      ['甲', 1, 4],
      ['乙', 2, 0],
    ]);
  });
});
