import { useEffect, type ReactNode } from 'react';
import { useQuery } from '../api/useQuery';
import { ErrorMessage, Loading, NotFound, useTitle } from '../common';
import { ReadingRoomDocumentDocument, type ReadingRoomDirectiveFragment, type ReadingRoomDocumentQuery, type ReadingRoomRelatedFragment } from '../gql/graphql';
import { formatDate, formatDateTime, sectionLabel, t } from '../i18n';
import { Link, paths } from '../router';
import { Citation } from './Citation';

type Node = NonNullable<ReadingRoomDocumentQuery['node']>;
type Of<T extends Node['__typename']> = Extract<Node, { __typename: T }>;

export const sectionAnchor = (number: number) => `section-${number}`;

export default function DocumentPage({ id }: { id: string }) {
  const { data, error, loading } = useQuery(ReadingRoomDocumentDocument, { id });
  const node = data?.node;
  // An address that is no id at all is as missing as one of nothing.
  if (error?.code === 'INVALID_ID') return <NotFound />;
  if (error) return <ErrorMessage error={error} />;
  if (loading && !node) return <Loading />;
  if (!node) return <NotFound />;
  switch (node.__typename) {
    case 'Directive':
      return <DirectiveView directive={node} />;
    case 'DirectiveSection':
      return <DirectiveView directive={node.directive} focus={node.number} />;
    case 'Story':
      return <StoryView story={node} />;
    case 'ActivityLog':
      return <ActivityView log={node} />;
    case 'StudyMaterial':
      return <StudyMaterialView material={node} />;
    case 'Organization':
      return <OrganizationView organization={node} />;
  }
}

function Paragraphs({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <>
      {text
        .split(/\n+/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  const shown = items.filter(([, value]) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0));
  return (
    <dl className="facts">
      {shown.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Header({ kind, title, pageTitle, children }: { kind: string; title: string; pageTitle?: string; children?: ReactNode }) {
  useTitle(pageTitle ?? title);
  return (
    <header className="doc-header">
      <p className="kind">{kind}</p>
      <h1>{title}</h1>
      {children}
      <button type="button" className="print" onClick={() => window.print()}>
        {t.document.print}
      </button>
    </header>
  );
}

function Tags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={paths.search(new URLSearchParams({ q: tag }).toString())}>{tag}</Link>
        </li>
      ))}
    </ul>
  );
}

function DirectiveView({ directive, focus }: { directive: ReadingRoomDirectiveFragment; focus?: number }) {
  // A section's permalink shows the whole directive, titled and scrolled to that section.
  const focused = directive.sections.find((s) => s.number === focus);
  useEffect(() => {
    // A section's permalink, or a #section-N anchor followed before the page had loaded.
    const anchor = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : focus ? sectionAnchor(focus) : '';
    if (anchor) document.getElementById(anchor)?.scrollIntoView();
  }, [focus]);
  return (
    <article className="document directive">
      <Header
        kind={`${t.kinds.Directive} · ${t.documentTypes[directive.documentType] ?? ''}`}
        title={directive.title}
        pageTitle={focused ? `${sectionLabel(focused.number)}${focused.heading}` : undefined}
      >
        <Facts
          items={[
            [t.document.issuer, <Link href={paths.document(directive.issuer.id)}>{directive.issuer.name}</Link>],
            [t.document.number, directive.documentNumber],
            [t.document.issuedOn, <time dateTime={directive.issuedOn}>{formatDate(directive.issuedOn)}</time>],
            [t.document.addressees, directive.addressees.join('、')],
            [t.document.status, t.directiveStatuses[directive.status]],
            [
              t.document.contact,
              directive.contact.text || [...directive.contact.phones, ...directive.contact.emails].join('　') || null,
            ],
            [
              t.document.attachments,
              directive.attachments.length ? (
                <ol className="attachments">
                  {directive.attachments.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ol>
              ) : null,
            ],
            [t.document.references, directive.references.join('；')],
          ]}
        />
        <Tags tags={directive.tags} />
        <p>
          <Link href={paths.coverage(directive.id)} className="coverage-link">
            {t.document.coverageLink}
          </Link>
        </p>
      </Header>
      {directive.sections.length > 0 && (
        <nav className="toc" aria-label={t.document.contents}>
          <h2>{t.document.contents}</h2>
          <ol>
            {directive.sections.map((s) => (
              <li key={s.id}>
                <a href={`#${sectionAnchor(s.number)}`}>
                  {sectionLabel(s.number)}
                  {s.heading}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="body">
        <Paragraphs text={directive.preamble} />
        {directive.sections.map((s) => (
          <SectionView key={s.id} section={s} />
        ))}
        <Paragraphs text={directive.closing} />
      </div>
      {directive.original && (
        <details className="original">
          <summary>{t.document.original}</summary>
          {directive.original.sourceName && <p>{t.document.originalNote(directive.original.sourceName)}</p>}
          <pre>{directive.original.text}</pre>
        </details>
      )}
      <Citation citation={directive} />
      <Related items={directive.related} />
    </article>
  );
}

type Section = ReadingRoomDirectiveFragment['sections'][number];

function SectionView({ section }: { section: Section }) {
  const anchor = sectionAnchor(section.number);
  const label = `${sectionLabel(section.number)}${section.heading}`;
  const logs = section.activityLogs;
  const stories = section.stories;
  return (
    <section id={anchor} className="section" aria-labelledby={`${anchor}-heading`} tabIndex={-1}>
      <h2 id={`${anchor}-heading`}>
        {label}
        <a className="anchor" href={`#${anchor}`} aria-label={t.document.sectionLink(label)}>
          #
        </a>
      </h2>
      <Paragraphs text={section.body} />
      <div className="carried-out">
        <h3>{t.document.carriedOutBy}</h3>
        <div className="columns">
          <LinkList
            title={t.document.activities(logs?.totalCount ?? 0)}
            total={logs?.totalCount ?? 0}
            items={(logs?.nodes ?? []).map((a) => ({ id: a.id, title: a.title, meta: `${a.organization.name} · ${formatDate(a.occurredAt)}` }))}
          />
          <LinkList
            title={t.document.stories(stories?.totalCount ?? 0)}
            total={stories?.totalCount ?? 0}
            items={(stories?.nodes ?? []).map((s) => ({ id: s.id, title: s.title, meta: `${s.submittingOrganization.name} · ${formatDate(s.publishedAt)}` }))}
          />
        </div>
      </div>
      <Citation citation={section} heading={`${t.citation.title}：${sectionLabel(section.number)}`} level={3} />
    </section>
  );
}

function LinkList({ title, items, total, level = 4 }: { title: string; items: { id: string; title: string; meta?: string }[]; total?: number; level?: 2 | 4 }) {
  const Heading = level === 2 ? 'h2' : 'h4';
  return (
    <div className="link-list">
      <Heading>{title}</Heading>
      {items.length === 0 ? (
        <p className="none">{t.document.noneYet}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <Link href={paths.document(item.id)}>{item.title}</Link>
              {item.meta && <span className="meta"> {item.meta}</span>}
            </li>
          ))}
          {total !== undefined && total > items.length && <li className="more">{t.document.more(total - items.length)}</li>}
        </ul>
      )}
    </div>
  );
}

function relatedDate(item: ReadingRoomRelatedFragment): string {
  switch (item.__typename) {
    case 'Directive':
      return formatDate(item.issuedOn);
    case 'StudyMaterial':
      return formatDate(item.publishedOn);
    case 'ActivityLog':
      return formatDate(item.occurredAt);
    case 'Story':
      return formatDate(item.publishedAt);
  }
}

function Related({ items }: { items: readonly ReadingRoomRelatedFragment[] }) {
  if (items.length === 0) return null;
  return (
    <aside className="related">
      <LinkList level={2} title={t.document.related} items={items.map((r) => ({ id: r.id, title: r.title, meta: `${t.kinds[r.__typename]} · ${relatedDate(r)}` }))} />
    </aside>
  );
}

function SectionLinks({ sections }: { sections: readonly { id: string; number: number; heading: string; directive: { id: string; title: string } }[] }) {
  if (sections.length === 0) return null;
  return (
    <ul className="section-links">
      {sections.map((s) => (
        <li key={s.id}>
          <Link href={paths.document(s.directive.id, sectionAnchor(s.number))}>
            {sectionLabel(s.number)}
            {s.heading}
          </Link>
          <span className="meta">
            {' '}
            {t.document.in}《{s.directive.title}》
          </span>
        </li>
      ))}
    </ul>
  );
}

function OrganizationPath({ organization }: { organization: { id: string; name: string; ancestors: readonly { id: string; name: string }[] } }) {
  return (
    <span className="org-path">
      {organization.ancestors.map((a) => (
        <span key={a.id}>
          <Link href={paths.document(a.id)}>{a.name}</Link> ›{' '}
        </span>
      ))}
      <Link href={paths.document(organization.id)}>{organization.name}</Link>
    </span>
  );
}

function StoryView({ story }: { story: Of<'Story'> }) {
  return (
    <article className="document story">
      <Header kind={t.kinds.Story} title={story.title}>
        <Facts
          items={[
            [t.document.submittedBy, <OrganizationPath organization={story.submittingOrganization} />],
            [t.document.people, story.people.join('、')],
            [
              t.document.about,
              story.organizations.length
                ? story.organizations.map((o, i) => (
                    <span key={o.id}>
                      {i > 0 && '、'}
                      <Link href={paths.document(o.id)}>{o.name}</Link>
                    </span>
                  ))
                : null,
            ],
            [t.document.occurredOn, story.occurredOn ? <time dateTime={story.occurredOn}>{formatDate(story.occurredOn)}</time> : null],
            [t.document.publishedAt, story.publishedAt ? <time dateTime={story.publishedAt}>{formatDate(story.publishedAt)}</time> : null],
            [t.document.submittedAt, <time dateTime={story.submittedAt}>{formatDate(story.submittedAt)}</time>],
            [t.document.status, story.featured ? `${t.storyStatuses[story.storyStatus]} · ${t.document.featured}` : t.storyStatuses[story.storyStatus]],
          ]}
        />
        <Tags tags={story.tags} />
      </Header>
      <div className="body">
        <p className="summary">{story.summary}</p>
        {/* Rendered by the server from Markdown with raw HTML disabled, then sanitised (see Story.bodyHtml). */}
        <div className="story-body" dangerouslySetInnerHTML={{ __html: story.bodyHtml }} />
      </div>
      {story.sections.length > 0 && (
        <section>
          <h2>{t.document.sections}</h2>
          <SectionLinks sections={story.sections} />
        </section>
      )}
      {story.activities.length > 0 && (
        <LinkList level={2} title={t.document.tellsOf} items={story.activities.map((a) => ({ id: a.id, title: a.title, meta: `${a.organization.name} · ${formatDate(a.occurredAt)}` }))} />
      )}
      <Citation citation={story} />
      <Related items={story.related} />
    </article>
  );
}

function ActivityView({ log }: { log: Of<'ActivityLog'> }) {
  return (
    <article className="document activity">
      <Header kind={t.kinds.ActivityLog} title={log.title}>
        <Facts
          items={[
            [t.document.organization, <OrganizationPath organization={log.organization} />],
            [t.document.activityKind, t.activityKinds[log.activityKind]],
            [t.document.occurredAt, <time dateTime={log.occurredAt}>{formatDateTime(log.occurredAt)}</time>],
            [t.document.place, log.place],
            [t.document.participants, String(log.participantCount)],
            [t.document.participantNames, log.participants.join('、')],
          ]}
        />
        <Tags tags={log.tags} />
      </Header>
      <div className="body">
        <Paragraphs text={log.summary} />
      </div>
      {log.sections.length > 0 && (
        <section>
          <h2>{t.document.sections}</h2>
          <SectionLinks sections={log.sections} />
        </section>
      )}
      {log.studyMaterials.length > 0 && (
        <LinkList level={2} title={t.document.studyMaterials} items={log.studyMaterials.map((m) => ({ id: m.id, title: m.title }))} />
      )}
      {log.stories && log.stories.totalCount > 0 && (
        <LinkList level={2} title={t.document.stories(log.stories.totalCount)} total={log.stories.totalCount} items={log.stories.nodes.map((s) => ({ id: s.id, title: s.title, meta: formatDate(s.publishedAt) }))} />
      )}
      <Citation citation={log} />
    </article>
  );
}

function StudyMaterialView({ material }: { material: Of<'StudyMaterial'> }) {
  return (
    <article className="document material">
      <Header kind={t.kinds.StudyMaterial} title={material.title}>
        <Facts
          items={[
            [t.document.source, material.source],
            [t.document.publishedOn, <time dateTime={material.publishedOn}>{formatDate(material.publishedOn)}</time>],
          ]}
        />
        <Tags tags={material.tags} />
      </Header>
      <div className="body">
        <p className="summary">{material.summary}</p>
        <Paragraphs text={material.body} />
      </div>
      {material.studiedIn && material.studiedIn.totalCount > 0 && (
        <LinkList
          level={2}
          title={t.document.studiedIn}
          total={material.studiedIn.totalCount}
          items={material.studiedIn.nodes.map((a) => ({ id: a.id, title: a.title, meta: `${a.organization.name} · ${formatDate(a.occurredAt)}` }))}
        />
      )}
      <Citation citation={material} />
    </article>
  );
}

function OrganizationView({ organization }: { organization: Of<'Organization'> }) {
  return (
    <article className="document organization">
      <Header kind={t.kinds.Organization} title={organization.name}>
        <Facts
          items={[
            [t.document.parentChain, organization.ancestors.length ? <OrganizationPath organization={{ ...organization.ancestors.at(-1)!, ancestors: organization.ancestors.slice(0, -1) }} /> : null],
            [t.document.unit, organization.unit],
            [t.document.sector, organization.sector],
            [t.document.established, organization.establishedOn ? formatDate(organization.establishedOn) : null],
            [t.document.dissolved, organization.dissolvedOn ? formatDate(organization.dissolvedOn) : null],
            [t.document.kindLabel, organization.temporary ? t.document.temporary : null],
          ]}
        />
      </Header>
      {organization.children && organization.children.nodes.length > 0 && (
        <LinkList level={2} title={t.document.children} items={organization.children.nodes.map((c) => ({ id: c.id, title: c.name, meta: c.temporary ? t.document.temporary : undefined }))} />
      )}
      {organization.logged && (
        <LinkList
          level={2}
          title={t.document.recentActivities}
          total={organization.logged.totalCount}
          items={organization.logged.nodes.map((a) => ({ id: a.id, title: a.title, meta: formatDate(a.occurredAt) }))}
        />
      )}
      <Citation citation={organization} />
    </article>
  );
}
