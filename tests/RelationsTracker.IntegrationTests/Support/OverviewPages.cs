using Alba;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>The dashboard's overview as HTML text, for the tests of its listing.</summary>
public static class OverviewPages
{
    /// <summary>The page at <paramref name="url"/>, which must answer 200.</summary>
    public static async Task<string> PageAsync(this IAlbaHost host, string url)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });
        return await result.ReadAsTextAsync();
    }

    /// <summary>How many relationships the page lists.</summary>
    public static int CountRows(string html) => html.Split("<tr data-relationship=").Length - 1;
}
