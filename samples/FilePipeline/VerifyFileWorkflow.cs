using Floxide;

namespace FilePipeline;

/// <summary>
/// One file's workflow, declared at build time: hash it, compare, then record it or reject it. The
/// generator writes the executor (a switch over these steps), its Mermaid and DOT pictures, and
/// checks the graph while you type (every <see cref="ChecksumVerdict"/> member must be routed).
/// </summary>
[Workflow(typeof(ChecksumContext), Id = "verify-file")]
[Start(typeof(HashFileNode))]
[Route(typeof(HashFileNode), typeof(CompareNode))]
[Route(typeof(CompareNode), ChecksumVerdict.Match, typeof(RecordNode))]
[Route(typeof(CompareNode), ChecksumVerdict.Mismatch, typeof(RejectNode))]
public sealed partial class VerifyFileWorkflow;
