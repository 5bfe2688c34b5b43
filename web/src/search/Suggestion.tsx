// 您是不是要找：习近平（1 条结果）: the corrected query the API suggests when a search finds nothing or little. The
// suggestion is an ordinary link to that search (same filters and order, first page), so following it updates the
// URL like any other search, and it opens in a new tab, copies and bookmarks like any link.
import type { SearchDocumentsQuery } from '../gql/graphql';
import { t } from '../i18n';
import { Link, paths } from '../router';
import { serializeSearch, withQuery, type SearchState } from './state';

export type SearchSuggestion = NonNullable<NonNullable<SearchDocumentsQuery['search']>['suggestion']>;

/** Nothing when the API suggests nothing (enough results, a later page, or no better spelling). */
export function Suggestion({ state, suggestion }: { state: SearchState; suggestion: SearchSuggestion | null | undefined }) {
  if (!suggestion || suggestion.query === state.query) return null;
  return (
    <p className="suggestion">
      {t.search.didYouMean}
      <Link href={paths.search(serializeSearch(withQuery(state, suggestion.query)))}>{suggestion.query}</Link>
      {t.search.suggestionCount(suggestion.totalCount)}
    </p>
  );
}
