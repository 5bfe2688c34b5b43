// Types and persisted documents for the reading room, generated from the checked-in schema and the operations in
// schema/operations/ (the same files the server loads as its persisted operations).
//
// The server knows an operation by the SHA-256 of its file's bytes ({"documentId": "sha256:<hex>"}, see
// OperationCatalog.cs), while the client preset hashes its own normalised print of the operation. So the hash
// function below maps each printed operation back to the file it came from and returns that file's hash: the
// client then sends exactly the ids the server holds, and never the query text.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { Kind, parse, type DocumentNode } from 'graphql';

const operationsDirectory = join(import.meta.dirname, '..', 'schema', 'operations');

function operationName(document: DocumentNode): string | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 ? operations[0]?.name?.value : undefined;
}

/** Operation name → the file's printed form and its server-side id. */
const persisted = new Map<string, { printed: string; id: string }>();
for (const file of readdirSync(operationsDirectory).filter((f) => f.endsWith('.graphql')).sort()) {
  const bytes = readFileSync(join(operationsDirectory, file));
  const document = parse(bytes.toString('utf8'));
  const name = operationName(document);
  if (!name) throw new Error(`${file}: a persisted operation file holds exactly one named operation`);
  persisted.set(name, {
    printed: printExecutableGraphQLDocument(document),
    id: 'sha256:' + createHash('sha256').update(bytes).digest('hex'),
  });
}

function serverDocumentId(printedOperation: string): string {
  const document = parse(printedOperation);
  const name = operationName(document);
  const file = name ? persisted.get(name) : undefined;
  if (!file) throw new Error(`No file in schema/operations holds the operation ${name ?? '(anonymous)'}`);
  // The preset prints the document it typed; the server runs the file. They must be the same operation.
  if (printExecutableGraphQLDocument(document) !== file.printed)
    throw new Error(`The operation ${name} typed by codegen differs from its file in schema/operations`);
  return file.id;
}

const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: '../schema/operations/*.graphql',
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: serverDocumentId },
      },
      config: {
        strictScalars: true,
        scalars: { Date: 'string', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
