using JasperFx;

[assembly: JasperFxAssembly]

namespace RelationsTracker;

/// <summary>The PostgreSQL database the tracker runs on (configured, or the embedded cluster's).</summary>
/// <param name="ConnectionString">The tracker's own connection.</param>
/// <param name="AdministrationConnectionString">
/// A connection that may create roles (for publishers): the embedded cluster's superuser, or the configured connection.
/// </param>
public sealed record TrackerDatabase(string ConnectionString, string AdministrationConnectionString);
