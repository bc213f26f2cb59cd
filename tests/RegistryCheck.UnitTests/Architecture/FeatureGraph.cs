using Mono.Cecil;

namespace RegistryCheck.UnitTests.Architecture;

/// <summary>One type of an area using a type of another area, as the compiled assembly says.</summary>
internal sealed record AreaReference(string FromArea, string FromType, string ToArea, string ToType)
{
    public override string ToString() => $"{FromArea} → {ToArea}: {FromType} uses {ToType}";
}

/// <summary>
/// Reads a compiled assembly, not its source: every type (nested and compiler-generated ones count for the type that
/// holds them), its signatures, attributes and the types its method bodies touch, and the compiled Razor views
/// (placed by the path in their <c>RazorCompiledItem</c> attribute). So a relative name (<c>Students.ReportRules</c>),
/// a fully qualified one in a view or a lambda's closure are all seen, which a grep of <c>using</c> lines misses.
/// Areas: <c>Features.X</c> (namespace <c>{root}.Features.X…</c> or a view under <c>/Features/X/</c>; views directly
/// under /Features/ count as Features.Shared) and <c>Infrastructure</c>. Everything else (Program, the root
/// namespace, other assemblies) has no area and is neither checked nor a target.
/// </summary>
internal static class FeatureGraph
{
    public const string Shared = "Features.Shared";
    public const string Infrastructure = "Infrastructure";

    public static IReadOnlyList<AreaReference> Read(string assemblyPath, string rootNamespace)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var views = ViewPaths(assembly);
        var found = new HashSet<AreaReference>();
        foreach (var type in assembly.MainModule.Types)
        {
            var from = AreaOf(type, rootNamespace, views);
            if (from is null)
            {
                continue;
            }

            foreach (var used in TypesUsedBy(type))
            {
                var to = AreaOf(used, rootNamespace, views);
                if (to is not null && to != from)
                {
                    found.Add(new AreaReference(from, type.FullName, to, Outermost(used).FullName));
                }
            }
        }

        return found.OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>The rule of docs/architecture.md: a feature uses only itself, Features.Shared and Infrastructure;
    /// Features.Shared uses no feature; Infrastructure uses no feature at all.</summary>
    public static bool IsAllowed(AreaReference r) => r.FromArea switch
    {
        Infrastructure => r.ToArea == Infrastructure,
        Shared => r.ToArea == Infrastructure,
        _ => r.ToArea is Shared or Infrastructure,
    };

    private static Dictionary<string, string> ViewPaths(AssemblyDefinition assembly) =>
        assembly.CustomAttributes
            .Where(a => a.AttributeType.Name == "RazorCompiledItemAttribute" && a.ConstructorArguments.Count == 3)
            .ToDictionary(a => ((TypeReference)a.ConstructorArguments[0].Value).FullName, a => (string)a.ConstructorArguments[2].Value,
                StringComparer.Ordinal);

    private static string? AreaOf(TypeReference type, string root, Dictionary<string, string> views)
    {
        var outer = Outermost(type);
        if (views.TryGetValue(outer.FullName, out var path))
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length < 2 || parts[0] != "Features" ? null : parts.Length == 2 ? Shared : "Features." + parts[1];
        }

        var ns = outer.Namespace;
        if (ns == root + ".Infrastructure" || ns.StartsWith(root + ".Infrastructure.", StringComparison.Ordinal))
        {
            return Infrastructure;
        }

        var features = root + ".Features.";
        return ns.StartsWith(features, StringComparison.Ordinal) ? "Features." + ns[features.Length..].Split('.')[0] : null;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeReference> TypesUsedBy(TypeDefinition type)
    {
        var refs = new List<TypeReference>();
        Collect(type, refs);
        return refs.SelectMany(Expand);
    }

    private static void Collect(TypeDefinition type, List<TypeReference> refs)
    {
        if (type.BaseType is not null)
        {
            refs.Add(type.BaseType);
        }

        refs.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        refs.AddRange(type.GenericParameters.SelectMany(g => g.Constraints).Select(c => c.ConstraintType));
        Attributes(type, refs);
        foreach (var field in type.Fields)
        {
            refs.Add(field.FieldType);
            Attributes(field, refs);
        }

        foreach (var property in type.Properties)
        {
            refs.Add(property.PropertyType);
            Attributes(property, refs);
        }

        foreach (var method in type.Methods)
        {
            Method(method, refs);
        }

        foreach (var nested in type.NestedTypes)
        {
            Collect(nested, refs);
        }
    }

    private static void Method(MethodDefinition method, List<TypeReference> refs)
    {
        Signature(method, refs);
        Attributes(method, refs);
        foreach (var p in method.Parameters)
        {
            Attributes(p, refs);
        }

        if (!method.HasBody)
        {
            return;
        }

        refs.AddRange(method.Body.Variables.Select(v => v.VariableType));
        refs.AddRange(method.Body.ExceptionHandlers.Where(h => h.CatchType is not null).Select(h => h.CatchType));
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    refs.Add(t);
                    break;
                case MethodReference m:
                    Signature(m, refs);
                    break;
                case FieldReference f:
                    refs.Add(f.DeclaringType);
                    refs.Add(f.FieldType);
                    break;
            }
        }
    }

    private static void Signature(MethodReference method, List<TypeReference> refs)
    {
        refs.Add(method.DeclaringType);
        refs.Add(method.ReturnType);
        refs.AddRange(method.Parameters.Select(p => p.ParameterType));
        if (method is GenericInstanceMethod generic)
        {
            refs.AddRange(generic.GenericArguments);
        }
    }

    private static void Attributes(ICustomAttributeProvider provider, List<TypeReference> refs)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            refs.Add(attribute.AttributeType);
            refs.AddRange(attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument))
                .Select(a => a.Value).OfType<TypeReference>());
        }
    }

    /// <summary>A generic instance, array or by-ref type uses its element type and its type arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                return Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand));
            case TypeSpecification spec:
                return Expand(spec.ElementType);
            case GenericParameter:
                return [];
            default:
                return [type];
        }
    }
}
