// A form's unsaved input, kept in this tab's sessionStorage as it is typed: signing in again through the identity
// provider leaves the page and comes back, and what was typed must still be there. (The development sign-in
// happens in place, so nothing is lost even without this.)
import { useCallback, useState } from 'react';

const prefix = 'dangjian.form.';

export function usePreservedState<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const storageKey = prefix + key;
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      return saved === null ? initial : (JSON.parse(saved) as T);
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (next: T) => {
      setValue(next);
      try {
        sessionStorage.setItem(storageKey, JSON.stringify(next));
      } catch {
        // Storage full or switched off: the form still works, it is only not kept across a sign-in.
      }
    },
    [storageKey],
  );
  /** After the form was sent: nothing left to keep. */
  const clear = useCallback(() => {
    sessionStorage.removeItem(storageKey);
  }, [storageKey]);
  return [value, update, clear];
}
