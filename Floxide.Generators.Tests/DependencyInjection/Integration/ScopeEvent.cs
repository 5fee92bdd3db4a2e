namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>What happened to a unit of work: "created", "used" (by a step of an order) or "disposed by" a method.</summary>
public sealed record ScopeEvent(int Unit, string What, int Order = 0, string? Step = null);
