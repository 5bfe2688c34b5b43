import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { execute, type ApiError } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, errorText, Loading, NotFound, useTitle } from '../common';
import { DiffTable } from '../desk/DiffTable';
import { BranchFormChoicesDocument, BranchStoryDocument, ResubmitStoryDocument, SubmitStoryDocument, UpdateStoryDocument } from '../gql/graphql';
import { formatDateTime, t } from '../i18n';
import { Link, navigate, paths } from '../router';
import { useSession } from '../session/session';
import { draftKey, useDraft } from './drafts';
import { setFlash } from './flash';
import { MarkdownEditor } from './MarkdownEditor';
import { SectionPicker, type DirectiveChoice } from './SectionPicker';

export interface StoryFields {
  title: string;
  summary: string;
  body: string;
  tags: string;
  sectionIds: string[];
  /** The historical date (yyyy-mm-dd), or '' for a story dated by its submission. */
  occurredOn: string;
  note: string;
  /** The story's version this text was written against (0 for a new story): sent as expectedVersion, so an edit
   *  restored from a draft after the story changed is a conflict, never a silent overwrite. */
  baseVersion: number;
}

const empty: StoryFields = { title: '', summary: '', body: '', tags: '', sectionIds: [], occurredOn: '', note: '', baseVersion: 0 };

type Story = {
  id: string;
  version: number;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  occurredOn?: string | null;
  status: string;
  allowedActions: string[];
  sections: { id: string }[];
  transitions: { from: string; to: string; at: string; note?: string | null }[];
};

/** /branch/story/new and /branch/story/{id}: a branch writes a story, or revises one an editor sent back. */
export default function StoryFormPage({ id }: { id?: string }) {
  const session = useSession();
  const person = session.person;
  // A new story is a branch's (it is submitted for the secretary's organisation); editors may also revise one.
  const mayWrite = person?.role === 'BRANCH' || (id !== undefined && (person?.role === 'EDITOR' || person?.role === 'ADMIN'));
  const [reread, setReread] = useState(0);
  const choices = useQuery(BranchFormChoicesDocument, {}, !mayWrite);
  const existing = useQuery(BranchStoryDocument, { id: id ?? '' }, !mayWrite || !id, reread);
  useTitle(id ? t.branch.reviseTitle : t.branch.storyTitle);
  if (!session.known) return <Loading />;
  if (!person || !mayWrite) return <BranchOnly returnTo={id ? paths.branchStory(id) : paths.newStory()} title={t.branch.storyTitle} />;
  if (choices.error) return <ErrorMessage error={choices.error} />;
  if (existing.error) return <ErrorMessage error={existing.error} />;
  if (!choices.data || (id && !existing.data)) return <Loading />;
  const node = existing.data?.node;
  const story = node && 'version' in node ? (node as Story) : undefined;
  if (id && !story) return <NotFound />;
  return (
    <StoryForm
      key={id ?? 'new'}
      storageKey={draftKey(person.subject, id ? `story.${id}` : 'story.new')}
      organizationId={person.organizationNodeId}
      story={story}
      directives={choices.data.directives?.nodes ?? []}
      onReread={() => setReread((n) => n + 1)}
    />
  );
}

export function BranchOnly({ returnTo, title }: { returnTo: string; title: string }) {
  return (
    <section className="message">
      <h1>{title}</h1>
      <p>{t.branch.branchOnly}</p>
      <p>
        <Link href={paths.signIn(returnTo)}>{t.session.signIn}</Link>
      </p>
    </section>
  );
}

function fieldsOf(story: Story | undefined): StoryFields {
  if (!story) return empty;
  return {
    title: story.title,
    summary: story.summary,
    body: story.body,
    tags: story.tags.join('，'),
    sectionIds: story.sections.map((s) => s.id),
    occurredOn: story.occurredOn ?? '',
    note: '',
    baseVersion: story.version,
  };
}

export function tagsOf(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\n]/).map((s) => s.trim()).filter(Boolean))];
}

interface Payload {
  story?: { id: string; version: number; status: string; title: string } | null;
  errors?: { __typename?: string; code?: string; message?: string; currentVersion?: number }[] | null;
}

type Outcome = { ok: true; story: NonNullable<Payload['story']> } | { ok: false; conflict?: number; error: ApiError };

function outcomeOf(result: Awaited<ReturnType<typeof execute>>): Outcome {
  if (!result.ok) return { ok: false, error: result.error };
  const payload = Object.values(result.data as Record<string, Payload>)[0];
  const error = payload?.errors?.[0];
  if (error?.__typename === 'VersionConflictError' && typeof error.currentVersion === 'number')
    return { ok: false, conflict: error.currentVersion, error: { code: 'VERSION_CONFLICT', message: error.message ?? '' } };
  if (error || !payload?.story) return { ok: false, error: { code: error?.code ?? 'UNKNOWN', message: error?.message ?? '' } };
  return { ok: true, story: payload.story };
}

function StoryForm({
  storageKey,
  organizationId,
  story,
  directives,
  onReread,
}: {
  storageKey: string;
  organizationId: string | null;
  story: Story | undefined;
  directives: DirectiveChoice[];
  onReread: () => void;
}) {
  const draft = useDraft<StoryFields>(storageKey, fieldsOf(story));
  const f = draft.value;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<number | null>(null);
  const resubmit = useRef(false);
  const editable = !story || story.status === 'SUBMITTED' || story.status === 'CHANGES_REQUESTED';
  const mayResubmit = story?.allowedActions.includes('RESUBMIT') ?? false;
  const notes = (story?.transitions ?? []).filter((s) => s.to === 'CHANGES_REQUESTED' && s.note).reverse();

  async function send(expectedVersion: number) {
    setBusy(true);
    setFailure(undefined);
    const content = { title: f.title, summary: f.summary, body: f.body, tags: tagsOf(f.tags), sectionIds: f.sectionIds, occurredOn: f.occurredOn || null, note: f.note.trim() || null };
    // Never sent twice on their own: after an ended session the error is shown and the form (and its draft) stays.
    const outcome = story
      ? outcomeOf(await execute(UpdateStoryDocument, { input: { id: story.id, expectedVersion, ...content } }, undefined, { retryWhenEnded: false }))
      : outcomeOf(await execute(SubmitStoryDocument, { input: { submittingOrganizationId: organizationId ?? '', ...content } }, undefined, { retryWhenEnded: false }));
    if (!outcome.ok) {
      setBusy(false);
      if (outcome.conflict !== undefined) {
        setConflict(outcome.conflict);
        onReread();
      } else setFailure(errorText(outcome.error));
      return;
    }
    let message = story ? t.branch.saved(outcome.story.title) : t.branch.submitted(outcome.story.title);
    if (story && resubmit.current && mayResubmit) {
      const again = outcomeOf(
        await execute(ResubmitStoryDocument, { id: story.id, expectedVersion: outcome.story.version, note: f.note.trim() || null }, undefined, { retryWhenEnded: false }),
      );
      if (!again.ok) {
        setBusy(false);
        draft.update({ baseVersion: outcome.story.version });
        setFailure(errorText(again.error));
        return;
      }
      message = t.branch.resubmitted(outcome.story.title);
    }
    draft.clear();
    setFlash(message);
    navigate(paths.branch());
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void send(f.baseVersion);
  }

  return (
    <article className="branch-form">
      <p className="meta">
        <Link href={paths.branch()}>{t.branch.title}</Link>
      </p>
      <h1>{story ? t.branch.reviseTitle : t.branch.storyTitle}</h1>
      {notes.length > 0 && (
        <section aria-labelledby="editor-notes" className="notes">
          <h2 id="editor-notes">{t.branch.editorNotes}</h2>
          <ul>
            {notes.map((s, i) => (
              <li key={i}>
                <time dateTime={s.at}>{formatDateTime(s.at)}</time>：<q>{s.note}</q>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!editable ? (
        <p>{t.branch.notEditable}</p>
      ) : (
        <form onSubmit={submit}>
          <p className="hint" role="status">
            {draft.restoredFrom ? t.branch.draftRestored(formatDateTime(draft.restoredFrom)) : t.branch.draftKept}
            {draft.restoredFrom && (
              <>
                {' '}
                <button type="button" className="link" onClick={draft.discard}>
                  {t.branch.discard}
                </button>
              </>
            )}
          </p>
          {conflict !== null && story && (
            <div className="conflict" role="alert">
              <p>{t.branch.conflict(conflict)}</p>
              {story.version === conflict && (
                <DiffTable before={story.body} after={f.body} caption={t.branch.conflict(conflict)} beforeLabel={t.branch.current} afterLabel={t.branch.mine} />
              )}
              <button
                type="button"
                disabled={busy || story.version !== conflict}
                onClick={() => {
                  draft.update({ baseVersion: conflict });
                  setConflict(null);
                  void send(conflict);
                }}
              >
                {t.branch.saveOnCurrent(conflict)}
              </button>
            </div>
          )}
          <Field label={t.branch.fieldTitle}>
            {(id) => <input id={id} value={f.title} onChange={(e) => draft.update({ title: e.target.value })} required maxLength={200} />}
          </Field>
          <Field label={t.branch.fieldSummary}>
            {(id) => <textarea id={id} value={f.summary} onChange={(e) => draft.update({ summary: e.target.value })} rows={2} />}
          </Field>
          <MarkdownEditor label={t.branch.fieldBody} value={f.body} onChange={(body) => draft.update({ body })} required />
          <SectionPicker legend={t.branch.fieldSections} directives={directives} selected={f.sectionIds} onChange={(sectionIds) => draft.update({ sectionIds })} />
          <Field label={t.branch.fieldOccurredOn}>
            {(id) => <input id={id} type="date" min="1921-07-01" value={f.occurredOn ?? ''} onChange={(e) => draft.update({ occurredOn: e.target.value })} />}
          </Field>
          <Field label={t.branch.fieldTags}>
            {(id) => <input id={id} value={f.tags} onChange={(e) => draft.update({ tags: e.target.value })} />}
          </Field>
          <Field label={t.branch.fieldNote}>
            {(id) => <textarea id={id} value={f.note} onChange={(e) => draft.update({ note: e.target.value })} rows={2} />}
          </Field>
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          <div className="form-actions">
            {!story && (
              <button type="submit" disabled={busy}>
                {t.branch.submit}
              </button>
            )}
            {story && mayResubmit && (
              <button type="submit" disabled={busy} onClick={() => (resubmit.current = true)}>
                {t.branch.saveAndResubmit}
              </button>
            )}
            {story && (
              <button type="submit" disabled={busy} onClick={() => (resubmit.current = false)}>
                {t.branch.save}
              </button>
            )}
          </div>
        </form>
      )}
    </article>
  );
}

/** A labelled field; the label's `for` is the control's generated id. */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
