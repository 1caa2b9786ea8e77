using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 02's exercises: which device this machine has, the call that waits for the GPU, the device rule.</summary>
public static class Chapter02
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter02), new Dictionary<int, (string, string)>
    {
        [1] = ("string answer1 = \"cpu\";   // what this machine printed: \"cuda\" where a GPU is available", "string answer1 = \"cpu\";   // 以这台机器打印的为准：有 GPU 时是 \"cuda\""),
        [2] = ("string answer2 = \"item\";   // loss.item<float>() copies the number back to the CPU, so it waits for the GPU",
               "string answer2 = \"item\";   // loss.item<float>() 要把数值拷回 CPU，所以必须等 GPU 算完"),
        [3] = ("Func<bool, string> deviceName = gpuAvailable => gpuAvailable ? \"cuda\" : \"cpu\";\nvar myDevice = torch.device(deviceName(cuda.is_available()));",
               "Func<bool, string> deviceName = gpuAvailable => gpuAvailable ? \"cuda\" : \"cpu\";\nvar myDevice = torch.device(deviceName(cuda.is_available()));"),
    });

    /// <summary>The device type <c>Devices.Choose(DeviceChoice.Auto)</c> picks on this machine.</summary>
    public static string Exercise1(string? answer) => Sheet.Check(1, answer, a =>
    {
        string expected = Devices.Choose(DeviceChoice.Auto).type.ToString().ToLowerInvariant();
        var call = AnswerText.Call(System.Text.RegularExpressions.Regex.Replace(a, @":\d+\s*$", ""));   // "cpu:0" names the type too
        string given = call?.Name ?? a.Trim().ToLowerInvariant();
        return given == expected ? null
            : given is "cpu" or "cuda" ? Say.Text($"this machine chose {expected}", $"这台机器选的是 {expected}")
            : Say.Text($"'{a.Trim()}' is not a device type; answer \"cpu\" or \"cuda\"", $"“{a.Trim()}”不是设备类型；请回答 \"cpu\" 或 \"cuda\"");
    }, () => Say.Text("run the chapter's first cells and read the \"Using device\" line", "运行本章开头的单元格，看 “使用设备” 那一行"),
       a => a.Trim().ToLowerInvariant());

    public static string Exercise2(string? answer) => Sheet.Check(2, answer, a =>
    {
        var call = AnswerText.Call(a);
        return call?.Name switch
        {
            "item" when call.Value.Arguments == "" => null,
            null => Say.Text($"'{a.Trim()}' is not a method name", $"“{a.Trim()}”不是方法名"),
            "backward" or "step" or "forward" or "zero_grad" => Say.Text($"{call.Value.Name}() runs on the GPU and returns at once; it brings nothing back to the CPU",
                                                                           $"{call.Value.Name}() 在 GPU 上运行，调用后立即返回，并不把任何东西拷回 CPU"),
            _ => Say.Text($"{call.Value.Name}() is not called on every batch of the tutorial's loop to read a number", $"教程的循环并不在每个批次调用 {call.Value.Name}() 来读取数值"),
        };
    }, () => Say.Text("the call that turns a one-element tensor into a C# number has to wait until that number exists", "把单元素张量变成 C# 数值的那个调用，必须等这个数真正算出来"),
       _ => Say.Text("item(): the CPU needs the number, so it waits", "item()：CPU 需要这个数，所以只能等"));

    /// <summary>
    /// The tutorial's rule, 'cuda' if a GPU is available else 'cpu', as a function of availability: judged on both
    /// branches, so a machine without a GPU still tests the GPU branch (only the name is asked, CUDA is never started).
    /// </summary>
    public static string Exercise3(Func<bool, string>? deviceName) => Sheet.Check(3, deviceName, rule =>
    {
        foreach (bool gpu in new[] { true, false })
        {
            string when = gpu ? Say.Text("on a machine with a GPU", "在有 GPU 的机器上") : Say.Text("on a machine without one", "在没有 GPU 的机器上");
            string? name;
            try { name = rule(gpu); }
            // Naming torch's CUDA device starts CUDA, which fails on a machine without one: that rule chose CUDA.
            catch (Exception e) when (gpu && !cuda.is_available() && e.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase)) { name = "cuda"; }
            catch (Exception e) { return ExerciseSheet.Threw(e, when); }
            string normal = (name ?? "").Trim().ToLowerInvariant();
            string expected = gpu ? "cuda" : "cpu";
            if (normal == expected || gpu && normal == "cuda:0") continue;
            if (normal is "gpu" or "cuda:gpu")
                return Say.Text($"{when} it said '{name}': torch names the GPU \"cuda\"", $"{when}它给出了“{name}”：torch 把 GPU 叫作 \"cuda\"");
            if (normal.StartsWith("cuda:"))
                return Say.Text($"{when} it said '{name}', a GPU other than the first; the tutorial's \"cuda\" is the current one", $"{when}它给出了“{name}”，那不是第一块 GPU；教程的 \"cuda\" 指当前那块");
            return Say.Text($"{when} it chose '{name}', where the tutorial's line chooses \"{expected}\"", $"{when}它选了“{name}”，而教程那一行会选 \"{expected}\"");
        }
        return null;
    }, () => Say.Text("the rule has two branches: what to use when a GPU is there, and what when none is", "这条规则有两个分支：有 GPU 时用什么，没有时用什么"),
       _ => Say.Text("\"cuda\" with a GPU and \"cpu\" without, both branches tried", "有 GPU 时是 \"cuda\"，没有时是 \"cpu\"，两个分支都试过"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
