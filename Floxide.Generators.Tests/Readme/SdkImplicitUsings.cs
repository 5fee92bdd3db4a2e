namespace Floxide.Generators.Tests.Readme;

/// <summary>What <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c> gives a Microsoft.NET.Sdk project, for tests that compile docs as a project would.</summary>
internal static class SdkImplicitUsings
{
    /// <summary>The SDK's global usings, as a source file.</summary>
    public const string Source = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;
}
