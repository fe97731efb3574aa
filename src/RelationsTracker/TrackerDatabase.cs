using JasperFx;

[assembly: JasperFxAssembly]

namespace RelationsTracker;

/// <summary>The PostgreSQL database the tracker runs on (configured, or the embedded cluster's).</summary>
public sealed record TrackerDatabase(string ConnectionString);
