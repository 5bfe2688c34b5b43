import { useEffect, useId, useState } from 'react';
import { execute } from '../api/client';
import { MarkdownPreviewDocument } from '../gql/graphql';
import { t } from '../i18n';

/** How long typing must pause before the preview is asked for (one request per pause, not per key). */
const previewDelayMs = 400;

/**
 * The story's Markdown beside its preview. The preview is the server's own rendering (markdownPreview, the same
 * renderer and sanitiser as Story.bodyHtml), so the branch sees what readers will; it follows the text after a
 * pause in typing, and an older answer never replaces a newer one.
 */
export function MarkdownEditor({ value, onChange, label, required }: { value: string; onChange: (value: string) => void; label: string; required?: boolean }) {
  const id = useId();
  const help = useId();
  const [preview, setPreview] = useState<{ html: string; failed: boolean }>({ html: '', failed: false });
  useEffect(() => {
    if (!value.trim()) {
      setPreview({ html: '', failed: false });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      execute(MarkdownPreviewDocument, { markdown: value }, controller.signal).then(
        (result) => {
          if (controller.signal.aborted) return;
          setPreview(result.ok ? { html: result.data.markdownPreview ?? '', failed: false } : { html: '', failed: true });
        },
        () => undefined,
      );
    }, previewDelayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);
  return (
    <div className="markdown-editor">
      <div>
        <label htmlFor={id}>{label}</label>
        <p id={help} className="hint">
          {t.branch.markdownHelp}
        </p>
        <textarea id={id} aria-describedby={help} value={value} onChange={(e) => onChange(e.target.value)} rows={14} required={required} />
      </div>
      <section aria-label={t.branch.preview} className="preview">
        <h3 aria-hidden="true">{t.branch.preview}</h3>
        {preview.failed ? (
          <p className="hint">{t.branch.previewFailed}</p>
        ) : preview.html ? (
          // The server's rendering: Markdown with raw HTML off, then an allow-list sanitiser (markdownPreview's contract).
          <div className="rendered" dangerouslySetInnerHTML={{ __html: preview.html }} />
        ) : (
          <p className="hint">{t.branch.previewEmpty}</p>
        )}
      </section>
    </div>
  );
}
