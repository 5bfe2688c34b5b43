export default function DocumentPage({ id }: { id: string }) {
  return <h1>{id}</h1>;
}
