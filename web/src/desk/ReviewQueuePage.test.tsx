import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession, resetSession } from '../session/session';

// The live updates: the test plays the server's part by calling the page's handler.
const live: { onEvent?: (data: unknown) => void } = {};
vi.mock('../api/subscriptions', () => ({
  subscribe: (_doc: unknown, _vars: unknown, onEvent: (data: unknown) => void) => {
    live.onEvent = onEvent;
    return () => (live.onEvent = undefined);
  },
}));

const { default: ReviewQueuePage } = await import('./ReviewQueuePage');

const editor = {
  signedIn: true,
  sessionEnded: false,
  person: { subject: 'editor-zhao', name: '赵编辑', role: 'EDITOR', organizationId: null },
  expiresAt: null,
  antiforgeryToken: 't',
  signInMethods: { development: true, oidc: false },
};

function queueAnswer(submitted: number) {
  const story = (n: number) => ({
    id: `S${n}`,
    version: 1,
    title: `稿件${n}`,
    status: 'SUBMITTED',
    submittedAt: '2026-12-01T08:00:00Z',
    updatedAt: '2026-12-01T08:00:00Z',
    submittingOrganization: { id: 'O1', name: '发热门诊火线党支部' },
    sections: [{ id: 'X3', number: 3, heading: '在联防联控上作表率', directive: { id: 'D', title: '通知' } }],
  });
  return {
    data: {
      submitted: { totalCount: submitted },
      inReview: { totalCount: 1 },
      changesRequested: { totalCount: 0 },
      approved: { totalCount: 2 },
      queue: { totalCount: submitted, pageInfo: { hasNextPage: false, endCursor: null }, nodes: Array.from({ length: submitted }, (_, i) => story(i + 1)) },
    },
  };
}

describe('review queue page', () => {
  let submitted = 1;
  let bodies: { variables?: Record<string, unknown> }[] = [];
  beforeEach(async () => {
    submitted = 1;
    bodies = [];
    resetSession();
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
      if (url === '/auth/session') return json(editor);
      const body = JSON.parse(String(init?.body)) as { variables?: Record<string, unknown> };
      bodies.push(body);
      if (body.variables && 'scope' in body.variables) return json(queueAnswer(submitted));
      return json({ data: { organizations: { nodes: [{ id: 'O1', name: '发热门诊火线党支部' }] }, directives: { nodes: [] } } });
    });
    await loadSession();
  });
  afterEach(() => vi.restoreAllMocks());

  it('shows the counts per state and the oldest submissions, and refreshes itself when a story is submitted', async () => {
    render(<ReviewQueuePage search="?org=O1" />);
    // Text and selector queries, not role queries: jsdom computes every accessible name (and style) on each role
    // query, which was most of this test's time (the browser test checks the roles, with axe-core).
    await screen.findByText('已提交：共 1 篇');
    const states = document.querySelector('nav[aria-label="稿件状态"]')!;
    expect([...states.querySelectorAll('a')].map((a) => a.textContent)).toEqual(['已提交 1 篇', '审核中 1 篇', '退回修改 0 篇', '已通过 2 篇']);
    expect(screen.getByText('稿件1').getAttribute('href')).toBe('/desk/story/S1');
    // The organisation filter went into the scope of every count.
    expect(bodies.find((b) => b.variables && 'scope' in b.variables)?.variables?.scope).toEqual({ submittingOrganizationId: { eq: 'O1' } });

    submitted = 2;
    await act(async () => live.onEvent?.({ storyWorkflowChanged: { from: null, to: 'SUBMITTED', action: 'SUBMIT', at: '', story: { id: 'S2', title: '稿件2', status: 'SUBMITTED' } } }));
    await screen.findByText('已提交：共 2 篇');
    expect(screen.getByText('稿件2').tagName).toBe('A');
    expect(document.querySelector('[role="status"]')?.textContent).toContain('稿件“稿件2”已变为已提交');
  });

  it('asks a reader to sign in as an editor and asks the server nothing', async () => {
    resetSession();
    vi.mocked(fetch).mockImplementation(async () => new Response(JSON.stringify({ ...editor, signedIn: false, person: null }), { headers: { 'Content-Type': 'application/json' } }));
    await loadSession();
    render(<ReviewQueuePage search="" />);
    expect(screen.getByText('审稿队列供编辑使用，请以编辑身份登录。')).toBeTruthy();
    expect(screen.getByRole('link', { name: '登录' }).getAttribute('href')).toBe('/signin?returnTo=%2Fdesk');
    expect(live.onEvent).toBeUndefined();
  });
});
