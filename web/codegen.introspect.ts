// GraphQL Code Generator against a RUNNING server, as a front-end team would point it: the schema comes from the
// standard introspection query sent to DANGJIAN_GRAPHQL_URL, and TypeScript types are generated with strictScalars
// (every custom scalar must be mapped, none becomes `any`). tests/Dangjian.Tests/Web/CodegenIntrospectionTests.cs
// runs it against an in-process server and then scripts/compare-schema.mjs holds the result to schema/schema.graphql.
import type { CodegenConfig } from '@graphql-codegen/cli';

const url = process.env.DANGJIAN_GRAPHQL_URL;
const output = process.env.DANGJIAN_CODEGEN_OUTPUT;
if (!url || !output) throw new Error('Set DANGJIAN_GRAPHQL_URL (the server) and DANGJIAN_CODEGEN_OUTPUT (a folder).');

const config: CodegenConfig = {
  // The options of graphql-js's getIntrospectionQuery that GraphiQL sets too: everything the schema can say.
  schema: [{ [url]: { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true } }],
  overwrite: true,
  generates: {
    [`${output}/schema.graphql`]: { plugins: ['schema-ast'] },
    [`${output}/types.ts`]: {
      plugins: ['typescript'],
      config: {
        strictScalars: true,
        // One formatter for each: Date is YYYY-MM-DD, DateTime an ISO 8601 instant with its offset.
        scalars: { Date: 'string', DateTime: 'string' },
      },
    },
  },
};

export default config;
