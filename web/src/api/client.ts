// The reading room talks to the public GraphQL API only, and only through persisted operations: each request
// names an operation of schema/operations/ by the SHA-256 of its file (codegen.ts puts that id into every
// generated document), so no query text leaves the browser and the server can run in allow-list mode.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { antiforgeryHeaders, sessionEnded } from '../session/session';

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

/**
 * Runs a persisted operation. Signed-in pages send the session cookie (same origin) and the antiforgery token. When
 * the session has ended (SESSION_EXPIRED) the app is told, so it can ask the person to sign in again without leaving
 * the page; a query (`retryWhenEnded`) is then sent once more, as the anonymous reader the page now is, while a
 * mutation is not: it reports the error and the form keeps its input.
 */
export async function execute<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
  options: { retryWhenEnded?: boolean } = {},
): Promise<ApiResult<TData>> {
  const result = await send(document, variables, signal);
  if (!result.ok && result.error.code === 'SESSION_EXPIRED') {
    await sessionEnded();
    if (options.retryWhenEnded ?? true) return send(document, variables, signal);
  }
  return result;
}

async function send<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<ApiResult<TData>> {
  let response: Response;
  try {
    response = await fetch(graphqlPath, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        ...antiforgeryHeaders(),
      },
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
