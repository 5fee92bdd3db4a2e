namespace Floxide.Orleans.Tests;

/// <summary>The item (an int) goes out; the <see cref="Square"/> comes back.</summary>
public sealed class SquareMapping : ItemMapping<SquareBatch, int, int, Square?>
{
    public override int ToRequest(SquareBatch itemContext) => itemContext.Number;

    public override int GetItem(int request) => request;

    public override Square? ToReply(SquareBatch itemContext) => itemContext.Square;

    public override void ApplyReply(Square? reply, SquareBatch itemContext) => itemContext.Square = reply;
}
