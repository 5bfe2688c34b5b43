// HotChocolate compatibility check: operations written as a front-end team writes them for a HotChocolate server
// (tests/Dangjian.Tests/Contract/HotChocolateOperations) must validate against schema/schema.graphql and compile to
// TypeScript with strictScalars. tests/Dangjian.Tests/Contract/HotChocolateCompatibilityTests.cs runs it.
import type { CodegenConfig } from '@graphql-codegen/cli';

const documents = process.env.DANGJIAN_COMPAT_DOCUMENTS;
const output = process.env.DANGJIAN_CODEGEN_OUTPUT;
if (!documents || !output) throw new Error('Set DANGJIAN_COMPAT_DOCUMENTS (a glob) and DANGJIAN_CODEGEN_OUTPUT (a folder).');

const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents,
  ignoreNoDocuments: false,
  overwrite: true,
  generates: {
    [`${output}/operations.ts`]: {
      plugins: ['typescript-operations'],
      config: {
        strictScalars: true,
        scalars: { Date: 'string', DateTime: 'string' },
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
