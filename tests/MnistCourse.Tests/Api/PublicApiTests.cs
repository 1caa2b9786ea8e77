using System.Reflection;
using System.Text;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Api;

/// <summary>
/// The library's public API, one line per public type and member, is checked in as lib/MnistCourse/PublicApi.txt, so
/// that every change to what a learner sees shows up in review. The test fails when the surface and the file differ;
/// it then writes the new listing to artifacts/PublicApi.received.txt. Accept a change on purpose with
/// MNISTCOURSE_ACCEPT_API=1 dotnet test --filter PublicApi (it rewrites the file).
/// </summary>
public class PublicApiTests
{
    static string Checked => Path.Combine(CliRunner.RepoRoot, "lib", "MnistCourse", "PublicApi.txt");

    [Fact]
    public void The_public_API_is_the_checked_in_listing()
    {
        string actual = Listing(typeof(MnistCourse.Training.Trainer).Assembly);
        if (Environment.GetEnvironmentVariable("MNISTCOURSE_ACCEPT_API") == "1") File.WriteAllText(Checked, actual);
        string expected = File.Exists(Checked) ? File.ReadAllText(Checked) : "";
        if (expected == actual) return;
        string received = Path.Combine(CliRunner.RepoRoot, "artifacts", "PublicApi.received.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        File.WriteAllText(received, actual);
        var old = expected.Split('\n').ToHashSet();
        var now = actual.Split('\n').ToHashSet();
        Assert.Fail($"The public API changed (new listing in {received}; accept it with MNISTCOURSE_ACCEPT_API=1 dotnet test --filter PublicApi):\n" +
            string.Join("\n", now.Except(old).Select(l => "+ " + l).Concat(old.Except(now).Select(l => "- " + l)).Take(60)));
    }

    [Fact]
    public void The_plumbing_stays_internal()
    {
        var exported = typeof(MnistCourse.Training.Trainer).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();
        foreach (string name in new[] { "Crc32C", "ElfVersionNeeds", "TensorBoardEventReader", "TensorBoardEventWriter", "PatchedLibraryCache",
                     "AtomicFile", "RngState", "IdxFile", "Checksums", "StopPoint" })
            Assert.DoesNotContain(name, exported);
    }

    internal static string Listing(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(Name(type, full: true));
            // The base class and the interfaces a reader needs to know (MnistCourse's own, IDisposable, IEnumerable<T>), not the ones every enum, delegate or exception has.
            var bases = new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && b != typeof(MulticastDelegate))
                .Concat(type.GetInterfaces().Where(i => i.Namespace?.StartsWith("MnistCourse", StringComparison.Ordinal) == true || i == typeof(IDisposable)
                    || i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
                .Select(b => Name(b!, full: false)).ToList();
            if (bases.Count > 0) text.Append(" : ").Append(string.Join(", ", bases));
            text.Append('\n');
            foreach (string member in Members(type).Order(StringComparer.Ordinal)) text.Append("  ").Append(member).Append('\n');
        }
        return text.ToString();
    }

    static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static)) yield return field.Name;
            yield break;
        }
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            yield return $"{Name(invoke.ReturnType, false)} ({Parameters(invoke)})";
            yield break;
        }
        foreach (var c in type.GetConstructors(flags)) yield return $"new({Parameters(c)})";
        foreach (var p in type.GetProperties(flags))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            string access = (p.GetMethod?.IsPublic == true ? "get; " : "") + (p.SetMethod?.IsPublic == true ? (IsInit(p.SetMethod) ? "init; " : "set; ") : "");
            yield return $"{Static(p.GetMethod ?? p.SetMethod!)}{Name(p.PropertyType, false)} {p.Name} {{ {access}}}";
        }
        foreach (var f in type.GetFields(flags))
            yield return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType, false)} {f.Name}";
        foreach (var e in type.GetEvents(flags)) yield return $"event {Name(e.EventHandlerType!, false)} {e.Name}";
        foreach (var m in type.GetMethods(flags))
        {
            if (m.IsSpecialName && !m.Name.StartsWith("op_", StringComparison.Ordinal)) continue;
            // The compiler's members of records (Equals, GetHashCode, <Clone>$, PrintMembers, Deconstruct ...) say nothing a reader wrote.
            if (m.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers" or "<Clone>$" or "op_Equality" or "op_Inequality"
                && IsRecord(type)) continue;
            string generic = m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
            yield return $"{Static(m)}{Name(m.ReturnType, false)} {m.Name}{generic}({Parameters(m)})";
        }
    }

    static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null
        || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null
        || type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    static bool IsInit(MethodInfo setter) => setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");

    static string Static(MethodBase m) => m.IsStatic ? "static " : "";

    static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "") +
        $"{Name(p.ParameterType, false)} {p.Name}" + (p.HasDefaultValue ? $" = {Default(p.DefaultValue)}" : "")));

    static string Default(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Kind(Type type) =>
        type.IsEnum ? "enum" : type.IsInterface ? "interface" : typeof(Delegate).IsAssignableFrom(type) ? "delegate" :
        type.IsValueType ? (IsRecord(type) ? "record struct" : "struct") :
        (type.IsAbstract && type.IsSealed ? "static class" : IsRecord(type) ? (type.IsSealed ? "sealed record" : "record") : type.IsSealed ? "sealed class" : type.IsAbstract ? "abstract class" : "class");

    static string Name(Type type, bool full)
    {
        if (type.IsByRef) return Name(type.GetElementType()!, full);
        if (Nullable.GetUnderlyingType(type) is { } inner) return Name(inner, full) + "?";
        if (type.IsArray) return Name(type.GetElementType()!, full) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsGenericParameter) return type.Name;
        string name = type.Name.Split('`')[0];
        if (type.IsNested) name = Name(type.DeclaringType!, full) + "." + name;
        else if (full) name = type.Namespace + "." + name;
        name = Keyword(type) ?? name;
        if (type.IsGenericType) name += "<" + string.Join(", ", type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0).Select(a => Name(a, false))) + ">";
        return name;
    }

    static string? Keyword(Type t) =>
        t == typeof(void) ? "void" : t == typeof(int) ? "int" : t == typeof(long) ? "long" : t == typeof(float) ? "float" : t == typeof(double) ? "double" :
        t == typeof(bool) ? "bool" : t == typeof(string) ? "string" : t == typeof(object) ? "object" : t == typeof(byte) ? "byte" : null;
}
