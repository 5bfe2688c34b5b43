// Compares two SDL files as schemas (types, fields, arguments, descriptions, deprecations, @specifiedBy), not as
// text: both are built with graphql-js, sorted, and printed the same way. Exit code 1 with a diff when they differ.
// Usage: node scripts/compare-schema.mjs introspected.graphql ../schema/schema.graphql
import { readFileSync } from 'node:fs';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';

const print = (file) => printSchema(lexicographicSortSchema(buildSchema(readFileSync(file, 'utf8')))).split('\n');
const [introspected, checkedIn] = process.argv.slice(2).map(print);
if (!introspected || !checkedIn) {
  console.error('Usage: node scripts/compare-schema.mjs A.graphql B.graphql');
  process.exit(2);
}
const differences = [];
const length = Math.max(introspected.length, checkedIn.length);
for (let i = 0; i < length && differences.length < 40; i++) {
  if (introspected[i] !== checkedIn[i]) differences.push(`line ${i + 1}:\n  introspected: ${introspected[i] ?? '(end)'}\n  checked in:   ${checkedIn[i] ?? '(end)'}`);
}
if (differences.length > 0) {
  console.error(`The introspected schema differs from the checked-in one:\n${differences.join('\n')}`);
  process.exit(1);
}
console.log(`The introspected schema matches the checked-in one (${introspected.length} lines printed).`);
