import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Highlight, parseFragment, unescapeHtml } from './highlight';
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
