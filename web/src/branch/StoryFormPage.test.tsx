import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession, resetSession } from '../session/session';
import StoryFormPage from './StoryFormPage';

const secretary = {
  signedIn: true,
  sessionEnded: false,
  person: { subject: 'secretary-li', name: '李书记', role: 'BRANCH', organizationId: 'ld-zxyy-frmz', organizationNodeId: 'ORG1' },
  expiresAt: null,
  antiforgeryToken: 't',
  signInMethods: { development: true, oidc: false },
};

const choices = {
  directives: { nodes: [{ id: 'D1', title: '关于充分发挥基层党组织战斗堡垒作用的通知', sections: [{ id: 'X1', number: 1, heading: '提高政治站位' }, { id: 'X3', number: 3, heading: '在联防联控上作表率' }] }] },
  studyMaterials: { nodes: [] },
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

type Sent = { variables: Record<string, unknown> };

/** The server's answers by what the page asks (each operation's variables tell them apart), recording what was sent. */
function fakeServer(answer: (variables: Record<string, unknown>) => Response | undefined) {
  const sent: Sent[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) === '/auth/session') return json(secretary);
    const body = JSON.parse(String(init?.body)) as Sent;
    sent.push(body);
    const v = body.variables ?? {};
    if ('markdown' in v) return json({ data: { markdownPreview: `<p>${String(v.markdown).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>` } });
    if (Object.keys(v).length === 0) return json({ data: choices });
    return answer(v) ?? json({ errors: [{ message: 'unexpected', extensions: { code: 'UNEXPECTED' } }] });
  });
  return sent;
}

const mutations = (sent: Sent[]) => sent.filter((s) => 'input' in s.variables || 'expectedVersion' in s.variables).map((s) => s.variables);

describe('a branch writes a story', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    resetSession();
    // Where the form is, so that arriving on /branch afterwards is this test's doing.
    window.history.replaceState(null, '', '/branch/story/new');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('previews the Markdown as the server renders it, keeps a draft as it is typed, and submits with the sections picked', async () => {
    const sent = fakeServer((v) =>
      'input' in v ? json({ data: { submitStory: { story: { id: 'S9', version: 1, status: 'SUBMITTED', title: '方舱里的一堂党课' }, errors: null } } }) : undefined,
    );
    await loadSession();
    const user = userEvent.setup();
    const view = render(<StoryFormPage />);
    await user.type(await screen.findByLabelText('标题'), '方舱里的一堂党课');
    await user.type(screen.getByLabelText('正文（Markdown）'), '党员**主动请战**');
    // The preview is the server's rendering of what was typed, asked for once typing pauses.
    await waitFor(() => expect(document.querySelector('.preview strong')?.textContent).toBe('主动请战'), { timeout: 5000 });
    await user.click(screen.getByLabelText(/在联防联控上作表率/));

    // A reload: the form comes back as it was typed.
    view.unmount();
    render(<StoryFormPage />);
    expect(((await screen.findByLabelText('标题')) as HTMLInputElement).value).toBe('方舱里的一堂党课');
    expect((screen.getByLabelText('正文（Markdown）') as HTMLTextAreaElement).value).toBe('党员**主动请战**');
    expect((screen.getByLabelText(/在联防联控上作表率/) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/已恢复您.*未提交的草稿/)).toBeTruthy();

    await user.click(screen.getByText('提交审核'));
    await waitFor(() => expect(window.location.pathname).toBe('/branch'));
    expect(mutations(sent)).toEqual([
      { input: { submittingOrganizationId: 'ORG1', title: '方舱里的一堂党课', summary: '', body: '党员**主动请战**', tags: [], sectionIds: ['X3'], occurredOn: null, note: null } },
    ]);
    // The server has it: the draft is gone.
    expect(localStorage.length).toBe(0);
  });

  const sentBack = (version: number, body: string) => ({
    data: {
      node: {
        id: 'S1', version, title: '方舱里的一堂党课', summary: '', body, tags: ['方舱'], status: 'CHANGES_REQUESTED', allowedActions: ['RESUBMIT'],
        sections: [{ id: 'X1' }], transitions: [{ from: 'IN_REVIEW', to: 'CHANGES_REQUESTED', at: '2026-12-01T08:00:00Z', note: '请补充时间和地点' }],
      },
    },
  });

  it('revises a story sent back: shows the editor’s note, saves on the version read, then resubmits', async () => {
    const sent = fakeServer((v) => {
      if ('id' in v && !('expectedVersion' in v)) return json(sentBack(3, '初稿'));
      if ('input' in v) return json({ data: { updateStory: { story: { id: 'S1', version: 4, status: 'CHANGES_REQUESTED', title: '方舱里的一堂党课' }, errors: null } } });
      if ('expectedVersion' in v) return json({ data: { resubmitStory: { story: { id: 'S1', version: 5, status: 'SUBMITTED', publishedAt: null }, errors: null } } });
      return undefined;
    });
    await loadSession();
    const user = userEvent.setup();
    render(<StoryFormPage id="S1" />);
    expect(await screen.findByText('请补充时间和地点')).toBeTruthy();
    const body = screen.getByLabelText('正文（Markdown）');
    await user.clear(body);
    await user.type(body, '二月一日，在方舱医院。');
    await user.click(screen.getByText('保存并重新提交'));
    await waitFor(() => expect(window.location.pathname).toBe('/branch'));
    expect(mutations(sent)).toEqual([
      { input: { id: 'S1', expectedVersion: 3, title: '方舱里的一堂党课', summary: '', body: '二月一日，在方舱医院。', tags: ['方舱'], sectionIds: ['X1'], occurredOn: null, note: null } },
      { id: 'S1', expectedVersion: 4, note: null },
    ]);
  });

  it('on a version conflict keeps the text, shows it beside the current one, and saves on the current version only when asked', async () => {
    let version = 3;
    const sent = fakeServer((v) => {
      if ('id' in v && !('expectedVersion' in v)) return json(sentBack(version, version === 3 ? '初稿' : '编辑改过的稿子'));
      const input = v.input as { expectedVersion: number } | undefined;
      if (input && input.expectedVersion !== version)
        return json({ data: { updateStory: { story: null, errors: [{ __typename: 'VersionConflictError', code: 'VERSION_CONFLICT', message: 'stale', currentVersion: version }] } } });
      if (input) return json({ data: { updateStory: { story: { id: 'S1', version: version + 1, status: 'CHANGES_REQUESTED', title: '方舱里的一堂党课' }, errors: null } } });
      return undefined;
    });
    await loadSession();
    const user = userEvent.setup();
    render(<StoryFormPage id="S1" />);
    const body = await screen.findByLabelText('正文（Markdown）');
    await user.clear(body);
    await user.type(body, '我的修改');
    version = 4; // an editor changed it meanwhile
    await user.click(screen.getByText('保存修改'));

    const alert = () => document.querySelector('.conflict')?.textContent ?? '';
    await waitFor(() => expect(alert()).toContain('现为第 4 版'));
    await waitFor(() => expect([...document.querySelectorAll('.conflict td')].map((c) => c.textContent)).toEqual(['1', '删除：编辑改过的稿子', '1', '新增：我的修改']));
    expect((screen.getByLabelText('正文（Markdown）') as HTMLTextAreaElement).value).toBe('我的修改');
    expect(mutations(sent)).toHaveLength(1);

    await user.click(screen.getByText('在第 4 版上保存我的修改'));
    await waitFor(() => expect(window.location.pathname).toBe('/branch'));
    expect(mutations(sent).map((m) => (m.input as { expectedVersion: number }).expectedVersion)).toEqual([3, 4]);
  });

  it('keeps the form and its draft when the session has ended, and sends nothing twice', async () => {
    const sent = fakeServer((v) =>
      'input' in v ? json({ errors: [{ message: 'Your session has ended; sign in again.', extensions: { code: 'SESSION_EXPIRED' } }] }, 401) : undefined,
    );
    await loadSession();
    const user = userEvent.setup();
    render(<StoryFormPage />);
    await user.type(await screen.findByLabelText('标题'), '未完成的稿子');
    await user.type(screen.getByLabelText('正文（Markdown）'), '正文');
    await user.click(screen.getByText('提交审核'));
    await waitFor(() => expect(mutations(sent)).toHaveLength(1));
    // The draft is still there for when the person has signed in again.
    await waitFor(() => expect(localStorage.getItem('dangjian.draft.secretary-li.story.new')).toContain('未完成的稿子'));
    expect(mutations(sent)).toHaveLength(1);
  });
});
