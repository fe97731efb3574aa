using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RelationsTracker.Access;
using RelationsTracker.Alerts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Listing;

namespace RelationsTracker.Dashboard;

/// <summary>
/// The dashboard's pages, rendered on the server from <see cref="RelationshipQueries"/>: the overview at / and a page
/// per relationship. Pages for people, not part of the HTTP API, so they stay out of the OpenAPI document.
/// </summary>
public static class DashboardEndpoints
{
    private const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>How many of the latest changes the overview shows.</summary>
    private const int RecentChanges = 10;

    /// <summary>
    /// Scripts and styles from the server's own files only, nothing inline: an engagement's text that slipped past the
    /// encoding could still not run. No page may frame the dashboard.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup(string.Empty).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return await next(context);
        });
        dashboard.MapGet("/", OverviewAsync).RequireAuthorization(AccessPolicies.Read);
        dashboard.MapGet("/relationships/{pair}", RelationshipAsync).RequireAuthorization(AccessPolicies.Read);
        dashboard.MapGet("/dashboard.js", Script);
        dashboard.MapGet("/dashboard.css", () => Results.Text(Layout.StyleSheet, "text/css; charset=utf-8"));
        return app;
    }

    private static async Task<IResult> OverviewAsync(
        string? country, string? q, string? channel, string? status, string? hideUnknown, string? asOf, string? sort, string? page,
        IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        (country, q, channel, status, hideUnknown) = (Given(country), Given(q), Given(channel), Given(status), Given(hideUnknown));
        (asOf, sort) = (Given(asOf), Given(sort));
        var arguments = new QueryArguments(clock);
        // Relationships with nothing known of any channel are hidden, unless asked, when there are more than a page.
        var filter = arguments.Filter(country, q, channel, status, hideUnknown, hideByDefault: null);
        var day = arguments.Day(asOf, "asOf") ?? GetRelationshipEndpoint.DayOf(null, clock);
        var listing = new ListingPage(
            arguments.Number(Given(page), "page", 1, 1, int.MaxValue),
            ListingPage.DefaultSize,
            arguments.Word<ListingOrder>(sort, "sort") ?? ListingOrder.Changed);
        var query = new OverviewQuery(filter.Country ?? country, q?.Trim(), channel, status, hideUnknown, day, sort, listing);

        // The country list offers every country with a relationship on record by that day, whatever the filters keep.
        var countries = await RelationshipQueries.CountriesAsync(session, day, cancellation);
        var recent = (await ChangeFeed.ReadAsync(session, new ChangeFilter(null, null, null, null), 1, RecentChanges, cancellation)).Changes;
        if (!arguments.IsValid)
        {
            return Results.Content(
                OverviewPage.Render(query, countries, null, arguments, recent), HtmlContentType, statusCode: StatusCodes.Status400BadRequest);
        }

        var relationships = await RelationshipQueries.ListAsync(session, filter, day, listing, cancellation);
        return Results.Content(OverviewPage.Render(query, countries, relationships, arguments, recent), HtmlContentType);
    }

    private static async Task<IResult> RelationshipAsync(
        string pair, string? asOf, string? from, string? to, string? page,
        IQuerySession session, TimeProvider clock, ActivityWindows windows, CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var relationshipId = arguments.Pair(pair, "pair");
        var day = arguments.Day(Given(asOf), "asOf");
        var period = new ChartPeriod(arguments.Day(Given(from), "from"), arguments.Day(Given(to), "to"));
        arguments.Period(period.From, period.To, "from");
        if (!arguments.IsValid)
        {
            return Problem("The request is not valid", arguments.Lines(), StatusCodes.Status400BadRequest);
        }

        var today = GetRelationshipEndpoint.DayOf(null, clock);
        var chart = await RelationshipChart.LoadAsync(session, relationshipId!, day ?? today, today, period, windows, cancellation);
        if (chart is null)
        {
            return Problem("Relationship not found", [$"No engagement between {string.Join(" and ", RelationshipKey.Countries(relationshipId!))} has been recorded."], StatusCodes.Status404NotFound);
        }

        // The pages of the table are known once the engagements are read.
        var tablePage = arguments.Number(Given(page), "page", 1, 1, EngagementTablePage.CountFor(chart.Engagements.Count));
        return arguments.IsValid
            ? Results.Content(RelationshipPage.Render(chart, tablePage), HtmlContentType)
            : Problem("The request is not valid", arguments.Lines(), StatusCodes.Status400BadRequest);
    }

    private static IResult Script()
    {
        var script = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("dashboard.js")
            ?? throw new InvalidOperationException("dashboard.js is missing from the assembly.");
        return Results.Stream(script, "text/javascript; charset=utf-8");
    }

    private static IResult Problem(string title, IEnumerable<string> lines, int statusCode) =>
        Results.Content(
            Layout.Page(title, $"<h1>{Html.Encode(title)}</h1>"
                + string.Concat(lines.Select(l => $"<p class=\"error\" role=\"alert\">{Html.Encode(l)}</p>"))
                + "<p><a href=\"/\">All relationships</a></p>"),
            HtmlContentType,
            statusCode: statusCode);

    /// <summary>A form sends an empty value for "any": that is no filter, not a wrong one.</summary>
    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
