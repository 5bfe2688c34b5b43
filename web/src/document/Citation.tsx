import { useId, useState } from 'react';
import { t } from '../i18n';

export interface CitationText {
  gbt: string;
  apa: string;
}

type Status = { style: string; ok: boolean } | undefined;

/** Copies text to the clipboard; false when the browser refuses (no permission, not a secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A reference in both styles, each named, each with its own copy button; the outcome is announced. */
export function Citation({ citation, heading = t.citation.title, level = 2 }: { citation: CitationText; heading?: string; level?: 2 | 3 }) {
  const [status, setStatus] = useState<Status>();
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  const styles = [
    { name: t.citation.gbt, text: citation.gbt },
    { name: t.citation.apa, text: citation.apa },
  ];
  async function copy(style: string, text: string) {
    setStatus({ style, ok: await copyText(text) });
  }
  return (
    <section className="citation" aria-labelledby={headingId}>
      <Heading id={headingId}>{heading}</Heading>
      <dl>
        {styles.map(({ name, text }) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>
              <p className="reference">{text}</p>
              <button type="button" className="copy" onClick={() => void copy(name, text)} aria-label={t.citation.copyNamed(name)}>
                {t.citation.copy}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <p className="copy-status" role="status" aria-live="polite">
        {status ? (status.ok ? t.citation.copied(status.style) : t.citation.copyFailed) : ''}
      </p>
    </section>
  );
}
