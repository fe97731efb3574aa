using System.Diagnostics;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>Waits for work another process or a background listener does.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Gave up after {seconds} s waiting for {what}; last seen: {value}.");
            }

            await Task.Delay(50);
        }
    }
}
