using RelationsTracker.Benchmarks;
using RelationsTracker.LocalPostgres;

// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- intake [runs]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- queries [events]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- import [rows]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- cli [runs]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- alerts [runs]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- projection [warm-up events]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- delay [rounds] [rate,rate,...]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- cost [engagements]
// dotnet run -c Release --project tests/RelationsTracker.Benchmarks -- markers
var benchmark = args.FirstOrDefault() ?? "intake";
var number = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : (int?)null;

Console.WriteLine($"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
await using var cluster = await LocalPostgresCluster.StartTemporaryAsync(durable: true);

switch (benchmark)
{
    case "intake":
        await IntakeBenchmark.RunAsync(cluster, count: 10_000, relationships: 100, runs: number ?? 3);
        break;
    case "queries":
        await QueryBenchmark.RunAsync(cluster, totalEvents: number ?? 1_000_000);
        break;
    case "import":
        await ImportBenchmark.RunAsync(cluster, rows: number ?? 1_000_000);
        break;
    case "alerts":
        await AlertsBenchmark.RunAsync(cluster, count: 20_000, relationships: 100, runs: number ?? 1);
        break;
    case "projection":
        await ProjectionBenchmark.RunAsync(cluster, warmUpCount: number ?? IntakeBenchmark.WarmUpCount, relationships: 100);
        break;
    case "delay":
        await DelayBenchmark.RunAsync(
            cluster,
            rounds: number ?? 5,
            rates: args.Length > 2 ? [.. args[2].Split(',').Select(rate => int.Parse(rate, System.Globalization.CultureInfo.InvariantCulture))] : []);
        break;
    case "cost":
        await CostBenchmark.RunAsync(cluster, count: number ?? 300_000);
        break;
    case "markers":
        await MarkerQueueBenchmark.RunAsync(cluster);
        break;
    case "cli":
        await CliBenchmark.RunAsync(cluster, runs: number ?? 5);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{benchmark}': use intake, queries, import, projection, delay, cost, markers, cli or alerts.");
        return 2;
}

return 0;
