import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { execute } from '../api/client';
import { SessionEndedBanner } from './SignIn';
import { usePreservedState } from './preserved';
import { getSession, isLocalPath, loadSession, resetSession } from './session';

// A persisted document as codegen makes it: only its id is left.
const query = { __meta__: { hash: 'sha256:abc' } } as never;

const anonymous = {
  signedIn: false,
  sessionEnded: false,
  person: null,
  expiresAt: null,
  antiforgeryToken: 'anon-token',
  signInMethods: { development: true, oidc: false },
};
const editor = {
  ...anonymous,
  signedIn: true,
  person: { subject: 'editor-zhao', name: '赵编辑', role: 'EDITOR', organizationId: null },
  expiresAt: '2026-12-03T16:00:00Z',
  antiforgeryToken: 'editor-token',
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const expired = () => json({ errors: [{ message: 'Your session has ended; sign in again.', extensions: { code: 'SESSION_EXPIRED' } }] }, 401);

/** A tiny fake of the server's /auth and /graphql answers, recording what the page sent. */
function fakeServer(graphql: () => Response) {
  const sent: { url: string; headers: Record<string, string> }[] = [];
  let current: Record<string, unknown> = editor;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    sent.push({ url, headers: (init?.headers ?? {}) as Record<string, string> });
    if (url === '/auth/session') return json(current);
    if (url === '/auth/dev/people') return json({ people: [{ subject: 'editor-zhao', name: '赵编辑', role: 'EDITOR', organizationId: null }] });
    if (url === '/auth/dev/sign-in') {
      current = editor;
      return json(editor);
    }
    const answer = graphql();
    if (answer.status === 401) current = { ...anonymous, sessionEnded: true };
    return answer;
  });
  return sent;
}

describe('session', () => {
  beforeEach(() => {
    resetSession();
    sessionStorage.clear();
  });
  afterEach(() => vi.restoreAllMocks());

  it('sends the antiforgery token of the signed-in person with every operation', async () => {
    const sent = fakeServer(() => json({ data: { ok: true } }));
    await loadSession();
    expect(getSession().person?.role).toBe('EDITOR');
    await execute(query, {});
    expect(sent.at(-1)?.headers['X-CSRF-Token']).toBe('editor-token');
  });

  it('turns SESSION_EXPIRED into "session ended", retries a query as a reader, and never retries a mutation', async () => {
    let calls = 0;
    fakeServer(() => (++calls === 1 ? expired() : json({ data: { ok: true } })));
    await loadSession();
    const read = await execute(query, {});
    expect(read.ok).toBe(true);
    expect(getSession().ended).toBe(true);
    expect(getSession().person).toBeNull();
    // The signed-out page's own token, so that signing in again passes antiforgery.
    expect(getSession().antiforgeryToken).toBe('anon-token');

    calls = 0;
    const write = await execute(query, {}, undefined, { retryWhenEnded: false });
    expect(write).toEqual({ ok: false, error: { code: 'SESSION_EXPIRED', message: 'Your session has ended; sign in again.' } });
    expect(calls).toBe(1);
  });

  it('asks to sign in again over the page, in place, and the unsaved form keeps its text', async () => {
    const user = userEvent.setup();
    fakeServer(expired);
    await loadSession();
    function Form() {
      const [text, setText] = usePreservedState('test-story', '');
      return (
        <label>
          正文
          <textarea value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      );
    }
    render(
      <>
        <SessionEndedBanner />
        <Form />
      </>,
    );
    await user.type(screen.getByLabelText('正文'), '还没保存的文字');
    await act(() => execute(query, {}, undefined, { retryWhenEnded: false }));
    // Text and selector queries, not role queries: jsdom's accessible-name computation was most of this test's time.
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('您的登录已结束，请重新登录');

    await user.click(screen.getByText('重新登录'));
    await user.click(await screen.findByText('以赵编辑（编辑）身份登录'));
    await waitFor(() => expect(document.querySelector('[role="alert"]')).toBeNull());
    expect(getSession().person?.subject).toBe('editor-zhao');
    expect((screen.getByLabelText('正文') as HTMLTextAreaElement).value).toBe('还没保存的文字');
    // Kept for a sign-in that leaves the page, too.
    expect(sessionStorage.getItem('dangjian.form.test-story')).toBe('"还没保存的文字"');
  });

  it('returns only to paths on this site', () => {
    expect(isLocalPath('/desk?x=1')).toBe(true);
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/a\nb', '', null]) expect(isLocalPath(bad)).toBe(false);
  });
});
