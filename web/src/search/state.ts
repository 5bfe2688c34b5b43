// The whole state of a search lives in the URL's query string, so a search can be bookmarked, shared and
// walked with the browser's back button. parseSearch and serializeSearch are inverses on normalised states.
import type { SearchDocumentsQueryVariables, SearchKind } from '../gql/graphql';

export const searchKinds = ['DIRECTIVE', 'STUDY_MATERIAL', 'ACTIVITY_LOG', 'STORY'] as const satisfies readonly SearchKind[];
export type Sort = 'relevance' | 'newest';
export const pageSize = 20;
/** Markers the page asks the server to put around matches: private-use characters that no document contains. */
export const matchStart = '\uE000';
export const matchEnd = '\uE001';

export interface SearchState {
  query: string;
  kinds: SearchKind[];
  /** Days, YYYY-MM-DD, both ends included (China time). */
  from?: string;
  to?: string;
  /** A top-level organisation's global id. */
  organization?: string;
  tags: string[];
  sort: Sort;
  /** The cursors of the pages before this one: the current page starts after the last. */
  trail: string[];
}

export const emptySearch: SearchState = { query: '', kinds: [], tags: [], sort: 'relevance', trail: [] };

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
const unique = <T,>(values: T[]) => [...new Set(values)];

export function parseSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  const kinds = unique(params.getAll('kind').filter((k): k is SearchKind => (searchKinds as readonly string[]).includes(k)));
  const from = params.get('from');
  const to = params.get('to');
  return {
    query: (params.get('q') ?? '').trim(),
    kinds: searchKinds.filter((k) => kinds.includes(k)),
    from: isDay(from) ? from : undefined,
    to: isDay(to) ? to : undefined,
    organization: params.get('org') || undefined,
    tags: unique(params.getAll('tag').filter((t) => t.trim() !== '')),
    sort: params.get('sort') === 'newest' ? 'newest' : 'relevance',
    trail: params.getAll('after').filter((c) => c !== ''),
  };
}

export function serializeSearch(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  for (const kind of state.kinds) params.append('kind', kind);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.organization) params.set('org', state.organization);
  for (const tag of state.tags) params.append('tag', tag);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  for (const cursor of state.trail) params.append('after', cursor);
  return params.toString();
}

export type Facet =
  | { kind: 'kind'; value: SearchKind }
  | { kind: 'year'; value: number }
  | { kind: 'organization'; value: string }
  | { kind: 'tag'; value: string };

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

export function isSelected(state: SearchState, facet: Facet): boolean {
  switch (facet.kind) {
    case 'kind':
      return state.kinds.includes(facet.value);
    case 'year': {
      const range = yearRange(facet.value);
      return state.from === range.from && state.to === range.to;
    }
    case 'organization':
      return state.organization === facet.value;
    case 'tag':
      return state.tags.includes(facet.value);
  }
}

/**
 * Selects a facet value, or unselects it when it is selected. Kinds and tags add up (any of them); a year is the
 * date range of that year, and an organisation replaces the one chosen before. A new filter starts at page one.
 */
export function toggleFacet(state: SearchState, facet: Facet): SearchState {
  const selected = isSelected(state, facet);
  const next: SearchState = { ...state, trail: [] };
  switch (facet.kind) {
    case 'kind':
      next.kinds = searchKinds.filter((k) => (k === facet.value ? !selected : state.kinds.includes(k)));
      break;
    case 'year':
      Object.assign(next, selected ? { from: undefined, to: undefined } : yearRange(facet.value));
      break;
    case 'organization':
      next.organization = selected ? undefined : facet.value;
      break;
    case 'tag':
      next.tags = selected ? state.tags.filter((t) => t !== facet.value) : [...state.tags, facet.value];
      break;
  }
  return next;
}

export function hasFilters(state: SearchState): boolean {
  return state.kinds.length > 0 || !!state.from || !!state.to || !!state.organization || state.tags.length > 0;
}

export function clearFilters(state: SearchState): SearchState {
  return { ...emptySearch, query: state.query, sort: state.sort };
}

/**
 * Another query with the same filters and order, from its first page: what a new query typed in the box runs, and
 * what following a suggestion runs (the API counted the suggestion's results with this search's own filters).
 */
export function withQuery(state: SearchState, query: string): SearchState {
  return { ...state, query, trail: [] };
}

export function toVariables(state: SearchState): SearchDocumentsQueryVariables {
  const date = state.from || state.to ? { from: state.from ?? null, to: state.to ?? null } : null;
  return {
    query: state.query,
    where: {
      kinds: state.kinds.length ? state.kinds : null,
      organizationId: state.organization ?? null,
      date,
      tags: state.tags.length ? state.tags : null,
    },
    order: [state.sort === 'newest' ? { date: 'DESC' } : { relevance: 'DESC' }],
    first: pageSize,
    after: state.trail.at(-1) ?? null,
    preTag: matchStart,
    postTag: matchEnd,
  };
}

const exportKinds: Record<SearchKind, string> = {
  DIRECTIVE: 'Directive',
  STUDY_MATERIAL: 'StudyMaterial',
  ACTIVITY_LOG: 'ActivityLog',
  STORY: 'Story',
};

/** Every result of the search (not just this page) from the export endpoint, in the same order. */
export function exportUrl(state: SearchState, format: 'csv' | 'jsonl'): string {
  const params = new URLSearchParams({ query: state.query, format });
  for (const kind of state.kinds) params.append('kind', exportKinds[kind]);
  if (state.organization) params.set('organizationId', state.organization);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  for (const tag of state.tags) params.append('tag', tag);
  if (state.sort === 'newest') params.set('order', 'newest');
  return `/export/search?${params.toString()}`;
}
