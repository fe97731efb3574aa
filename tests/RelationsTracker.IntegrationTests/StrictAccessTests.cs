using System.Net;
using System.Security.Cryptography;
using Alba;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using RelationsTracker.Access;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// A server that answers no read without a key, accepts an identity provider's tokens (signed here with a key made for
/// the test), and limits each key and each anonymous address to three requests an hour.
/// </summary>
public sealed class StrictAccessTests : IAsyncLifetime
{
    private const string Issuer = "https://identity.example.test/";
    private const string Audience = "relations-tracker";
    private static int _lastAddress;

    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048));
    private string _connectionString = string.Empty;
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _host = await TrackerApp.StartServerAsync(
            _connectionString,
            new FakeTimeProvider(TrackerApp.Now),
            new Dictionary<string, string>
            {
                ["RelationsTracker:Auth:AnonymousReads"] = "false",
                ["RelationsTracker:Auth:RateLimits:PerKey"] = "3",
                ["RelationsTracker:Auth:RateLimits:PerAddress"] = "3",
                ["RelationsTracker:Auth:RateLimits:Window"] = "01:00:00",
                ["RelationsTracker:Auth:Jwt:Authority"] = Issuer,
                ["RelationsTracker:Auth:Jwt:Audience"] = Audience,
            },
            services => services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                // The provider's metadata, as its discovery document would give it.
                jwt.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                jwt.Configuration.SigningKeys.Add(_signingKey);
            }));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task Without_anonymous_reads_the_api_and_the_dashboard_need_a_key_and_a_reader_has_them()
    {
        var reader = await Keys.AddAsync(_host.Services.GetRequiredService<Marten.IDocumentStore>(), AccessRoles.Reader);

        await SendAsync(key: null, 401, scenario => scenario.Get.Url("/api/relationships"));
        await SendAsync(key: null, 401, scenario => scenario.Get.Url("/"));
        await SendAsync(key: null, 401, scenario => scenario.Get.Url("/relationships/USA-CHN"));
        await SendAsync(reader, 200, scenario => scenario.Get.Url("/api/relationships"));
        await SendAsync(reader, 200, scenario => scenario.Get.Url("/"));
    }

    [Fact]
    public async Task Past_its_limit_a_key_is_answered_429_with_retry_after_and_other_keys_are_not()
    {
        var store = _host.Services.GetRequiredService<Marten.IDocumentStore>();
        var busy = await Keys.AddAsync(store, AccessRoles.Reader);
        var other = await Keys.AddAsync(store, AccessRoles.Reader);
        for (var request = 0; request < 3; request++)
        {
            await SendAsync(busy, 200, scenario => scenario.Get.Url("/api/relationships"));
        }

        var refused = await SendAsync(busy, 429, scenario => scenario.Get.Url("/api/relationships"));

        var retryAfter = int.Parse(refused.Context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.ShouldBeInRange(1, 3600);
        ((int?)(await refused.ProblemAsync())["status"]).ShouldBe(429);
        await SendAsync(other, 200, scenario => scenario.Get.Url("/api/relationships"));
    }

    [Fact]
    public async Task Past_its_limit_an_anonymous_address_is_answered_429_and_another_address_is_not()
    {
        var address = NextAddress();
        for (var request = 0; request < 3; request++)
        {
            await SendAsync(key: null, 401, scenario => scenario.Get.Url("/api/relationships"), address);
        }

        var refused = await SendAsync(key: null, 429, scenario => scenario.Get.Url("/api/relationships"), address);

        refused.Context.Response.Headers.RetryAfter.ToString().ShouldNotBeEmpty();
        await SendAsync(key: null, 401, scenario => scenario.Get.Url("/api/relationships"));
    }

    [Fact]
    public async Task A_token_of_the_identity_provider_carries_its_role()
    {
        var writer = Token(_signingKey, AccessRoles.Writer, Audience);
        var reader = Token(_signingKey, AccessRoles.Reader, Audience);

        await SendAsync(writer, 201, scenario => scenario.Post.Json(Submit.Meeting("by-token", "2023-06-18")).ToUrl("/api/engagements"));
        await SendAsync(reader, 200, scenario => scenario.Get.Url("/api/relationships/USA/CHN"));
        var problem = await (await SendAsync(reader, 403, scenario => scenario.Post.Json(Submit.Meeting("by-reader-token", "2023-06-18")).ToUrl("/api/engagements"))).ProblemAsync();
        ((string?)problem["detail"]).ShouldBe("This needs the role writer or admin.");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_or_for_another_audience_is_refused()
    {
        var forged = Token(new RsaSecurityKey(RSA.Create(2048)), AccessRoles.Admin, Audience);
        var elsewhere = Token(_signingKey, AccessRoles.Admin, "another-service");

        await SendAsync(forged, 401, scenario => scenario.Get.Url("/api/relationships"));
        await SendAsync(elsewhere, 401, scenario => scenario.Get.Url("/api/relationships"));
    }

    /// <summary>Each unauthenticated request comes from an address of its own unless told, so that no limit is shared.</summary>
    private Task<IScenarioResult> SendAsync(string? key, int expectedStatus, Action<Scenario> request, IPAddress? address = null) =>
        _host.SendWithAsync(key, expectedStatus, scenario =>
        {
            request(scenario);
            var from = address ?? NextAddress();
            scenario.ConfigureHttpContext(context => context.Connection.RemoteIpAddress = from);
        });

    private static IPAddress NextAddress() => new([192, 0, 2, (byte)Interlocked.Increment(ref _lastAddress)]);

    private static string Token(SecurityKey key, string role, string audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = $"analyst-{Guid.NewGuid():N}", ["roles"] = role },
            // Valid by the server's clock and by this machine's, whichever the validation reads.
            NotBefore = TrackerApp.Now.UtcDateTime.AddDays(-1),
            IssuedAt = TrackerApp.Now.UtcDateTime.AddDays(-1),
            Expires = DateTime.UtcNow.AddDays(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
}
