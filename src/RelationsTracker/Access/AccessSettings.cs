namespace RelationsTracker.Access;

/// <summary>The <c>RelationsTracker:Auth</c> configuration.</summary>
public sealed class AccessSettings
{
    public const string Section = "RelationsTracker:Auth";

    /// <summary>Whether reads (the API's GETs and the dashboard) are answered without a key.</summary>
    public bool AnonymousReads { get; set; } = true;

    /// <summary>A key accepted as an admin's, set by whoever deploys the tracker (automation, containers).</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>An identity provider whose JWT bearer tokens are accepted beside the keys.</summary>
    public JwtSettings Jwt { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();
}

/// <summary>The <c>RelationsTracker:Auth:Jwt</c> configuration: tokens are accepted when an authority is set.</summary>
public sealed class JwtSettings
{
    /// <summary>The identity provider's issuer URL (its OpenID Connect metadata gives the signing keys).</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>The claim that carries the role (<c>reader</c>, <c>writer</c> or <c>admin</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// The <c>RelationsTracker:Auth:RateLimits</c> configuration: requests per window for each key (or token's subject),
/// and for each remote address of anonymous requests. 0 lifts a limit.
/// </summary>
public sealed class RateLimitSettings
{
    public int PerKey { get; set; } = 3000;

    public int PerAddress { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
