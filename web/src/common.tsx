import { useEffect } from 'react';
import type { ApiError } from './api/client';
import { t } from './i18n';
import { Link, paths } from './router';

/** The browser tab's title, which screen readers announce on navigation. */
export function useTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · ${t.appName}` : t.appName;
  }, [title]);
}

export function NotFound() {
  useTitle(t.notFound.title);
  return (
    <section className="message">
      <h1>{t.notFound.title}</h1>
      <p>{t.notFound.body}</p>
      <p>
        <Link href={paths.search()}>{t.notFound.back}</Link>
      </p>
    </section>
  );
}

export function errorText(error: ApiError): string {
  const known = t.errors[error.code as keyof typeof t.errors];
  return typeof known === 'string' ? known : t.errors.other(error.code, error.message);
}

export function ErrorMessage({ error }: { error: ApiError }) {
  return (
    <div className="error" role="alert">
      <h2>{t.errors.title}</h2>
      <p>{errorText(error)}</p>
    </div>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status">
      {t.loading}
    </p>
  );
}
