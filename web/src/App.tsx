import { lazy, Suspense, useEffect, useRef } from 'react';
import { Loading, NotFound } from './common';
import { t } from './i18n';
import { Link, routeOf, useLocation, paths, type Route } from './router';
import { SearchPage } from './search/SearchPage';
import { SessionControls, SessionEndedBanner } from './session/SignIn';
import { loadSession, useSession } from './session/session';

// The search page is the landing page and loads with the app; the others (and ECharts, on the pages that draw
// charts) load when first opened.
const DocumentPage = lazy(() => import('./document/DocumentPage'));
const CoveragePage = lazy(() => import('./pages/CoveragePage'));
const StatisticsPage = lazy(() => import('./pages/StatisticsPage'));
const TimelinePage = lazy(() => import('./pages/TimelinePage'));
const SignInPage = lazy(() => import('./session/SignIn'));
const ReviewQueuePage = lazy(() => import('./desk/ReviewQueuePage'));
const StoryReviewPage = lazy(() => import('./desk/StoryReviewPage'));
const BranchPage = lazy(() => import('./branch/BranchPage'));
const StoryFormPage = lazy(() => import('./branch/StoryFormPage'));
const ActivityFormPage = lazy(() => import('./branch/ActivityFormPage'));
const ImportDirectivePage = lazy(() => import('./desk/ImportDirectivePage'));
const AuditPage = lazy(() => import('./desk/AuditPage'));

function Page({ route, search }: { route: Route; search: string }) {
  switch (route.page) {
    case 'search':
      return <SearchPage search={search} />;
    case 'document':
      return <DocumentPage id={route.id} />;
    case 'coverage':
      return <CoveragePage id={route.id} />;
    case 'statistics':
      return <StatisticsPage search={search} />;
    case 'timeline':
      return <TimelinePage search={search} />;
    case 'signin':
      return <SignInPage search={search} />;
    case 'desk':
      return <ReviewQueuePage search={search} />;
    case 'review':
      return <StoryReviewPage id={route.id} />;
    case 'branch':
      return <BranchPage />;
    case 'newStory':
      return <StoryFormPage />;
    case 'branchStory':
      return <StoryFormPage id={route.id} />;
    case 'newActivity':
      return <ActivityFormPage />;
    case 'importDirective':
      return <ImportDirectivePage />;
    case 'audit':
      return <AuditPage search={search} />;
    case 'notFound':
      return <NotFound />;
  }
}

export function App() {
  const { pathname, search } = useLocation();
  const route = routeOf(pathname);
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);
  useEffect(() => {
    // Who is signed in, and the antiforgery token for this page; reading needs neither.
    void loadSession();
  }, []);
  useEffect(() => {
    // Moving to another page puts the focus at its start, as a page load would; not on the first load.
    if (pathname !== firstPath.current) {
      firstPath.current = pathname;
      main.current?.focus({ preventScroll: true });
    }
  }, [pathname]);
  const session = useSession();
  const isEditor = session.person?.role === 'EDITOR' || session.person?.role === 'ADMIN';
  const isBranch = session.person?.role === 'BRANCH';
  const current = (page: Route['page']) => (route.page === page ? ('page' as const) : undefined);
  return (
    <>
      <a className="skip" href="#main">
        {t.skipToContent}
      </a>
      <header className="site">
        <Link className="brand" href={paths.search()}>
          <span className="brand-name">{t.appName}</span>
          <span className="brand-tagline">{t.appTagline}</span>
        </Link>
        <nav aria-label={t.nav.label}>
          <ul>
            <li>
              <Link href={paths.search()} aria-current={current('search')}>
                {t.nav.search}
              </Link>
            </li>
            <li>
              <Link href={paths.statistics()} aria-current={current('statistics')}>
                {t.nav.statistics}
              </Link>
            </li>
            <li>
              <Link href={paths.timeline()} aria-current={current('timeline')}>
                {t.nav.timeline}
              </Link>
            </li>
            {isEditor && (
              <li>
                <Link href="/desk" aria-current={route.page === 'desk' || route.page === 'review' ? 'page' : undefined}>
                  {t.nav.desk}
                </Link>
              </li>
            )}
            {isBranch && (
              <li>
                <Link href="/branch" aria-current={route.page === 'branch' || route.page === 'newStory' || route.page === 'branchStory' || route.page === 'newActivity' ? 'page' : undefined}>
                  {t.nav.branch}
                </Link>
              </li>
            )}
            {isEditor && (
              <li>
                <Link href={paths.importDirective} aria-current={current('importDirective')}>
                  {t.importDirective.nav}
                </Link>
              </li>
            )}
            {session.person?.role === 'ADMIN' && (
              <li>
                <Link href="/desk/audit" aria-current={current('audit')}>
                  {t.audit.nav}
                </Link>
              </li>
            )}
            <li>
              <a href="/graphql">{t.nav.graphql}</a>
            </li>
          </ul>
        </nav>
        <SessionControls pathname={pathname} />
      </header>
      <SessionEndedBanner />
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Page route={route} search={search} />
        </Suspense>
      </main>
    </>
  );
}
