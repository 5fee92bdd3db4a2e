using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.Helpers;

/// <summary>Symbol questions the parsers share.</summary>
internal static class SymbolRules
{
    /// <summary>
    /// The nearest base type of <paramref name="type"/> (below <see cref="object"/>) that carries the Floxide attribute
    /// <paramref name="attributeName"/> (a [Node] or [BatchContext] derived from another inherits its generated members);
    /// null for none.
    /// </summary>
    public static INamedTypeSymbol? AnnotatedBase(INamedTypeSymbol type, string attributeName)
    {
        for (var current = type.BaseType; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            if (FloxideAttributes.Has(current, attributeName))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// How <paramref name="type"/> is confined to its file, in FLX0022's words: "file-local", "inside a file-local type"
    /// (whose part in the generator's file would declare another type, under a name no hint name may contain), or null.
    /// </summary>
    public static string? FileLocalPlace(INamedTypeSymbol type)
    {
        if (type.IsFileLocal)
        {
            return "file-local";
        }

        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.IsFileLocal)
            {
                return "inside a file-local type";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> and every type containing it are declared <c>partial</c> in
    /// every declaration, and neither it nor a container is file-local, so the generator can add a part.
    /// </summary>
    public static bool IsPartialAllTheWayUp(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        // A file-local type, or one nested in a file-local type, cannot be extended from the generator's file.
        if (FileLocalPlace(type) is not null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartialInEveryDeclaration(current, cancellationToken, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="type"/> itself (not its containers) is declared <c>partial</c> in every declaration:
    /// the step of <see cref="IsPartialAllTheWayUp"/> for one type. <paramref name="missing"/> is the first declaration
    /// without <c>partial</c>, null when the type has no source declaration.
    /// </summary>
    public static bool IsPartialInEveryDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken, out SyntaxNode? missing)
    {
        missing = null;
        if (type.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (declaration is not TypeDeclarationSyntax typeDeclaration || !typeDeclaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                missing = declaration;
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The type arguments T for which <paramref name="type"/> is, or implements, the generic interface
    /// whose definition <paramref name="isDefinition"/> recognises (distinct, in interface order).
    /// </summary>
    /// <remarks>
    /// The generator re-parses every annotated type on each compilation, so this sits on the hot path.
    /// A constructed type's <c>AllInterfaces</c> is substituted anew in every compilation, but its
    /// definition's list is cached with the (shared) metadata symbols; when the interface's argument
    /// is the definition's own type parameter or a closed type, the answer is read from there.
    /// </remarks>
    public static List<ITypeSymbol> ElementTypes(ITypeSymbol type, System.Func<INamedTypeSymbol, bool> isDefinition)
    {
        var found = new List<ITypeSymbol>();
        if (type is INamedTypeSymbol named && named.IsGenericType && isDefinition(named.OriginalDefinition))
        {
            found.Add(named.TypeArguments[0]);
            return found;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } generic && TryElementTypesFromDefinition(generic, isDefinition, found))
        {
            return found;
        }

        found.Clear();
        foreach (var candidate in type.AllInterfaces)
        {
            if (candidate.IsGenericType && isDefinition(candidate.OriginalDefinition))
            {
                Add(found, candidate.TypeArguments[0]);
            }
        }

        return found;
    }

    private static bool TryElementTypesFromDefinition(INamedTypeSymbol type, System.Func<INamedTypeSymbol, bool> isDefinition, List<ITypeSymbol> found)
    {
        var definition = type.OriginalDefinition;
        if (type.ContainingType is { IsGenericType: true })
        {
            return false;
        }

        foreach (var candidate in definition.AllInterfaces)
        {
            if (!candidate.IsGenericType || !isDefinition(candidate.OriginalDefinition))
            {
                continue;
            }

            var argument = candidate.TypeArguments[0];
            if (argument is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } parameter &&
                SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, definition))
            {
                Add(found, type.TypeArguments[parameter.Ordinal]);
            }
            else if (!MentionsTypeParameters(argument))
            {
                Add(found, argument);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool MentionsTypeParameters(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => MentionsTypeParameters(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(MentionsTypeParameters) || (named.ContainingType is { } outer && MentionsTypeParameters(outer)),
        _ => false,
    };

    private static void Add(List<ITypeSymbol> found, ITypeSymbol element)
    {
        if (!found.Any(f => SymbolEqualityComparer.Default.Equals(f, element)))
        {
            found.Add(element);
        }
    }

    /// <summary>
    /// The members of <paramref name="type"/> named one of <paramref name="names"/> (the members the generator adds)
    /// that the user declared: not compiler-generated, and not emitted by this generator (an analyzer sees those too).
    /// </summary>
    public static IEnumerable<ISymbol> DeclaredReservedMembers(INamedTypeSymbol type, string[] names)
    {
        foreach (var name in names)
        {
            if (!type.MemberNames.Contains(name))
            {
                continue;
            }

            foreach (var member in type.GetMembers(name))
            {
                if (IsUserDeclared(member))
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="member"/> is a partial method, its definition or its implementation. An implementation
    /// alone (its definition not generated yet) is told apart from an ordinary method only by its <c>partial</c> modifier.
    /// </summary>
    public static bool IsPartialMethod(ISymbol member, CancellationToken cancellationToken) =>
        member is IMethodSymbol method
        && (method.IsPartialDefinition || method.PartialDefinitionPart is not null
            || method.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)));

    /// <summary>
    /// Whether the user wrote <paramref name="member"/>: neither compiler-generated nor emitted by this generator (an
    /// analyzer sees the generated part of a type too, and its members are not the user's).
    /// </summary>
    public static bool IsUserDeclared(ISymbol member) => !member.IsImplicitlyDeclared && !GeneratorInfo.IsGenerated(member);

    /// <summary>
    /// Whether a constructor of <paramref name="type"/> can chain to its base class with a bare <c>base()</c>, as
    /// generated constructors do: the base is object, or has a constructor accessible from <paramref name="type"/>
    /// whose every parameter is optional or a params array (a protected one counts).
    /// </summary>
    public static bool CanCallBaseWithoutArguments(INamedTypeSymbol type, Compilation compilation) =>
        type.BaseType is not { SpecialType: not SpecialType.System_Object } baseType
        || baseType.InstanceConstructors.Any(c => c.Parameters.All(p => p.IsOptional || p.IsParams) && compilation.IsSymbolAccessibleWithin(c, type));

    /// <summary>
    /// The first base type that itself carries the attribute <paramref name="attributeMetadataName"/> (when given), or the
    /// first member in sight (not private, not internal to another assembly) a base type has, or will have once generated,
    /// under one of <paramref name="names"/>, as "Base.Name"; null when the type inherits neither. Either would be hidden by
    /// (or clash with) what the generator adds.
    /// </summary>
    /// <remarks>
    /// The generator's own members are not in the compilation it reads, so a base carrying another Floxide attribute
    /// counts as having that attribute's public members: a <c>[Workflow]</c> derived from a <c>[Node]</c> would hide
    /// its <c>Id</c>. Object's members are never reserved: the walk stops before <see cref="object"/>.
    /// </remarks>
    public static string? FindInheritedClash(INamedTypeSymbol type, string[] names, string? attributeMetadataName)
    {
        for (var current = type.BaseType; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            if (attributeMetadataName is not null && FloxideAttributes.Has(current, attributeMetadataName))
            {
                return current.Name;
            }

            foreach (var name in names)
            {
                if (current.GetMembers(name).Any(m => IsInheritedInto(m, type)) || IsAddedByGenerator(current, name))
                {
                    return current.Name + "." + name;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="member"/> of a base class is in sight from <paramref name="type"/>, so that a generated member of
    /// its name would hide it: not private, and not internal to an assembly that does not give <paramref name="type"/>'s access.
    /// </summary>
    private static bool IsInheritedInto(ISymbol member, INamedTypeSymbol type) => member.DeclaredAccessibility switch
    {
        Accessibility.Private or Accessibility.NotApplicable => false,
        Accessibility.Internal or Accessibility.ProtectedAndInternal => member.ContainingAssembly.GivesAccessTo(type.ContainingAssembly),
        _ => true,
    };

    /// <summary>Whether the generator adds a public member named <paramref name="name"/> to <paramref name="type"/>, for one of its attributes.</summary>
    private static bool IsAddedByGenerator(INamedTypeSymbol type, string name) =>
        (FloxideNames.ReservedMembers.Node.Contains(name) && FloxideAttributes.Has(type, FloxideNames.Attributes.Node))
        || (FloxideNames.ReservedMembers.WorkflowPublic.Contains(name) && FloxideAttributes.Has(type, FloxideNames.Attributes.Workflow))
        || (FloxideNames.ReservedMembers.BatchContext.Contains(name) && FloxideAttributes.Has(type, FloxideNames.Attributes.BatchContext));

    /// <summary>
    /// The attributes the field-like events that <paramref name="type"/> declares in source apply with the <c>field:</c>
    /// target, each with its event declaration and the attribute class it binds to (null when it does not bind). C# puts
    /// them on the event's backing field, which the symbol API does not list, so they can only be read from syntax
    /// (rare: an event declaration without attributes is passed over without binding anything).
    /// </summary>
    public static IEnumerable<(EventFieldDeclarationSyntax Event, AttributeSyntax Syntax, INamedTypeSymbol? Class)> GetEventFieldAttributes(
        ITypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            // A type of another project the IDE references as a compilation: its trees are not this compilation's, and
            // binding them throws. A build sees its assembly, without declarations, so it is skipped as there.
            if (!compilation.ContainsSyntaxTree(reference.SyntaxTree) || reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            SemanticModel? model = null; // one per declaration, and only once a field: attribute needs binding
            foreach (var @event in declaration.Members.OfType<EventFieldDeclarationSyntax>())
            {
                foreach (var list in @event.AttributeLists)
                {
                    if (list.Target is null || !list.Target.Identifier.IsKind(SyntaxKind.FieldKeyword))
                    {
                        continue;
                    }

                    model ??= compilation.GetSemanticModel(declaration.SyntaxTree);
                    foreach (var attribute in list.Attributes)
                    {
                        yield return (@event, attribute, model.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType);
                    }
                }
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is the runtime's <c>IStreamingBatchContext</c> (any construction).</summary>
    public static bool IsStreamingBatchContext(INamedTypeSymbol type) => FloxideAttributes.Is(type, FloxideNames.Types.IStreamingBatchContext);

    /// <summary>
    /// Whether <paramref name="type"/> carries <paramref name="attribute"/>'s attribute class more than once,
    /// as two partial declarations each marked <c>[BatchContext]</c> do. C# rejects that (CS0579), and the
    /// generator, which meets the type once per marked declaration, would add one file twice and fail
    /// as a whole; it generates nothing for the type instead.
    /// </summary>
    public static bool IsAttributeRepeated(INamedTypeSymbol type, AttributeData attribute)
    {
        var count = 0;
        foreach (var data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute.AttributeClass) && ++count > 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is or mentions a type the compiler could not resolve, or a
    /// file-local type (which no other file can name, and which C# already rejects in the signatures
    /// Floxide reads, CS9051): code generated from it would only add errors to the user's own, so the
    /// generator skips the type.
    /// </summary>
    public static bool HasErrors(ITypeSymbol type) => HasCompilerErrors(type) || MentionsFileLocal(type);

    /// <summary>
    /// Whether <paramref name="type"/> is or mentions a type the compiler could not resolve, or a type argument its
    /// constraint refuses (<see cref="BreaksAConstraint"/>): the compiler's error, where the user's code names it, is the
    /// one. Unlike <see cref="HasErrors"/>, a file-local type does not count: where C# lets the user name it (a
    /// <c>typeof</c>), Floxide reports it.
    /// </summary>
    public static bool HasCompilerErrors(ITypeSymbol type) =>
        AnyPart(type, static part => part is IErrorTypeSymbol or { TypeKind: TypeKind.Error } || BreaksAConstraint(part));

    /// <summary>
    /// Whether <paramref name="type"/> is a constructed generic type with a type argument that certainly breaks its type
    /// parameter's <c>class</c>, <c>struct</c>, <c>unmanaged</c> or <c>new()</c> constraint: the user's code already has
    /// the compiler's error (CS0452, CS0453, CS8377, CS0310) where it names the type, and code naming it again would
    /// only repeat it. Constraints on base types and interfaces are left to the compiler (no false refusal).
    /// </summary>
    private static bool BreaksAConstraint(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true, IsUnboundGenericType: false } named)
        {
            return false;
        }

        var parameters = named.TypeParameters;
        var arguments = named.TypeArguments;
        for (var i = 0; i < parameters.Length && i < arguments.Length; i++)
        {
            var parameter = parameters[i];
            var argument = arguments[i];
            if (argument.TypeKind == TypeKind.Error)
            {
                continue;
            }

            if (parameter.HasReferenceTypeConstraint && argument.IsValueType)
            {
                return true;
            }

            if ((parameter.HasValueTypeConstraint || parameter.HasUnmanagedTypeConstraint)
                && (argument.IsReferenceType || argument.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T))
            {
                return true;
            }

            if (parameter.HasConstructorConstraint && argument is INamedTypeSymbol { TypeKind: TypeKind.Class } created
                && (created.IsAbstract || !created.InstanceConstructors.Any(static c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is, is nested in or takes as a type argument a file-local type: generated code,
    /// in a file of its own, cannot name it, even where C# lets the user's file do so (in a <c>typeof</c>).
    /// </summary>
    public static bool MentionsFileLocal(ITypeSymbol type) => AnyPart(type, static part => part is INamedTypeSymbol { IsFileLocal: true });

    /// <summary>
    /// Whether <paramref name="type"/> is or mentions a type parameter that is not <paramref name="scope"/>'s nor a
    /// containing type's (an open generic type, as C# 14 lets <c>nameof(List&lt;&gt;.Add)</c> name one), or an unbound
    /// generic type: code generated inside <paramref name="scope"/>, which re-declares only those type parameters, cannot
    /// spell it.
    /// </summary>
    public static bool MentionsTypeParameterOutside(ITypeSymbol type, INamedTypeSymbol scope) => AnyPart(type, part => part switch
    {
        INamedTypeSymbol named => named.IsUnboundGenericType,
        ITypeParameterSymbol parameter => !IsDeclaredAround(parameter, scope),
        _ => false,
    });

    /// <summary>Whether <paramref name="parameter"/> is a type parameter of <paramref name="scope"/> or of a type containing it.</summary>
    private static bool IsDeclaredAround(ITypeParameterSymbol parameter, INamedTypeSymbol scope)
    {
        for (var current = scope; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.DeclaringType, current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/>, an array's element type, a type argument or a containing type, all the way down, is one <paramref name="test"/> accepts.</summary>
    private static bool AnyPart(ITypeSymbol type, Func<ITypeSymbol, bool> test) => test(type) || type switch
    {
        IArrayTypeSymbol array => AnyPart(array.ElementType, test),
        IPointerTypeSymbol pointer => AnyPart(pointer.PointedAtType, test),
        IFunctionPointerTypeSymbol function => AnyPart(function.Signature.ReturnType, test) || function.Signature.Parameters.Any(parameter => AnyPart(parameter.Type, test)),
        INamedTypeSymbol named => named.TypeArguments.Any(argument => AnyPart(argument, test)) || (named.ContainingType is { } outer && AnyPart(outer, test)),
        _ => false,
    };

    /// <summary>Whether <paramref name="type"/> or one of its base classes passes <paramref name="test"/>.</summary>
    public static bool DerivesFrom(ITypeSymbol type, Func<INamedTypeSymbol, bool> test)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (test(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="attribute"/> is <c>System.ObsoleteAttribute</c>.</summary>
    public static bool IsObsolete(AttributeData attribute) =>
        attribute.AttributeClass is { } attributeClass && IsSystemType(attributeClass, "ObsoleteAttribute");

    /// <summary>Whether <paramref name="attribute"/> is <c>System.Diagnostics.CodeAnalysis.ExperimentalAttribute</c> (or a polyfill of it, which C# honours by name).</summary>
    public static bool IsExperimental(AttributeData attribute) =>
        attribute.AttributeClass is { Name: "ExperimentalAttribute", ContainingNamespace: { Name: "CodeAnalysis", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>Whether <paramref name="type"/> is the type <c>System.</c><paramref name="name"/>.</summary>
    public static bool IsSystemType(ITypeSymbol type, string name) =>
        type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named && named.Name == name;

    /// <summary>Whether <paramref name="type"/> is <c>System.Collections.Generic.IAsyncEnumerable&lt;T&gt;</c>'s definition.</summary>
    public static bool IsAsyncEnumerableDefinition(INamedTypeSymbol type) =>
        type.MetadataName == "IAsyncEnumerable`1" &&
        type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

    /// <summary>Whether <paramref name="type"/> is <c>IEnumerable&lt;T&gt;</c>'s definition.</summary>
    public static bool IsEnumerableDefinition(INamedTypeSymbol type) =>
        type.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    /// <summary>Whether <paramref name="type"/> is <c>ICollection&lt;T&gt;</c>'s definition.</summary>
    public static bool IsCollectionDefinition(INamedTypeSymbol type) =>
        type.SpecialType == SpecialType.System_Collections_Generic_ICollection_T;

    /// <summary>Whether a value of this type may be null under nullable analysis (annotated, or an unconstrained type parameter).</summary>
    public static bool MayBeNull(ITypeSymbol type) =>
        type.NullableAnnotation == NullableAnnotation.Annotated ||
        (type is ITypeParameterSymbol { HasReferenceTypeConstraint: false, HasValueTypeConstraint: false, HasUnmanagedTypeConstraint: false, HasNotNullConstraint: false }
            && type.NullableAnnotation != NullableAnnotation.NotAnnotated);

    /// <summary>Whether <paramref name="type"/> is a non-nullable reference (or unconstrained generic) type that nullable analysis tracks.</summary>
    public static bool IsNonNullableReference(ITypeSymbol type) =>
        !type.IsValueType && type.NullableAnnotation == NullableAnnotation.NotAnnotated;
}
