namespace Floxide.Orleans.Tests;

/// <summary>
/// <see cref="SquareMapping"/>'s mapping with a fault for each method, by item: <see cref="GetItem"/> fails item 1 and
/// <see cref="ToReply"/> item 2 (on the silo), <see cref="ToRequest"/> item 4 and <see cref="ApplyReply"/> item 5 (on the
/// coordinator); <see cref="RetryAfterOf"/> fails on any <see cref="ArithmeticException"/>.
/// </summary>
public sealed class FaultyMapping : ItemMapping<SquareBatch, int, int, Square?>
{
    public const string Workflow = "faulty";

    public override int ToRequest(SquareBatch itemContext) =>
        itemContext.Number == 4 ? throw new FormatException("ToRequest broke on 4") : itemContext.Number;

    public override int GetItem(int request) => request == 1 ? throw new FormatException("GetItem broke on 1") : request;

    public override Square? ToReply(SquareBatch itemContext) =>
        itemContext.Number == 2 ? throw new FormatException("ToReply broke on 2") : itemContext.Square;

    public override void ApplyReply(Square? reply, SquareBatch itemContext) =>
        itemContext.Square = reply?.Number == 5 ? throw new FormatException("ApplyReply broke on 5") : reply;

    public override TimeSpan? RetryAfterOf(Exception exception) =>
        exception is ArithmeticException ? throw new FormatException("RetryAfterOf broke") : null;
}
