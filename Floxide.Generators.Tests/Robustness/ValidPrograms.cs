using CsCheck;
using static Floxide.Generators.Tests.Robustness.ValidProgram;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// CsCheck generators of <see cref="ValidProgram"/>: one independent generator per dimension, combined.
/// Each enum is drawn with its plainest member first, so a failing program shrinks towards the plainest
/// choices that still fail.
/// </summary>
internal static class ValidPrograms
{
    /// <summary>Every valid program the dimensions combine into.</summary>
    public static readonly Gen<ValidProgram> All = Gen.Select(
        Place(), Context(), Items(), Members(), Node().Array[1, 4], Workflow(),
        (where, context, items, members, nodes, workflow) => new ValidProgram(where, context, items, members, [.. nodes], workflow));

    private static Gen<T> Any<T>()
        where T : struct, Enum => Gen.OneOf(Enum.GetValues<T>());

    private static Gen<HelperChoice> Helper() => Gen.Select(Any<Placement>(), Any<Access>(), (placement, access) => new HelperChoice(placement, access));

    private static Gen<Place> Place() => Gen.Select(
        Any<NamespaceStyle>(), Any<NamespaceName>(), Any<ContainerKind>().Array[0, 2], Gen.Bool,
        (style, name, containers, @internal) => new Place(style, name, [.. containers], @internal));

    private static Gen<ContextChoice> Context() => Gen.Select(
        Any<ContextKind>(), Any<GenericKind>(), Any<Access>(), Any<TypeNames>(), Gen.Bool, Any<ConstructorKind>(), Gen.Bool, Gen.OneOf(0, 1, 4),
        Any<GracePeriod>(), Resilience(), Adaptive(),
        (kind, generic, access, names, twin, constructor, stream, limit, grace, resilience, adaptive) =>
            new ContextChoice(kind, generic, access, names, twin, constructor, stream, limit, grace, resilience, adaptive));

    // Values no run waits on: nodes never fail, so no retry delay is waited (a day is FLX0151's longest), no run comes near
    // a timeout of 30 s or a day (FLX0153's longest), and a token bucket's burst is its rate, far above the items.
    private static Gen<RetryChoice> Retry() => Gen.Select(
        Any<AttributeForm>(), Gen.OneOf<int?>(null, 1, 5), Gen.OneOf<int?>(null, 0, 86_400_000),
        Gen.OneOf<RetryBackoff?>(null, RetryBackoff.Constant, RetryBackoff.Linear, RetryBackoff.Exponential), Gen.OneOf<bool?>(null, false, true), Any<RetryOn>(), Helper(),
        (form, attempts, delay, backoff, jitter, on, onType) => new RetryChoice(form, attempts, delay, backoff, jitter, on, onType));

    private static Gen<ResilienceChoice> Resilience() => Gen.Select(
        Retry(), Gen.OneOf(0, 30_000, 86_400_000), Gen.OneOf(0, 100_000),
        (retry, timeout, rate) => new ResilienceChoice(retry, timeout, rate));

    private static Gen<AdaptiveChoice> Adaptive() => Gen.Select(
        Any<AttributeForm>(), Gen.Int[0, 127].Select(flags => (AdaptiveSettings)flags),
        (form, settings) => new AdaptiveChoice(form, settings));

    private static Gen<ItemChoice> Items() => Gen.Select(
        Any<ItemKind>(), Helper(), Any<ItemsShape>(), Gen.Bool, Any<MemberForm>(), Any<Access>(),
        Helper(), Any<MemberForm>(), Gen.Bool, Any<Access>(), Gen.Bool,
        (kind, itemType, shape, nullable, form, access, collection, slotForm, slotNullable, slotAccess, keywords) =>
            new ItemChoice(kind, itemType, shape, nullable, form, access, collection, slotForm, slotNullable, slotAccess, keywords));

    private static Gen<MemberChoice> Members() => Gen.Select(
        Any<SharedKind>(), Helper(), Any<MemberForm>(), Any<PerItemKind>(), Helper(), Any<MemberForm>(),
        Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Any<CollectionKind>(), Gen.Bool, Any<Access>(),
        Gen.Int[0, 4095].Select(flags => (CopiedMembers)flags),
        (shared, sharedType, sharedForm, perItem, perItemType, perItemForm, outputs, outputNullable, initialized, elementsNullable, collection, collectionNullable, outputAccess, copied) =>
            new MemberChoice(shared, sharedType, sharedForm, perItem, perItemType, perItemForm, outputs, outputNullable, initialized, elementsNullable, collection, collectionNullable, outputAccess, copied));

    private static Gen<NodeChoice> Node() => Gen.Select(
        Any<Placement>(), Any<Access>(), Any<Access>(), Any<ResultKind>(), Any<AwaitKind>(), Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Resilience(),
        Gen.OneOf(0, 1, 64), // a [ConcurrencyLimit]'s PermitLimit, 0 for none: a node's only (elsewhere it is FLX0166)
        (placement, access, methodAccess, result, await, yields, token, @in, generic, id, resilience, permits) =>
            new NodeChoice(placement, access, methodAccess, result, await, yields, token, @in, generic, id, resilience, permits));

    private static Gen<WorkflowChoice> Workflow() => Gen.Select(
        Any<WorkflowKind>(), Any<Placement>(), Any<Access>(), Any<LinkStyle>(), Gen.Bool, Gen.Bool, Gen.Bool, Helper(), Gen.Bool, Any<GracePeriod>(),
        (kind, placement, access, link, globalEndOn, id, maxSteps, actionEnum, alias, stepGrace) =>
            new WorkflowChoice(kind, placement, access, link, globalEndOn, id, maxSteps, actionEnum, alias, stepGrace));
}
