using System.Linq;
using Floxide.Generators.Helpers;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Writes a <c>[BatchContext]</c>'s item-context factory: <c>CreateItemContext</c>, which clones a record with
/// <c>with</c> or calls, for a class, the generated (parent, item) constructor that assigns what
/// <see cref="ItemContextAssignments"/> collected.
/// </summary>
internal static class ItemContextFactoryEmitter
{
    /// <summary>Writes <c>CreateItemContext</c> and, for a class, the constructors it calls.</summary>
    public static void Write(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        writer.Lines($$"""
            /// <inheritdoc/>
            {{names.GeneratedCode}}
            {{names.Self}} {{names.Contract}}.CreateItemContext({{names.Item}} item)
            """);
        using (writer.OpenBlock())
        {
            if (model.IsRecord)
            {
                // Records clone themselves (every field, inherited ones included); then the item and fresh per-item members.
                writer.Line("var itemContext = this with");
                using (writer.OpenBlock("};"))
                {
                    writer.Line($"{model.SlotMember} = item,");
                    foreach (var member in model.Members.Where(m => m.Kind == ItemContextMemberKind.PerItem))
                    {
                        writer.Line($"{member.Name} = new {member.TypeName}(),");
                    }
                }
            }
            else
            {
                writer.Line($"var itemContext = new {names.Self}(this, item);");
            }

            writer.Lines("""
                this.OnItemContextCreated(itemContext);
                return itemContext;
                """);
        }

        writer.Line();
        if (!model.IsRecord)
        {
            WriteConstructors(writer, model, names);
        }
    }

    private static void WriteConstructors(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        var constructorName = SymbolNames.Identifier(model.Hierarchy.SimpleName);
        if (model.DeclaresDefaultConstructor)
        {
            writer.Lines($$"""
                /// <summary>Creates a context. (Declared by the generator, which adds a constructor of its own.)</summary>
                {{names.GeneratedCode}}
                public {{constructorName}}()
                {
                }

                """);
        }

        writer.Lines($$"""
            /// <summary>
            /// Creates the context of one item: the item in its slot, [PerItem] members fresh, outputs at their
            /// initial values, and every other field and auto-property copied from <paramref name="parent"/>.
            /// </summary>
            /// <param name="parent">The batch's context.</param>
            /// <param name="item">The item.</param>
            {{names.GeneratedCode}}
            """);
        if (model.SetsRequiredMembers)
        {
            writer.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
        }

        writer.Line($"private {constructorName}({names.Self} parent, {names.Item} item)");
        using (writer.OpenBlock())
        {
            writer.Line($"this.{model.SlotMember} = item;");
            foreach (var member in model.Members)
            {
                writer.Line(member.Kind switch
                {
                    ItemContextMemberKind.CopyThroughInterface or ItemContextMemberKind.CopyThroughBase => $"(({member.TypeName})this).{member.Name} = (({member.TypeName})parent).{member.Name};",
                    ItemContextMemberKind.InitThroughBase => $"base.{member.Name} = (({member.TypeName})parent).{member.Name};",
                    ItemContextMemberKind.PerItem => $"this.{member.Name} = new {member.TypeName}();",
                    ItemContextMemberKind.Reset => $"this.{member.Name} = default!;",
                    _ => $"this.{member.Name} = parent.{member.Name};",
                });
            }
        }

        writer.Line();
    }
}
