import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Citation } from './Citation';

const citation = {
  gbt: '中共娄底市直属机关工作委员会. 关于动员……的通知：三、在联防联控群防群治上作表率[EB/OL]. (2020-01-29)[2026-12-02]. http://localhost/d/x.',
  apa: '中共娄底市直属机关工作委员会. (2020, January 29). 关于动员……的通知. http://localhost/d/x',
};

describe('citation copy', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names each style and copies exactly its reference, then says so', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    render(<Citation citation={citation} />);
    expect(screen.getByText('GB/T 7714—2015')).toBeTruthy();
    expect(screen.getByText('APA（第 7 版）')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: '复制 GB/T 7714—2015 格式引文' }));
    expect(writeText).toHaveBeenLastCalledWith(citation.gbt);
    expect(screen.getByRole('status').textContent).toBe('已复制 GB/T 7714—2015 格式引文');

    await user.click(screen.getByRole('button', { name: '复制 APA（第 7 版） 格式引文' }));
    expect(writeText).toHaveBeenLastCalledWith(citation.apa);
    expect(screen.getByRole('status').textContent).toBe('已复制 APA（第 7 版） 格式引文');
  });

  it('says when the browser refuses', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    render(<Citation citation={citation} />);
    await act(() => user.click(screen.getByRole('button', { name: '复制 GB/T 7714—2015 格式引文' })));
    expect(screen.getByRole('status').textContent).toBe('复制失败，请手动选择文字复制');
  });
});
