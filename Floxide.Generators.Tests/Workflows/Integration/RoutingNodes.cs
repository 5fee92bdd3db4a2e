namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Returns whatever action the parcel names: routing is decided at run time.</summary>
[Node]
public partial class Pick
{
    /// <summary>Records itself and returns <see cref="Parcel.Choice"/>.</summary>
    public NodeAction Process(Parcel parcel)
    {
        parcel.Trail.Enqueue("pick");
        return parcel.Choice == "default" ? NodeAction.Default : new NodeAction(parcel.Choice);
    }
}

/// <summary>One branch.</summary>
[Node]
public partial class Left
{
    /// <summary>Records itself.</summary>
    public void Process(Parcel parcel) => parcel.Trail.Enqueue("left");
}

/// <summary>The other branch.</summary>
[Node]
public partial class Right
{
    /// <summary>Records itself.</summary>
    public void Process(Parcel parcel) => parcel.Trail.Enqueue("right");
}
