// A message for the next page (a story was submitted …), said once: kept in memory only, so a reload drops it.
let pending: string | null = null;

export function setFlash(message: string) {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
