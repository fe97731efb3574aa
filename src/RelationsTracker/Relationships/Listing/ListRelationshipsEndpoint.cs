using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Engagements;
using Wolverine.Http;

namespace RelationsTracker.Relationships.Listing;

/// <summary>One page of the relationships on a date, each with its channels' statuses, and how many there are in all.</summary>
public sealed record RelationshipList(
    DateOnly AsOf, int Page, int PageSize, int TotalCount, int PageCount, IReadOnlyList<RelationshipOverview> Relationships)
{
    public static RelationshipList Of(DateOnly asOf, ListingPage page, RelationshipListing listing)
    {
        // Every relationship on one page (an export) says so with its size, rather than with a size no one asked for.
        var size = page == ListingPage.All ? Math.Max(1, listing.TotalCount) : page.Size;
        return new(asOf, page.Number, size, listing.TotalCount, (listing.TotalCount + size - 1) / size, listing.Relationships);
    }
}

/// <summary>
/// GET /api/relationships?country=&amp;q=&amp;channel=&amp;status=&amp;hideUnknown=&amp;asOf=&amp;sort=&amp;page=&amp;pageSize=&amp;format=:
/// the relationships, filtered, one page at a time, by default those whose status changed most recently first; as JSON or
/// CSV (format=csv, or Accept: text/csv).
/// </summary>
public static class ListRelationshipsEndpoint
{
    [Tags(ApiTags.Relationships)]
    [EndpointSummary("The relationships known on a day, filtered, sorted and paged")]
    [ProducesResponseType<RelationshipList>(StatusCodes.Status200OK)]
    [CsvResponse]
    [ValidationProblemResponse]
    [WolverineGet("/api/relationships", OperationId = "ListRelationships")]
    public static async Task<IResult> Get(
        string? country,
        string? q,
        string? channel,
        string? status,
        string? hideUnknown,
        string? asOf,
        string? sort,
        string? page,
        string? pageSize,
        string? format,
        HttpRequest request,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var filter = arguments.Filter(country, q, channel, status, hideUnknown, hideByDefault: false);
        var day = arguments.Day(asOf, "asOf") ?? GetRelationshipEndpoint.DayOf(null, clock);
        var listing = new ListingPage(
            arguments.Number(page, "page", 1, 1, int.MaxValue),
            arguments.Number(pageSize, "pageSize", ListingPage.DefaultSize, 1, ListingPage.MaxSize),
            arguments.Word<ListingOrder>(sort, "sort") ?? ListingOrder.Changed);
        var answer = CsvExport.Negotiate(arguments, format, request);
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        var list = RelationshipList.Of(day, listing, await RelationshipQueries.ListAsync(session, filter, day, listing, cancellation));
        return answer == AnswerFormat.Csv
            ? await CsvExport.AnswerAsync($"relationships-{day:yyyy-MM-dd}.csv", output => CsvExport.WriteListingAsync(output, list.Relationships))
            : Results.Ok(list);
    }
}
