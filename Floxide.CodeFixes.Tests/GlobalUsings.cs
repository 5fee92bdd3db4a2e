global using Floxide.Generators.Analyzers;
global using Microsoft.CodeAnalysis.Testing;
global using Xunit;
