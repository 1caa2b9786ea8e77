#:project ../lib/MnistCourse/MnistCourse.csproj
// The tutorial's complete example (its section 4.1) as one C# file: the same script notebook 06 writes out by
// hand, and the same loop `mnist-course train` runs packaged.
//
//   dotnet run examples/complete-example.cs                       # 10 epochs, as the tutorial
//   dotnet run examples/complete-example.cs -- --epochs 2 --seed 7 --data-dir path/to/idx-files
using MnistCourse.Data;
using MnistCourse.Models;
using MnistCourse.Runtime;
using MnistCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

// Options: the tutorial's hyper-parameters are fixed below; epochs, seed and the data folder can be given.
int numEpochs = 10;
long seed = 42;
string? dataDir = null;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string name = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
        switch (name)
        {
            case "--epochs": numEpochs = PositiveInt(name, Value()); break;
            case "--seed": seed = long.TryParse(Value(), out long s) ? s : throw new ArgumentException($"--seed must be a whole number, got '{args[i]}'"); break;
            case "--data-dir": dataDir = Value(); break;
            case "-h" or "--help":
                Console.WriteLine("Usage: dotnet run examples/complete-example.cs -- [--epochs N] [--seed N] [--data-dir DIR]");
                return 0;
            default: throw new ArgumentException($"unknown option '{name}'; the options are --epochs N, --seed N, --data-dir DIR");
        }
    }
    return Run();
}
catch (Exception e) when (e is ArgumentException or DataException or TorchLoadException)
{
    Console.Error.WriteLine($"complete-example: {e.Message}");
    return 2;
}

static int PositiveInt(string name, string text) =>
    int.TryParse(text, out int n) && n >= 1 ? n : throw new ArgumentException($"{name} must be a whole number of at least 1, got '{text}'");

int Run()
{
    TorchRuntime.EnsureLoaded(threads: 1);

    // Hyper-parameters
    var hiddenSize = 128;
    var learningRate = 0.01;
    var batchSize = 64;

    // Data: datasets.MNIST with ToTensor() + Normalize(mean, std); Fashion-MNIST when MNIST cannot be had
    var data = MnistLikeData.Load(dataDirectory: dataDir);
    var trainDataset = data.Train;
    var testDataset = data.Validation;
    Console.WriteLine($"Data: {data.Location}");   // which set, from where: MNIST when it can be had, else Fashion-MNIST

    // DataLoader
    var trainLoader = new DataLoader(trainDataset, batchSize, shuffle: true, seed: seed);
    var testLoader = new DataLoader(testDataset, batchSize, shuffle: false);

    // Device
    var device = Devices.Choose("auto");
    Console.WriteLine($"Using device: {Devices.Describe(device)}");

    // Model, loss, optimizer
    manual_seed(seed);
    var model = new SimpleNet(data.InputSize, hiddenSize, data.ClassCount).to(device);
    var criterion = nn.CrossEntropyLoss();
    var optimizer = optim.SGD(model.parameters(), learningRate: learningRate, momentum: 0.9);

    // Training loop
    for (int epoch = 0; epoch < numEpochs; epoch++)
    {
        // training phase
        model.train();
        double runningLoss = 0.0;
        long correct = 0, total = 0;
        foreach (var batch in trainLoader)
        {
            using var batchScope = NewDisposeScope();
            var (inputs, labels) = (batch.Inputs.to(device), batch.Labels.to(device));
            inputs = inputs.view(inputs.size(0), -1);

            var outputs = model.forward(inputs);
            var loss = criterion.forward(outputs, labels);

            optimizer.zero_grad();
            loss.backward();
            optimizer.step();

            runningLoss += loss.item<float>() * inputs.size(0);
            var (_, predicted) = outputs.max(1);
            total += labels.size(0);
            correct += predicted.eq(labels).sum().item<long>();
        }
        var epochLoss = runningLoss / trainDataset.Count;
        var epochAcc = 100.0 * correct / total;

        // validation phase
        model.eval();
        double valLoss = 0.0;
        long correctVal = 0, totalVal = 0;
        using (no_grad())
        {
            foreach (var batch in testLoader)
            {
                using var batchScope = NewDisposeScope();
                var (inputs, labels) = (batch.Inputs.to(device), batch.Labels.to(device));
                inputs = inputs.view(inputs.size(0), -1);
                var outputs = model.forward(inputs);
                var loss = criterion.forward(outputs, labels);

                valLoss += loss.item<float>() * inputs.size(0);
                var (_, predicted) = outputs.max(1);
                totalVal += labels.size(0);
                correctVal += predicted.eq(labels).sum().item<long>();
            }
        }
        var valEpochLoss = valLoss / testDataset.Count;
        var valEpochAcc = 100.0 * correctVal / totalVal;

        Console.WriteLine(FormattableString.Invariant($"Epoch [{epoch + 1}/{numEpochs}], Train Loss: {epochLoss:F4}, Train Acc: {epochAcc:F2}%, ") +
                          FormattableString.Invariant($"Val Loss: {valEpochLoss:F4}, Val Acc: {valEpochAcc:F2}%"));
    }
    return 0;
}
