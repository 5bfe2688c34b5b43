export default function StatisticsPage({ search }: { search: string }) {
  return <h1>{search}</h1>;
}
