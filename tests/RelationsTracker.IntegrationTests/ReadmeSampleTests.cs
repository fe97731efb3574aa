using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>README's subscriber is the sample the tests run, word for word.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public void The_readme_shows_the_sample_subscriber_as_it_is()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "Subscriber", "Program.cs")).ReplaceLineEndings("\n");

        readme.ShouldContain($"```csharp\n{sample.TrimEnd('\n')}\n```");
    }
}
