import { describe, expect, it } from 'vitest';
import { corrections, draftOf, type PreviewDirective } from './directiveImport';

const parsed: PreviewDirective = {
  title: '关于……的通知',
  documentType: 'NOTICE',
  issuer: { name: '中共娄底市直属机关工作委员会', id: 'O1', isNew: false },
  documentNumber: null,
  addressees: ['市直各基层党组织'],
  issuedOn: '2020-01-29',
  preamble: '当前是……关键时期。',
  sections: [
    { number: 1, heading: '在政治坚定狠抓落实上作表率', body: '面对……' },
    { number: 2, heading: '在敢战敢胜能战能胜上作表率', body: '市直……' },
  ],
  closing: null,
  contact: { emails: ['ldjgdj1616@163.com'], phones: [], text: null },
  attachments: [],
};

describe('directive import corrections', () => {
  it('sends nothing when nothing was changed', () => {
    expect(corrections(parsed, draftOf(parsed))).toBeNull();
  });

  it('sends only the fields the editor changed, lists split as written', () => {
    const draft = { ...draftOf(parsed), documentNumber: ' 娄直工发〔2020〕3号 ', addressees: '市直各基层党组织，各县市区委组织部', attachments: '1. 名单\n\n2. 表格' };
    expect(corrections(parsed, draft)).toEqual({
      documentNumber: '娄直工发〔2020〕3号',
      addressees: ['市直各基层党组织', '各县市区委组织部'],
      attachments: ['1. 名单', '2. 表格'],
    });
  });

  it('keeps a group addressee holding a 、 as one addressee, unchanged', () => {
    const group = { ...parsed, addressees: ['院属各党总支、党支部', '各县市区委组织部'] };
    expect(draftOf(group).addressees).toBe('院属各党总支、党支部，各县市区委组织部');
    expect(corrections(group, draftOf(group))).toBeNull();
  });

  it('sends every section, in order, when one heading changed', () => {
    const draft = draftOf(parsed);
    draft.sections[1] = { ...draft.sections[1]!, heading: '在敢战能胜上作表率' };
    expect(corrections(parsed, draft)).toEqual({
      sections: [
        { heading: '在政治坚定狠抓落实上作表率', body: '面对……' },
        { heading: '在敢战能胜上作表率', body: '市直……' },
      ],
    });
  });

  it('sends the contact as a whole when an address changed', () => {
    const draft = { ...draftOf(parsed), contactEmails: 'ldjgdj1616@163.com, dj@example.cn' };
    expect(corrections(parsed, draft)).toEqual({ contact: { text: null, emails: ['ldjgdj1616@163.com', 'dj@example.cn'], phones: [] } });
  });
});
