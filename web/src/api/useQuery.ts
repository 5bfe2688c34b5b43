import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useEffect, useState } from 'react';
import { execute, type ApiError } from './client';

export interface QueryState<T> {
  /** The latest answer; kept while the next one loads, so the page does not jump. */
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

/**
 * Runs a persisted query whenever its variables change (compared by their JSON), cancelling the one in flight.
 * `skip` leaves the state empty, e.g. a search page without a query. A new `version` runs it again with the same
 * variables (a live update said the data changed).
 */
export function useQuery<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  skip = false,
  version = 0,
): QueryState<TData> {
  const key = skip ? '' : JSON.stringify([variables, version]);
  const [state, setState] = useState<QueryState<TData>>({ data: undefined, error: undefined, loading: !skip });
  useEffect(() => {
    if (!key) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    execute(document, (JSON.parse(key) as [TVariables])[0], controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setState(result.ok ? { data: result.data, error: undefined, loading: false } : { data: undefined, error: result.error, loading: false });
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [document, key]);
  return state;
}
