// Live updates over graphql-transport-ws at /graphql (the graphql-ws client). The page's session cookie goes with the
// WebSocket handshake from this origin, which is how the server knows who subscribes; no token is put in the page.
// Like queries, subscriptions are persisted operations: the subscribe message names the operation by its id.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import { documentIdOf, graphqlPath } from './client';

let client: Client | undefined;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${graphqlPath}`;
}

function shared(): Client {
  client ??= createClient({
    url: socketUrl(),
    lazy: true,
    // Reconnect after a dropped connection (a restart, a network change); the page re-reads what it shows then.
    retryAttempts: Infinity,
    // graphql-ws insists on a query string in every subscribe message; ours carry a documentId instead, so the
    // placeholder is left out of what is sent.
    jsonMessageReplacer(this: unknown, key, value) {
      if (key === 'query' && value === '' && typeof this === 'object' && this !== null && 'documentId' in this) return undefined;
      return value;
    },
  });
  return client;
}

/**
 * Subscribes to a persisted subscription; `onEvent` gets each event's data, `onReconnected` runs when the socket
 * comes back (events in between are lost: the server replays nothing, so re-read). Returns the unsubscribe function.
 */
export function subscribe<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  onEvent: (data: TData) => void,
  onReconnected?: () => void,
): () => void {
  const c = shared();
  let connectedBefore = false;
  const offConnected = c.on('connected', () => {
    if (connectedBefore) onReconnected?.();
    connectedBefore = true;
  });
  const unsubscribe = c.subscribe<TData>(
    { query: '', documentId: documentIdOf(document), variables: variables as Record<string, unknown> } as never,
    {
      next: (result) => {
        if (result.data) onEvent(result.data);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return () => {
    offConnected();
    unsubscribe();
  };
}
