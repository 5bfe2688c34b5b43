import { render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { Expansions, Hit, type SearchEdge } from './Hit';
import { matchEnd as E, matchStart as S } from './state';

const notice = {
  __typename: 'Directive' as const,
  id: 'RGlyZWN0aXZlOm5vdGljZQ',
  title: '关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知',
  issuedOn: '2020-01-29',
  documentNumber: null,
  issuer: { name: '中共娄底市直属机关工作委员会' },
};

function edge(overrides: Partial<SearchEdge>): SearchEdge {
  return {
    cursor: 'c1',
    highlights: [{ field: 'TEXT', fragments: [`市县乡村四级${S}防控${E}和网格化`, `另一段${S}防控${E}`] }],
    section: { number: 3, heading: '在联防联控群防群治上作表率', anchor: 'section-3' },
    node: notice,
    ...overrides,
  };
}

const inList = (ui: ReactElement) => render(<ol>{ui}</ol>);

describe('a search hit', () => {
  it('names and links the section the API says its best fragment comes from', () => {
    inList(<Hit edge={edge({})} />);
    const link = screen.getByRole('link', { name: '出自三、在联防联控群防群治上作表率' });
    expect(link.getAttribute('href')).toBe(`/d/${notice.id}#section-3`);
    // Once, on the best (first) fragment: the API names the section of that fragment only.
    expect(screen.getAllByRole('link', { name: /^出自/ })).toHaveLength(1);
    expect(link.closest('p')!.textContent).toContain('市县乡村四级防控和网格化');
  });

  it('uses the anchor the API gives, not one made from the number', () => {
    inList(<Hit edge={edge({ section: { number: 2, heading: '标题', anchor: 'part-b' } })} />);
    expect(screen.getByRole('link', { name: '出自二、标题' }).getAttribute('href')).toBe(`/d/${notice.id}#part-b`);
  });

  it('names no section when the API gives none (a match in the title or preamble)', () => {
    inList(<Hit edge={edge({ section: null })} />);
    expect(screen.queryByRole('link', { name: /^出自/ })).toBeNull();
    expect(screen.getByRole('link', { name: notice.title })).toBeTruthy();
  });

  it('still links the section when only the title matched', () => {
    inList(<Hit edge={edge({ highlights: [] })} />);
    expect(screen.getByRole('link', { name: '出自三、在联防联控群防群治上作表率' })).toBeTruthy();
  });

  it('shows a hostile section heading, title and fragment as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = inList(
      <Hit
        edge={edge({
          highlights: [
            { field: 'TITLE', fragments: [`&lt;script&gt;alert(1)&lt;/script&gt;${S}通知${E}`] },
            { field: 'TEXT', fragments: [`&lt;b&gt;粗&lt;/b&gt;${S}防控${E}<i>raw</i>`] },
          ],
          section: { number: 1, heading: hostile, anchor: 'section-1"><script>x</script>' },
        })}
      />,
    );
    expect(container.querySelector('img, script, b, i')).toBeNull();
    expect(screen.getByRole('link', { name: `出自一、${hostile}` }).getAttribute('href')).toBe(`/d/${notice.id}#section-1"><script>x</script>`);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('<script>alert(1)</script>通知');
    expect(container.querySelectorAll('mark')).toHaveLength(2);
  });

  it('links no section for other kinds', () => {
    inList(
      <Hit
        edge={edge({
          node: { __typename: 'Story', id: 's1', title: '火线上的党旗', occurredOn: null, publishedAt: '2020-02-01T00:00:00Z', submittedAt: '2020-01-31T00:00:00Z', submittingOrganization: { name: '某支部' } },
        })}
      />,
    );
    expect(screen.queryByRole('link', { name: /^出自/ })).toBeNull();
  });

  it('dates a story from an older archive by its historical date, not by when it was entered', () => {
    const { container } = inList(
      <Hit
        edge={edge({
          node: { __typename: 'Story', id: 's2', title: '旧档案里的故事', occurredOn: '2020-02-03', publishedAt: '2026-12-01T00:00:00Z', submittedAt: '2026-12-01T00:00:00Z', submittingOrganization: { name: '某支部' } },
        })}
      />,
    );
    expect(container.textContent).toContain('2020年2月3日');
    expect(container.textContent).not.toContain('2026');
  });
});

describe('the synonyms a search also looked for', () => {
  it('lists each expanded word with the forms searched for besides it', () => {
    const { container } = render(
      <Expansions
        expansions={[
          { term: '新冠', synonyms: ['新冠肺炎', 'COVID-19'] },
          { term: '社保', synonyms: ['社会保险'] },
        ]}
      />,
    );
    expect(container.textContent).toBe('也搜索了：新冠肺炎、COVID-19（同“新冠”）；社会保险（同“社保”）');
    expect([...container.querySelectorAll('q')].map((q) => q.textContent)).toEqual(['新冠肺炎', 'COVID-19', '社会保险']);
  });

  it('shows nothing when no synonym applied', () => {
    const { container } = render(<Expansions expansions={[]} />);
    expect(container.textContent).toBe('');
    const { container: other } = render(<Expansions expansions={[{ term: '防控', synonyms: [] }]} />);
    expect(other.textContent).toBe('');
  });

  it('shows a hostile synonym as text', () => {
    const { container } = render(<Expansions expansions={[{ term: '<b>x</b>', synonyms: ['<img src=x onerror=alert(1)>'] }]} />);
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.textContent).toBe('也搜索了：<img src=x onerror=alert(1)>（同“<b>x</b>”）');
  });
});
