using System.Linq;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// R14: which <see cref="ItemKeyFormat"/> an [ItemKey] member's type gets, or that it has none (FLX0032). One answer for the
/// analyzer and the generator, so a key the codec would print badly is always reported and never emitted.
/// </summary>
internal static class ItemKeyFormats
{
    /// <summary>The member's type: a field's or a property's.</summary>
    public static ITypeSymbol TypeOf(ISymbol key) => key is IFieldSymbol field ? field.Type : ((IPropertySymbol)key).Type;

    /// <summary>Whether <paramref name="type"/> is a <c>Nullable&lt;T&gt;</c>.</summary>
    public static bool IsNullableValue(ITypeSymbol type) => type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    /// <summary><c>S</c> for a <c>Nullable&lt;S&gt;</c>; any other type itself.</summary>
    public static ITypeSymbol Underlying(ITypeSymbol type) =>
        IsNullableValue(type) && type is INamedTypeSymbol { TypeArguments: [var underlying] } ? underlying : type;

    /// <summary>
    /// How a key of <paramref name="type"/> is printed, or null when it has no stable string form: a class, struct or
    /// array that neither implements <c>IFormattable</c> or <c>IConvertible</c> nor overrides <c>ToString()</c> prints its
    /// type's name, the same for every item. An interface, type parameter or <c>object</c> is accepted: the value's own
    /// type decides, which only run time knows.
    /// </summary>
    public static ItemKeyFormat? Of(ITypeSymbol type)
    {
        if (SymbolRules.HasErrors(type))
        {
            return ItemKeyFormat.Object; // the compiler reports the type; a guess here would only add noise
        }

        type = Underlying(type);
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return ItemKeyFormat.Text;
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_Decimal
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64:
                return ItemKeyFormat.Convert;
            case SpecialType.System_Single or SpecialType.System_Double:
                return ItemKeyFormat.RoundTripNumber;
            case SpecialType.System_DateTime:
                return ItemKeyFormat.RoundTripDate;
            case SpecialType.System_Object:
                return ItemKeyFormat.Object;
        }

        if (SymbolRules.IsSystemType(type, "DateTimeOffset") || SymbolRules.IsSystemType(type, "DateOnly") || SymbolRules.IsSystemType(type, "TimeOnly"))
        {
            return ItemKeyFormat.RoundTripDate;
        }

        if (type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Enum
            || type.AllInterfaces.Any(i => SymbolRules.IsSystemType(i, "IFormattable") || SymbolRules.IsSystemType(i, "IConvertible"))
            || OverridesToString(type))
        {
            return ItemKeyFormat.Object;
        }

        return null;
    }

    /// <summary>Whether the type or a base type below <c>object</c>, <c>ValueType</c> and <c>Enum</c> overrides <c>ToString()</c> (a record's compiler-written one counts).</summary>
    private static bool OverridesToString(ITypeSymbol type)
    {
        for (var current = type; current is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum) }; current = current.BaseType)
        {
            if (current.GetMembers("ToString").Any(m => m is IMethodSymbol { IsOverride: true, Parameters.Length: 0, IsStatic: false }))
            {
                return true;
            }
        }

        return false;
    }
}
