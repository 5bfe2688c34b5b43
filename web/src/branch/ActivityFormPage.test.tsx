import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession, resetSession } from '../session/session';
import ActivityFormPage, { chinaInstant } from './ActivityFormPage';
import BranchPage from './BranchPage';

const secretary = {
  signedIn: true,
  sessionEnded: false,
  person: { subject: 'secretary-li', name: '李书记', role: 'BRANCH', organizationId: 'ld-zxyy-frmz', organizationNodeId: 'ORG1' },
  expiresAt: null,
  antiforgeryToken: 't',
  signInMethods: { development: true, oidc: false },
};

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

describe('a branch logs an activity', () => {
  let sent: Record<string, unknown>[];
  beforeEach(async () => {
    localStorage.clear();
    resetSession();
    sent = [];
    window.history.replaceState(null, '', '/branch/activity/new');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input) === '/auth/session') return json(secretary);
      const v = (JSON.parse(String(init?.body)) as { variables?: Record<string, unknown> }).variables ?? {};
      sent.push(v);
      if ('org' in v)
        return json({
          data: {
            organization: { id: 'ORG1', name: '发热门诊火线党支部' },
            stories: { totalCount: 1, nodes: [{ id: 'S1', version: 3, title: '方舱里的一堂党课', status: 'CHANGES_REQUESTED', updatedAt: '2026-12-01T08:00:00Z', transitions: [{ to: 'CHANGES_REQUESTED', at: '2026-12-01T08:00:00Z', note: '请补充时间和地点' }] }] },
            activityLogs: { totalCount: 0, nodes: [] },
          },
        });
      if ('input' in v) return json({ data: { logActivity: { activityLog: { id: 'A9', version: 1, title: '方舱支部组织生活会' }, errors: null } } });
      return json({
        data: {
          directives: { nodes: [{ id: 'D1', title: '通知', sections: [{ id: 'X2', number: 2, heading: '在宣传教育上作表率' }] }] },
          studyMaterials: { nodes: [{ id: 'M1', title: '习近平关于疫情防控的重要讲话' }] },
        },
      });
    });
    await loadSession();
  });
  afterEach(() => vi.restoreAllMocks());

  it('sends date, place, participant count and names, sections and study materials, then says so on the branch page', async () => {
    const user = userEvent.setup();
    render(<ActivityFormPage />);
    await user.selectOptions(await screen.findByLabelText('活动类型'), '政治学习');
    await user.type(screen.getByLabelText('活动名称'), '方舱支部组织生活会');
    await user.type(screen.getByLabelText('日期和时间'), '2020-02-01T09:30');
    await user.type(screen.getByLabelText('地点'), '方舱医院');
    await user.type(screen.getByLabelText('参加人数'), '12');
    await user.type(screen.getByLabelText(/参加人员/), '王建国、李红梅， 张伟');
    await user.click(screen.getByLabelText(/在宣传教育上作表率/));
    await user.click(screen.getByLabelText('习近平关于疫情防控的重要讲话'));
    expect(localStorage.getItem('dangjian.draft.secretary-li.activity.new')).toContain('方舱医院');
    await user.click(screen.getByText('保存活动记录'));
    await waitFor(() => expect(window.location.pathname).toBe('/branch'));
    expect(sent.find((v) => 'input' in v)).toEqual({
      input: {
        organizationId: 'ORG1', kind: 'POLITICAL_STUDY', title: '方舱支部组织生活会', occurredAt: '2020-02-01T09:30:00+08:00', place: '方舱医院',
        participantCount: 12, participants: ['王建国', '李红梅', '张伟'], summary: null, sectionIds: ['X2'], studyMaterialIds: ['M1'],
      },
    });
    expect(localStorage.length).toBe(0);

    render(<BranchPage />);
    expect(await screen.findByText('活动“方舱支部组织生活会”已记录。')).toBeTruthy();
    // The story sent back, with the editor's note and a way to revise it.
    expect(screen.getByText('请补充时间和地点')).toBeTruthy();
    expect(screen.getByLabelText('修改：方舱里的一堂党课').getAttribute('href')).toBe('/branch/story/S1');
    expect(sent.find((v) => 'org' in v)).toEqual({ org: 'ORG1' });
  });

  it('reads the control’s date and time as China time', () => {
    expect(chinaInstant('2020-02-01T09:30')).toBe('2020-02-01T09:30:00+08:00');
    expect(chinaInstant('2020-02-01T09:30:15')).toBe('2020-02-01T09:30:15+08:00');
  });
});
