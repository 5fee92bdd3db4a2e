using System.Globalization;
using Floxide.Testing;

namespace Floxide.Runtime.Tests.Support;

/// <summary>The shared test codec over this project's test contexts; keyed by the item's value when asked.</summary>
internal static class Codecs
{
    public static IntOutputCodec<TestContext> Test(bool keyed = false) => new(c => c.Output, (c, v) => c.Output = v, keyed ? ByValue : null);

    public static IntOutputCodec<StreamingTestContext> Streaming(bool keyed = false) => new(c => c.Output, (c, v) => c.Output = v, keyed ? ByValue : null);

    /// <summary>Keys an item by its value, in invariant digits.</summary>
    public static string? ByValue(int item) => item.ToString(CultureInfo.InvariantCulture);
}
