using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace RelationsTracker.Access;

/// <summary>
/// relations connection-string: the tracker's own connection string (with the embedded cluster's password, which only
/// the OS user who owns the data directory can read), for publishers' administrators and tools such as psql.
/// </summary>
[Description("Print the tracker's PostgreSQL connection string", Name = "connection-string")]
public sealed class ConnectionStringCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        Console.WriteLine(host.Services.GetRequiredService<TrackerDatabase>().ConnectionString);
        return Task.FromResult(true);
    }
}
