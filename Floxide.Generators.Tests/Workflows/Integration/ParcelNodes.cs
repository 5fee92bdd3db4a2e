namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A synchronous enum-returning step.</summary>
[Node]
public partial class Inspect
{
    /// <summary>Records itself and returns the parcel's condition.</summary>
    public Verdict Process(Parcel parcel)
    {
        parcel.Trail.Enqueue("inspect");
        return parcel.Condition;
    }
}

/// <summary>A synchronous bool-returning step.</summary>
[Node(Id = "repair")]
public partial class Repair
{
    /// <summary>Records itself; always succeeds.</summary>
    public bool Process(Parcel parcel)
    {
        parcel.Trail.Enqueue("repair");
        return true;
    }
}

/// <summary>A synchronous NodeAction-returning step that loops on "again" until the scale settles.</summary>
[Node]
public partial class Weigh
{
    /// <summary>Records itself; "again" until enough weighings were made.</summary>
    public NodeAction Process(Parcel parcel)
    {
        parcel.Trail.Enqueue("weigh");
        if (parcel.Jam)
        {
            throw new InvalidOperationException("scale jammed");
        }

        return ++parcel.Weighings < parcel.WeighingsNeeded ? "again" : NodeAction.Default;
    }
}

/// <summary>A synchronous void step of the nested label workflow.</summary>
[Node]
public partial class PrintLabel
{
    /// <summary>Records itself.</summary>
    public void Process(Parcel parcel) => parcel.Trail.Enqueue("print");
}

/// <summary>An asynchronous step that really yields, so the executor must continue asynchronously.</summary>
[Node]
public partial class StickLabel
{
    /// <summary>Yields, then records itself.</summary>
    public async Task ProcessAsync(Parcel parcel, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        parcel.Trail.Enqueue("stick");
    }
}

/// <summary>The step each line runs in the batch.</summary>
[Node]
public partial class PackLine
{
    /// <summary>Records the line it packed.</summary>
    public void Process(Parcel line) => line.Trail.Enqueue("pack:" + line.Line);
}
