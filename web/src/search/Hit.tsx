// One search result, and the line that says which synonyms the search also looked for. Both show only what the API
// says: the section a directive hit comes from is the API's `section` (the section of its best fragment), never a
// guess from the fragment's text, and every string is rendered as text.
import type { SearchDocumentsQuery } from '../gql/graphql';
import { formatDate, formatDateTime, sectionLabel, t } from '../i18n';
import { Link, paths } from '../router';
import { Highlight } from './highlight';

type Search = NonNullable<SearchDocumentsQuery['search']>;
export type SearchEdge = Search['edges'][number];
export type SearchExpansion = Search['expansions'][number];

function hitMeta(node: SearchEdge['node']): string[] {
  switch (node.__typename) {
    case 'Directive':
      return [node.issuer.name, node.documentNumber ?? '', formatDate(node.issuedOn)];
    case 'StudyMaterial':
      return [node.source ?? '', formatDate(node.publishedOn)];
    case 'ActivityLog':
      return [node.organization.name, formatDateTime(node.occurredAt)];
    case 'Story':
      return [node.submittingOrganization.name, formatDate(node.occurredOn ?? node.publishedAt ?? node.submittedAt)];
  }
}

export function Hit({ edge }: { edge: SearchEdge }) {
  const node = edge.node;
  const title = edge.highlights.find((h) => h.field === 'TITLE')?.fragments[0];
  const text = edge.highlights.find((h) => h.field === 'TEXT')?.fragments ?? [];
  // The API names the section of the best fragment, which is the first one (fragments come best first).
  const section = node.__typename === 'Directive' ? edge.section : null;
  return (
    <li className="hit">
      <span className={`kind kind-${node.__typename}`}>{t.kinds[node.__typename]}</span>
      <h3>
        <Link href={paths.document(node.id)}>{title ? <Highlight fragment={title} /> : node.title}</Link>
      </h3>
      <p className="meta">{hitMeta(node).filter(Boolean).join(' · ')}</p>
      {section && text.length === 0 && <SectionLink directiveId={node.id} section={section} />}
      {text.map((fragment, i) => (
        <p className="fragment" key={i}>
          {i === 0 && section && <SectionLink directiveId={node.id} section={section} />}
          <Highlight fragment={fragment} />
        </p>
      ))}
    </li>
  );
}

function SectionLink({ directiveId, section }: { directiveId: string; section: NonNullable<SearchEdge['section']> }) {
  return (
    <Link className="from-section" href={paths.document(directiveId, section.anchor)}>
      {t.search.fromSection(`${sectionLabel(section.number)}${section.heading}`)}
    </Link>
  );
}

/** 也搜索了：新冠肺炎、COVID-19（同“新冠”）: why a document without the typed word was found. Nothing when none applied. */
export function Expansions({ expansions }: { expansions: readonly SearchExpansion[] }) {
  const used = expansions.filter((e) => e.synonyms.length > 0);
  if (used.length === 0) return null;
  return (
    <p className="expansions">
      {t.search.alsoSearched}
      {used.map((expansion, i) => (
        <span key={expansion.term}>
          {i > 0 && t.search.expansionSeparator}
          {expansion.synonyms.map((synonym, j) => (
            <span key={synonym}>
              {j > 0 && '、'}
              <q>{synonym}</q>
            </span>
          ))}
          {t.search.sameAs(expansion.term)}
        </span>
      ))}
    </p>
  );
}
