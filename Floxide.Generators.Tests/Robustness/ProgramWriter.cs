using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using static Floxide.Generators.Tests.Robustness.ValidProgram;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Writes a <see cref="ValidProgram"/> as C#: the user's declarations, and a runner that runs one batch.
/// Choices that C# or the DSL would reject together are settled here, towards the plainest valid one,
/// so that every program is valid by construction: a member's accessibility is narrowed until its
/// type is at least as accessible (CS0050–CS0053), a node or workflow that could not name what it uses
/// moves into the context, a protected type leaves a struct, a node under a <c>[Timeout]</c> takes the token and uses it.
/// </summary>
/// <remarks>
/// Accessibility is modelled as the set of places that can see a declaration (<see cref="Viewers"/>):
/// C# requires a member's type to be visible wherever the member is, so a member is valid when its
/// set is a subset of its type's. Nodes, workflows and the runner name every type fully qualified and
/// closed (<c>global::N.Host&lt;int&gt;.Batch</c>), so a step's context always equals its workflow's.
/// </remarks>
internal sealed class ProgramWriter
{
    /// <summary>The exception type a <c>[Retry]</c>'s <c>On</c> names when the program declares it.</summary>
    private const string FailureType = "Transient";

    private readonly ValidProgram _program;
    private readonly string _namespace;
    private readonly List<(ContainerKind Kind, string Name, string? TypeParameter)> _containers = [];
    private readonly Dictionary<Scope, StringBuilder> _declarations = new()
    {
        [Scope.Namespace] = new(),
        [Scope.Container] = new(),
        [Scope.Context] = new(),
    };

    private readonly Dictionary<string, (Scope Scope, Viewers Domain)> _helpers = [];
    private int _annotatedTypes;

    // The context.
    private readonly Scope _besideContext;
    private readonly string _contextName;
    private readonly string? _typeParameter;
    private readonly string _closingArgument = "";
    private readonly Viewers _contextDomain;
    private readonly Viewers _contextTypeDomain;

    // The item type, as the context spells it and as the runner does.
    private ItemKind _itemKind;
    private string _item = "";
    private string _itemClosed = "";
    private TypeCategory _category;
    private List<string>? _openValues;
    private List<string> _closedValues = [];

    // The context's members, as the first node and the runner use them.
    private readonly List<string> _positionalParameters = [];
    private readonly List<string> _constructorAssignments = [];
    private string _itemsMember = "";
    private string _slot = "";
    private bool _slotMayBeNull;
    private Viewers _slotDomain;
    private string? _output;
    private bool _outputMayBeNull;
    private Viewers _outputDomain = Viewers.All;
    private string? _outputs;
    private bool _outputsAreSet;
    private readonly List<Viewers> _nodeDomains = [];

    // How the runner creates the context.
    private readonly List<string> _constructorArguments = [];
    private readonly List<string> _initializers = [];

    private ProgramWriter(ValidProgram program)
    {
        _program = program;
        var place = program.Where;
        _namespace = place.Style == NamespaceStyle.Global ? "" : place.Name switch
        {
            NamespaceName.Plain => "Demo",
            NamespaceName.Dotted => "Demo.Batches",
            NamespaceName.Keyword => "@event.@class",
            NamespaceName.Unicode => "Ünïcode.Prüfung",
            _ => "Floxide.Demo",
        };

        for (var level = 0; level < place.Containers.Length; level++)
        {
            var kind = place.Containers[level];
            var name = level == 0 ? "Host" : "Nest";
            _containers.Add((kind, name, kind == ContainerKind.GenericClass ? "T" + name : null));
        }

        _besideContext = _containers.Count > 0 ? Scope.Container : Scope.Namespace;
        var context = program.Context;
        _contextName = Name(context.Names, "Batch", "class", "Ünïts");
        if (context.Generic != GenericKind.None)
        {
            _typeParameter = "T";
            _closingArgument = ClosingArgument(context.Generic);
        }

        _contextDomain = DomainOf(_besideContext, Legal(_besideContext, context.Access));
        _contextTypeDomain = TypeDomainOf(_besideContext, Legal(_besideContext, context.Access));
    }

    /// <summary>Where a place can be seen from: the regions of program text C# accessibility distinguishes here.</summary>
    [Flags]
    private enum Viewers
    {
        None = 0,
        OtherAssembly = 1,
        OtherAssemblyDerived = 2,
        SameAssembly = 4,
        SameAssemblyDerived = 8,
        InContainer = 16,
        InContext = 32,
        Internal = SameAssembly | SameAssemblyDerived | InContainer | InContext,
        All = Internal | OtherAssembly | OtherAssemblyDerived,
    }

    /// <summary>Where a declaration is: a namespace, the innermost containing type, or the context itself.</summary>
    private enum Scope { Namespace, Container, Context }

    private enum TypeCategory { Value, Reference, TypeParameter }

    /// <summary>Writes <paramref name="program"/>.</summary>
    public static WrittenProgram Write(ValidProgram program) => new ProgramWriter(program).Build();

    private WrittenProgram Build()
    {
        SettleItem();
        var contextBody = new StringBuilder();
        WriteItemMembers(contextBody);
        WriteOtherMembers(contextBody);

        // Before the nodes: the first [Retry] that names the declared exception type places it.
        var context = _program.Context;
        var resilience = ResilienceAttributes(context.Resilience);
        if (context.Adaptive.Form != AttributeForm.None)
        {
            resilience.Add(AdaptiveAttribute(context.Adaptive.Form == AttributeForm.Bare ? AdaptiveSettings.None : context.Adaptive.Settings, contextBody));
        }

        var nodes = WriteNodes();
        var run = WriteWorkflows(nodes);
        WriteTwins();

        var attribute = new List<string>();
        if (GracePeriodMs(context.GracePeriod) is { } grace)
        {
            attribute.Add("CancellationGracePeriodMs = " + grace);
        }

        if (context.MaxDegreeOfParallelism > 0)
        {
            attribute.Add($"MaxDegreeOfParallelism = {context.MaxDegreeOfParallelism}");
        }

        if (!context.StreamResults)
        {
            attribute.Add("KeepResults = true");
        }

        // The context's resilience attributes share its [BatchContext] list, a node's have lists of their own: both
        // spellings are read, and the sweep's coverage check tells the two levels apart.
        var declaration = new StringBuilder();
        resilience.Insert(0, attribute.Count == 0 ? "BatchContext" : $"BatchContext({string.Join(", ", attribute)})");
        declaration.AppendLine($"[{string.Join(", ", resilience)}]");
        declaration.Append(Keyword(Legal(_besideContext, context.Access))).Append(' ');
        declaration.Append(context.Kind switch
        {
            ContextKind.Class => "partial class ",
            ContextKind.SealedClass => "sealed partial class ",
            ContextKind.SealedRecord => "sealed partial record ",
            _ => "partial record ",
        });
        declaration.Append(Id(_contextName)).Append(_typeParameter is null ? "" : $"<{_typeParameter}>");
        if (context.Kind == ContextKind.PositionalRecord)
        {
            declaration.Append('(').Append(string.Join(", ", _positionalParameters)).Append(')');
        }

        if (_program.Members.Copied.HasFlag(CopiedMembers.ExplicitInterface))
        {
            declaration.Append(" : ILabelled");
        }

        declaration.AppendLine(Constraint(context.Generic, "T"));
        declaration.AppendLine("{");
        declaration.Append(contextBody);
        declaration.Append(_declarations[Scope.Context]);
        declaration.AppendLine("}");
        _annotatedTypes++;

        var program = new StringBuilder();
        if (_itemKind == ItemKind.TupleAlias)
        {
            program.AppendLine("global using Pair = (int Id, string Name);");
        }

        program.AppendLine("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Floxide;
            """);
        WriteNested(program, _declarations[Scope.Namespace].ToString(), _declarations[Scope.Container] + declaration.ToString());

        return new WrittenProgram(program.ToString(), WriteRunner(run), _annotatedTypes);
    }

    /// <summary>Opens the namespace and containers around <paramref name="inner"/>, with <paramref name="outer"/> at namespace level.</summary>
    private void WriteNested(StringBuilder text, string outer, string inner, bool reopen = false)
    {
        var blockNamespace = _namespace.Length > 0 && _program.Where.Style == NamespaceStyle.Block;
        if (_namespace.Length > 0)
        {
            text.AppendLine(blockNamespace ? $"namespace {_namespace}\n{{" : $"namespace {_namespace};\n");
        }

        text.Append(outer);
        for (var level = 0; level < _containers.Count; level++)
        {
            var (kind, name, typeParameter) = _containers[level];
            var access = reopen ? "" : level == 0 && _program.Where.InternalContainer ? "internal " : "public ";
            var keyword = kind switch
            {
                ContainerKind.StaticClass => reopen ? "partial class" : "static partial class",
                ContainerKind.Struct => "partial struct",
                ContainerKind.Record => "partial record",
                ContainerKind.RecordStruct => "partial record struct",
                ContainerKind.Interface => "partial interface",
                _ => "partial class",
            };
            text.AppendLine($"{access}{keyword} {name}{(typeParameter is null ? "" : $"<{typeParameter}>")}");
            text.AppendLine("{");
        }

        text.Append(inner);
        for (var level = 0; level < _containers.Count; level++)
        {
            text.AppendLine("}");
        }

        if (blockNamespace)
        {
            text.AppendLine("}");
        }
    }

    private void SettleItem()
    {
        var items = _program.Items;
        var genericContainer = _containers.LastOrDefault(c => c.TypeParameter is not null).TypeParameter;
        _itemKind = items.Kind switch
        {
            ItemKind.ContainerTypeParameter when genericContainer is null => ItemKind.TypeParameter,
            _ => items.Kind,
        };
        if (_itemKind == ItemKind.TypeParameter && _typeParameter is null)
        {
            _itemKind = ItemKind.Int;
        }

        string[] numbers = ["1", "2", "3"];
        string[] strings = ["\"a\"", "\"b\"", "\"c\""];
        (_item, _category, _openValues) = _itemKind switch
        {
            ItemKind.Int => ("int", TypeCategory.Value, numbers.ToList()),
            ItemKind.NullableInt => ("int?", TypeCategory.Value, numbers.ToList()),
            ItemKind.String => ("string", TypeCategory.Reference, strings.ToList()),
            ItemKind.NullableString => ("string?", TypeCategory.Reference, strings.ToList()),
            ItemKind.Record => ("Row", TypeCategory.Reference, numbers.Select(n => $"new Row({n})").ToList()),
            ItemKind.Tuple => ("(int Id, string Name)", TypeCategory.Value, numbers.Zip(strings, (n, s) => $"({n}, {s})").ToList()),
            ItemKind.TupleAlias => ("Pair", TypeCategory.Value, numbers.Zip(strings, (n, s) => $"({n}, {s})").ToList()),
            ItemKind.Dynamic => ("dynamic", TypeCategory.Reference, numbers.ToList()),
            ItemKind.NestedGeneric => ("Box<string>", TypeCategory.Reference, strings.Select(s => $"new Box<string>({s})").ToList()),
            ItemKind.ContainerTypeParameter => (genericContainer!, TypeCategory.TypeParameter, null),
            _ => ("T", _program.Context.Generic switch
            {
                GenericKind.Class => TypeCategory.Reference,
                GenericKind.Struct => TypeCategory.Value,
                _ => TypeCategory.TypeParameter,
            }, null),
        };

        if (_itemKind is ItemKind.Record or ItemKind.NestedGeneric)
        {
            var helper = _itemKind == ItemKind.Record ? "Row" : "Box";
            DeclareHelper(helper, items.ItemType, access => _itemKind == ItemKind.Record
                ? $"{access} sealed record Row(int Id);"
                : $"{access} sealed record Box<TValue>(TValue Value);");
        }

        var closing = _itemKind switch
        {
            ItemKind.TypeParameter => _closingArgument,
            ItemKind.ContainerTypeParameter => "int",
            _ => null,
        };
        _itemClosed = _itemKind switch
        {
            ItemKind.Record => Qualified("Row"),
            ItemKind.NestedGeneric => Qualified("Box") + "<string>",
            _ => closing ?? _item,
        };
        _closedValues = _itemKind switch
        {
            ItemKind.Record => numbers.Select(n => $"new {Qualified("Row")}({n})").ToList(),
            ItemKind.NestedGeneric => strings.Select(s => $"new {Qualified("Box")}<string>({s})").ToList(),
            _ when closing == "string" => strings.ToList(),
            _ when closing is not null => numbers.ToList(),
            _ => _openValues!,
        };
    }

    private void WriteItemMembers(StringBuilder body)
    {
        var items = _program.Items;
        var record = IsRecord;
        var itemDomain = TypeDomain(_item);
        string[] names = items.KeywordNames ? ["in", "out"] : ["Items", "Item"];
        _itemsMember = Id(names[0]);
        _slot = Id(names[1]);

        // [BatchItems]
        var shape = items.Shape;
        var sequence = shape switch
        {
            ItemsShape.List => $"List<{_item}>",
            ItemsShape.Enumerable => $"IEnumerable<{_item}>",
            ItemsShape.ReadOnlyList => $"IReadOnlyList<{_item}>",
            ItemsShape.Array => $"{_item}[]",
            ItemsShape.AsyncEnumerable => $"IAsyncEnumerable<{_item}>",
            _ => $"Bag<{_item}>",
        };
        if (shape == ItemsShape.Custom)
        {
            DeclareHelper("Bag", items.Collection, access => $$"""
                {{access}} sealed class Bag<TElement> : IEnumerable<TElement>
                {
                    private readonly List<TElement> _elements = new();
                    public void Add(TElement element) => _elements.Add(element);
                    public IEnumerator<TElement> GetEnumerator() => _elements.GetEnumerator();
                    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
                }
                """);
        }

        var sequenceDomain = itemDomain & (shape == ItemsShape.Custom ? _helpers["Bag"].Domain : Viewers.All);
        var form = items.ItemsForm;
        if (form == MemberForm.Positional && !CanBePositional(sequence))
        {
            form = MemberForm.Property;
        }

        if (shape == ItemsShape.AsyncEnumerable && form is MemberForm.GetOnlyProperty or MemberForm.ReadOnlyField)
        {
            form = MemberForm.Property;
        }

        var type = sequence + (items.ItemsNullable ? "?" : "");
        var itemsValues = shape == ItemsShape.AsyncEnumerable
            ? $"FloxideStream({string.Join(", ", _closedValues)})"
            : $"[{string.Join(", ", _closedValues)}]";
        if (_program.Context.Kind == ContextKind.PositionalRecord)
        {
            _positionalParameters.Add("string Region");
            _constructorArguments.Add("\"eu\"");
        }

        switch (form)
        {
            case MemberForm.Positional:
                _positionalParameters.Add($"[property: BatchItems] {type} {_itemsMember}");
                _constructorArguments.Add(itemsValues);
                break;
            case MemberForm.GetOnlyProperty or MemberForm.ReadOnlyField:
                // Only the declaration can set it: with the run's items when the context can spell them.
                var values = _openValues is null ? "[]" : $"[{string.Join(", ", _openValues)}]";
                if (_openValues is null)
                {
                    _closedValues = [];
                }

                body.AppendLine(Member("BatchItems", Narrow(items.ItemsAccess, sequenceDomain), type, _itemsMember, form, values));
                break;
            default:
                var initializer = items.ItemsNullable ? null : shape == ItemsShape.AsyncEnumerable ? "default!" : "[]";
                body.AppendLine(Member("BatchItems", Narrow(items.ItemsAccess, sequenceDomain), type, _itemsMember, form, initializer));
                _initializers.Add($"{_itemsMember} = {itemsValues}");
                break;
        }

        // [BatchItem]
        var slotForm = items.SlotForm switch
        {
            MemberForm.Positional => MemberForm.Property,
            MemberForm.GetOnlyProperty or MemberForm.ReadOnlyField when record => MemberForm.Property,
            var other => other,
        };
        var slotType = items.SlotNullable && _category != TypeCategory.Value && !_item.EndsWith('?') ? _item + "?" : _item;
        var slotAccess = Narrow(items.SlotAccess, itemDomain);
        _slotDomain = _contextDomain & MemberSet(slotAccess);
        body.AppendLine(Member("BatchItem", slotAccess, slotType, _slot, slotForm, NeedsDefault(slotType) ? "default!" : null));
        _slotMayBeNull = slotType.EndsWith('?');
    }

    private void WriteOtherMembers(StringBuilder body)
    {
        var members = _program.Members;
        var record = IsRecord;
        var keywords = _program.Items.KeywordNames;

        // [Shared]
        if (members.Shared != SharedKind.None)
        {
            var type = "object";
            if (members.Shared == SharedKind.Helper)
            {
                DeclareHelper("Counter", members.SharedType, access => $"{access} sealed class Counter {{ public int Hits {{ get; set; }} }}");
                type = "Counter";
            }

            var name = Id(keywords ? "lock" : "Hits");
            var domain = TypeDomain(type);
            // A positional record's parameters are its init properties: a property chosen there takes that form, which
            // also keeps the positional [Shared] (one context kind of five) in enough programs of every sweep.
            if (members.SharedForm is MemberForm.Positional or MemberForm.Property or MemberForm.InitProperty && CanBePositional(type))
            {
                _positionalParameters.Add($"[property: Shared] {type} {name}");
                _constructorArguments.Add(type == "object" ? "new object()" : $"new {Qualified("Counter")}()");
            }
            else
            {
                var form = members.SharedForm == MemberForm.Positional ? MemberForm.Property : members.SharedForm;
                body.AppendLine(Member("Shared", Narrow(Access.Public, domain), type, name, form, "new()"));
            }
        }

        // [PerItem]
        var perItem = members.PerItem switch
        {
            PerItemKind.TypeParameter when _program.Context.Generic is not (GenericKind.New or GenericKind.Struct) => PerItemKind.List,
            var other => other,
        };
        if (perItem != PerItemKind.None)
        {
            var type = perItem switch
            {
                PerItemKind.List => "List<string>",
                PerItemKind.StringBuilder => "StringBuilder",
                PerItemKind.Helper => "Scratch",
                PerItemKind.TypeParameter => "T",
                _ => "Dictionary<string, int>",
            };
            if (perItem == PerItemKind.Helper)
            {
                DeclareHelper("Scratch", members.PerItemType, access => $"{access} sealed class Scratch {{ public List<string> Notes {{ get; }} = new(); }}");
            }

            var form = members.PerItemForm switch
            {
                MemberForm.Positional => MemberForm.Property,
                MemberForm.GetOnlyProperty or MemberForm.ReadOnlyField when record => MemberForm.InitProperty,
                var other => other,
            };
            body.AppendLine(Member("PerItem", Narrow(Access.Public, TypeDomain(type)), type, Id(keywords ? "fixed" : "Log"), form, "new()"));
        }

        // [ItemOutput] and [BatchOutputs]: the output is the item (or its nullable form), copied by the first node.
        if (members.Outputs)
        {
            var plain = _item.TrimEnd('?');
            var outputNullable = members.OutputNullable || _itemKind == ItemKind.NullableInt;
            var output = outputNullable ? plain + "?" : plain;
            var access = Narrow(members.OutputAccess, TypeDomain(plain));
            _outputDomain = _contextDomain & MemberSet(access);
            _output = Id(keywords ? "string" : "Output");
            _outputMayBeNull = outputNullable;
            // Left uninitialized, a non-nullable output is assigned by a constructor of the class (the generated item-context
            // constructor resets it). Left out: a class that declares no constructor at all, whose CS8618 for the member
            // C# then reports in the default constructor the generator declares, that is in generated code.
            var initialized = !NeedsDefault(output) || members.OutputInitialized || record;
            body.AppendLine(Member("ItemOutput", access, output, _output, MemberForm.Property, NeedsDefault(output) && initialized ? "default!" : null));
            if (!initialized)
            {
                _constructorAssignments.Add($"{_output} = default!;");
            }

            {
                // A value type's elements may only be nullable when the output is: int? outputs into int elements, never int into int?.
                var element = members.ElementsNullable && (outputNullable || _category != TypeCategory.Value) ? plain + "?" : plain;
                var collection = members.Collection switch
                {
                    CollectionKind.List => $"List<{element}>",
                    CollectionKind.Collection => $"ICollection<{element}>",
                    _ => $"HashSet<{element}>",
                };
                var initializer = members.Collection == CollectionKind.Collection ? $"new List<{element}>()" : "new()";
                _outputs = Id(keywords ? "params" : "Outputs");
                _outputsAreSet = members.Collection == CollectionKind.HashSet;
                body.AppendLine(Member("BatchOutputs", access, collection + (members.CollectionNullable ? "?" : ""), _outputs, MemberForm.GetOnlyProperty, initializer));
            }
        }

        WriteCopiedMembers(body, members.Copied);
        if (!record)
        {
            var constructor = _program.Context.Constructor;
            if (constructor == ConstructorKind.None && _constructorAssignments.Count > 0)
            {
                constructor = ConstructorKind.Parameterless;
            }

            var assignments = string.Concat(_constructorAssignments.Select(a => " " + a));
            if (constructor is ConstructorKind.Parameterless or ConstructorKind.Both)
            {
                body.AppendLine($"public {Id(_contextName)}() {{{assignments} }}");
            }

            if (constructor is ConstructorKind.WithParameter or ConstructorKind.Both)
            {
                body.AppendLine($"public {Id(_contextName)}(int seed) {{ Seed = seed;{assignments} }}");
                body.AppendLine("public int Seed { get; }");
                if (constructor == ConstructorKind.WithParameter)
                {
                    _constructorArguments.Add("7");
                }
            }
        }
    }

    private void WriteCopiedMembers(StringBuilder body, CopiedMembers copied)
    {
        if (copied.HasFlag(CopiedMembers.Settable))
        {
            body.AppendLine("public int Quality { get; set; } = 80;");
        }

        if (copied.HasFlag(CopiedMembers.ReadOnlyField))
        {
            body.AppendLine("private readonly string _bucket = \"b\";");
            body.AppendLine("public string Bucket => _bucket;");
        }

        if (copied.HasFlag(CopiedMembers.Init))
        {
            body.AppendLine("public string Format { get; init; } = \"png\";");
        }

        if (copied.HasFlag(CopiedMembers.GetOnly))
        {
            body.AppendLine("public string Label { get; } = \"l\";");
        }

        if (copied.HasFlag(CopiedMembers.Required))
        {
            body.AppendLine("public required string Owner { get; init; }");
            _initializers.Add("Owner = \"o\"");
        }

        if (copied.HasFlag(CopiedMembers.KeywordName))
        {
            body.AppendLine("public int @default;");
        }

        if (copied.HasFlag(CopiedMembers.Event))
        {
            body.AppendLine("public event EventHandler? Changed;");
            body.AppendLine("public void Raise() => Changed?.Invoke(this, EventArgs.Empty);");
        }

        if (copied.HasFlag(CopiedMembers.UnicodeName))
        {
            body.AppendLine("public string Größe { get; set; } = \"\";");
        }

        if (copied.HasFlag(CopiedMembers.FieldKeyword))
        {
            body.AppendLine("public string Normalized { get => field; set => field = value.Trim(); } = \"\";");
        }

        if (copied.HasFlag(CopiedMembers.StaticAndConst))
        {
            body.AppendLine("public static int Created { get; set; }");
            body.AppendLine("public const int Limit = 3;");
        }

        if (copied.HasFlag(CopiedMembers.ExplicitInterface))
        {
            // An explicitly implemented auto-property: state the class declares under a name it cannot be reached by.
            _declarations[Scope.Namespace].AppendLine("public interface ILabelled { string Caption { get; set; } }");
            body.AppendLine("string ILabelled.Caption { get; set; } = \"c\";");
        }

        if (copied.HasFlag(CopiedMembers.TypeParameter))
        {
            body.AppendLine(_typeParameter is null ? "public object? Tag { get; set; }" : "public T? Tag { get; set; }");
        }
    }

    /// <summary>Writes the nodes; returns each one's closed name and result kind, in workflow order.</summary>
    private List<(string Type, ResultKind Result)> WriteNodes()
    {
        var nodes = new List<(string, ResultKind)>();
        var context = Qualified(_contextName) + Arguments(_closingArgument);
        for (var index = 0; index < _program.Nodes.Length; index++)
        {
            var choice = _program.Nodes[index];
            var copies = index == 0 && _output is not null;

            // Only the first node can be generic over the context's own type parameter; the others pass any context through.
            var overContextParameter = index == 0 && choice.Generic && _typeParameter is not null;
            var passThrough = index > 0 && choice.Generic;
            var result = choice.Result;
            if (result == ResultKind.Enum)
            {
                DeclareHelper("Verdict", _program.Workflow.ActionEnum, access =>
                    $"{access} enum Verdict {{ Next, Done{(_program.Workflow.ActionAlias ? ", Continue = Next" : "")} }}");
            }

            var resilience = ResilienceAttributes(choice.Resilience);
            if (choice.PermitLimit > 0)
            {
                resilience.Add($"ConcurrencyLimit(PermitLimit = {choice.PermitLimit})");
            }

            var needs = (passThrough ? Viewers.All : _contextDomain) &
                (copies ? _slotDomain & _outputDomain : Viewers.All) &
                (result == ResultKind.Enum ? _helpers["Verdict"].Domain : Viewers.All) &
                (choice.Resilience.Retry is { Form: AttributeForm.WithSettings, On: RetryOn.Declared or RetryOn.Both } ? _helpers[FailureType].Domain : Viewers.All);
            var scope = ScopeOf(choice.Placement);
            if ((needs & ViewerAt(scope)) == 0)
            {
                scope = Scope.Context;
            }

            var access = Legal(scope, choice.Access);
            var domain = DomainOf(scope, access);
            _nodeDomains.Add(domain);
            var parameterDomain = (passThrough ? Viewers.All : _contextTypeDomain) & (result == ResultKind.Enum ? _helpers["Verdict"].Domain : Viewers.All);
            var methodAccess = new[] { choice.MethodAccess, Access.Internal, Access.Private }
                .Select(PlainAccess)
                .First(a => (domain & MethodSet(a) & ~parameterDomain) == 0);

            var baseName = index == 0 ? Name(_program.Context.Names, "Copy", "checked", "Kopïe") : $"Step{index}";
            var typeParameter = overContextParameter ? "TC" : passThrough ? "TContext" : null;
            var parameterType = overContextParameter ? Qualified(_contextName) + "<TC>" : passThrough ? "TContext" : context;
            var constraint = overContextParameter ? Constraint(_program.Context.Generic, "TC") : passThrough ? " where TContext : class" : "";
            var verdict = Qualified("Verdict");
            var value = result switch
            {
                ResultKind.Bool => "true",
                ResultKind.Enum => verdict + ".Next",
                ResultKind.Action => "NodeAction.Default",
                _ => null,
            };
            var resultType = result switch
            {
                ResultKind.Bool => "bool",
                ResultKind.Enum => verdict,
                ResultKind.Action => "NodeAction",
                _ => null,
            };

            var awaits = choice.Await != AwaitKind.Sync;
            var yields = awaits && choice.Yields;
            var inParameter = choice.InParameter && !yields;
            // A [Timeout] on a method without the token draws FLX0159, and one that ignores it FLX0163: the node takes it (as
            // FLX0159's fix does) and uses it, as every node that takes it does.
            var takesToken = choice.TakesToken || choice.Resilience.TimeoutMs > 0;
            var statements = new List<string>();
            if (takesToken)
            {
                statements.Add("cancellationToken.ThrowIfCancellationRequested();");
            }

            if (copies)
            {
                var bang = _slotMayBeNull && !_outputMayBeNull && _category != TypeCategory.Value ? "!" : "";
                statements.Add($"context.{_output} = context.{_slot}{bang};");
            }

            string returnType;
            if (!awaits)
            {
                returnType = resultType ?? "void";
                if (value is not null)
                {
                    statements.Add($"return {value};");
                }
            }
            else
            {
                var task = choice.Await == AwaitKind.Task ? "Task" : "ValueTask";
                returnType = (yields ? "async " : "") + task + (resultType is null ? "" : $"<{resultType}>");
                if (yields)
                {
                    statements.Add("await Task.Yield();");
                    if (value is not null)
                    {
                        statements.Add($"return {value};");
                    }
                }
                else
                {
                    statements.Add((choice.Await, value) switch
                    {
                        (AwaitKind.Task, null) => "return Task.CompletedTask;",
                        (AwaitKind.Task, _) => $"return Task.FromResult({value});",
                        (_, null) => "return default;",
                        _ => $"return new ValueTask<{resultType}>({value});",
                    });
                }
            }

            var id = choice.HasId ? $"(Id = {SymbolDisplay.FormatLiteral($"{index}: \"step\" ü\\{baseName}", quote: true)})" : "";
            var parameters = $"{(inParameter ? "in " : "")}{parameterType} context{(takesToken ? ", CancellationToken cancellationToken" : "")}";
            _declarations[scope].AppendLine($$"""
                [Node{{id}}]{{string.Concat(resilience.Select(a => $"\n[{a}]"))}}
                {{Keyword(access)}} partial class {{Id(baseName)}}{{(typeParameter is null ? "" : $"<{typeParameter}>")}}{{constraint}}
                {
                    {{Keyword(methodAccess)}} {{returnType}} {{(awaits ? "ProcessAsync" : "Process")}}({{parameters}})
                    {
                        {{string.Join("\n        ", statements)}}
                    }
                }
                """);
            _annotatedTypes++;
            var closedArguments = overContextParameter ? Arguments(_closingArgument) : passThrough ? $"<{context}>" : "";
            nodes.Add((QualifiedAt(scope, baseName) + closedArguments, result));
        }

        return nodes;
    }

    /// <summary>Writes the workflows; returns the statements that run the batch and declare its <c>results</c>.</summary>
    private string WriteWorkflows(List<(string Type, ResultKind Result)> nodes)
    {
        var context = Qualified(_contextName) + Arguments(_closingArgument);
        var workflow = _program.Workflow;
        var kind = workflow.Kind == WorkflowKind.Nested && nodes.Count < 2 ? WorkflowKind.Linear : workflow.Kind;
        string RunOver(string itemWorkflow) =>
            $"var results = {context}.CreateBatchFlow(new {itemWorkflow}()).RunAsync(context).GetAwaiter().GetResult().Results;";
        if (kind == WorkflowKind.None)
        {
            return RunOver(nodes[0].Type);
        }

        // A workflow must name its context, steps and action enum: where it cannot, it moves into the context.
        var needs = _contextDomain;
        for (var index = 0; index < nodes.Count; index++)
        {
            needs &= _nodeDomains[index];
        }

        if (nodes.Any(n => n.Result == ResultKind.Enum))
        {
            needs &= _helpers["Verdict"].Domain;
        }

        // Left out: a [BatchStep] workflow outside the context when the item type is not visible across the assembly. The
        // context's factories can then only be private, and the generated executor calls CreateBatchNode from outside
        // (CS0122); whether that is an FLX error or a factory the workflow can reach is a design decision still open.
        if (kind == WorkflowKind.Batch && (TypeDomain(_item) & Viewers.SameAssembly) == 0)
        {
            needs &= Viewers.InContext;
        }

        var scope = ScopeOf(workflow.Placement);
        if ((needs & ViewerAt(scope)) == 0)
        {
            scope = Scope.Context;
        }

        var access = Keyword(Legal(scope, workflow.Access));
        var baseName = Name(_program.Context.Names, "Flow", "switch", "Flüss");
        var verdict = Qualified("Verdict");

        string Declare(string name, string id, List<string> graph)
        {
            var arguments = new List<string> { $"typeof({context})" };
            if (workflow.HasId)
            {
                arguments.Add($"Id = {SymbolDisplay.FormatLiteral(id, quote: true)}");
            }

            if (workflow.MaxSteps)
            {
                arguments.Add("MaxSteps = 16");
            }

            _declarations[scope].AppendLine($"[Workflow({string.Join(", ", arguments)})]");
            foreach (var line in graph)
            {
                _declarations[scope].AppendLine(line);
            }

            _declarations[scope].AppendLine($"{access} partial class {Id(name)} {{ }}");
            _annotatedTypes++;
            return QualifiedAt(scope, name);
        }

        // Every action a step can return is routed or ends the run, so no FLX0106 warning.
        List<string> Chain(List<(string Type, ResultKind Result)> steps, string? then)
        {
            var graph = new List<string> { $"[Start(typeof({steps[0].Type}))]" };
            var endsOnDone = false;
            for (var index = 0; index < steps.Count; index++)
            {
                var (from, result) = steps[index];
                var to = index + 1 < steps.Count ? steps[index + 1].Type : then;
                if (to is not null)
                {
                    var next = workflow.ActionAlias ? "Continue" : "Next";
                    graph.Add(workflow.Link == LinkStyle.Fallback ? $"[Fallback(typeof({from}), typeof({to}))]"
                        : result == ResultKind.Enum ? $"[Route(typeof({from}), {verdict}.{next}, typeof({to}))]"
                        : $"[Route(typeof({from}), typeof({to}))]");
                }
                else if (result == ResultKind.Enum)
                {
                    graph.Add($"[EndOn(typeof({from}), {verdict}.Next)]");
                }

                if (result == ResultKind.Enum)
                {
                    if (!workflow.GlobalEndOn)
                    {
                        graph.Add($"[EndOn(typeof({from}), {verdict}.Done)]");
                    }
                    else if (!endsOnDone)
                    {
                        graph.Add($"[EndOn({verdict}.Done)]");
                        endsOnDone = true;
                    }
                }
            }

            return graph;
        }

        switch (kind)
        {
            case WorkflowKind.Linear:
                return RunOver(Declare(baseName, "flow \"main\"", Chain(nodes, null)));
            case WorkflowKind.Nested:
                var inner = Declare(baseName + "Inner", "inner", Chain(nodes.Skip(1).ToList(), null));
                var outer = Chain(nodes.Take(1).ToList(), inner);

                // A nested workflow returns the action that ended it, which the outer one routes like any other: one left
                // unrouted is FLX0106 (the inner step has no routes in the outer one, so its Default ends the run, and
                // Stop always does; its enum ends need these).
                if (nodes.Skip(1).Any(n => n.Result == ResultKind.Enum))
                {
                    outer.AddRange(new[] { $"[EndOn({verdict}.Next)]", $"[EndOn({verdict}.Done)]" }.Except(outer));
                }

                return RunOver(Declare(baseName, "flow \"main\"", outer));
            default:
                // Through the interface: the generated RunAsync is less than public when the context is.
                var item = Declare(baseName, "flow \"main\"", Chain(nodes, null));
                var grace = GracePeriodMs(workflow.StepGracePeriod) is { } ms ? ", CancellationGracePeriodMs = " + ms : "";
                var batch = Declare(baseName + "Batch", "batch", [$"[Start(typeof({item}))]", $"[BatchStep(typeof({item}), Id = \"per item\"{grace})]"]);
                return $"INode<{context}> batch = new {batch}(); batch.RunAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult(); var results = context.LastBatch!;";
        }
    }

    /// <summary>
    /// The <c>[Timeout]</c>, <c>[RateLimit]</c> and <c>[Retry]</c> a context or node declares, without brackets, in that order:
    /// a bare <c>[Retry]</c> on a context then ends its list unless an <c>[AdaptiveConcurrency]</c> follows, which the
    /// coverage check of <see cref="ValidProgramTests"/> counts on.
    /// </summary>
    private List<string> ResilienceAttributes(ResilienceChoice choice)
    {
        var attributes = new List<string>();
        if (choice.TimeoutMs > 0)
        {
            attributes.Add($"Timeout(Ms = {choice.TimeoutMs})");
        }

        if (choice.PermitsPerSecond > 0)
        {
            attributes.Add($"RateLimit(PermitsPerSecond = {choice.PermitsPerSecond})");
        }

        var retry = choice.Retry;
        var settings = new List<string>();
        if (retry.Form == AttributeForm.WithSettings)
        {
            if (retry.MaxAttempts is { } attempts)
            {
                settings.Add($"MaxAttempts = {attempts}");
            }

            if (retry.DelayMs is { } delay)
            {
                settings.Add($"DelayMs = {delay}");
            }

            if (retry.Backoff is { } backoff)
            {
                settings.Add($"Backoff = RetryBackoff.{backoff}");
            }

            if (retry.Jitter is { } jitter)
            {
                settings.Add($"Jitter = {(jitter ? "true" : "false")}");
            }

            if (retry.On != RetryOn.Any)
            {
                var types = new List<string>();
                if (retry.On is RetryOn.Declared or RetryOn.Both)
                {
                    DeclareHelper(FailureType, retry.OnType, access => $"{access} sealed class {FailureType} : Exception {{ }}");
                    types.Add(Qualified(FailureType));
                }

                if (retry.On is RetryOn.Framework or RetryOn.Both)
                {
                    types.Add("global::Polly.Timeout.TimeoutRejectedException");
                }

                settings.Add($"On = new[] {{ {string.Join(", ", types.Select(t => $"typeof({t})"))} }}");
            }
        }

        if (retry.Form != AttributeForm.None)
        {
            attributes.Add(settings.Count == 0 ? "Retry" : $"Retry({string.Join(", ", settings)})");
        }

        return attributes;
    }

    /// <summary>The context's <c>[AdaptiveConcurrency]</c>, without brackets; a reader it names is declared in <paramref name="body"/>.</summary>
    private static string AdaptiveAttribute(AdaptiveSettings adaptive, StringBuilder body)
    {
        // Settings that never change a run's outcome: a threshold no attempt reaches, readers that find no signal.
        var settings = new List<string>();
        if (adaptive.HasFlag(AdaptiveSettings.InitialLevel))
        {
            settings.Add("InitialLevel = 2");
        }

        if (adaptive.HasFlag(AdaptiveSettings.MinimumLevel))
        {
            settings.Add("MinimumLevel = 1");
        }

        if (adaptive.HasFlag(AdaptiveSettings.DecreaseFactor))
        {
            settings.Add("DecreaseFactor = 0.5");
        }

        if (adaptive.HasFlag(AdaptiveSettings.LatencyThreshold))
        {
            settings.Add("LatencyThresholdMs = 30000");
        }

        if (adaptive.HasFlag(AdaptiveSettings.NoBuiltInSignals))
        {
            settings.Add("UseBuiltInSignals = false");
        }

        if (adaptive.HasFlag(AdaptiveSettings.IsThrottled))
        {
            body.AppendLine("private static bool IsBusy(Exception error) => error is TimeoutException;");
            settings.Add("IsThrottled = nameof(IsBusy)");
        }

        if (adaptive.HasFlag(AdaptiveSettings.RetryAfter))
        {
            settings.Add("RetryAfter = nameof(ThrottlingSignals.RetryAfterOf)");
        }

        return settings.Count == 0 ? "AdaptiveConcurrency" : $"AdaptiveConcurrency({string.Join(", ", settings)})";
    }

    /// <summary>A <c>CancellationGracePeriodMs</c> as the attribute spells it; null when not written.</summary>
    private static string? GracePeriodMs(GracePeriod period) => period switch
    {
        GracePeriod.Zero => "0",
        GracePeriod.Positive => "20000",
        GracePeriod.Unbounded => "-1",
        _ => null,
    };

    /// <summary>A context and a node whose names differ from the first ones' in case alone (Roslyn compares hint names ignoring case).</summary>
    private void WriteTwins()
    {
        if (!_program.Context.CaseTwin)
        {
            return;
        }

        var access = Keyword(Legal(_besideContext, _program.Context.Access));
        var twin = Name(_program.Context.Names, "batch", "Class", "ÜNÏTS");
        var node = Name(_program.Context.Names, "COPY", "Checked", "KOPÏE");
        _declarations[_besideContext].AppendLine($$"""
            [BatchContext]
            {{access}} partial class {{Id(twin)}}{{(_typeParameter is null ? "" : "<T>")}}{{Constraint(_program.Context.Generic, "T")}}
            {
                [BatchItems] public int[] Items { get; set; } = [];
                [BatchItem] public int Item { get; set; }
            }

            [Node]
            {{access}} partial class {{Id(node)}}
            {
                private void Process({{Qualified(twin)}}{{Arguments(_closingArgument)}} context) { }
            }
            """);
        _annotatedTypes += 2;
    }

    private string WriteRunner(string run)
    {
        var context = Qualified(_contextName) + Arguments(_closingArgument);
        var arguments = _constructorArguments.Count > 0 || _initializers.Count == 0 ? $"({string.Join(", ", _constructorArguments)})" : "";
        var initializers = _initializers.Count == 0 ? "" : $" {{ {string.Join(", ", _initializers)} }}";
        var expectedCount = _closedValues.Count;
        var expected = string.Join(", ", _closedValues.Select(v => $"(object?)({v})"));
        var outputsCheck = "";
        if (_outputs is not null)
        {
            var order = _outputsAreSet ? ".Select(o => o?.ToString()).Order(StringComparer.Ordinal)" : "";
            outputsCheck = $$"""
                        var outputs = string.Join("|", context.{{_outputs}}!.Cast<object?>(){{order}});
                        var expected = string.Join("|", new object?[] { {{expected}} }{{order}});
                        if (outputs != expected)
                        {
                            return $"outputs {outputs}, expected {expected}";
                        }
                """;
        }

        var stream = _program.Items.Shape == ItemsShape.AsyncEnumerable
            ? $$"""
                private static async IAsyncEnumerable<{{_itemClosed}}> FloxideStream(params {{_itemClosed}}[] items)
                {
                    foreach (var item in items)
                    {
                        await Task.Yield();
                        yield return item;
                    }
                }
                """
            : "";
        // A streaming context also collects the failures through its merge hook (calls never overlap), so the hook is exercised.
        var failures = "results.Failures.Select(f => f.Exception)";
        var merged = "";
        if (_program.Context.StreamResults)
        {
            var self = Id(_contextName) + (_typeParameter is null ? "" : $"<{_typeParameter}>");
            var item = _itemKind == ItemKind.Dynamic ? "object" : _item;
            failures = context + ".FloxideFailures";
            merged = $$"""
                private static readonly List<Exception> FloxideFailures = new();

                partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<{{self}}, {{item}}>> results)
                {
                    foreach (var result in results)
                    {
                        if (result.Exception is { } exception)
                        {
                            FloxideFailures.Add(exception);
                        }
                    }
                }
                """;
        }

        // What the context declares reaches the options every batch over it runs with: a [Retry] or [Timeout] is a pipeline.
        var declared = _program.Context;
        string Literal(bool value) => value ? "true" : "false";
        var pipeline = Literal(declared.Resilience.Retry.Form != AttributeForm.None || declared.Resilience.TimeoutMs > 0);
        var limiter = Literal(declared.Resilience.PermitsPerSecond > 0);
        var adaptive = Literal(declared.Adaptive.Form != AttributeForm.None);
        var grace = declared.GracePeriod switch
        {
            GracePeriod.Positive => "TimeSpan.FromMilliseconds(" + GracePeriodMs(GracePeriod.Positive) + ")",
            GracePeriod.Unbounded => "global::System.Threading.Timeout.InfiniteTimeSpan",
            _ => "TimeSpan.Zero",
        };
        var keyword = IsRecord ? "record" : "class";
        var body = $$"""
            partial {{keyword}} {{Id(_contextName)}}{{(_typeParameter is null ? "" : $"<{_typeParameter}>")}}
            {
                internal static string RunFloxideProgram()
                {
                    try
                    {
                        var options = {{context}}.DefaultBatchOptions;
                        if ((options.ResiliencePipeline is not null) != {{pipeline}} || (options.RateLimiter is not null) != {{limiter}} ||
                            (options.AdaptiveConcurrency is not null) != {{adaptive}} || options.CancellationGracePeriod != {{grace}})
                        {
                            return $"DefaultBatchOptions: pipeline {options.ResiliencePipeline}, limiter {options.RateLimiter}, adaptive {options.AdaptiveConcurrency}, grace period {options.CancellationGracePeriod}";
                        }

                        var context = new {{context}}{{arguments}}{{initializers}};
                        {{run}}
                        if (results.Failed != 0 || results.Succeeded != {{expectedCount}})
                        {
                            return $"{results.Succeeded} succeeded, {results.Failed} failed, expected {{expectedCount}}: " + string.Join("\n", {{failures}});
                        }

                {{outputsCheck}}
                        return "";
                    }
                    catch (Exception exception)
                    {
                        return "the run threw " + exception;
                    }
                }

            {{stream}}
            {{merged}}
            }

            """;

        var runner = new StringBuilder("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Floxide;

            """);
        WriteNested(runner, "", body, reopen: true);
        return runner.ToString();
    }

    /// <summary>
    /// Whether a positional record parameter can have this type: its property and the primary constructor are public,
    /// and the parameter list cannot see the record's nested types (CS0246).
    /// </summary>
    private bool CanBePositional(string type) =>
        _program.Context.Kind == ContextKind.PositionalRecord &&
        (_contextDomain & ~TypeDomain(type)) == 0 &&
        !_helpers.Any(h => h.Value.Scope == Scope.Context && type.Contains(h.Key, StringComparison.Ordinal));

    private bool IsRecord => _program.Context.Kind is ContextKind.Record or ContextKind.SealedRecord or ContextKind.PositionalRecord;

    /// <summary>Declares a helper type once, where its choice puts it, at an accessibility legal there.</summary>
    private void DeclareHelper(string name, HelperChoice choice, Func<string, string> declaration)
    {
        if (_helpers.ContainsKey(name))
        {
            return;
        }

        var scope = ScopeOf(choice.Placement);
        var access = Legal(scope, choice.Access);
        _helpers[name] = (scope, TypeDomainOf(scope, access));
        _declarations[scope].AppendLine(declaration(Keyword(access)));
    }

    private Scope ScopeOf(Placement placement) => placement switch
    {
        Placement.Context => Scope.Context,
        Placement.Namespace => Scope.Namespace,
        _ => _besideContext,
    };

    /// <summary>The accessibility nearest <paramref name="access"/> that C# allows for a type declared in <paramref name="scope"/>.</summary>
    private Access Legal(Scope scope, Access access)
    {
        switch (scope)
        {
            case Scope.Namespace:
                return access == Access.Public ? Access.Public : Access.Internal;
            case Scope.Context:
                return PlainAccess(access);
            default:
                // Only a class can have protected members: not a struct, an interface or a static class.
                var container = _containers[^1].Kind;
                return container is ContainerKind.Class or ContainerKind.Record or ContainerKind.GenericClass ? access : PlainAccess(access);
        }
    }

    /// <summary>Public, internal or private: what every member of the context may be.</summary>
    private static Access PlainAccess(Access access) => access switch
    {
        Access.Public => Access.Public,
        Access.Internal or Access.ProtectedInternal => Access.Internal,
        _ => Access.Private,
    };

    /// <summary>
    /// The widest accessibility, no wider than <paramref name="access"/>, that a member of the context may have
    /// when <paramref name="typeDomain"/> is where its type can be seen.
    /// </summary>
    private Access Narrow(Access access, Viewers typeDomain) =>
        new[] { PlainAccess(access), Access.Internal, Access.Private }
            .First(a => a >= PlainAccess(access) && (_contextDomain & MemberSet(a) & ~typeDomain) == 0);

    /// <summary>Where a type the context spells as <paramref name="type"/> can be seen.</summary>
    private Viewers TypeDomain(string type)
    {
        var domain = Viewers.All;
        foreach (var (name, helper) in _helpers)
        {
            if (type.Contains(name, StringComparison.Ordinal))
            {
                domain &= helper.Domain;
            }
        }

        return domain;
    }

    private Viewers DomainOf(Scope scope, Access access) => ScopeDomain(scope) & AccessSet(scope, access);

    /// <summary>
    /// Where a type declared in <paramref name="scope"/> counts as seen when C# checks a signature that mentions it: a
    /// protected type as private to its container. The compiler checks protected accessibility one declaring level at a
    /// time, more strictly than viewers do (a private protected type in an internal method of a protected type is CS0051).
    /// </summary>
    private Viewers TypeDomainOf(Scope scope, Access access) =>
        (scope == Scope.Context ? _contextTypeDomain : ScopeDomain(scope)) & AccessSet(scope, PlainAccess(access));

    private static Viewers AccessSet(Scope scope, Access access) => scope switch
    {
        Scope.Namespace => access == Access.Public ? Viewers.All : Viewers.Internal,
        Scope.Context => MemberSet(access),
        _ => access switch
        {
            Access.Public => Viewers.All,
            Access.Internal => Viewers.Internal,
            Access.Private => Viewers.InContainer | Viewers.InContext,
            Access.Protected => Viewers.OtherAssemblyDerived | Viewers.SameAssemblyDerived | Viewers.InContainer | Viewers.InContext,
            Access.ProtectedInternal => Viewers.Internal | Viewers.OtherAssemblyDerived,
            _ => Viewers.SameAssemblyDerived | Viewers.InContainer | Viewers.InContext,
        },
    };

    private Viewers ScopeDomain(Scope scope) => scope switch
    {
        Scope.Namespace => Viewers.All,
        Scope.Container => _program.Where.InternalContainer ? Viewers.Internal : Viewers.All,
        _ => _contextDomain,
    };

    /// <summary>Where a member of the context with <paramref name="access"/> can be seen, before the context's own accessibility.</summary>
    private static Viewers MemberSet(Access access) => access switch
    {
        Access.Public => Viewers.All,
        Access.Internal => Viewers.Internal,
        _ => Viewers.InContext,
    };

    /// <summary>Where a node's process method can be seen, within the node; private is the node alone.</summary>
    private static Viewers MethodSet(Access access) => access switch
    {
        Access.Public => Viewers.All,
        Access.Internal => Viewers.Internal,
        _ => Viewers.None,
    };

    private static Viewers ViewerAt(Scope scope) => scope switch
    {
        Scope.Namespace => Viewers.SameAssembly,
        Scope.Container => Viewers.InContainer,
        _ => Viewers.InContext,
    };

    /// <summary>A type declared in <paramref name="scope"/>, fully qualified and closed.</summary>
    private string QualifiedAt(Scope scope, string name)
    {
        var path = new StringBuilder("global::");
        if (_namespace.Length > 0)
        {
            path.Append(_namespace).Append('.');
        }

        if (scope != Scope.Namespace)
        {
            foreach (var (_, container, typeParameter) in _containers)
            {
                path.Append(container).Append(typeParameter is null ? "" : "<int>").Append('.');
            }
        }

        if (scope == Scope.Context)
        {
            path.Append(Id(_contextName)).Append(Arguments(_closingArgument)).Append('.');
        }

        return path.Append(Id(name)).ToString();
    }

    /// <summary>A helper type or the context, fully qualified and closed.</summary>
    private string Qualified(string name) =>
        _helpers.TryGetValue(name, out var helper) ? QualifiedAt(helper.Scope, name) : QualifiedAt(_besideContext, name);

    private string Arguments(string closing) => closing.Length == 0 ? "" : $"<{closing}>";

    private static string Member(string role, Access access, string type, string name, MemberForm form, string? initializer)
    {
        var assigned = initializer is null ? "" : $" = {initializer}";
        return form switch
        {
            MemberForm.InitProperty => $"[{role}] {Keyword(access)} {type} {name} {{ get; init; }}{(assigned.Length > 0 ? assigned + ";" : "")}",
            MemberForm.GetOnlyProperty => $"[{role}] {Keyword(access)} {type} {name} {{ get; }}{(assigned.Length > 0 ? assigned + ";" : "")}",
            MemberForm.Field => $"[{role}] {Keyword(access)} {type} {name}{assigned};",
            MemberForm.ReadOnlyField => $"[{role}] {Keyword(access)} readonly {type} {name}{assigned};",
            _ => $"[{role}] {Keyword(access)} {type} {name} {{ get; set; }}{(assigned.Length > 0 ? assigned + ";" : "")}",
        };
    }

    /// <summary>Whether a member of this item-derived type needs <c>= default!</c> to satisfy nullable analysis.</summary>
    private bool NeedsDefault(string type) => !type.EndsWith('?') && _category != TypeCategory.Value;

    private static string Keyword(Access access) => access switch
    {
        Access.Public => "public",
        Access.Internal => "internal",
        Access.Private => "private",
        Access.Protected => "protected",
        Access.ProtectedInternal => "protected internal",
        _ => "private protected",
    };

    private static string Name(TypeNames names, string plain, string keyword, string unicode) => names switch
    {
        TypeNames.Keyword => keyword,
        TypeNames.Unicode => unicode,
        _ => plain,
    };

    /// <summary>An identifier as code: keywords escaped with '@'.</summary>
    private static string Id(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string ClosingArgument(GenericKind kind) => kind switch
    {
        GenericKind.Class => "string",
        GenericKind.New => "object",
        _ => "int",
    };

    private static string Constraint(GenericKind kind, string parameter) => kind switch
    {
        GenericKind.Class => $" where {parameter} : class",
        GenericKind.Struct => $" where {parameter} : struct",
        GenericKind.New => $" where {parameter} : new()",
        GenericKind.NotNull => $" where {parameter} : notnull",
        _ => "",
    };
}
