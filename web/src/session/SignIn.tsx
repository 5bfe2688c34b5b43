import { useEffect, useId, useState } from 'react';
import { useTitle } from '../common';
import { t } from '../i18n';
import { navigate } from '../router';
import {
  developmentPeople,
  isLocalPath,
  oidcSignInUrl,
  signInAsDevelopmentPerson,
  signOut,
  useSession,
  type DevelopmentPerson,
} from './session';

const roleName = (role: string) => t.session.roles[role] ?? role;

/**
 * The ways to sign in that the server offers: the organisation's identity provider (leaves the page and comes
 * back to `returnTo`), and in development the sample people (signs in in place). `onSignedIn` runs after an
 * in-place sign-in.
 */
export function SignInChoices({ returnTo, onSignedIn }: { returnTo: string; onSignedIn: () => void }) {
  const session = useSession();
  const [people, setPeople] = useState<DevelopmentPerson[]>([]);
  const [failure, setFailure] = useState<string>();
  const headingId = useId();
  useEffect(() => {
    if (session.methods.development) void developmentPeople().then(setPeople);
  }, [session.methods.development]);
  async function choose(subject: string) {
    const result = await signInAsDevelopmentPerson(subject);
    if (result.ok) onSignedIn();
    else setFailure(t.session.failed(result.code));
  }
  if (session.known && !session.methods.development && !session.methods.oidc) return <p>{t.session.noMethod}</p>;
  return (
    <div className="sign-in-choices">
      {session.methods.oidc && (
        <p>
          <a className="button" href={oidcSignInUrl(returnTo)}>
            {t.session.oidc}
          </a>
        </p>
      )}
      {session.methods.development && (
        <section aria-labelledby={headingId}>
          <h2 id={headingId}>{t.session.developmentTitle}</h2>
          <p className="meta">{t.session.developmentNote}</p>
          <ul className="people">
            {people.map((p) => (
              <li key={p.subject}>
                <button type="button" onClick={() => void choose(p.subject)}>
                  {t.session.signInAs(p.name, roleName(p.role))}
                </button>
                {p.organizationId && <span className="meta"> {t.session.organization(p.organizationId)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

/** /signin: the sign-in page; afterwards back to ?returnTo= (a path on this site). */
export default function SignInPage({ search }: { search: string }) {
  useTitle(t.session.pageTitle);
  const params = new URLSearchParams(search);
  const returnTo = params.get('returnTo');
  const target = isLocalPath(returnTo) ? returnTo : '/';
  const error = params.get('error');
  const session = useSession();
  return (
    <section className="sign-in">
      <h1>{t.session.pageTitle}</h1>
      {error && (
        <p className="error" role="alert">
          {error === 'SIGN_IN_FAILED' ? t.session.SIGN_IN_FAILED : t.session.failed(error)}
        </p>
      )}
      {session.person && <p role="status">{t.session.signedIn(session.person.name ?? session.person.subject)}</p>}
      <SignInChoices returnTo={target} onSignedIn={() => navigate(target)} />
    </section>
  );
}

/** The header's corner: who is signed in and a way out, or a way in. */
export function SessionControls({ pathname }: { pathname: string }) {
  const session = useSession();
  if (!session.known) return null;
  if (session.person) {
    return (
      <div className="session-controls">
        <span>{t.session.signedInAs(session.person.name ?? session.person.subject, roleName(session.person.role))}</span>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t.session.signOut}
        </button>
      </div>
    );
  }
  if (!session.methods.development && !session.methods.oidc) return null;
  return (
    <div className="session-controls">
      <a href={`/signin?returnTo=${encodeURIComponent(pathname)}`}>{t.session.signIn}</a>
    </div>
  );
}

/**
 * "Your session ended, sign in again", over whatever page is open: signing in happens in place, so a form the person
 * was filling in keeps its input (and forms keep it in sessionStorage too, for a sign-in that leaves the page).
 */
export function SessionEndedBanner() {
  const session = useSession();
  const [choosing, setChoosing] = useState(false);
  if (!session.ended) return null;
  const here = window.location.pathname + window.location.search;
  return (
    <div className="session-ended" role="alert">
      <p>{t.session.ended}</p>
      {choosing ? (
        <SignInChoices returnTo={here} onSignedIn={() => setChoosing(false)} />
      ) : (
        <button type="button" onClick={() => setChoosing(true)}>
          {t.session.signInAgain}
        </button>
      )}
    </div>
  );
}
