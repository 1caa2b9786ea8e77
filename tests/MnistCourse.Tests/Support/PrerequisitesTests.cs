using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace MnistCourse.Tests.Support;

public class PrerequisitesTests
{
    static readonly Prerequisite Missing = new("a test tool", "/nonexistent/tool", "run `apt-get install tool`", () => false);
    static readonly Prerequisite Present = new("a shell", "/bin/sh", "nothing to do", () => true);

    [Fact]
    public void A_missing_prerequisite_skips_with_what_is_missing_and_how_to_install_it()
    {
        var skip = Assert.Throws<SkipException>(() => Prerequisites.Require(ci: false, Present, Missing));
        Assert.Equal("a test tool (/nonexistent/tool) is missing: run `apt-get install tool`", skip.Message);
    }

    [Fact]
    public void Under_CI_a_missing_prerequisite_fails_instead()
    {
        var failure = Assert.Throws<Xunit.Sdk.FailException>(() => Prerequisites.Require(ci: true, Missing));
        Assert.StartsWith("a test tool (/nonexistent/tool) is missing: run `apt-get install tool`", failure.Message);
    }

    [Fact]
    public void Present_prerequisites_let_the_test_run()
    {
        Prerequisites.Require(ci: true, Present);
        Prerequisites.Require(ci: false);
    }

    [Fact]
    public void The_TorchSharp_version_is_the_one_the_test_assembly_was_built_against()
    {
        string built = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        Assert.Equal(built, Prerequisites.TorchSharpVersion);
        Assert.True(File.Exists(NuGetCache.ShippedLibTorchSharp) || !OperatingSystem.IsLinux(), $"{NuGetCache.ShippedLibTorchSharp} is missing: run `dotnet restore`");
    }
}

/// <summary>
/// A plain [Fact] cannot be skipped: Require's skip would show as a failure on a developer's machine. So every test
/// that reaches Prerequisites.Require, directly or through helpers in this assembly, must be a Skippable one.
/// </summary>
public class PrerequisitesUseTests
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Methods of this assembly (and Require) that <paramref name="method"/>'s IL calls, loads or constructs.</summary>
    static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            var op = OpCodesByValue[value];
            i += op.Size;
            if (op.OperandType is OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i)); } catch (ArgumentException) { }
                if (callee is not null) yield return callee;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    /// <summary>The method's own code, plus its async/iterator state machine's MoveNext.</summary>
    static IEnumerable<MethodBase> Bodies(MethodBase method)
    {
        yield return method;
        var machine = method.GetCustomAttribute<StateMachineAttribute>()?.StateMachineType;
        if (machine?.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
            yield return moveNext;
    }

    static bool ReachesRequire(MethodBase method, HashSet<MethodBase> seen)
    {
        if (!seen.Add(method)) return false;
        foreach (var body in Bodies(method))
            foreach (var callee in Callees(body))
            {
                if (callee.DeclaringType == typeof(Prerequisites) && callee.Name == nameof(Prerequisites.Require)) return true;
                if (callee.Module == typeof(PrerequisitesUseTests).Module && callee.DeclaringType != typeof(Prerequisites) && ReachesRequire(callee, seen))
                    return true;
            }
        return false;
    }

    [Fact]
    public void Every_test_that_can_be_skipped_for_a_missing_prerequisite_is_skippable()
    {
        var tests = typeof(PrerequisitesUseTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any() && m.DeclaringType != typeof(PrerequisitesTests)) // those test Require itself
            .ToList();
        var plain = tests.Where(m => m.GetCustomAttributes<FactAttribute>().All(a => a.GetType() == typeof(FactAttribute) || a.GetType() == typeof(TheoryAttribute)));

        var offenders = plain.Where(m => ReachesRequire(m, new HashSet<MethodBase>())).Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();

        Assert.True(offenders.Count == 0, "make these [SkippableFact] / [SkippableTheory]: " + string.Join(", ", offenders));
        // The scan does see Require: the skippable tests that use it are found.
        Assert.Contains(tests.Except(plain), m => ReachesRequire(m, new HashSet<MethodBase>()));
    }
}
