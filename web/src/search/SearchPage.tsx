import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, useTitle } from '../common';
import { SearchDocumentsDocument, type SearchDocumentsQuery } from '../gql/graphql';
import { formatDate, t } from '../i18n';
import { Link, navigate, paths } from '../router';
import { Expansions, Hit } from './Hit';
import { Suggestion } from './Suggestion';
import {
  clearFilters,
  exportUrl,
  hasFilters,
  pageSize,
  isSelected,
  parseSearch,
  serializeSearch,
  toggleFacet,
  toVariables,
  withQuery,
  type Facet,
  type SearchState,
} from './state';

type Search = NonNullable<SearchDocumentsQuery['search']>;

const wideScreen = () => typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 761px)').matches;

function go(state: SearchState) {
  navigate(paths.search(serializeSearch(state)));
}

export function SearchPage({ search }: { search: string }) {
  const state = parseSearch(search);
  useTitle(state.query ? `${state.query} · ${t.search.title}` : undefined);
  const { data, error, loading } = useQuery(SearchDocumentsDocument, toVariables(state), !state.query);
  const result = data?.search ?? undefined;
  return (
    <div className="search-page">
      <h1 className={state.query ? 'visually-hidden' : undefined}>{t.search.title}</h1>
      <SearchForm key={state.query} state={state} />
      {!state.query ? (
        <Start />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : (
        <div className="search-layout">
          <Filters state={state} facets={result?.facets} />
          <section className="results" aria-labelledby="results-heading" aria-busy={loading}>
            <h2 id="results-heading" className="visually-hidden">
              {t.search.resultsHeading}
            </h2>
            <ResultsBar state={state} total={result?.totalCount} loading={loading && !result} />
            {/* Not while the next search loads: the suggestion belongs to the results on screen, which are stale then. */}
            {result && !loading && <Suggestion state={state} suggestion={result.suggestion} />}
            {result && <Expansions expansions={result.expansions} />}
            <ActiveFilters state={state} facets={result?.facets} />
            {result && result.totalCount === 0 ? (
              <Empty state={state} />
            ) : (
              <ol className={loading ? 'hits stale' : 'hits'} start={state.trail.length * pageSize + 1}>
                {result ? result.edges.map((edge) => <Hit key={edge.cursor} edge={edge} />) : <Placeholders />}
              </ol>
            )}
            {result && result.totalCount > 0 && <Pager state={state} next={result.pageInfo.hasNextPage ? result.pageInfo.endCursor : null} />}
          </section>
        </div>
      )}
    </div>
  );
}

function SearchForm({ state }: { state: SearchState }) {
  const [text, setText] = useState(state.query);
  const inputId = useId();
  function submit(e: FormEvent) {
    e.preventDefault();
    const query = text.trim();
    if (query) go(withQuery(state, query));
  }
  return (
    <form role="search" className="search-form" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t.search.label}
      </label>
      <input
        id={inputId}
        type="search"
        name="q"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t.search.placeholder}
        autoComplete="off"
        enterKeyHint="search"
        maxLength={256}
      />
      <button type="submit">{t.search.submit}</button>
      <details className="syntax" open={!state.query}>
        <summary>{t.search.syntaxTitle}</summary>
        <dl>
          {t.search.syntax.map(([example, meaning]) => (
            <div key={example}>
              <dt>
                <code>{example}</code>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
      </details>
    </form>
  );
}

function Start() {
  return (
    <section className="start">
      <h2>{t.search.startTitle}</h2>
      <p>{t.search.startBody}</p>
      <ul className="examples">
        {t.search.examples.map((example) => (
          <li key={example}>
            <Link href={paths.search(serializeSearch({ query: example, kinds: [], tags: [], sort: 'relevance', trail: [] }))}>{example}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FacetGroup({ title, state, items }: { title: string; state: SearchState; items: { facet: Facet; label: string; count: number }[] }) {
  if (items.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      <ul>
        {items.map(({ facet, label, count }) => {
          const selected = isSelected(state, facet);
          return (
            <li key={`${facet.kind}:${facet.value}`}>
              <label>
                <input type="checkbox" checked={selected} onChange={() => go(toggleFacet(state, facet))} />
                <span className="facet-label">{label}</span>
                <span className="count">{count.toLocaleString('zh-CN')}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function Filters({ state, facets }: { state: SearchState; facets: Search['facets'] | undefined }) {
  const [from, setFrom] = useState(state.from ?? '');
  const [to, setTo] = useState(state.to ?? '');
  const fromId = useId();
  const toId = useId();
  function applyDates(e: FormEvent) {
    e.preventDefault();
    go({ ...state, from: from || undefined, to: to || undefined, trail: [] });
  }
  // Selected values stay listed (with no count) even when the server no longer returns them.
  const kinds = facets?.kinds ?? [];
  return (
    // Open beside the results on a wide screen; folded above them on a phone, so the results stay in view.
    <details className="filters" open={wideScreen()}>
      <summary>{t.search.filters}</summary>
      <div className="filters-body">
        <FacetGroup
          title={t.search.facetKinds}
          state={state}
          items={kinds.map((k) => ({ facet: { kind: 'kind', value: k.value }, label: t.searchKinds[k.value] ?? k.value, count: k.count }))}
        />
        <FacetGroup
          title={t.search.facetYears}
          state={state}
          items={(facets?.years ?? []).map((y) => ({ facet: { kind: 'year', value: y.value }, label: `${y.value}`, count: y.count }))}
        />
        <FacetGroup
          title={t.search.facetOrganizations}
          state={state}
          items={(facets?.organizations ?? []).map((o) => ({
            facet: { kind: 'organization', value: o.organizationId },
            label: o.organization?.shortName ?? o.organization?.name ?? o.organizationId,
            count: o.count,
          }))}
        />
        <FacetGroup
          title={t.search.facetTags}
          state={state}
          items={(facets?.tags ?? []).map((tag) => ({ facet: { kind: 'tag', value: tag.value }, label: tag.value, count: tag.count }))}
        />
        <form className="facet dates" onSubmit={applyDates} key={`${state.from}|${state.to}`}>
          <fieldset>
            <legend>{t.search.dateRange}</legend>
            <label htmlFor={fromId}>{t.search.dateFrom}</label>
            <input id={fromId} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            <label htmlFor={toId}>{t.search.dateTo}</label>
            <input id={toId} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            <button type="submit">{t.search.applyDates}</button>
          </fieldset>
        </form>
      </div>
    </details>
  );
}

function ResultsBar({ state, total, loading }: { state: SearchState; total: number | undefined; loading: boolean }) {
  const sortId = useId();
  return (
    <div className="results-bar">
      <p className="total" role="status" aria-live="polite">
        {loading || total === undefined ? t.loading : t.search.results(total)}
        {state.trail.length > 0 && total !== undefined && `　${t.search.page(state.trail.length + 1)}`}
      </p>
      <div className="results-tools">
        <label htmlFor={sortId}>{t.search.sort}</label>
        <select id={sortId} value={state.sort} onChange={(e) => go({ ...state, sort: e.target.value === 'newest' ? 'newest' : 'relevance', trail: [] })}>
          <option value="relevance">{t.search.sortRelevance}</option>
          <option value="newest">{t.search.sortNewest}</option>
        </select>
        <span className="export">
          {t.search.export}：
          <a href={exportUrl(state, 'csv')} download>
            {t.search.exportCsv}
          </a>
          {' · '}
          <a href={exportUrl(state, 'jsonl')} download>
            {t.search.exportJsonl}
          </a>
        </span>
      </div>
    </div>
  );
}

function ActiveFilters({ state, facets }: { state: SearchState; facets: Search['facets'] | undefined }) {
  if (!hasFilters(state)) return null;
  const chips: { label: string; next: SearchState }[] = [
    ...state.kinds.map((k) => ({ label: t.searchKinds[k] ?? k, next: toggleFacet(state, { kind: 'kind', value: k }) })),
    ...(state.from || state.to
      ? [{ label: `${state.from ? formatDate(state.from) : ''} – ${state.to ? formatDate(state.to) : ''}`, next: { ...state, from: undefined, to: undefined, trail: [] } }]
      : []),
    ...(state.organization
      ? [
          {
            label: facets?.organizations.find((o) => o.organizationId === state.organization)?.organization?.name ?? t.search.facetOrganizations,
            next: { ...state, organization: undefined, trail: [] },
          },
        ]
      : []),
    ...state.tags.map((tag) => ({ label: tag, next: toggleFacet(state, { kind: 'tag', value: tag }) })),
  ];
  return (
    <ul className="chips">
      {chips.map((chip) => (
        <li key={chip.label}>
          <button type="button" onClick={() => go(chip.next)} aria-label={t.search.removeFilter(chip.label)}>
            {chip.label} <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
      <li>
        <button type="button" className="link" onClick={() => go(clearFilters(state))}>
          {t.search.clearFilters}
        </button>
      </li>
    </ul>
  );
}

function Placeholders() {
  return (
    <>
      {Array.from({ length: 5 }, (_, i) => (
        <li className="hit placeholder" key={i} aria-hidden="true">
          <span className="bar wide" />
          <span className="bar" />
          <span className="bar" />
        </li>
      ))}
    </>
  );
}

function Pager({ state, next }: { state: SearchState; next: string | null | undefined }) {
  const page = state.trail.length + 1;
  return (
    <nav className="pager" aria-label={t.search.page(page)}>
      {page > 1 ? (
        <Link href={paths.search(serializeSearch({ ...state, trail: state.trail.slice(0, -1) }))} rel="prev">
          {t.search.previous}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span aria-current="page">{t.search.page(page)}</span>
      {next ? (
        <Link href={paths.search(serializeSearch({ ...state, trail: [...state.trail, next] }))} rel="next">
          {t.search.next}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}

function Empty({ state }: { state: SearchState }) {
  return (
    <div className="empty">
      <h3>{t.search.emptyTitle}</h3>
      <ul>
        {t.search.emptyHints.map((hint) => (
          <li key={hint}>{hint}</li>
        ))}
      </ul>
      {hasFilters(state) && (
        <button type="button" onClick={() => go(clearFilters(state))}>
          {t.search.clearFilters}
        </button>
      )}
    </div>
  );
}
