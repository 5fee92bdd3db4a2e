using System.Net;

namespace Floxide.Orleans.Tests;

/// <summary>What a silo's reply for a failed item says of its exception, and what the coordinator makes of it.</summary>
public sealed class ItemReplyTests
{
    [Fact]
    public void An_exception_thrown_on_the_silo_crosses_as_its_type_its_base_types_and_its_HTTP_status()
    {
        var remote = ItemReply.Failed(new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests), "silo-1", "call").ToException();

        Assert.Equal(["System.Net.Http.HttpRequestException", "System.Exception"], remote.RemoteTypes);
        Assert.Equal(HttpStatusCode.TooManyRequests, remote.StatusCode);
        Assert.Equal(("slow down", "silo-1"), (remote.Message, remote.Silo));
    }

    [Fact]
    public void An_exception_reported_to_the_silo_from_further_away_crosses_as_what_it_stands_for()
    {
        var further = new RemoteItemException("quota", ["Vendor.QuotaException", "System.Exception"], "Vendor.QuotaException: quota", HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7), "silo-9");

        var remote = ItemReply.Failed(further, "silo-1").ToException();

        Assert.Equal(["Vendor.QuotaException", "System.Exception"], remote.RemoteTypes);
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), (remote.StatusCode, remote.RetryAfter));
        Assert.False(remote.Is<RemoteException>());
    }

    [Fact]
    public void The_wait_a_throttled_response_or_a_refused_permit_asked_for_crosses_as_RetryAfter()
    {
        var response = ItemReply.Failed(new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), null), "silo-1").ToException();
        var permit = ItemReply.Failed(new RateLimitRejectedException("BatchOptions.RateLimiter", TimeSpan.FromMilliseconds(250)), "silo-1").ToException();
        var other = ItemReply.Failed(new TimeoutException("late"), "silo-1").ToException();

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3)), (response.StatusCode, response.RetryAfter));
        Assert.True(response.Is<ThrottledResponseException>());
        Assert.Equal(TimeSpan.FromMilliseconds(250), permit.RetryAfter);
        Assert.Null(other.RetryAfter);
    }

    [Fact]
    public void A_wait_only_a_custom_exception_carries_crosses_as_the_silos_mapping_reads_it_and_not_otherwise()
    {
        // The coordinator's RetryAfter reader never sees the original: it reads what the silo's mapping read.
        var quota = new QuotaExceededException(TimeSpan.FromSeconds(30));

        var unread = ItemReply.Failed(quota, "silo-1").ToException();
        var read = ItemReply.Failed(quota, "silo-1", retryAfter: new SquareMapping().RetryAfterOf(quota)).ToException();

        Assert.True(unread.Is<QuotaExceededException>());
        Assert.Null(ThrottlingSignals.RetryAfterOf(unread));
        Assert.Equal(TimeSpan.FromSeconds(30), ThrottlingSignals.RetryAfterOf(read));
    }

    [Fact]
    public void A_failed_reply_that_carries_no_error_reads_as_unknown_rather_than_crashing_the_coordinator()
    {
        var remote = new ItemReply { Outcome = ItemOutcome.Failed, Silo = "silo-1" }.ToException();

        Assert.Equal(["unknown"], remote.RemoteTypes);
        Assert.False(remote.Is<Exception>());
        Assert.Equal("silo-1", remote.Silo);
        Assert.Null(remote.StatusCode);
    }
}
