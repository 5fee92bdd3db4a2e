namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A generic step limited to one run at once: <c>TaggedLimitedNode&lt;int&gt;</c> and <c>TaggedLimitedNode&lt;string&gt;</c>
/// each run a static initialiser of their own, and share the one limit their declaration states.
/// </summary>
/// <typeparam name="TTag">Only tells the closed types apart.</typeparam>
[Node]
[ConcurrencyLimit(PermitLimit = 1)]
public partial class TaggedLimitedNode<TTag>
{
    public Task ProcessAsync(GatedBatch context, CancellationToken cancellationToken) => context.Step(context, cancellationToken);
}
