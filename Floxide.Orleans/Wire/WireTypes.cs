using global::Orleans.Serialization;

namespace Floxide.Orleans;

/// <summary>Checks, before any item runs, that what crosses the wire can.</summary>
internal static class WireTypes
{
    /// <exception cref="InvalidOperationException">Orleans has no serializer for <paramref name="type"/>.</exception>
    public static void EnsureSerializable(Serializer serializer, Type type, string role, string workflow)
    {
        if (!serializer.CanSerialize(type))
        {
            throw new InvalidOperationException(
                $"Type '{type}', the {role} of Floxide workflow '{workflow}', cannot cross the wire: Orleans has no serializer for it. " +
                "Mark it [GenerateSerializer] and its members [Id(n)] in a project that references Microsoft.Orleans.Sdk, " +
                "or register a codec for it (for instance AddJsonSerializer from Microsoft.Orleans.Serialization.SystemTextJson).");
        }
    }
}
