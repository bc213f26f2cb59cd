namespace RegistryCheck.UnitTests.Localization;

/// <summary>Finds the repository's source files from the test's output folder.</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string Web => Path.Combine(Root, "src", "RegistryCheck.Web");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RegistryCheck.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RegistryCheck.sln not found above the test folder.");
    }

    public static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
