// The web app's session: the server keeps it in an HttpOnly cookie that no script can read; the page knows only who
// is signed in and the antiforgery token it must send with every state-changing request. Nothing here is stored by
// the page beyond memory: a reload asks the server again (GET /auth/session).
import { useSyncExternalStore } from 'react';

export type Role = 'READER' | 'BRANCH' | 'EDITOR' | 'ADMIN';

export interface Person {
  subject: string;
  name: string | null;
  role: Role;
  organizationId: string | null;
  /** The same organisation as the API's GraphQL ID (what a branch submits for). */
  organizationNodeId: string | null;
}

export interface SessionState {
  /** False until the server has answered once. */
  known: boolean;
  person: Person | null;
  expiresAt: string | null;
  antiforgeryToken: string | null;
  methods: { development: boolean; oidc: boolean };
  /** The server said the session ended (SESSION_EXPIRED) while this page was open: ask to sign in again. */
  ended: boolean;
}

interface SessionAnswer {
  signedIn: boolean;
  sessionEnded: boolean;
  person: Person | null;
  expiresAt: string | null;
  antiforgeryToken: string;
  signInMethods: { development: boolean; oidc: boolean };
}

export const antiforgeryHeader = 'X-CSRF-Token';

const initial: SessionState = {
  known: false,
  person: null,
  expiresAt: null,
  antiforgeryToken: null,
  methods: { development: false, oidc: false },
  ended: false,
};

let state: SessionState = initial;
const listeners = new Set<() => void>();

function set(next: SessionState) {
  state = next;
  for (const listener of listeners) listener();
}

export function getSession(): SessionState {
  return state;
}

/** For tests: forget everything, as a fresh page would. */
export function resetSession() {
  set(initial);
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

function apply(answer: SessionAnswer, ended: boolean) {
  set({
    known: true,
    person: answer.signedIn ? answer.person : null,
    expiresAt: answer.expiresAt,
    antiforgeryToken: answer.antiforgeryToken,
    methods: answer.signInMethods,
    ended: ended || (answer.sessionEnded && state.person !== null),
  });
}

/** Asks the server who is signed in; also fetches a fresh antiforgery token. */
export async function loadSession(): Promise<SessionState> {
  try {
    const response = await fetch('/auth/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (response.ok) apply((await response.json()) as SessionAnswer, state.ended);
    else set({ ...state, known: true });
  } catch {
    set({ ...state, known: true });
  }
  return state;
}

/** The headers a state-changing request carries: the antiforgery token, when the page has one. */
export function antiforgeryHeaders(): Record<string, string> {
  return state.antiforgeryToken ? { [antiforgeryHeader]: state.antiforgeryToken } : {};
}

/**
 * The server answered SESSION_EXPIRED: say so (the page keeps whatever the person was typing), and fetch the
 * token of the signed-out page so that signing in again works.
 */
export async function sessionEnded(): Promise<void> {
  set({ ...state, person: null, ended: true });
  await loadSession();
}

export type SignInResult = { ok: true } | { ok: false; code: string };

async function codeOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.[0]?.extensions?.code ?? `HTTP_${response.status}`;
  } catch {
    return `HTTP_${response.status}`;
  }
}

/** Signs in as one of the development sign-in page's people; the page stays where it is. */
export async function signInAsDevelopmentPerson(subject: string): Promise<SignInResult> {
  if (!state.antiforgeryToken) await loadSession();
  let response: Response;
  try {
    response = await fetch('/auth/dev/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...antiforgeryHeaders() },
      body: JSON.stringify({ subject }),
    });
  } catch {
    return { ok: false, code: 'NETWORK' };
  }
  if (!response.ok) return { ok: false, code: await codeOf(response) };
  apply((await response.json()) as SessionAnswer, false);
  return { ok: true };
}

export async function signOut(): Promise<void> {
  try {
    await fetch('/auth/sign-out', { method: 'POST', headers: { 'Content-Type': 'application/json', ...antiforgeryHeaders() }, body: '{}' });
  } finally {
    set({ ...state, person: null, ended: false });
    await loadSession();
  }
}

/** The address that starts a sign-in at the identity provider and comes back to `returnTo` (a path on this site). */
export function oidcSignInUrl(returnTo: string): string {
  return `/auth/oidc/sign-in?returnUrl=${encodeURIComponent(isLocalPath(returnTo) ? returnTo : '/')}`;
}

/** A path on this site and nothing else (the server checks again). */
export function isLocalPath(url: string | null | undefined): url is string {
  return !!url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') && !/[\u0000-\u001f\\]/.test(url);
}

export interface DevelopmentPerson {
  subject: string;
  name: string;
  role: Role;
  organizationId: string | null;
}

export async function developmentPeople(): Promise<DevelopmentPerson[]> {
  const response = await fetch('/auth/dev/people', { headers: { Accept: 'application/json' } });
  if (!response.ok) return [];
  return ((await response.json()) as { people: DevelopmentPerson[] }).people;
}
