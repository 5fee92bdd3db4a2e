namespace Floxide.Generators.Tests.Integration;

/// <summary>Parses a line; every tenth line yields to make completion order differ from input order.</summary>
[Node]
public partial class ParseLineNode
{
    public async ValueTask ProcessAsync(LogLineBatch context)
    {
        if (context.LineNumber % 10 == 0)
        {
            await Task.Yield();
        }

        context.Parsed = "line " + context.LineNumber;
    }
}
