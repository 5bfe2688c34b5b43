// A branch's unsent forms, kept in this browser's localStorage as they are typed: a reload, a closed tab, a lost
// connection or an ended session (signing in again through the identity provider leaves the page) loses nothing.
// Kept per person and per form, and removed once the server has the text. Only what the person typed is stored —
// never a credential (the session stays in its HttpOnly cookie).
import { useCallback, useEffect, useRef, useState } from 'react';

const prefix = 'dangjian.draft.';

export interface Saved<T> {
  savedAt: string;
  value: T;
}

export function draftKey(subject: string, form: string): string {
  return `${prefix}${subject}.${form}`;
}

export function readDraft<T>(key: string): Saved<T> | null {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return null;
    const saved = JSON.parse(raw) as Saved<T>;
    return saved && typeof saved === 'object' && 'value' in saved ? saved : null;
  } catch {
    return null;
  }
}

export function writeDraft<T>(key: string, value: T, now = new Date()) {
  try {
    localStorage.setItem(key, JSON.stringify({ savedAt: now.toISOString(), value } satisfies Saved<T>));
  } catch {
    // Storage full or switched off: the form still works, it is only not kept.
  }
}

export function removeDraft(key: string) {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing kept, nothing to remove.
  }
}

export interface Draft<T> {
  value: T;
  /** When the draft this form started from was saved, if it started from one (the page says it was restored). */
  restoredFrom: string | null;
  update: (patch: Partial<T>) => void;
  /** The server has it: forget the draft. */
  clear: () => void;
  /** Throw the draft away and start again from `initial`. */
  discard: () => void;
}

/**
 * A form's fields, saved on every change. `initial` is where a form without a draft starts (empty, or the story as
 * the server has it); a saved draft wins over it, since it is what the person last typed.
 */
export function useDraft<T extends object>(key: string, initial: T): Draft<T> {
  const [start] = useState(() => readDraft<T>(key));
  const [value, setValue] = useState<T>(() => (start ? { ...initial, ...start.value } : initial));
  const [restoredFrom, setRestoredFrom] = useState<string | null>(start?.savedAt ?? null);
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const touched = useRef(false);
  useEffect(() => {
    if (touched.current) writeDraft(key, value);
  }, [key, value]);
  const update = useCallback((patch: Partial<T>) => {
    touched.current = true;
    setValue((v) => ({ ...v, ...patch }));
  }, []);
  const clear = useCallback(() => {
    touched.current = false;
    removeDraft(key);
  }, [key]);
  const discard = useCallback(() => {
    touched.current = false;
    removeDraft(key);
    setValue(initialRef.current);
    setRestoredFrom(null);
  }, [key]);
  return { value, restoredFrom, update, clear, discard };
}
