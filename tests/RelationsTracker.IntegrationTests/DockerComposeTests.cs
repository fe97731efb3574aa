using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// docker/compose.yaml, read as YAML (there is no Docker engine to run it here): PostgreSQL published on the host's
/// loopback, healthchecks and restart policies, and no password written in it.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Docker = Path.Combine(RepositoryRoot.Path, "docker");

    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(Path.Combine(Docker, "compose.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["services"];
    }

    private static string Scalar(YamlNode node, params string[] path) =>
        ((YamlScalarNode)path.Aggregate(node, (current, key) => ((YamlMappingNode)current)[key])).Value!;

    private static IEnumerable<string> Sequence(YamlNode node, params string[] path) =>
        ((YamlSequenceNode)path.Aggregate(node, (current, key) => ((YamlMappingNode)current)[key])).Select(item => ((YamlScalarNode)item).Value!);

    [Fact]
    public void PostgreSQL_is_published_on_the_hosts_loopback_at_a_configurable_port()
    {
        Sequence(Services(), "postgres", "ports").ShouldBe(["127.0.0.1:${POSTGRES_PORT:-5432}:5432"]);
    }

    [Fact]
    public void Both_services_restart_and_the_server_is_healthy_only_when_ready()
    {
        var services = Services();
        Scalar(services, "postgres", "restart").ShouldBe("unless-stopped");
        Scalar(services, "server", "restart").ShouldBe("unless-stopped");
        Sequence(services, "server", "healthcheck", "test").ShouldContain("http://localhost:5080/health/ready");
        Sequence(services, "server", "healthcheck", "test").First().ShouldBe("CMD");
        Sequence(services, "server", "healthcheck", "test").ElementAt(1).ShouldBe("curl");
        File.ReadAllText(Path.Combine(Docker, "Dockerfile")).ShouldContain(" curl ");
        Scalar(services, "server", "depends_on", "postgres", "condition").ShouldBe("service_healthy");
    }

    [Fact]
    public void The_password_comes_from_the_environment_or_the_env_file_and_is_written_nowhere()
    {
        var services = Services();
        Scalar(services, "postgres", "environment", "POSTGRES_PASSWORD").ShouldStartWith("${POSTGRES_PASSWORD:?");
        Scalar(services, "server", "environment", "ConnectionStrings__Postgres").ShouldContain("Password=${POSTGRES_PASSWORD:?");
        File.ReadAllLines(Path.Combine(Docker, ".env.example")).ShouldContain("POSTGRES_PASSWORD=");
        File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".gitignore")).ShouldContain("/docker/.env");
    }
}
