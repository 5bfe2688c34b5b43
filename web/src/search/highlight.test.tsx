import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Highlight, parseFragment, sectionOfFragment, unescapeHtml } from './highlight';
import { matchEnd as E, matchStart as S } from './state';

describe('highlighted fragments', () => {
  it('splits a fragment into plain and matching parts', () => {
    expect(parseFragment(`在疫情${S}防控${E}阻击战中${S}防控${E}`)).toEqual([
      { text: '在疫情', match: false },
      { text: '防控', match: true },
      { text: '阻击战中', match: false },
      { text: '防控', match: true },
    ]);
  });

  it('undoes the server escaping as text', () => {
    expect(unescapeHtml('&lt;b&gt; &amp;amp; &quot;x&quot; &#39;y&#39; &#x4E2D; &#20013; &bogus;')).toBe('<b> &amp; "x" \'y\' 中 中 &bogus;');
  });

  it('renders matches as <mark> and never injects markup from a document', () => {
    const hostile = `&lt;img src=x onerror=alert(1)&gt;${S}&lt;script&gt;alert(2)&lt;/script&gt;${E}<b>raw</b>`;
    const { container } = render(<Highlight fragment={hostile} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    const marks = container.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.textContent).toBe('<script>alert(2)</script>');
    expect(container.textContent).toBe('<img src=x onerror=alert(1)><script>alert(2)</script><b>raw</b>');
  });

  it('tolerates an unclosed marker', () => {
    expect(parseFragment(`前${S}后`)).toEqual([
      { text: '前', match: false },
      { text: '后', match: true },
    ]);
  });
});

describe('the section a fragment comes from', () => {
  const sections = [
    { id: 's1', number: 1, heading: '在政治坚定狠抓落实上作表率', body: '面对疫情加快蔓延的严峻形势，要旗帜鲜明讲政治。' },
    { id: 's3', number: 3, heading: '在联防联控群防群治上作表率', body: '市县乡村四级防控和网格化防控管理体系中，市直机关是不可或缺的环节和力量。' },
  ];

  it('is the section holding the fragment', () => {
    expect(sectionOfFragment(`市县乡村四级${S}防控${E}和网格化`, sections)?.number).toBe(3);
    expect(sectionOfFragment(`在联防联控群防群治上作表率。市县乡村`, sections)?.number).toBe(3);
  });

  it('is found by a long piece when the fragment was cut differently', () => {
    expect(sectionOfFragment(`……严峻形势，要旗帜鲜明讲政治；另一段文字`, sections)?.number).toBe(1);
  });

  it('is none for text of no section (the preamble)', () => {
    expect(sectionOfFragment('当前是新型冠状病毒感染的肺炎疫情防控关键时期', sections)).toBeUndefined();
  });
});
