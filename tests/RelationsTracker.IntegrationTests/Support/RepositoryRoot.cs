namespace RelationsTracker.IntegrationTests.Support;

/// <summary>The clone the tests were built from: the folder holding <c>RelationsTracker.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The configuration the tests were built in, and so everything they run.</summary>
    public static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "RelationsTracker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No RelationsTracker.sln above the tests.");
    }
}
