namespace Floxide.Generators.Tests.Integration;

/// <summary>Doubles a score; a negative score is an error of its item alone.</summary>
[Node]
public partial class DoubleScoreNode
{
    public void Process(ScoreBatch context) =>
        context.Doubled = context.Score >= 0 ? context.Score * 2 : throw new ArgumentOutOfRangeException(nameof(context), $"score {context.Score}");
}
