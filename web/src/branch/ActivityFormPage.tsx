import { useState, type FormEvent } from 'react';
import { execute } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, errorText, Loading, useTitle } from '../common';
import { BranchFormChoicesDocument, LogActivityDocument, type ActivityKind } from '../gql/graphql';
import { formatDateTime, t } from '../i18n';
import { Link, navigate, paths } from '../router';
import { useSession } from '../session/session';
import { draftKey, useDraft } from './drafts';
import { setFlash } from './flash';
import { SectionPicker } from './SectionPicker';
import { BranchOnly, Field, tagsOf } from './StoryFormPage';

export interface ActivityFields {
  kind: ActivityKind;
  title: string;
  /** As the date-and-time control gives it (2020-02-01T09:30), read as China time. */
  occurredAt: string;
  place: string;
  /** How many took part, as typed (the name predates the list of names below; kept so that saved drafts still read). */
  participants: string;
  /** Who took part (参加人员), as typed: names separated by 、，, or new lines. */
  participantNames: string;
  summary: string;
  sectionIds: string[];
  studyMaterialIds: string[];
}

/** The kinds in the order the form offers them (the API's ActivityKind, named as in the reading room). */
const kinds = Object.keys(t.activityKinds) as ActivityKind[];

const empty: ActivityFields = { kind: 'ORGANIZATIONAL_LIFE', title: '', occurredAt: '', place: '', participants: '', participantNames: '', summary: '', sectionIds: [], studyMaterialIds: [] };

/** The control's local date and time as an instant: the branches' activities are dated in China time (UTC+8). */
export function chinaInstant(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}

/** /branch/activity/new: a branch logs an activity it held. */
export default function ActivityFormPage() {
  const session = useSession();
  const person = session.person;
  const mayLog = person?.role === 'BRANCH' && person.organizationNodeId !== null;
  const choices = useQuery(BranchFormChoicesDocument, {}, !mayLog);
  useTitle(t.branch.activityTitle);
  if (!session.known) return <Loading />;
  if (!person || !mayLog) return <BranchOnly returnTo={paths.newActivity()} title={t.branch.activityTitle} />;
  if (choices.error) return <ErrorMessage error={choices.error} />;
  if (!choices.data) return <Loading />;
  return (
    <ActivityForm
      storageKey={draftKey(person.subject, 'activity.new')}
      organizationId={person.organizationNodeId ?? ''}
      directives={choices.data.directives?.nodes ?? []}
      materials={choices.data.studyMaterials?.nodes ?? []}
    />
  );
}

function ActivityForm({
  storageKey,
  organizationId,
  directives,
  materials,
}: {
  storageKey: string;
  organizationId: string;
  directives: { id: string; title: string; sections: { id: string; number: number; heading: string }[] }[];
  materials: { id: string; title: string }[];
}) {
  const draft = useDraft<ActivityFields>(storageKey, empty);
  const f = draft.value;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(undefined);
    const participantCount = f.participants.trim() === '' ? null : Number(f.participants);
    const result = await execute(
      LogActivityDocument,
      {
        input: {
          organizationId,
          kind: f.kind,
          title: f.title,
          occurredAt: chinaInstant(f.occurredAt),
          place: f.place.trim() || null,
          participantCount,
          // One name per item, as the API wants it: the separators a person types between names never reach it.
          participants: tagsOf(f.participantNames),
          summary: f.summary.trim() || null,
          sectionIds: f.sectionIds,
          studyMaterialIds: f.studyMaterialIds,
        },
      },
      undefined,
      // Never sent twice on its own: after an ended session the error is shown and the form (and its draft) stays.
      { retryWhenEnded: false },
    );
    setBusy(false);
    if (!result.ok) return setFailure(errorText(result.error));
    const payload = result.data.logActivity;
    const error = payload.errors?.[0];
    if (error || !payload.activityLog) return setFailure(errorText({ code: error?.code ?? 'UNKNOWN', message: error?.message ?? '' }));
    draft.clear();
    setFlash(t.branch.logged(payload.activityLog.title));
    navigate(paths.branch());
  }

  const toggleMaterial = (id: string, on: boolean) =>
    draft.update({ studyMaterialIds: on ? [...f.studyMaterialIds, id] : f.studyMaterialIds.filter((m) => m !== id) });

  return (
    <article className="branch-form">
      <p className="meta">
        <Link href={paths.branch()}>{t.branch.title}</Link>
      </p>
      <h1>{t.branch.activityTitle}</h1>
      <form onSubmit={(e) => void submit(e)}>
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
        <Field label={t.branch.fieldKind}>
          {(id) => (
            <select id={id} value={f.kind} onChange={(e) => draft.update({ kind: e.target.value as ActivityKind })}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t.activityKinds[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.branch.fieldActivityTitle}>
          {(id) => <input id={id} value={f.title} onChange={(e) => draft.update({ title: e.target.value })} required maxLength={200} />}
        </Field>
        <Field label={t.branch.fieldOccurredAt}>
          {(id) => <input id={id} type="datetime-local" value={f.occurredAt} onChange={(e) => draft.update({ occurredAt: e.target.value })} required />}
        </Field>
        <Field label={t.branch.fieldPlace}>{(id) => <input id={id} value={f.place} onChange={(e) => draft.update({ place: e.target.value })} />}</Field>
        <Field label={t.branch.fieldParticipants}>
          {(id) => <input id={id} type="number" min={0} inputMode="numeric" value={f.participants} onChange={(e) => draft.update({ participants: e.target.value })} />}
        </Field>
        <Field label={t.branch.fieldParticipantNames}>
          {(id) => <textarea id={id} value={f.participantNames} onChange={(e) => draft.update({ participantNames: e.target.value })} rows={2} />}
        </Field>
        <Field label={t.branch.fieldActivitySummary}>
          {(id) => <textarea id={id} value={f.summary} onChange={(e) => draft.update({ summary: e.target.value })} rows={5} />}
        </Field>
        <SectionPicker legend={t.branch.fieldCarriedOut} directives={directives} selected={f.sectionIds} onChange={(sectionIds) => draft.update({ sectionIds })} />
        <fieldset className="choices">
          <legend>{t.branch.fieldMaterials}</legend>
          {materials.length === 0 && <p className="hint">{t.branch.noMaterials}</p>}
          {materials.map((m) => (
            <label key={m.id} className="choice">
              <input type="checkbox" checked={f.studyMaterialIds.includes(m.id)} onChange={(e) => toggleMaterial(m.id, e.target.checked)} />
              {m.title}
            </label>
          ))}
        </fieldset>
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t.branch.logActivity}
          </button>
        </div>
      </form>
    </article>
  );
}
