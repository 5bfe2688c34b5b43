namespace Dangjian.Bench;

/// <summary>Median and 95th percentile (nearest rank) of a set of samples.</summary>
public sealed record Summary(double Median, double P95, double Min, double Max, int Count)
{
    public static Summary Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
            return new Summary(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        return new Summary(Rank(sorted, 0.5), Rank(sorted, 0.95), sorted[0], sorted[^1], sorted.Length);
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>The machine's state, read from /proc: the load average is printed with every figure.</summary>
public static class Machine
{
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static double Load1() => double.TryParse(LoadAverage().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    public static long MemoryBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static long DirectorySize(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public static long FilesSize(string path) =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);
}
