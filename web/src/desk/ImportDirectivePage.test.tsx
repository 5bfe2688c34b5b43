import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSession, resetSession } from '../session/session';
import ImportDirectivePage from './ImportDirectivePage';

const session = (role: string) => ({
  signedIn: true,
  sessionEnded: false,
  person: { subject: 'editor-zhao', name: '赵编辑', role, organizationId: null },
  expiresAt: null,
  antiforgeryToken: 'af-token',
  signInMethods: { development: true, oidc: false },
});

const preview = {
  mode: 'preview',
  file: { format: 'PDF', readAs: 'PDF, 2 pages' },
  text: '中共娄底市直属机关工作委员会\n关于动员……的通知\n',
  directive: {
    title: '关于动员……的通知',
    documentType: 'NOTICE',
    issuer: { name: '中共娄底市直属机关工作委员会', id: 'O1', isNew: false },
    documentNumber: null,
    addressees: ['市直各基层党组织'],
    issuedOn: '2020-01-29',
    preamble: '当前是……关键时期。',
    sections: [{ number: 1, heading: '在政治坚定狠抓落实上作表率', body: '面对……' }],
    closing: null,
    contact: { emails: ['ldjgdj1616@163.com'], phones: [], text: null },
    attachments: [],
  },
  warnings: [{ code: 'DATE_NOT_FOUND', message: 'No date was found.', line: 12 }],
  alreadyImported: null,
};

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

describe('directive import page', () => {
  let sent: Sent[];
  let role: string;
  let upload: () => Response;
  beforeEach(async () => {
    resetSession();
    sent = [];
    role = 'EDITOR';
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    upload = () => json(preview);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      if (url === '/auth/session') return json(session(role));
      sent.push({ url, headers: (init?.headers ?? {}) as Record<string, string>, body: url.startsWith('/graphql') ? JSON.parse(String(init?.body)) : init?.body });
      if (url.startsWith('/import/directive')) return upload();
      const variables = (JSON.parse(String(init?.body)) as { variables: Record<string, unknown> }).variables;
      if ('text' in variables)
        return json({ data: { importDirective: { directive: { id: 'D1', version: 1, status: 'DRAFT', title: '关于动员……的通知' }, alreadyImported: false, warnings: [], errors: null } } });
      if ('title' in variables || 'documentNumber' in variables)
        return json({ data: { updateDirective: { directive: { id: 'D1', version: 2, status: 'DRAFT' }, errors: null } } });
      return json({ data: { publishDirective: { directive: { id: 'D1', version: 3, status: 'PUBLISHED' }, errors: null } } });
    });
    await loadSession();
  });
  afterEach(() => vi.restoreAllMocks());

  const choose = async (user: ReturnType<typeof userEvent.setup>) => {
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, new File(['%PDF-1.7'], '通知.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByText('读取并预览'));
  };

  it('uploads the file itself with the antiforgery token and shows the parsed directive beside the source, with warnings', async () => {
    const user = userEvent.setup();
    render(<ImportDirectivePage />);
    await choose(user);

    await screen.findByText('解析结果');
    expect(sent[0]!.url).toBe('/import/directive?mode=preview&name=' + encodeURIComponent('通知.pdf'));
    expect(sent[0]!.headers['X-CSRF-Token']).toBe('af-token');
    expect(sent[0]!.body).toBeInstanceOf(File);
    expect(document.querySelector('.import-source pre')?.textContent).toBe(preview.text);
    expect(screen.getByText('读取方式：PDF, 2 pages')).toBeTruthy();
    expect(document.querySelector('.import-warnings')?.textContent).toContain('DATE_NOT_FOUND');
    expect(document.querySelector('.import-warnings')?.textContent).toContain('第 12 行：');
    expect((screen.getByLabelText('标题') as HTMLInputElement).value).toBe('关于动员……的通知');
    expect((screen.getByLabelText('第 1 条标题') as HTMLInputElement).value).toBe('在政治坚定狠抓落实上作表率');
    expect((screen.getByLabelText('成文日期') as HTMLInputElement).value).toBe('2020-01-29');
    expect(screen.getByText('中共娄底市直属机关工作委员会')).toBeTruthy();
  });

  it('saves a draft from the previewed text, sends the corrections, and publishes when asked', async () => {
    const user = userEvent.setup();
    render(<ImportDirectivePage />);
    await choose(user);
    const number = await screen.findByLabelText('文号');
    await user.type(number, '娄直工发〔2020〕3号');
    await user.click(screen.getByText('保存并发布'));

    await waitFor(() => expect(document.querySelector('.import-saved')?.textContent).toContain('已发布。'));
    const operations = sent.filter((s) => s.url === '/graphql').map((s) => (s.body as { variables: Record<string, unknown> }).variables);
    expect(operations).toEqual([
      { text: preview.text, sourceName: '通知.pdf' },
      { id: 'D1', expectedVersion: 1, documentNumber: '娄直工发〔2020〕3号' },
      { id: 'D1', expectedVersion: 2 },
    ]);
    expect(sent.filter((s) => s.url === '/graphql').every((s) => s.headers['X-CSRF-Token'] === 'af-token')).toBe(true);
  });

  it('shows the server’s refusal of a file', async () => {
    upload = () =>
      new Response(JSON.stringify({ errors: [{ message: 'This PDF has no text layer', extensions: { code: 'NO_TEXT_LAYER' } }] }), { status: 400 });
    const user = userEvent.setup();
    render(<ImportDirectivePage />);
    await choose(user);

    await waitFor(() => expect(document.querySelector('[role="alert"]')?.textContent).toContain('此 PDF 没有文字层'));
    expect(document.querySelector('.import-preview')).toBeNull();
  });

  it('asks readers to sign in as an editor and sends nothing', async () => {
    role = 'BRANCH';
    resetSession();
    await loadSession();
    render(<ImportDirectivePage />);

    expect(screen.getByText('导入公文供编辑使用，请以编辑身份登录。')).toBeTruthy();
    expect(sent).toEqual([]);
  });
});
