using System.Reflection;
using MnistCourse.Data;
using MnistCourse.Models;
using MnistCourse.Tests.Course;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;
using MnistCourse.Localization;

namespace MnistCourse.Tests.Training;

/// <summary>
/// What a notebook can pass wrongly to the library: each public entry point refuses it with an ArgumentException
/// naming the parameter, before any native call (no NaN results, no libtorch message with C++ frames).
/// </summary>
public class ArgumentCheckTests
{
    public ArgumentCheckTests() => Torch.Init();

    static Trainer NewTrainer(int epochs = 1) => Trainer.ForSimpleNet(new TrainingOptions { Epochs = epochs, Seed = 3 }, CPU);
    static DataSplit Empty() => DataSplit.FromBytes(Array.Empty<byte>(), Array.Empty<byte>(), 0, 784, 0.1307f, 0.3081f);
    static DataSplit Small(int count = 8, int inputSize = 784) => DataSplit.FromBytes(new byte[count * inputSize], new byte[count], count, inputSize, 0.1307f, 0.3081f);

    // (the call, the parameter it must name)
    static readonly Dictionary<string, (Action Call, string Parameter)> Cases = new()
    {
        ["Fit with an empty training split"] = (() => NewTrainer().Fit(Empty(), Small()), "train"),
        ["Fit with an empty validation split"] = (() => NewTrainer().Fit(Small(), Empty()), "validation"),
        ["Fit on data with an empty training split"] = (() => NewTrainer().Fit(new MnistLikeData(new DataLocation(DatasetCatalog.Mnist, "x", "test"), Empty(), Small())), "data"),
        ["Fit from epoch -3"] = (() => NewTrainer().Fit(Small(), Small(), firstEpoch: -3), "firstEpoch"),
        ["Fit from epoch 0"] = (() => NewTrainer().Fit(Small(), Small(), firstEpoch: 0), "firstEpoch"),
        ["Fit from beyond the last epoch + 1"] = (() => NewTrainer(epochs: 2).Fit(Small(), Small(), firstEpoch: 4), "firstEpoch"),
        ["Fit on images of another size"] = (() => NewTrainer().Fit(Small(inputSize: 100), Small(inputSize: 100)), "train"),
        ["Evaluate on an empty split"] = (() => NewTrainer().Evaluate(Empty()), "data"),
        ["TrainEpoch on an empty split"] = (() => NewTrainer().TrainEpoch(Empty(), 1), "train"),
        ["TrainEpoch epoch 0"] = (() => NewTrainer().TrainEpoch(Small(), 0), "epoch"),
        ["normalisation with std 0"] = (() => DataSplit.FromBytes(new byte[784], new byte[1], 1, 784, 0.5f, 0f), "std"),
        ["normalisation with std NaN"] = (() => DataSplit.FromBytes(new byte[784], new byte[1], 1, 784, 0.5f, float.NaN), "std"),
        ["normalisation with mean infinity"] = (() => DataSplit.FromBytes(new byte[784], new byte[1], 1, 784, float.PositiveInfinity, 1f), "mean"),
        ["bytes that are not count x inputSize"] = (() => DataSplit.FromBytes(new byte[700], new byte[1], 1, 784, 0.5f, 0.5f), "images"),
        ["fewer labels than images"] = (() => DataSplit.FromBytes(new byte[784 * 2], new byte[1], 2, 784, 0.5f, 0.5f), "labels"),
        ["Take(-1)"] = (() => Small().Take(-1), "count"),
        ["a batch past the end"] = (() => Small().Batch(5, 4), "index"),
        ["a batch size of 0"] = (() => Small().BatchCount(0), "batchSize"),
        ["a DataLoader with batch size 0"] = (() => new MnistCourse.Data.DataLoader(Small(), 0), "batchSize"),
        ["SimpleNet(784, 0, 10)"] = (() => new SimpleNet(784, 0, 10), "hiddenSize"),
        ["SimpleNet(0, 128, 10)"] = (() => new SimpleNet(0, 128, 10), "inputSize"),
        ["SimpleNet(784, 128, -1)"] = (() => new SimpleNet(784, 128, -1), "numClasses"),
        ["ForSimpleNet with 0 classes"] = (() => Trainer.ForSimpleNet(new TrainingOptions(), CPU, numClasses: 0), "numClasses"),
        ["new Trainer(null, null, CPU)"] = (() => new Trainer(null!, null!, CPU), "model"),
        ["a Trainer without an optimizer"] = (() => new Trainer(new SimpleNet(), null!, CPU), "optimizer"),
        ["a Trainer without a device"] = (() => { var net = new SimpleNet(); new Trainer(net, optim.SGD(net.parameters(), 0.01), null!); }, "device"),
        ["Fit(null)"] = (() => NewTrainer().Fit(null!), "data"),
        ["Evaluate(null)"] = (() => NewTrainer().Evaluate(null!), "data"),
        ["Predictions of 0 classes"] = (() => new Predictions(new int[1], new int[1], 0), "classCount"),
        ["RngState.Restore(null)"] = (() => RngState.Restore(null!), "state"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_wrong_argument_throws_an_ArgumentException_naming_the_parameter(string name)
    {
        var (call, parameter) = Cases[name];
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message); // libtorch's C++ frames
    }

    [Fact]
    public void The_message_is_in_the_course_language()
    {
        using (CourseLanguage.Scope("zh"))
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => NewTrainer().Fit(Empty(), Small()));
            Assert.Contains("train 里没有图像", e.Message);
            var n = Assert.Throws<ArgumentNullException>(() => new Trainer(null!, null!, CPU));
            Assert.Contains("model 为 null；请传入一个 Module 类型的对象", n.Message);
        }
        // The scope ends with the block: the same call speaks English again, and no other test ever saw Chinese.
        Assert.Contains("train holds no images", Assert.ThrowsAny<ArgumentException>(() => NewTrainer().Fit(Empty(), Small())).Message);
    }

    /// <summary>
    /// The rule, not only the cases above: every public constructor and method of the types a notebook calls,
    /// given null for any parameter not marked nullable, throws ArgumentNullException naming that parameter.
    /// </summary>
    [Fact]
    public void Every_public_entry_point_refuses_null_naming_the_parameter()
    {
        var types = new[] { typeof(Trainer), typeof(DataSplit), typeof(MnistCourse.Data.DataLoader), typeof(MnistLikeData), typeof(SimpleNet),
            typeof(Checkpoint), typeof(CheckpointWriter), typeof(RngState), typeof(Predictions), typeof(LearningRateSchedule) };
        var nullability = new NullabilityInfoContext();
        var failures = new List<string>();
        int checkedCalls = 0;
        foreach (var type in types)
        {
            var members = type.GetConstructors().Cast<MethodBase>()
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName));
            foreach (var member in members)
            {
                var parameters = member.GetParameters();
                for (int i = 0; i < parameters.Length; i++)
                {
                    var p = parameters[i];
                    if (p.ParameterType.IsValueType || nullability.Create(p).WriteState != NullabilityState.NotNull) continue;
                    var args = parameters.Select((q, k) => k == i ? null : Sample(q)).ToArray();
                    object? target = member.IsStatic || member is ConstructorInfo ? null : Instance(type) ?? throw new InvalidOperationException($"no instance of {type.Name} to test");
                    checkedCalls++;
                    try
                    {
                        if (member is ConstructorInfo c) c.Invoke(args); else member.Invoke(target, args);
                        failures.Add($"{type.Name}.{member.Name}({p.Name}: null) did not throw");
                    }
                    catch (TargetInvocationException e) when (e.InnerException is ArgumentNullException a && a.ParamName == p.Name) { }
                    catch (TargetInvocationException e)
                    {
                        failures.Add($"{type.Name}.{member.Name}({p.Name}: null) threw {e.InnerException?.GetType().Name} ({(e.InnerException as ArgumentException)?.ParamName}): {e.InnerException?.Message}");
                    }
                }
            }
        }
        Assert.True(checkedCalls > 20, $"only {checkedCalls} calls checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    static object? Sample(ParameterInfo p) => p.ParameterType switch
    {
        var t when t == typeof(int) => 1,
        var t when t == typeof(long) => 1L,
        var t when t == typeof(float) => 1f,
        var t when t == typeof(double) => 1.0,
        var t when t == typeof(bool) => false,
        var t when t == typeof(string) => Path.Combine(Path.GetTempPath(), "mnistcourse-tests", "never-written"),
        var t when t == typeof(CancellationToken) => CancellationToken.None,
        var t when t == typeof(Device) => CPU,
        var t when t == typeof(DataSplit) => Small(),
        var t when t == typeof(Trainer) => NewTrainer(),
        var t when t == typeof(TrainingOptions) => new TrainingOptions(),
        var t when t == typeof(int[]) => new int[1],
        var t when t.IsAssignableFrom(typeof(SimpleNet)) => new SimpleNet(),
        var t when t == typeof(Tensor) => zeros(1, 784),
        var t when t == typeof(DataLocation) => new DataLocation(DatasetCatalog.Mnist, "x", "test"),
        var t when t == typeof(optim.Optimizer) => optim.SGD(new SimpleNet().parameters(), 0.01),
        var t when t == typeof(EpochResult) => new EpochResult(1, 1, 0.5, 50, 0.5, 50, 0.01, 1),
        var t when t == typeof(CheckpointInfo) => CheckpointWriter.InfoOf(NewTrainer()),
        var t when t == typeof(byte[]) => new byte[784],
        var t when t.IsValueType => Activator.CreateInstance(t),
        _ => p.HasDefaultValue ? p.DefaultValue : null,
    };

    static object? Instance(Type type) =>
        type == typeof(Trainer) ? NewTrainer() :
        type == typeof(DataSplit) ? Small() :
        type == typeof(MnistCourse.Data.DataLoader) ? new MnistCourse.Data.DataLoader(Small()) :
        type == typeof(SimpleNet) ? new SimpleNet() :
        type == typeof(Predictions) ? new Predictions(new int[1], new int[1], 10) :
        type == typeof(CheckpointWriter) ? new CheckpointWriter(Path.GetTempPath()) :
        type == typeof(MnistLikeData) ? new MnistLikeData(new DataLocation(DatasetCatalog.Mnist, "x", "test"), Small(), Small()) :
        type == typeof(LearningRateSchedule) ? NewTrainer() is var t ? new LearningRateSchedule(t.Optimizer, t.Options with { Schedule = ScheduleKind.Step }) : null :
        null;
}
