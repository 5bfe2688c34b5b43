export default function TimelinePage({ search }: { search: string }) {
  return <h1>{search}</h1>;
}
