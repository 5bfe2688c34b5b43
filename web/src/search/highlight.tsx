// Highlighted fragments come from the server as HTML-escaped text with our markers around the matches. They are
// turned into text and <mark> elements here, never into HTML: whatever a document contains is shown as text.
import { matchEnd, matchStart } from './state';

export interface FragmentPart {
  text: string;
  match: boolean;
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Undoes the server's escaping (&amp; &lt; &gt; &quot; &#39;, and any numeric reference) as plain text. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity in named) return named[entity]!;
    const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : entity.startsWith('#') ? parseInt(entity.slice(1), 10) : NaN;
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function parseFragment(fragment: string, start = matchStart, end = matchEnd): FragmentPart[] {
  const parts: FragmentPart[] = [];
  let rest = fragment;
  while (rest) {
    const open = rest.indexOf(start);
    if (open < 0) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), match: false });
    const close = rest.indexOf(end, open + start.length);
    const stop = close < 0 ? rest.length : close;
    parts.push({ text: rest.slice(open + start.length, stop), match: true });
    rest = close < 0 ? '' : rest.slice(close + end.length);
  }
  return parts.filter((p) => p.text !== '').map((p) => ({ ...p, text: unescapeHtml(p.text) }));
}

export function Highlight({ fragment }: { fragment: string }) {
  return (
    <>
      {parseFragment(fragment).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}
