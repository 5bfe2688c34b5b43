import { describe, expect, it } from 'vitest';
import { emptySearch, exportUrl, isSelected, parseSearch, serializeSearch, toggleFacet, toVariables, withQuery, type SearchState } from './state';

const full: SearchState = {
  query: '"联防联控" 网格员 -演练',
  kinds: ['DIRECTIVE', 'STORY'],
  from: '2020-01-01',
  to: '2020-12-31',
  organization: 'T3JnYW5pemF0aW9uOmxkLWp5Z3c=',
  tags: ['火线党支部', 'a&b=c'],
  sort: 'newest',
  trail: ['cursor+/1', 'cursor=2'],
};

describe('search state in the URL', () => {
  it('survives a round trip through the query string, special characters included', () => {
    expect(parseSearch(serializeSearch(full))).toEqual(full);
    expect(parseSearch('?' + serializeSearch(full))).toEqual(full);
    expect(parseSearch(serializeSearch(emptySearch))).toEqual(emptySearch);
  });

  it('leaves defaults out of the URL', () => {
    expect(serializeSearch({ ...emptySearch, query: '防控' })).toBe('q=%E9%98%B2%E6%8E%A7');
  });

  it('drops what it does not understand instead of sending it to the server', () => {
    const state = parseSearch('q=%20防控%20&kind=BOGUS&kind=STORY&kind=STORY&from=2020-13-45&to=yesterday&sort=oldest&tag=&after=');
    expect(state).toEqual({ ...emptySearch, query: '防控', kinds: ['STORY'] });
  });

  it('orders kinds canonically, so equal searches have equal URLs', () => {
    expect(serializeSearch(parseSearch('q=x&kind=STORY&kind=DIRECTIVE'))).toBe('q=x&kind=DIRECTIVE&kind=STORY');
  });
});

describe('facet toggling', () => {
  const base: SearchState = { ...emptySearch, query: '防控', trail: ['page2'] };

  it('adds and removes kinds and tags, and starts again at page one', () => {
    const once = toggleFacet(base, { kind: 'kind', value: 'STORY' });
    expect(once.kinds).toEqual(['STORY']);
    expect(once.trail).toEqual([]);
    const twice = toggleFacet(once, { kind: 'kind', value: 'DIRECTIVE' });
    expect(twice.kinds).toEqual(['DIRECTIVE', 'STORY']);
    expect(toggleFacet(twice, { kind: 'kind', value: 'STORY' }).kinds).toEqual(['DIRECTIVE']);
    const tagged = toggleFacet(toggleFacet(base, { kind: 'tag', value: '网格员' }), { kind: 'tag', value: '吹哨报到' });
    expect(tagged.tags).toEqual(['网格员', '吹哨报到']);
    expect(toggleFacet(tagged, { kind: 'tag', value: '网格员' }).tags).toEqual(['吹哨报到']);
  });

  it('turns a year into that year as the date range, and back', () => {
    const year = toggleFacet(base, { kind: 'year', value: 2020 });
    expect([year.from, year.to]).toEqual(['2020-01-01', '2020-12-31']);
    expect(isSelected(year, { kind: 'year', value: 2020 })).toBe(true);
    expect(isSelected(year, { kind: 'year', value: 2021 })).toBe(false);
    const other = toggleFacet(year, { kind: 'year', value: 2021 });
    expect([other.from, other.to]).toEqual(['2021-01-01', '2021-12-31']);
    const off = toggleFacet(other, { kind: 'year', value: 2021 });
    expect([off.from, off.to]).toEqual([undefined, undefined]);
  });

  it('keeps one organisation at a time', () => {
    const a = toggleFacet(base, { kind: 'organization', value: 'A' });
    expect(toggleFacet(a, { kind: 'organization', value: 'B' }).organization).toBe('B');
    expect(toggleFacet(a, { kind: 'organization', value: 'A' }).organization).toBeUndefined();
  });
});

describe('what is sent', () => {
  it('maps the state to the persisted search operation and the export endpoint', () => {
    const variables = toVariables(full);
    expect(variables).toMatchObject({
      query: full.query,
      where: { kinds: ['DIRECTIVE', 'STORY'], organizationId: full.organization, date: { from: '2020-01-01', to: '2020-12-31' }, tags: full.tags },
      order: [{ date: 'DESC' }],
      first: 20,
      after: 'cursor=2',
    });
    expect(toVariables({ ...emptySearch, query: 'x' }).where).toEqual({ kinds: null, organizationId: null, date: null, tags: null });
    const url = new URL(exportUrl(full, 'csv'), 'http://host');
    expect(url.pathname).toBe('/export/search');
    expect(url.searchParams.get('query')).toBe(full.query);
    expect(url.searchParams.getAll('kind')).toEqual(['Directive', 'Story']);
    expect(url.searchParams.getAll('tag')).toEqual(full.tags);
    expect(url.searchParams.get('order')).toBe('newest');
    expect(url.searchParams.has('after')).toBe(false);
  });
});

describe('another query', () => {
  it('keeps the filters and order and starts at page one', () => {
    expect(withQuery(full, '习近平')).toEqual({ ...full, query: '习近平', trail: [] });
    expect(full.trail).toHaveLength(2);
  });
});
