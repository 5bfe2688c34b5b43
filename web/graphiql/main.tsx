// The GraphiQL IDE served at /graphql to browsers, built from the graphiql package with the rest of the web app.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const defaultQuery = `# Dangjian: 党建宣传文档与知识库 GraphQL API
# Try: the founding notice and its sections
{
  directives(first: 5) {
    totalCount
    nodes { title issuedOn issuer { name } sections { number heading } }
  }
}
`;

const fetcher = createGraphiQLFetcher({ url: '/graphql' });

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />
  </StrictMode>,
);
