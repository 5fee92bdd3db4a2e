namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Loads one item; item 3 is broken.</summary>
[Node]
public partial class LoadCrateItem
{
    public async Task ProcessAsync(Crate crate, CancellationToken cancellationToken)
    {
        crate.Started.Enqueue(crate.Item);
        crate.InFlight.Enter();
        try
        {
            await Task.Delay(2, cancellationToken);
            if (crate.Item == 3)
            {
                throw new InvalidOperationException("broken item");
            }
        }
        finally
        {
            crate.InFlight.Exit();
        }
    }
}
