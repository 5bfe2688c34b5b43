namespace Dangjian.Tests.Support;

/// <summary>Files of the repository the tests run from (schema/, seed-data/ …), found by walking up to Dangjian.slnx.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dangjian.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Run the tests from inside the repository: Dangjian.slnx was not found above " + AppContext.BaseDirectory);
    }
}
