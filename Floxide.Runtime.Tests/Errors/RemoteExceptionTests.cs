using System.Net;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Errors;

public class RemoteExceptionTests
{
    [Fact]
    public void It_is_the_original_type_and_each_of_its_bases_by_full_name_and_nothing_else()
    {
        var reported = new ReportedException(HttpStatusCode.TooManyRequests, "System.Net.Http.HttpRequestException", "System.Exception");

        Assert.Equal("System.Net.Http.HttpRequestException", reported.RemoteType);
        Assert.True(reported.Is<HttpRequestException>());
        Assert.True(reported.Is<Exception>());
        Assert.False(reported.Is<InvalidOperationException>());
        Assert.False(reported.Is<RemoteException>()); // what it is here is not what was thrown there
        Assert.Equal(HttpStatusCode.TooManyRequests, reported.StatusCode);
    }

    [Fact]
    public void Without_the_original_types_name_it_is_refused_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReportedException(null));

        Assert.Equal("remoteTypes", error.ParamName);
    }
}
