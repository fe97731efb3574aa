using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using Wolverine.Http;

namespace RelationsTracker.Alerts;

/// <summary>
/// GET /api/changes?since=&amp;country=&amp;channel=&amp;relationship=&amp;page=&amp;pageSize=: the changes, newest first;
/// GET /feeds/changes.atom with the same filters, for feed readers.
/// </summary>
public static class ChangeFeedEndpoints
{
    [Tags(ApiTags.Alerts)]
    [EndpointSummary("The changes of the channels' statuses, newest first, filtered and paged")]
    [ProducesResponseType<ChangePage>(StatusCodes.Status200OK)]
    [ValidationProblemResponse]
    [WolverineGet("/api/changes", OperationId = "ListChanges")]
    public static async Task<IResult> Get(
        string? since, string? country, string? channel, string? relationship, string? page, string? pageSize,
        IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var filter = FilterOf(arguments, since, country, channel, relationship);
        var number = arguments.Number(page, "page", 1, 1, int.MaxValue);
        var size = arguments.Number(pageSize, "pageSize", ChangeFeed.DefaultSize, 1, ChangeFeed.MaxSize);
        return arguments.IsValid ? Results.Ok(await ChangeFeed.ReadAsync(session, filter, number, size, cancellation)) : arguments.Problem();
    }

    // For feed readers, not API clients: it stays out of the OpenAPI document.
    [ExcludeFromDescription]
    [WolverineGet("/feeds/changes.atom", OperationId = "ChangesFeed")]
    public static async Task<IResult> Atom(
        string? since, string? country, string? channel, string? relationship,
        HttpRequest request, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var filter = FilterOf(arguments, since, country, channel, relationship);
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        var changes = await ChangeFeed.ReadAsync(session, filter, 1, ChangeFeed.DefaultSize, cancellation);
        var site = $"{request.Scheme}://{request.Host}";
        var feed = new SyndicationFeed(
            "RelationsTracker: channel changes",
            "Changes of the channels' statuses between countries, newest first.",
            new Uri(site + "/"),
            $"{site}{request.Path}{request.QueryString}",
            changes.Changes.Count == 0 ? clock.GetUtcNow() : changes.Changes[0].RecordedAt,
            changes.Changes.Select(c => Entry(c, site)));
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri($"{site}{request.Path}{request.QueryString}"), "application/atom+xml"));

        using var xml = new MemoryStream();
        using (var writer = XmlWriter.Create(xml, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            feed.SaveAsAtom10(writer);
        }

        return Results.Bytes(xml.ToArray(), "application/atom+xml; charset=utf-8");
    }

    /// <summary>The dashboard page of the relationship as of the change's day: the first rewritten day for a rewrite of the past.</summary>
    public static string DashboardLink(ChannelStatusChanged change) =>
        $"/relationships/{change.Relationship}?asOf={(change.Rewritten?.From ?? change.AsOf):yyyy-MM-dd}";

    /// <summary>"CHN-USA military: open → stalled", or "... rewritten" when only the past changed.</summary>
    public static string Title(ChannelStatusChanged change) =>
        change.From == change.To
            ? $"{change.Relationship} {change.Channel}: {change.To}, its past from {change.Rewritten?.From:yyyy-MM-dd} rewritten ({change.Cause})"
            : $"{change.Relationship} {change.Channel}: {change.From} → {change.To} ({change.Cause})";

    private static SyndicationItem Entry(ChannelStatusChanged change, string site) =>
        new(Title(change), change.Reason, new Uri(site + DashboardLink(change)), $"urn:uuid:{change.ChangeId}", change.RecordedAt);

    private static ChangeFilter FilterOf(QueryArguments arguments, string? since, string? country, string? channel, string? relationship) =>
        new(
            arguments.Day(since, "since"),
            relationship is null ? null : arguments.Pair(relationship, "relationship"),
            country is null ? null : arguments.Country(country, "country"),
            arguments.Word<Channel>(channel, "channel") is { } word ? ChannelChanges.Word(word) : null);
}
