namespace Floxide.Generators.Models;

/// <summary>
/// One type in a containing-type chain, enough to re-open it as a partial declaration.
/// </summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>record</c>, <c>struct</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The name as written in source, with its type parameter list (e.g. <c>Outer&lt;T&gt;</c>).</param>
internal sealed record TypeDeclarationInfo(string Keyword, string Name);
