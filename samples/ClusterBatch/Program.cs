using System.Diagnostics;
using ClusterBatch;

// The same CPU-heavy batch on a one-silo cluster, then on a three-silo one, all on localhost.
const int Items = 96;
var seeds = Enumerable.Range(0, Items).ToArray();
var elapsed = new Dictionary<int, TimeSpan>();
string? firstHashes = null;
var ok = true;
foreach (var (silos, basePort) in new[] { (1, 22000), (3, 22010) })
{
    await using var cluster = await LocalCluster.StartAsync(silos, basePort);
    await cluster.RunAsync(new DigestBatch { Seeds = seeds[..12] }); // warm-up (JIT, connections), not timed
    var batch = new DigestBatch { Seeds = seeds };
    var clock = Stopwatch.StartNew();
    var report = await cluster.RunAsync(batch);
    elapsed[silos] = clock.Elapsed;

    Console.WriteLine($"{report.Total} items on {silos} silo{(silos == 1 ? "" : "s")} in {clock.Elapsed.TotalSeconds:F2} s: {report.Succeeded} succeeded, {report.Failed} failed");
    foreach (var silo in batch.Digests.GroupBy(d => d.Silo).OrderBy(g => g.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {silo.Key}: {silo.Count()} items");
    }

    // The outputs are in input order and do not depend on where the items ran.
    var hashes = string.Join(",", batch.Digests.Select(d => $"{d.Seed}:{d.Hash}"));
    var same = firstHashes is null || hashes == firstHashes;
    Console.WriteLine(same ? "  outputs: in input order, as on one silo" : "  outputs: DIFFER from one silo");
    ok &= same && report.Succeeded == Items;
    firstHashes ??= hashes;
}

Console.WriteLine($"Speed-up of 3 silos over 1: {elapsed[1] / elapsed[3]:F2}x on {Environment.ProcessorCount} cores (one machine: the silos share its cores)");
return ok ? 0 : 1; // a failed item or outputs that differ fail the run, as CI reads it
