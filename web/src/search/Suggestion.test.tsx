import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocation } from '../router';
import { SearchPage } from './SearchPage';
import { emptySearch, parseSearch, type SearchState } from './state';
import { Suggestion } from './Suggestion';

const misspelt: SearchState = { ...emptySearch, query: '习进平' };

describe('the suggested query', () => {
  it('offers the corrected query as a link with its count', () => {
    const { container } = render(<Suggestion state={misspelt} suggestion={{ query: '习近平', totalCount: 1 }} />);
    expect(container.textContent).toBe('您是不是要找：习近平（1 条结果）');
    const link = screen.getByRole('link', { name: '习近平' });
    expect(link.getAttribute('href')).toBe('/?q=%E4%B9%A0%E8%BF%91%E5%B9%B3');
  });

  it('keeps the filters and order the API counted it with, and starts at page one', () => {
    const filtered: SearchState = { ...misspelt, kinds: ['STORY'], tags: ['防控'], from: '2020-01-01', to: '2020-12-31', organization: 'O1', sort: 'newest', trail: ['c1'] };
    render(<Suggestion state={filtered} suggestion={{ query: '习近平', totalCount: 12345 }} />);
    const link = screen.getByRole('link', { name: '习近平' });
    expect(parseSearch(link.getAttribute('href')!.slice(2))).toEqual({ ...filtered, query: '习近平', trail: [] });
    expect(link.parentElement!.textContent).toContain('（12,345 条结果）');
  });

  it('shows nothing when there is nothing to suggest, or only the query itself', () => {
    expect(render(<Suggestion state={misspelt} suggestion={null} />).container.textContent).toBe('');
    expect(render(<Suggestion state={misspelt} suggestion={{ query: '习进平', totalCount: 3 }} />).container.textContent).toBe('');
  });

  it('shows a hostile suggestion as text, and its link stays on the search page', () => {
    const hostile = '<img src=x onerror=alert(1)>&q=javascript:alert(1)';
    const { container } = render(<Suggestion state={misspelt} suggestion={{ query: hostile, totalCount: 1 }} />);
    expect(container.querySelector('img')).toBeNull();
    const link = screen.getByRole('link', { name: hostile });
    expect(link.getAttribute('href')!.startsWith('/?q=')).toBe(true);
    expect(parseSearch(link.getAttribute('href')!.slice(2)).query).toBe(hostile);
  });
});

/** The page as the app mounts it: its state comes from the address bar. */
function ReadingRoom() {
  const { search } = useLocation();
  return <SearchPage search={search} />;
}

function answer(query: string) {
  const found = query === '习近平';
  return {
    data: {
      search: {
        totalCount: found ? 1 : 0,
        pageInfo: { hasNextPage: false, endCursor: null },
        expansions: [],
        suggestion: found ? null : { query: '习近平', totalCount: 1 },
        facets: { kinds: [], years: [], organizations: [], tags: [] },
        edges: found
          ? [
              {
                cursor: 'c1',
                highlights: [{ field: 'TEXT', fragments: ['学习\uE000习近平\uE001总书记重要指示精神'] }],
                section: null,
                node: { __typename: 'ActivityLog', id: 'A1', title: '就近就便开展组织生活', occurredAt: '2020-02-03T15:00:00+08:00', organization: { name: '某支部' } },
              },
            ]
          : [],
      },
    },
  };
}

describe('following a suggestion on the search page', () => {
  let queries: string[] = [];
  beforeEach(() => {
    queries = [];
    window.history.replaceState(null, '', '/?q=' + encodeURIComponent('习进平'));
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
      const body = JSON.parse(String(init?.body)) as { variables: { query: string } };
      queries.push(body.variables.query);
      return new Response(JSON.stringify(answer(body.variables.query)), { headers: { 'Content-Type': 'application/json' } });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    window.history.replaceState(null, '', '/');
  });

  it('shows it above the empty results, and a click runs the suggested search and puts it in the URL', async () => {
    render(<ReadingRoom />);
    const line = await screen.findByText('您是不是要找：', { exact: false });
    // Above the results: before the (empty) result list's message in the page's order.
    const empty = screen.getByText('没有找到相关文献');
    expect(line.compareDocumentPosition(empty) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(line.textContent).toBe('您是不是要找：习近平（1 条结果）');

    await act(async () => screen.getByText('习近平', { selector: 'a' }).click());
    expect(new URLSearchParams(window.location.search).get('q')).toBe('习近平');
    await screen.findByText('就近就便开展组织生活');
    expect(queries).toEqual(['习进平', '习近平']);
    // The box holds the query now searched, and the results offer no suggestion.
    expect((document.querySelector('input[type="search"]') as HTMLInputElement).value).toBe('习近平');
    expect(screen.queryByText('您是不是要找：', { exact: false })).toBeNull();
    expect(document.querySelector('.total')!.textContent).toBe('共 1 条结果');
  });
});
