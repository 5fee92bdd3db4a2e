namespace Floxide.Runtime.Tests.Errors;

public class ItemFailedOutsideStepsExceptionTests
{
    [Fact]
    public void It_names_no_node_and_keeps_what_failed_with_its_own_message()
    {
        var failure = new FormatException("ToReply broke");

        var error = new ItemFailedOutsideStepsException("SquareMapping.ToReply failed for item 4", failure);

        Assert.Equal(("SquareMapping.ToReply failed for item 4", null), (error.Message, error.NodeId));
        Assert.Same(failure, error.InnerException);
        Assert.Same(failure, NodeFailedException.ThrownByStep(error));
        Assert.Contains("ToReply broke", new ItemFailedOutsideStepsException(failure).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancellation_is_refused_since_the_item_would_count_as_failed()
    {
        var canceled = new OperationCanceledException();

        var plain = Assert.Throws<ArgumentException>(() => new ItemFailedOutsideStepsException(canceled));
        var withMessage = Assert.Throws<ArgumentException>(() => new ItemFailedOutsideStepsException("where", new TaskCanceledException()));

        Assert.Equal(("innerException", "innerException"), (plain.ParamName, withMessage.ParamName));
        Assert.Throws<ArgumentNullException>(() => new ItemFailedOutsideStepsException(null!));
        Assert.Throws<ArgumentNullException>(() => new ItemFailedOutsideStepsException("where", null!));
    }
}
