import { describe, expect, it } from 'vitest';
import { tagRows } from './StatisticsPage';
import { parseTimeline, timelineHref } from './TimelinePage';

describe('the timeline in the URL', () => {
  it('is newest first unless it says oldest', () => {
    expect(parseTimeline('').order).toBe('NEWEST');
    expect(parseTimeline('?order=oldest').order).toBe('OLDEST');
    expect(parseTimeline('?order=OLDEST&order=x').order).toBe('NEWEST');
  });

  it('round-trips kinds, direction and the trail of cursors', () => {
    const state = { selected: ['DIRECTIVE', 'STORY'] as const, order: 'OLDEST' as const, trail: ['c1', 'c2=='] };
    const href = timelineHref({ ...state, selected: [...state.selected] });
    expect(href).toBe('/timeline?kind=DIRECTIVE&kind=STORY&order=oldest&after=c1&after=c2%3D%3D');
    expect(parseTimeline(href.slice('/timeline'.length))).toEqual({ ...state, selected: [...state.selected] });
    expect(timelineHref({ selected: [], order: 'NEWEST', trail: [] })).toBe('/timeline');
  });

  it('drops kinds it does not know', () => {
    expect(parseTimeline('?kind=DIRECTIVE&kind=%3Cscript%3E').selected).toEqual(['DIRECTIVE']);
  });
});

describe('statistics by tag', () => {
  it('puts the tags most used by activities and stories together first, then by tag', () => {
    const rows = tagRows(
      [
        { tag: '防控', count: 3 },
        { tag: '网格员', count: 1 },
      ],
      [
        { tag: '火线党支部', count: 2 },
        { tag: '网格员', count: 1 },
        { tag: '防控', count: 1 },
      ],
    );
    expect(rows).toEqual([
      { tag: '防控', activities: 3, stories: 1 },
      { tag: '火线党支部', activities: 0, stories: 2 },
      { tag: '网格员', activities: 1, stories: 1 },
    ]);
  });

  it('keeps the first few', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ tag: `t${String(i).padStart(2, '0')}`, count: 30 - i }));
    expect(tagRows(many, [], 15).map((r) => r.tag)).toEqual(many.slice(0, 15).map((r) => r.tag));
  });
});
