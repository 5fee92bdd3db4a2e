using FilePipeline;
using Floxide;

// Generates 32 files and a manifest of their SHA-256 checksums in a temporary folder, damages four
// of them (missing, corrupt, unreadable), then verifies every file as one batch item, four at a
// time. The damaged items fail on their own; the batch goes on and reports each failure.
var folder = Directory.CreateTempSubdirectory("floxide-file-pipeline-").FullName;
using var cancel = new CancellationTokenSource();
ConsoleCancelEventHandler onCtrlC = (_, e) =>
{
    e.Cancel = true; // end through the finally below, which removes the folder, rather than be killed and leave it
    cancel.Cancel();
};
Console.CancelKeyPress += onCtrlC;
try
{
    var (manifest, damage) = SampleFiles.Generate(folder, count: 32);
    Console.WriteLine($"Generated {manifest.Count} files in {folder}, then damaged {damage.Count}:");
    foreach (var line in damage)
    {
        Console.WriteLine($"  {line}");
    }

    Console.WriteLine();
    Console.WriteLine("Each file runs this workflow (VerifyFileWorkflow.Mermaid, generated at build time):");
    Console.WriteLine(VerifyFileWorkflow.Mermaid);

    // Continue on errors is the default: a damaged file fails its own item and nothing else.
    var batch = new ChecksumContext { Manifest = manifest, BufferSize = 64 * 1024 };
    var flow = ChecksumContext.CreateBatchFlow(new VerifyFileWorkflow(), id: "verify-checksums");
    BatchReport<ChecksumContext, ManifestEntry> report;
    try
    {
        report = await flow.RunAsync(batch, cancel.Token);
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        Console.WriteLine($"Canceled; {batch.VerifiedFiles.Count} files had been verified.");
        return 130;
    }

    Console.WriteLine();
    Console.WriteLine($"Verified {batch.VerifiedFiles.Count} files ({batch.VerifiedFiles.Sum(f => f.Bytes) / 1024} KiB), for example:");
    foreach (var file in batch.VerifiedFiles.Take(3))
    {
        Console.WriteLine($"  {file.Name}  {file.Bytes,7} bytes  sha256 {file.Sha256[..16]}…");
    }

    Console.WriteLine();
    Console.WriteLine("Failed items (the batch did not stop for them):");
    foreach (var failure in report.Results.Failures)
    {
        // The result names the step that failed, and carries what that step threw.
        var cause = failure.Exception!;
        Console.WriteLine($"  #{failure.Index,-2} {Path.GetFileName(failure.Item.Path)}  at '{failure.FailedStepId}': {cause.GetType().Name}: {cause.Message}");
    }

    Console.WriteLine();
    Console.WriteLine(report);
    return report.Failed == damage.Count && report.Succeeded == manifest.Count - damage.Count ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
    Console.WriteLine($"Removed {folder}.");
    Console.CancelKeyPress -= onCtrlC; // before the token is disposed; a Ctrl+C from here on ends the program at once
}
