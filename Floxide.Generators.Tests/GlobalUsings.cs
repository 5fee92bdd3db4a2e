global using Floxide.Generators.Tests.Infrastructure;
global using Xunit;
