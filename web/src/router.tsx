// A few routes, all in the address bar: a router library would cost more bytes than this file. Every page reads
// its whole state from the URL (path, query string, #anchor), so any view can be bookmarked and shared.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type Route =
  | { page: 'search' }
  | { page: 'document'; id: string }
  | { page: 'coverage'; id: string }
  | { page: 'statistics' }
  | { page: 'timeline' }
  | { page: 'signin' }
  | { page: 'desk' }
  | { page: 'review'; id: string }
  | { page: 'branch' }
  | { page: 'newStory' }
  | { page: 'branchStory'; id: string }
  | { page: 'newActivity' }
  | { page: 'importDirective' }
  | { page: 'audit' }
  | { page: 'notFound' };

/** The app's routes; the host serves index.html for exactly these (see WebApp.cs). */
export function routeOf(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'search' };
  if (pathname === '/statistics') return { page: 'statistics' };
  if (pathname === '/timeline') return { page: 'timeline' };
  if (pathname === '/signin') return { page: 'signin' };
  if (pathname === '/desk') return { page: 'desk' };
  if (pathname === '/branch') return { page: 'branch' };
  if (pathname === '/branch/story/new') return { page: 'newStory' };
  if (pathname === '/branch/activity/new') return { page: 'newActivity' };
  const branchStory = /^\/branch\/story\/([^/]+)$/.exec(pathname);
  if (branchStory?.[1]) return { page: 'branchStory', id: decodeURIComponent(branchStory[1]) };
  if (pathname === '/desk/import') return { page: 'importDirective' };
  if (pathname === '/desk/audit') return { page: 'audit' };
  const review = /^\/desk\/story\/([^/]+)$/.exec(pathname);
  if (review?.[1]) return { page: 'review', id: decodeURIComponent(review[1]) };
  const coverage = /^\/d\/([^/]+)\/coverage$/.exec(pathname);
  if (coverage?.[1]) return { page: 'coverage', id: decodeURIComponent(coverage[1]) };
  const document = /^\/d\/([^/]+)$/.exec(pathname);
  if (document?.[1]) return { page: 'document', id: decodeURIComponent(document[1]) };
  return { page: 'notFound' };
}

export const paths = {
  search: (query = '') => (query ? `/?${query}` : '/'),
  document: (id: string, anchor?: string) => `/d/${encodeURIComponent(id)}${anchor ? `#${anchor}` : ''}`,
  coverage: (id: string) => `/d/${encodeURIComponent(id)}/coverage`,
  statistics: (query = '') => (query ? `/statistics?${query}` : '/statistics'),
  timeline: (query = '') => (query ? `/timeline?${query}` : '/timeline'),
  review: (id: string) => `/desk/story/${encodeURIComponent(id)}`,
  branch: () => '/branch',
  newStory: () => '/branch/story/new',
  branchStory: (id: string) => `/branch/story/${encodeURIComponent(id)}`,
  newActivity: () => '/branch/activity/new',
  importDirective: '/desk/import',
  signIn: (returnTo?: string) => (returnTo ? `/signin?returnTo=${encodeURIComponent(returnTo)}` : '/signin'),
};

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}
const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query string; re-renders on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const query = href.indexOf('?');
  return query < 0 ? { pathname: href, search: '' } : { pathname: href.slice(0, query), search: href.slice(query) };
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  const hash = to.indexOf('#');
  if (hash >= 0) {
    // After React has drawn the page the anchor points into.
    requestAnimationFrame(() => document.getElementById(decodeURIComponent(to.slice(hash + 1)))?.scrollIntoView());
  } else if (!options.replace) window.scrollTo(0, 0);
}

/** An ordinary link (it opens in a new tab, copies, prints) that navigates in place on a plain click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function click(e: MouseEvent<HTMLAnchorElement>) {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (href.startsWith('#')) return;
    e.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={click} {...rest} />;
}
