namespace Floxide;

/// <summary>
/// A durable batch store could not do what was asked: a corrupt or locked file, a full disk, data
/// from a newer schema, a path it cannot create or open. The store is left as it was before the failed call;
/// the file system's or database's own exception, if any, is the inner exception.
/// </summary>
public sealed class BatchStoreException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong; should name <paramref name="location"/>.</param>
    /// <param name="location">Where the store keeps its data, e.g. a file path.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BatchStoreException(string message, string location, Exception? innerException)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>Gets where the store keeps its data, e.g. a file path.</summary>
    public string Location { get; }
}
