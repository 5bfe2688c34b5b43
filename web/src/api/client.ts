// The reading room talks to the public GraphQL API only, and only through persisted operations: each request
// names an operation of schema/operations/ by the SHA-256 of its file (codegen.ts puts that id into every
// generated document), so no query text leaves the browser and the server can run in allow-list mode.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export const graphqlPath = '/graphql';

/** A generated document in replaceDocumentWithHash mode: only its persisted id is left. */
type PersistedDocument = { __meta__?: { hash?: string } };

export interface ApiError {
  /** The server's extensions.code (INVALID_QUERY, TIMEOUT …), or NETWORK / HTTP_<status> when none came back. */
  code: string;
  message: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function documentIdOf(document: unknown): string {
  const id = (document as PersistedDocument).__meta__?.hash;
  if (!id) throw new Error('Not a persisted document: run `npm run codegen`');
  return id;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function execute<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<ApiResult<TData>> {
  let response: Response;
  try {
    response = await fetch(graphqlPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ documentId: documentIdOf(document), variables }),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, error: { code: 'NETWORK', message: String(e) } };
  }
  let body: GraphQLBody<TData> | undefined;
  try {
    body = (await response.json()) as GraphQLBody<TData>;
  } catch {
    body = undefined;
  }
  const first = body?.errors?.[0];
  if (first) return { ok: false, error: { code: first.extensions?.code ?? `HTTP_${response.status}`, message: first.message } };
  if (!response.ok || !body?.data) return { ok: false, error: { code: `HTTP_${response.status}`, message: response.statusText } };
  return { ok: true, data: body.data };
}
