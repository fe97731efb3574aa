using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>README shows the samples the tests run as they are, from their host to their end.</summary>
public sealed class ReadmeSampleTests
{
    [Theory]
    [InlineData("Publisher")]
    [InlineData("Subscriber")]
    public void The_readme_shows_the_heart_of_the_sample_as_it_is(string sample)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).ReplaceLineEndings("\n");
        var code = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", sample, "Program.cs")).ReplaceLineEndings("\n");

        readme.ShouldContain($"The heart of `samples/{sample}/Program.cs`:\n\n```csharp\n{code[code.IndexOf("using var host", StringComparison.Ordinal)..].TrimEnd('\n')}\n```");
    }
}
