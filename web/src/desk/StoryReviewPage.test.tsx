import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession, resetSession } from '../session/session';
import StoryReviewPage from './StoryReviewPage';

const editor = {
  signedIn: true,
  sessionEnded: false,
  person: { subject: 'editor-zhao', name: '赵编辑', role: 'EDITOR', organizationId: null },
  expiresAt: null,
  antiforgeryToken: 't',
  signInMethods: { development: true, oidc: false },
};

const revision = (version: number, actor: string, action: string, body: string, changedFields: string[]) => ({
  version, at: '2026-12-01T08:00:00Z', actor, action, note: null, changedFields, story: { title: '方舱里的一堂党课', summary: '', body },
});

/** The server's story, which another editor changes behind the page's back. */
function serverStory(version: number, status: string, revisions: ReturnType<typeof revision>[]) {
  return {
    id: 'S1', version, title: '方舱里的一堂党课', summary: '', body: revisions.at(-1)!.story.body, bodyHtml: '<p>正文</p>', status, featured: false,
    submittedAt: '2026-12-01T08:00:00Z', updatedAt: '2026-12-01T08:00:00Z',
    submittingOrganization: { id: 'O1', name: '发热门诊火线党支部' }, sections: [],
    allowedActions: status === 'IN_REVIEW' ? ['REQUEST_CHANGES', 'APPROVE', 'REJECT'] : status === 'APPROVED' ? ['PUBLISH'] : ['ARCHIVE'],
    canFeature: status === 'PUBLISHED',
    possibleDuplicates: [{ similarity: 0.82, story: { id: 'S7', title: '最美逆行者', status: 'SUBMITTED', submittingOrganization: { name: '机关第二党支部' } } }],
    transitions: [], revisions: [...revisions].reverse(),
  };
}

describe('story review page', () => {
  let story: ReturnType<typeof serverStory>;
  let mutations: { expectedVersion: number; note?: string | null }[];
  beforeEach(async () => {
    sessionStorage.clear();
    resetSession();
    mutations = [];
    story = serverStory(2, 'IN_REVIEW', [revision(1, 'secretary-li', 'SUBMIT', '第一段\n第二段\n', []), revision(2, 'editor-zhao', 'START_REVIEW', '第一段\n第二段（改）\n', ['body', 'status'])]);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
      if (String(input) === '/auth/session') return json(editor);
      const variables = (JSON.parse(String(init?.body)) as { variables: { expectedVersion?: number; note?: string | null } }).variables;
      if (variables.expectedVersion === undefined) return json({ data: { node: story } });
      mutations.push({ ...variables, expectedVersion: variables.expectedVersion });
      if (story.status === 'PUBLISHED') {
        story = { ...story, version: story.version + 1, featured: true };
        return json({ data: { featureStory: { story: { id: 'S1', version: story.version, status: 'PUBLISHED', featured: true }, errors: [] } } });
      }
      if (variables.expectedVersion !== story.version)
        return json({ data: { approveStory: { story: null, errors: [{ __typename: 'VersionConflictError', code: 'VERSION_CONFLICT', message: 'stale', currentVersion: story.version }] } } });
      story = serverStory(story.version + 1, 'APPROVED', [...[...story.revisions].reverse(), revision(story.version + 1, 'editor-zhao', 'approve', story.body, ['status'])]);
      return json({ data: { approveStory: { story: { id: 'S1', version: story.version, status: 'APPROVED', publishedAt: null }, errors: [] } } });
    });
    await loadSession();
  });
  afterEach(() => vi.restoreAllMocks());

  it('shows the difference of two revisions side by side', async () => {
    render(<StoryReviewPage id="S1" />);
    // Text and selector queries, not role queries: jsdom's accessible-name computation is slow on a loaded machine.
    const table = (await screen.findByText('第 1 版与第 2 版正文对照')).closest('table')!;
    const cells = [...table.querySelectorAll('td')].map((c) => c.textContent);
    expect(cells).toEqual(['1', '第一段', '1', '第一段', '2', '删除：第二段', '2', '新增：第二段（改）']);
  });

  it('names the stories it may be the same as, linked to their review pages', async () => {
    render(<StoryReviewPage id="S1" />);
    const section = (await screen.findByText('可能与以下稿件重复')).closest('section')!;
    expect(section.textContent).toContain('最美逆行者');
    expect(section.textContent).toContain('相似度 82%');
    expect(section.querySelector('a')!.getAttribute('href')).toBe('/desk/story/S7');
  });

  it('on a version conflict shows what changed meanwhile, keeps the note, and reapplies only when asked', async () => {
    const user = userEvent.setup();
    render(<StoryReviewPage id="S1" />);
    const note = await screen.findByLabelText('“批准”的说明（可选，记入修订记录）');
    // Another editor changes the body while this one reads version 2.
    story = serverStory(3, 'IN_REVIEW', [...[...story.revisions].reverse(), revision(3, 'editor-qian', 'UPDATE', '第一段\n第二段（又改）\n', ['body'])]);
    await user.type(note, '写得很好');
    await user.click(screen.getByText('批准'));

    const alert = () => document.querySelector('[role="alert"]')?.textContent ?? '';
    await waitFor(() => expect(alert()).toContain('您阅读的是第 2 版，此后稿件已被修改，现为第 3 版'));
    // What changed meanwhile, once the page has re-read the story.
    await waitFor(() => expect(alert()).toContain('第 3 版：editor-qian，修改（body）'));
    // …and the change itself, side by side: the text the editor read beside the text as it is now.
    const changes = [...document.querySelectorAll('[role="alert"] table td')].map((c) => c.textContent);
    expect(changes).toEqual(['1', '第一段', '1', '第一段', '2', '删除：第二段（改）', '2', '新增：第二段（又改）']);
    expect(mutations).toEqual([{ id: 'S1', expectedVersion: 2, note: '写得很好' }]);
    // The page now shows version 3; the editor's note is still there, and nothing was sent again on its own.
    expect((screen.getByLabelText('“批准”的说明（可选，记入修订记录）') as HTMLTextAreaElement).value).toBe('写得很好');

    await user.click(screen.getByText('在第 3 版上重新批准'));
    await waitFor(() => expect(screen.getByText('已批准。')).toBeTruthy());
    expect(mutations).toEqual([{ id: 'S1', expectedVersion: 2, note: '写得很好' }, { id: 'S1', expectedVersion: 3, note: '写得很好' }]);
    expect(document.querySelector('[role="alert"]')).toBeNull();
    expect((await screen.findByText('发布')).tagName).toBe('BUTTON');
    // The outcome is still said after the page re-read the story.
    expect(screen.getByText('已批准。')).toBeTruthy();
  });

  it('offers featuring a published story when the API says so, without a note', async () => {
    story = serverStory(4, 'PUBLISHED', [...[...story.revisions].reverse(), revision(3, 'editor-zhao', 'approve', '第一段\n第二段（改）\n', ['status']), revision(4, 'editor-zhao', 'publish', '第一段\n第二段（改）\n', ['status'])]);
    const user = userEvent.setup();
    render(<StoryReviewPage id="S1" />);
    const feature = await screen.findByText('设为精选');
    expect(feature.tagName).toBe('BUTTON');
    // Archiving has its note; featuring takes none.
    expect(screen.getByLabelText('“归档”的说明（可选，记入修订记录）')).toBeTruthy();
    expect(feature.closest('form')!.querySelector('textarea')).toBeNull();
    await user.click(feature);
    await waitFor(() => expect(screen.getByText('已设为精选。')).toBeTruthy());
    expect(mutations).toEqual([{ id: 'S1', expectedVersion: 4 }]);
    expect((await screen.findByText('取消精选')).tagName).toBe('BUTTON');
  });
});
