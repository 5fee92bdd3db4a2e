using System.Diagnostics;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Writes to the trail whether a span was current when it ran.</summary>
[Node]
public partial class SpanProbe
{
    public void Process(Parcel parcel) => parcel.Trail.Enqueue(Activity.Current is null ? "no span" : "span " + Activity.Current.OperationName);
}
