export default function CoveragePage({ id }: { id: string }) {
  return <h1>{id}</h1>;
}
