namespace Floxide.Orleans;

/// <summary>
/// What an item's workflow threw on a silo, as the coordinator sees it: the original exception's type name,
/// message and text (with its stack trace), since exceptions themselves do not cross the wire.
/// </summary>
public sealed class RemoteItemException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="remoteType">The full name of the exception's type on the silo.</param>
    /// <param name="message">Its message.</param>
    /// <param name="remoteDetails">Its text on the silo: type, message, stack trace and inner exceptions.</param>
    /// <param name="silo">The silo it was thrown on.</param>
    public RemoteItemException(string remoteType, string message, string remoteDetails, string silo)
        : base(message)
    {
        RemoteType = remoteType;
        RemoteDetails = remoteDetails;
        Silo = silo;
    }

    /// <summary>Gets the full name of the exception's type on the silo.</summary>
    public string RemoteType { get; }

    /// <summary>Gets the exception's text on the silo: type, message, stack trace and inner exceptions.</summary>
    public string RemoteDetails { get; }

    /// <summary>Gets the silo the item failed on.</summary>
    public string Silo { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().FullName}: {RemoteType} on silo {Silo}: {Message}\n--- on the silo ---\n{RemoteDetails}\n--- on the coordinator ---\n{StackTrace}";
}
