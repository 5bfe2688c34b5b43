import { t } from '../i18n';
import { changed, sideBySide } from './diff';

/** Two texts side by side, line by line (the `diff` package's line diff); says so when they are the same. */
export function DiffTable({ before, after, caption, beforeLabel, afterLabel }: { before: string; after: string; caption: string; beforeLabel: string; afterLabel: string }) {
  const rows = sideBySide(before, after);
  if (!changed(rows)) return <p>{t.review.sameBody}</p>;
  return (
    <table className="diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" colSpan={2}>
            {beforeLabel}
          </th>
          <th scope="col" colSpan={2}>
            {afterLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <td className="ln">{row.left.number ?? ''}</td>
            <td className={`d-${row.left.kind}`}>
              {row.left.kind === 'removed' && <span className="visually-hidden">{t.review.removed}</span>}
              {row.left.text}
            </td>
            <td className="ln">{row.right.number ?? ''}</td>
            <td className={`d-${row.right.kind}`}>
              {row.right.kind === 'added' && <span className="visually-hidden">{t.review.added}</span>}
              {row.right.text}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
