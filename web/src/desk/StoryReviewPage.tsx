import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, errorText, Loading, NotFound, useTitle } from '../common';
import { StoryReviewDocument } from '../gql/graphql';
import { formatDate, formatDateTime, sectionLabel, t } from '../i18n';
import { Link, paths } from '../router';
import { usePreservedState } from '../session/preserved';
import { useSession } from '../session/session';
import { offered, takeStep, takesNote, type DeskAction } from './actions';
import { DiffTable } from './DiffTable';

type Revision = { version: number; at: string; actor: string; action: string; note?: string | null; changedFields: string[]; story: { title: string; summary: string; body: string } };

/** /desk/story/{id}: one story under review — its text both ways, its revisions and their differences, and the steps. */
export default function StoryReviewPage({ id }: { id: string }) {
  const session = useSession();
  const isEditor = session.person?.role === 'EDITOR' || session.person?.role === 'ADMIN';
  const [version, setVersion] = useState(0);
  // Kept here, not in the steps: they are drawn afresh for each version the page reads.
  const [message, setMessage] = useState<string>();
  const query = useQuery(StoryReviewDocument, { id }, !isEditor, version);
  const node = query.data?.node;
  // Any other kind of node has none of the Story fields (the query asks for them on Story only).
  const story = node && 'version' in node ? (node as Extract<typeof node, { version: number }>) : undefined;
  useTitle(story?.title ?? t.review.title);
  if (!session.known) return <Loading />;
  if (!isEditor) {
    return (
      <section className="message">
        <h1>{t.review.title}</h1>
        <p>{t.desk.editorsOnly}</p>
        <p>
          <Link href={paths.signIn(`/desk/story/${encodeURIComponent(id)}`)}>{t.session.signIn}</Link>
        </p>
      </section>
    );
  }
  if (query.error) return <ErrorMessage error={query.error} />;
  if (!query.data) return <Loading />;
  if (!story) return <NotFound />;
  return (
    <article className="review">
      <p className="meta">
        <Link href="/desk">{t.review.back}</Link>
      </p>
      <h1>{story.title}</h1>
      <p className="meta">
        {t.desk.states[story.status] ?? story.status} · {story.submittingOrganization.name} · {t.review.version(story.version)} ·{' '}
        <time dateTime={story.submittedAt}>{formatDateTime(story.submittedAt)}</time>
        {story.occurredOn && (
          <>
            {' '}· {t.document.occurredOn}{' '}
            <time dateTime={story.occurredOn}>{formatDate(story.occurredOn)}</time>
          </>
        )}
      </p>
      {story.possibleDuplicates.length > 0 && (
        <section className="possible-duplicates" aria-labelledby="possible-duplicates">
          <h2 id="possible-duplicates">{t.review.possibleDuplicates}</h2>
          <ul>
            {story.possibleDuplicates.map((d) => (
              <li key={d.story.id}>
                <Link href={paths.review(d.story.id)}>{d.story.title}</Link>（{d.story.submittingOrganization.name}，
                {t.desk.states[d.story.status] ?? d.story.status}，{t.review.similarity(Math.round(d.similarity * 100))}）
              </li>
            ))}
          </ul>
        </section>
      )}
      {story.sections.length > 0 && (
        <ul className="review-sections">
          {story.sections.map((s) => (
            <li key={s.id}>
              {s.directive.title}：{sectionLabel(s.number)}
              {s.heading}
            </li>
          ))}
        </ul>
      )}
      <Steps
        key={story.version}
        storyId={story.id}
        readVersion={story.version}
        allowed={offered(story)}
        revisions={story.revisions}
        onChanged={() => setVersion((v) => v + 1)}
        message={message}
        onMessage={setMessage}
      />
      <section aria-labelledby="review-text">
        <h2 id="review-text">{t.review.text}</h2>
        <div className="review-columns">
          <div>
            <h3>{t.review.markdown}</h3>
            <pre className="markdown">{story.body}</pre>
          </div>
          <div>
            <h3>{t.review.rendered}</h3>
            {/* Rendered by the server from Markdown with raw HTML off, then sanitised (bodyHtml's contract). */}
            <div className="rendered" dangerouslySetInnerHTML={{ __html: story.bodyHtml }} />
          </div>
        </div>
      </section>
      <Revisions revisions={story.revisions} />
      <section aria-labelledby="review-history">
        <h2 id="review-history">{t.review.history}</h2>
        <ol className="history">
          {story.transitions.map((s, i) => (
            <li key={i}>
              <time dateTime={s.at}>{formatDateTime(s.at)}</time> {s.by ?? ''}：{t.desk.states[s.from] ?? s.from} → {t.desk.states[s.to] ?? s.to}
              {s.note && <q>{s.note}</q>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

interface Conflict {
  action: DeskAction;
  readVersion: number;
  currentVersion: number;
}

/**
 * The steps allowed now, each with its note. A version conflict keeps the editor's note and says what changed since
 * the version they read (from the revisions, re-read); they may then take the step again on the current version,
 * if it is still allowed — never automatically.
 */
function Steps({
  storyId,
  readVersion,
  allowed,
  revisions,
  onChanged,
  message,
  onMessage: setMessage,
}: {
  storyId: string;
  readVersion: number;
  allowed: DeskAction[];
  revisions: Revision[];
  onChanged: () => void;
  message: string | undefined;
  onMessage: (message: string | undefined) => void;
}) {
  const [conflict, setConflict] = usePreservedState<Conflict | null>(`conflict.${storyId}`, null);
  const run = async (action: DeskAction, note: string, expected: number) => {
    const outcome = await takeStep(action, storyId, expected, note);
    setMessage(undefined);
    if (outcome.kind === 'conflict') {
      setConflict({ action, readVersion: expected, currentVersion: outcome.currentVersion });
      onChanged();
      return false;
    }
    if (outcome.kind === 'refused') {
      setMessage(errorText(outcome.error));
      return false;
    }
    setConflict(null);
    setMessage(t.review.done(t.review.actions[action] ?? action));
    onChanged();
    return true;
  };
  const ordered = [...revisions].sort((a, b) => a.version - b.version);
  const since = conflict ? ordered.filter((r) => r.version > conflict.readVersion) : [];
  // The text as the editor read it and as it is now, so the conflict shows the change itself, not only its record.
  const read = conflict ? ordered.find((r) => r.version === conflict.readVersion) : undefined;
  const now = ordered.at(-1);
  return (
    <section aria-labelledby="review-steps" className="review-steps">
      <h2 id="review-steps">{t.review.steps}</h2>
      <p role="status">{message}</p>
      {conflict && (
        <div className="conflict" role="alert">
          <p>{t.review.conflict(conflict.readVersion, conflict.currentVersion)}</p>
          <ul>
            {since.map((r) => (
              <li key={r.version}>
                {t.review.version(r.version)}：{r.actor}，{t.audit.actions[r.action] ?? r.action}
                {r.changedFields.length > 0 && `（${r.changedFields.join('、')}）`}
                {r.note && <q>{r.note}</q>}
              </li>
            ))}
          </ul>
          {read && now && read !== now && <Difference a={read} b={now} />}
          {!allowed.includes(conflict.action) && <p>{t.review.noLonger(t.review.actions[conflict.action] ?? conflict.action)}</p>}
        </div>
      )}
      {allowed.length === 0 && <p>{t.review.none}</p>}
      {allowed.map((action) => (
        <StepForm
          key={action}
          storyId={storyId}
          action={action}
          label={
            conflict?.action === action
              ? t.review.reapply(t.review.actions[action] ?? action, readVersion)
              : (t.review.actions[action] ?? action)
          }
          onRun={(note) => run(action, note, readVersion)}
        />
      ))}
    </section>
  );
}

function StepForm({ storyId, action, label, onRun }: { storyId: string; action: DeskAction; label: string; onRun: (note: string) => Promise<boolean> }) {
  const [note, setNote, clear] = usePreservedState(`note.${storyId}.${action}`, '');
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const ok = await onRun(note);
    setBusy(false);
    if (ok) {
      clear();
      setNote('');
    }
  }
  return (
    <form className="step" onSubmit={(e) => void submit(e)}>
      {takesNote(action) && (
        <>
          <label htmlFor={noteId}>{t.review.note(t.review.actions[action] ?? action)}</label>
          <textarea id={noteId} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
        </>
      )}
      <button type="submit" disabled={busy}>
        {label}
      </button>
    </form>
  );
}

/** Every revision, and the side-by-side difference of any two (the body; title and summary above it when they differ). */
function Revisions({ revisions }: { revisions: Revision[] }) {
  const ordered = [...revisions].sort((a, b) => a.version - b.version);
  const latest = ordered.at(-1)?.version ?? 1;
  const [from, setFrom] = useState(ordered.at(-2)?.version ?? latest);
  const [to, setTo] = useState(latest);
  const fromId = useId();
  const toId = useId();
  const a = ordered.find((r) => r.version === from);
  const b = ordered.find((r) => r.version === to);
  return (
    <section aria-labelledby="review-revisions">
      <h2 id="review-revisions">{t.review.revisions}</h2>
      <ol className="revisions">
        {[...ordered].reverse().map((r) => (
          <li key={r.version}>
            {t.review.version(r.version)} · <time dateTime={r.at}>{formatDateTime(r.at)}</time> · {r.actor} · {t.audit.actions[r.action] ?? r.action}
            {r.changedFields.length > 0 && ` · ${r.changedFields.join('、')}`}
            {r.note && <q>{r.note}</q>}
          </li>
        ))}
      </ol>
      {ordered.length > 1 && (
        <div className="compare">
          <label htmlFor={fromId}>{t.review.compareFrom}</label>
          <select id={fromId} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {ordered.map((r) => (
              <option key={r.version} value={r.version}>
                {t.review.version(r.version)}
              </option>
            ))}
          </select>
          <label htmlFor={toId}>{t.review.compareTo}</label>
          <select id={toId} value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {ordered.map((r) => (
              <option key={r.version} value={r.version}>
                {t.review.version(r.version)}
              </option>
            ))}
          </select>
        </div>
      )}
      {a && b && a !== b && <Difference a={a} b={b} />}
    </section>
  );
}

/** Two revisions side by side: the title when it changed, then the body line by line. */
function Difference({ a, b }: { a: Revision; b: Revision }) {
  return (
    <>
      {a.story.title !== b.story.title && <p>{t.review.titleChanged(a.story.title, b.story.title)}</p>}
      <DiffTable
        before={a.story.body}
        after={b.story.body}
        caption={t.review.diffCaption(a.version, b.version)}
        beforeLabel={t.review.version(a.version)}
        afterLabel={t.review.version(b.version)}
      />
    </>
  );
}
