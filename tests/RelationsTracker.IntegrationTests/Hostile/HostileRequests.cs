namespace RelationsTracker.IntegrationTests.Hostile;

/// <summary>
/// Requests an attacker or a careless client sends, each with the status it must get: every one is refused with a
/// 4xx. A row is (name, method, url, content type, body, extra header, status, words the answer must contain).
/// </summary>
public static class HostileRequests
{
    public const string BaselineSourceId = "hostile-baseline";

    /// <summary>A body token the test expands: one byte past the request limit, too large to keep in a test's name.</summary>
    public const string OversizeBody = "@oversize";

    /// <summary>A body token the test expands: a batch of one more engagement than a batch may hold.</summary>
    public const string OversizeBatch = "@oversize-batch";

    private const string Json = "application/json";
    private const string EvilOrigin = "Origin: https://evil.example";

    public static IEnumerable<object?[]> All() =>
        ContentTypes().Concat(Malformed()).Concat(NotObjects()).Concat(WrongTypes()).Concat(Dates())
            .Concat(ControlCharacters()).Concat(Oversize()).Concat(NoCors()).Concat(Questions());

    /// <summary>A valid engagement's JSON, with <paramref name="members"/> replacing or adding members.</summary>
    public static string Engagement(string sourceId, string members = "") =>
        "{" + string.Join(",", new[]
        {
            $"\"sourceId\":\"{sourceId}\"", "\"kind\":\"meeting\"", "\"occurredOn\":\"2023-06-18\"",
            "\"initiator\":{\"country\":\"USA\",\"sector\":\"diplomatic\"}", "\"counterpart\":{\"country\":\"CHN\",\"sector\":\"diplomatic\"}",
        }.Where(m => !members.Contains($"\"{m[1..m.IndexOf('"', 1)]}\":", StringComparison.Ordinal)).Append(members).Where(m => m.Length > 0)) + "}";

    private static object?[] Row(string name, string method, string url, string? contentType, string body, int status, string header = "", string mentions = "") =>
        [name, method, url, contentType, body, header, status, mentions];

    /// <summary>The three ways a body comes in over HTTP, with the body made for each from its sourceId.</summary>
    private static IEnumerable<(string Method, string Url, string Body)> BodyEndpoints(Func<string, string> body) =>
    [
        ("POST", "/api/engagements", body("hostile-one")),
        ("POST", "/api/engagements/batch", $"[{body("hostile-batch")}]"),
        ("PUT", $"/api/engagements/{BaselineSourceId}", body(BaselineSourceId)),
    ];

    private static IEnumerable<object?[]> ContentTypes()
    {
        string?[] types =
        [
            null, "", "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/xml", "text/json", "*/*", "application/json; charset=utf-16", "application/jsonx",
        ];
        foreach (var (method, url, body) in BodyEndpoints(sourceId => Engagement(sourceId, "\"summary\":\"sent by a careless client\"")))
        {
            foreach (var type in types)
            {
                yield return Row($"{method} {url} sent as '{type ?? "no type"}'", method, url, type, body, 415);
            }
        }
    }

    private static IEnumerable<object?[]> Malformed()
    {
        string[] bodies = ["", "{", "{\"sourceId\":", "not json", "{'sourceId':'x'}", "{\"sourceId\":\"x\",}", "{}}", "[", "{\"occurredOn\":NaN}"];
        foreach (var body in bodies)
        {
            foreach (var (method, url, _) in BodyEndpoints(_ => body))
            {
                yield return Row($"{method} {url} with malformed JSON {body}", method, url, Json, body, 400);
            }
        }
    }

    private static IEnumerable<object?[]> NotObjects()
    {
        foreach (var body in new[] { "null", "[]", "42", "\"text\"", "true" })
        {
            yield return Row($"POST one engagement as {body}", "POST", "/api/engagements", Json, body, 400);
        }

        foreach (var body in new[] { "null", "{}", "42", "[null]", "[42]", "[[]]", "[]" })
        {
            yield return Row($"POST a batch as {body}", "POST", "/api/engagements/batch", Json, body, 400);
        }

        foreach (var body in new[] { "null", "[]", "42" })
        {
            yield return Row($"PUT a correction as {body}", "PUT", $"/api/engagements/{BaselineSourceId}", Json, body, 400);
        }
    }

    private static IEnumerable<object?[]> WrongTypes()
    {
        (string Members, string Path)[] wrong =
        [
            ("\"kind\":5", "$.kind"), ("\"occurredOn\":20230618", "$.occurredOn"), ("\"initiator\":\"USA\"", "$.initiator"),
            ("\"counterpart\":[]", "$.counterpart"), ("\"durationMinutes\":\"long\"", "$.durationMinutes"),
            ("\"durationMinutes\":1e40", "$.durationMinutes"), ("\"durationMinutes\":1.5", "$.durationMinutes"),
            ("\"goldstein\":\"high\"", "$.goldstein"), ("\"source\":\"x\"", "$.source"), ("\"sourceId\":{}", "$.sourceId"),
            ("\"sourceId\":true", "$.sourceId"),
        ];
        foreach (var (members, path) in wrong)
        {
            yield return Row($"POST with {members}", "POST", "/api/engagements", Json, Engagement("hostile-wrong", members), 400, mentions: path);
        }

        foreach (var (members, path) in wrong.Take(3))
        {
            yield return Row($"POST a batch with {members}", "POST", "/api/engagements/batch", Json, $"[{Engagement("hostile-wrong", members)}]", 400, mentions: $"$[0].{path[2..]}");
            yield return Row($"PUT with {members}", "PUT", $"/api/engagements/{BaselineSourceId}", Json, Engagement(BaselineSourceId, members), 400, mentions: path);
        }
    }

    private static IEnumerable<object?[]> Dates()
    {
        (string Members, string Field)[] dates =
        [
            ("\"occurredOn\":\"0001-01-01\"", "occurredOn"), ("\"occurredOn\":\"1799-12-31\"", "occurredOn"),
            ("\"occurredOn\":\"9999-12-31\"", "occurredOn"), ("\"occurredOn\":\"0000-01-01\"", "occurredOn"),
            ("\"occurredOn\":\"10000-01-01\"", "occurredOn"), ("\"occurredOn\":\"-001-01-01\"", "occurredOn"),
            ("\"occurredOn\":\"2023-02-30\"", "occurredOn"), ("\"occurredOn\":\"2023-13-01\"", "occurredOn"),
            ("\"occurredOn\":\"1799\"", "occurredOn"), ("\"occurredOn\":\"0001-01\"", "occurredOn"),
            ("\"occurredOn\":\"2030-01-01\"", "occurredOn"), ("\"kind\":\"planned\",\"occurredOn\":\"2075-06-17\"", "occurredOn"),
            ("\"kind\":\"planned\",\"occurredOn\":\"9999\"", "occurredOn"), ("\"endedOn\":\"9999-12-31\"", "endedOn"),
            ("\"kind\":\"planned\",\"occurredOn\":\"2025-07-01\",\"announcedOn\":\"0001-01-01\"", "announcedOn"),
            ("\"source\":{\"publishedOn\":\"0001-01-01\"}", "source.publishedOn"),
        ];
        foreach (var (members, field) in dates)
        {
            yield return Row($"POST with {members}", "POST", "/api/engagements", Json, Engagement("hostile-date", members), 400, mentions: field);
        }

        foreach (var (members, field) in dates.Take(3))
        {
            yield return Row($"POST a batch with {members}", "POST", "/api/engagements/batch", Json,
                $"[{Engagement("hostile-date-ok")},{Engagement("hostile-date", members)}]", 400, mentions: $"[1].{field}");
            yield return Row($"PUT with {members}", "PUT", $"/api/engagements/{BaselineSourceId}", Json, Engagement(BaselineSourceId, members), 400, mentions: field);
        }
    }

    private static IEnumerable<object?[]> ControlCharacters()
    {
        (string Members, string Field)[] controls =
        [
            ("\"sourceId\":\"hostile\\u0000nul\"", "sourceId"), ("\"summary\":\"before\\u0000after\"", "summary"),
            ("\"location\":\"\\u0000\"", "location"), ("\"initiator\":{\"country\":\"USA\",\"name\":\"Xie\\u0000\"}", "initiator.name"),
            ("\"counterpart\":{\"country\":\"CHN\",\"title\":\"\\u001b[31m\"}", "counterpart.title"),
            ("\"source\":{\"quote\":\"\\u0000\"}", "source.quote"), ("\"source\":{\"publisher\":\"Wire\\u0007\"}", "source.publisher"),
            ("\"kind\":\"retraction\",\"retracts\":\"x\\u0000\"", "retracts"), ("\"kind\":\"meet\\u001bing\"", "kind"),
            ("\"initiator\":{\"country\":\"US\\u0007A\"}", "initiator.country"), ("\"channel\":\"\\u0001\"", "channel"),
            ("\"summary\":\"vertical\\u000btab\"", "summary"), ("\"source\":{\"url\":\"https://example.org/\\u000c\"}", "source.url"),
        ];
        foreach (var (members, field) in controls)
        {
            yield return Row($"POST with {members}", "POST", "/api/engagements", Json, Engagement("hostile-control", members), 400, mentions: field);
        }

        foreach (var (members, field) in controls.Take(3))
        {
            yield return Row($"POST a batch with {members}", "POST", "/api/engagements/batch", Json,
                $"[{Engagement("hostile-control-ok")},{Engagement("hostile-control", members)}]", 400, mentions: $"[1].{field}");
        }

        foreach (var (members, field) in controls.Skip(1).Take(3))
        {
            yield return Row($"PUT with {members}", "PUT", $"/api/engagements/{BaselineSourceId}", Json, Engagement(BaselineSourceId, members), 400, mentions: field);
        }

        // Halves of a surrogate pair alone: no text, and PostgreSQL's jsonb would refuse them.
        foreach (var lone in new[] { "\\ud800", "\\udfff", "x\\ud800y" })
        {
            yield return Row($"POST with a summary of a lone surrogate {lone}", "POST", "/api/engagements", Json, Engagement("hostile-surrogate", $"\"summary\":\"{lone}\""), 400);
        }

        yield return Row("PUT to a sourceId with a control character", "PUT", "/api/engagements/hostile%01soh", Json, Engagement("hostile-x").Replace("\"sourceId\":\"hostile-x\",", string.Empty, StringComparison.Ordinal), 400, mentions: "sourceId");
    }

    private static IEnumerable<object?[]> Oversize()
    {
        yield return Row("POST a body past the limit", "POST", "/api/engagements", Json, OversizeBody, 413);
        yield return Row("POST a batch past the limit", "POST", "/api/engagements/batch", Json, OversizeBody, 413);
        yield return Row("POST a batch of 1,001", "POST", "/api/engagements/batch", Json, OversizeBatch, 400, mentions: "engagements");
        yield return Row("POST a summary of 4,001 characters", "POST", "/api/engagements", Json,
            Engagement("hostile-long", $"\"summary\":\"{new string('x', 4001)}\""), 400, mentions: "summary");
        yield return Row("POST a sourceId of 201 characters", "POST", "/api/engagements", Json, Engagement(new string('x', 201)), 400, mentions: "sourceId");
        yield return Row("POST JSON nested 100 deep", "POST", "/api/engagements", Json,
            Engagement("hostile-deep", $"\"unknown\":{new string('[', 100)}{new string(']', 100)}"), 400);
    }

    private static IEnumerable<object?[]> NoCors()
    {
        // What a page on another origin can send without asking first.
        var body = Engagement("hostile-no-cors");
        yield return Row("a no-cors POST as text/plain", "POST", "/api/engagements", "text/plain;charset=UTF-8", body, 415, EvilOrigin);
        yield return Row("a no-cors POST without a type", "POST", "/api/engagements", null, body, 415, EvilOrigin);
        yield return Row("a no-cors POST of a form", "POST", "/api/engagements", "application/x-www-form-urlencoded", "sourceId=x", 415, EvilOrigin);
        yield return Row("a no-cors batch as text/plain", "POST", "/api/engagements/batch", "text/plain", $"[{body}]", 415, EvilOrigin);
        yield return Row("a no-cors PUT as text/plain", "PUT", $"/api/engagements/{BaselineSourceId}", "text/plain", body, 415, EvilOrigin);
        yield return Row("a no-cors replay of a dead letter that is not there", "POST", $"/api/dead-letters/{Guid.Empty}/replay", "text/plain", string.Empty, 404, EvilOrigin);
        yield return Row("a no-cors discard of a dead letter that is not there", "DELETE", $"/api/dead-letters/{Guid.Empty}", null, string.Empty, 404, EvilOrigin);
    }

    /// <remarks>A NUL in a path is refused by the web server itself, before any endpoint: the paths here use other control characters.</remarks>
    private static IEnumerable<object?[]> Questions()
    {
        string[] asOfUrls = ["/api/relationships/USA/CHN", "/api/relationships", "/api/countries/USA", "/", "/relationships/USA-CHN"];
        foreach (var url in asOfUrls)
        {
            foreach (var day in new[] { "0001-01-01", "1799-12-31", "9999-12-31", "2023-02-30" })
            {
                yield return Row($"GET {url} as of {day}", "GET", $"{url}?asOf={day}", null, string.Empty, 400, mentions: url.StartsWith("/api", StringComparison.Ordinal) ? "asOf" : string.Empty);
            }
        }

        foreach (var moment in new[] { "9999-12-31", "0001-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "yesterday" })
        {
            yield return Row($"GET a relationship as known at {moment}", "GET", $"/api/relationships/USA/CHN?knownAt={Uri.EscapeDataString(moment)}", null, string.Empty, 400, mentions: "knownAt");
        }

        foreach (var url in new[] { "/api/relationships/USA/CHN/timeline", "/api/relationships/USA/CHN/channels/military/history" })
        {
            yield return Row($"GET {url} from 0001-01-01", "GET", $"{url}?from=0001-01-01", null, string.Empty, 400, mentions: "from");
            yield return Row($"GET {url} to 9999-12-31", "GET", $"{url}?to=9999-12-31", null, string.Empty, 400, mentions: "to");
        }

        foreach (var query in new[] { "page=0", "page=-1", "page=99999999999", "pageSize=0", "pageSize=100000", "country=%00", "channel=%00", "sort=%1b" })
        {
            yield return Row($"GET the listing with {query}", "GET", $"/api/relationships?{query}", null, string.Empty, 400, mentions: query[..query.IndexOf('=')]);
        }

        yield return Row("GET a relationship of a country with a control character", "GET", "/api/relationships/US%01/CHN", null, string.Empty, 400, mentions: "\"a\"");
        yield return Row("GET the dashboard page of a pair with a control character", "GET", "/relationships/USA-%1b", null, string.Empty, 400);
        yield return Row("GET an engagement whose sourceId has a control character", "GET", "/api/engagements/hostile%01soh", null, string.Empty, 404);
        yield return Row("GET an engagement whose sourceId is 10,000 characters", "GET", $"/api/engagements/{new string('x', 10_000)}", null, string.Empty, 404);
    }
}
