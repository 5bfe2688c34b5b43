import { useId, useState, type FormEvent } from 'react';
import { execute, type ApiError } from '../api/client';
import { ErrorMessage, Loading, useTitle } from '../common';
import { CorrectImportedDirectiveDocument, ImportDirectiveTextDocument, PublishImportedDirectiveDocument } from '../gql/graphql';
import { t } from '../i18n';
import { Link, paths } from '../router';
import { useSession } from '../session/session';
import { accepted, corrections, draftOf, previewFile, type Draft, type Preview } from './directiveImport';

type Saved = { id: string; status: string; alreadyImported: boolean };

function firstError(errors: readonly { code?: string; message?: string }[] | null | undefined): ApiError | null {
  const first = errors?.[0];
  return first ? { code: first.code ?? 'VALIDATION_ERROR', message: first.message ?? '' } : null;
}

/**
 * /desk/import: an editor uploads a 公文 (.txt, .docx, .pdf), sees the parsed directive beside the text extracted
 * from the file with the importer's warnings, corrects fields, and saves a draft or publishes.
 */
export default function ImportDirectivePage() {
  useTitle(t.importDirective.title);
  const session = useSession();
  const isEditor = session.person?.role === 'EDITOR' || session.person?.role === 'ADMIN';
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'reading' | 'saving' | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);

  if (!session.known) return <Loading />;
  if (!isEditor) {
    return (
      <section className="message">
        <h1>{t.importDirective.title}</h1>
        <p>{t.importDirective.editorsOnly}</p>
        <p>
          <Link href={paths.signIn('/desk/import')}>{t.session.signIn}</Link>
        </p>
      </section>
    );
  }

  async function read(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy('reading');
    setError(null);
    setSaved(null);
    const result = await previewFile(file);
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setPreview(result.data);
    setDraft(draftOf(result.data.directive));
  }

  async function save(publish: boolean) {
    if (!preview || !draft || !file) return;
    setBusy('saving');
    setError(null);
    const done = (next: Saved | null, failure: ApiError | null) => {
      setBusy(null);
      setSaved(next);
      setError(failure);
    };
    const imported = await execute(ImportDirectiveTextDocument, { text: preview.text, sourceName: file.name }, undefined, { retryWhenEnded: false });
    if (!imported.ok) return done(null, imported.error);
    const payload = imported.data.importDirective;
    const directive = payload.directive;
    const importError = firstError(payload.errors as { code?: string; message?: string }[] | null);
    if (importError || !directive) return done(null, importError ?? { code: 'VALIDATION_ERROR', message: '' });
    if (payload.alreadyImported) return done({ id: directive.id, status: directive.status, alreadyImported: true }, null);
    let version = directive.version;
    let status: string = directive.status;
    const changes = corrections(preview.directive, draft);
    if (changes) {
      const corrected = await execute(CorrectImportedDirectiveDocument, { id: directive.id, expectedVersion: version, ...changes }, undefined, { retryWhenEnded: false });
      if (!corrected.ok) return done({ id: directive.id, status, alreadyImported: false }, corrected.error);
      const failure = firstError(corrected.data.updateDirective.errors as { code?: string; message?: string }[] | null);
      if (failure || !corrected.data.updateDirective.directive) return done({ id: directive.id, status, alreadyImported: false }, failure);
      version = corrected.data.updateDirective.directive.version;
    }
    if (publish) {
      const published = await execute(PublishImportedDirectiveDocument, { id: directive.id, expectedVersion: version }, undefined, { retryWhenEnded: false });
      if (!published.ok) return done({ id: directive.id, status, alreadyImported: false }, published.error);
      const failure = firstError(published.data.publishDirective.errors as { code?: string; message?: string }[] | null);
      if (failure || !published.data.publishDirective.directive) return done({ id: directive.id, status, alreadyImported: false }, failure);
      status = published.data.publishDirective.directive.status;
    }
    done({ id: directive.id, status, alreadyImported: false }, null);
  }

  const set = (field: keyof Draft, value: string) => setDraft((d) => (d ? { ...d, [field]: value } : d));
  const setSection = (index: number, field: 'heading' | 'body', value: string) =>
    setDraft((d) => (d ? { ...d, sections: d.sections.map((s, i) => (i === index ? { ...s, [field]: value } : s)) } : d));
  const parsed = preview?.directive;

  return (
    <section className="import-page">
      <p>
        <Link href="/desk">{t.importDirective.back}</Link>
      </p>
      <h1>{t.importDirective.title}</h1>
      <form className="import-upload" onSubmit={read}>
        <label htmlFor={fileId}>{t.importDirective.file}</label>
        <input
          id={fileId}
          type="file"
          accept={accepted}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setPreview(null);
            setDraft(null);
            setSaved(null);
          }}
        />
        <button type="submit" disabled={!file || busy !== null}>
          {busy === 'reading' ? t.importDirective.reading : t.importDirective.read}
        </button>
        <p className="hint">{t.importDirective.formats}</p>
      </form>
      {error && <ErrorMessage error={error} />}
      {saved && (
        <p className="import-saved" role="status">
          {saved.alreadyImported ? t.importDirective.already : saved.status === 'PUBLISHED' ? t.importDirective.published : t.importDirective.savedDraft}{' '}
          <Link href={paths.document(saved.id)}>{t.importDirective.open}</Link>
        </p>
      )}
      {preview && parsed && draft && (
        <div className="import-preview">
          <section className="import-source" aria-labelledby="import-source-heading">
            <h2 id="import-source-heading">{t.importDirective.source}</h2>
            <p className="hint">{t.importDirective.readAs(preview.file.readAs)}</p>
            <pre tabIndex={0} aria-label={t.importDirective.source}>
              {preview.text}
            </pre>
          </section>
          <section className="import-parsed" aria-labelledby="import-parsed-heading">
            <h2 id="import-parsed-heading">{t.importDirective.parsed}</h2>
            {preview.alreadyImported && (
              <p className="warning">
                {t.importDirective.importedBefore}{' '}
                <Link href={paths.document(preview.alreadyImported.id)}>{preview.alreadyImported.title}</Link>
                {preview.alreadyImported.match === 'SAME_NORMALIZED_TEXT' && t.importDirective.importedBeforeNormalized}
              </p>
            )}
            <h3>{t.importDirective.warnings(preview.warnings.length)}</h3>
            {preview.warnings.length > 0 && (
              <ul className="import-warnings">
                {preview.warnings.map((w, i) => (
                  <li key={i}>
                    <code>{w.code}</code> {w.line !== null && t.importDirective.line(w.line)} {w.message}
                  </li>
                ))}
              </ul>
            )}
            <form
              className="import-fields"
              onSubmit={(e) => {
                e.preventDefault();
                void save(false);
              }}
            >
              <dl className="import-issuer">
                <dt>{t.importDirective.issuer}</dt>
                <dd>
                  {parsed.issuer.name}
                  {parsed.issuer.isNew && ` ${t.importDirective.newIssuer}`}
                </dd>
              </dl>
              <Field label={t.importDirective.fields.title} value={draft.title} onChange={(v) => set('title', v)} />
              <Field label={t.importDirective.fields.documentNumber} value={draft.documentNumber} onChange={(v) => set('documentNumber', v)} />
              <Field label={t.importDirective.fields.issuedOn} type="date" value={draft.issuedOn} onChange={(v) => set('issuedOn', v)} />
              <Field label={t.importDirective.fields.addressees} value={draft.addressees} onChange={(v) => set('addressees', v)} />
              <Field label={t.importDirective.fields.preamble} multiline value={draft.preamble} onChange={(v) => set('preamble', v)} />
              <fieldset>
                <legend>{t.importDirective.fields.sections(draft.sections.length)}</legend>
                {draft.sections.map((s, i) => (
                  <div className="import-section" key={i}>
                    <Field label={t.importDirective.fields.heading(i + 1)} value={s.heading} onChange={(v) => setSection(i, 'heading', v)} />
                    <Field label={t.importDirective.fields.body(i + 1)} multiline value={s.body} onChange={(v) => setSection(i, 'body', v)} />
                  </div>
                ))}
              </fieldset>
              <Field label={t.importDirective.fields.closing} value={draft.closing} onChange={(v) => set('closing', v)} />
              <Field label={t.importDirective.fields.contactText} value={draft.contactText} onChange={(v) => set('contactText', v)} />
              <Field label={t.importDirective.fields.contactEmails} value={draft.contactEmails} onChange={(v) => set('contactEmails', v)} />
              <Field label={t.importDirective.fields.contactPhones} value={draft.contactPhones} onChange={(v) => set('contactPhones', v)} />
              <Field label={t.importDirective.fields.attachments} multiline value={draft.attachments} onChange={(v) => set('attachments', v)} />
              <div className="actions">
                <button type="submit" disabled={busy !== null}>
                  {t.importDirective.saveDraft}
                </button>
                <button type="button" disabled={busy !== null} onClick={() => void save(true)}>
                  {t.importDirective.publish}
                </button>
              </div>
            </form>
          </section>
        </div>
      )}
    </section>
  );
}

function Field({
  label,
  value,
  onChange,
  multiline = false,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  type?: string;
}) {
  const id = useId();
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} value={value} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </p>
  );
}
