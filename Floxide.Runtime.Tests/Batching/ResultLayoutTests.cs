using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// The engine writes one result per item into its ring and clears it after the merge, so a result's size is paid per
/// item: the resilience fields (attempts) must not grow it.
/// </summary>
public class ResultLayoutTests
{
    [Fact]
    public void A_result_is_six_words_for_a_small_item_and_seven_for_a_reference()
    {
        // Index, context, action, exception, duration, and the status with the attempts; a 4-byte item shares a word.
        Assert.Equal(48, Unsafe.SizeOf<BatchItemResult<TestContext, int>>());
        Assert.Equal(56, Unsafe.SizeOf<BatchItemResult<TestContext, string>>());
    }

    [Theory]
    [InlineData(BatchItemStatus.Succeeded, 1)]
    [InlineData(BatchItemStatus.Failed, 4)]
    [InlineData(BatchItemStatus.Canceled, 0)]
    [InlineData(BatchItemStatus.Skipped, 0)]
    [InlineData(BatchItemStatus.Failed, (1 << 24) - 1)]
    public void Status_and_attempts_share_a_field_without_mixing(BatchItemStatus status, int attempts)
    {
        var result = new BatchItemResult<TestContext, int>(7, 3, status, null, default, null, TimeSpan.Zero, attempts);

        Assert.Equal((status, attempts), (result.Status, result.Attempts));
    }

    [Fact]
    public void Counts_past_int_MaxValue_items_stay_exact_in_the_results_and_the_report()
    {
        // A streamed batch merges as it goes: three billion items hold no results but must still be counted right.
        var counts = new BatchCounts();
        counts.AddFinished(3_000_000_000, 2_500_000_000);

        var results = new BatchResults<TestContext, int>([], 1, 0, 5_500_000_000, counts, []);
        var report = new BatchReport<TestContext, int>("batch", results, TimeSpan.Zero, null);

        Assert.Equal((3_000_000_000L, 2_500_000_000L), (results.Succeeded, results.Failed));
        Assert.Equal((3_000_000_000L, 2_500_000_000L, 5_500_000_000L), (report.Succeeded, report.Failed, report.Total));
    }
}
