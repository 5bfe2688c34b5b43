import { act, render } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { draftKey, readDraft, useDraft, type Draft } from './drafts';

type Fields = { title: string; body: string };

describe('drafts saved as they are typed', () => {
  beforeEach(() => localStorage.clear());

  function mount(initial: Fields) {
    const seen: { draft?: Draft<Fields> } = {};
    function Form() {
      seen.draft = useDraft<Fields>(draftKey('secretary-li', 'story.new'), initial);
      return null;
    }
    const view = render(<Form />);
    return { seen, view };
  }

  it('keeps every change in localStorage and restores it after a reload, over where the form would start', () => {
    const first = mount({ title: '', body: '' });
    expect(first.seen.draft!.restoredFrom).toBeNull();
    // Nothing is stored before anything is typed.
    expect(localStorage.length).toBe(0);
    act(() => first.seen.draft!.update({ title: '方舱里的一堂党课' }));
    act(() => first.seen.draft!.update({ body: '第一段' }));
    expect(readDraft<Fields>(draftKey('secretary-li', 'story.new'))?.value).toEqual({ title: '方舱里的一堂党课', body: '第一段' });
    first.view.unmount();

    // A reload (or signing in again after the session ended) mounts the form afresh.
    const again = mount({ title: '', body: '' });
    expect(again.seen.draft!.value).toEqual({ title: '方舱里的一堂党课', body: '第一段' });
    expect(again.seen.draft!.restoredFrom).not.toBeNull();
  });

  it('is forgotten once sent, and discarding starts again from the server’s text', () => {
    const first = mount({ title: '原标题', body: '原文' });
    act(() => first.seen.draft!.update({ body: '改过的' }));
    act(() => first.seen.draft!.discard());
    expect(first.seen.draft!.value).toEqual({ title: '原标题', body: '原文' });
    expect(localStorage.length).toBe(0);

    act(() => first.seen.draft!.update({ body: '再改' }));
    act(() => first.seen.draft!.clear());
    expect(localStorage.length).toBe(0);
  });

  it('keeps one person’s draft from another’s', () => {
    expect(draftKey('secretary-li', 'story.new')).not.toBe(draftKey('secretary-zhou', 'story.new'));
  });

  it('ignores a stored value that is not a draft', () => {
    localStorage.setItem(draftKey('secretary-li', 'story.new'), '{not json');
    expect(mount({ title: 'x', body: '' }).seen.draft!.value).toEqual({ title: 'x', body: '' });
  });
});
