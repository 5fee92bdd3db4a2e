namespace Floxide.Orleans.Tests;

/// <summary>
/// The item (an int) goes out; the <see cref="Square"/> comes back. On a silo it reads a <see cref="QuotaExceededException"/>'s
/// wait, or asks <paramref name="retryAfter"/> instead when given.
/// </summary>
public sealed class SquareMapping(Func<Exception, TimeSpan?>? retryAfter = null) : ItemMapping<SquareBatch, int, int, Square?>
{
    public override int ToRequest(SquareBatch itemContext) => itemContext.Number;

    public override int GetItem(int request) => request;

    public override Square? ToReply(SquareBatch itemContext) => itemContext.Square;

    public override void ApplyReply(Square? reply, SquareBatch itemContext) => itemContext.Square = reply;

    public override TimeSpan? RetryAfterOf(Exception exception) =>
        retryAfter is null ? (exception as QuotaExceededException)?.RetryAfter : retryAfter(exception);
}
