#:project ../lib/MnistCourse/MnistCourse.csproj
// The tutorial's complete example (its section 4.1) as one C# file, from its first line: the same script notebook 06
// writes out by hand (the model class, the transform, the datasets, the loaders, the loop), and the same loop
// `mnist-course train` runs packaged.
//
//   dotnet run examples/complete-example.cs                       # 10 epochs, as the tutorial
//   dotnet run examples/complete-example.cs -- --epochs 2 --seed 7 --data-dir path/to/idx-files
using System.Buffers.Binary;
using System.IO.Compression;
using MnistCourse.Data;
using MnistCourse.Runtime;
using MnistCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using DataLoader = MnistCourse.Data.DataLoader;   // the course's loader; TorchSharp.Modules has a DataLoader too

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
    var inputSize = 784;   // 28x28
    var hiddenSize = 128;
    var numClasses = 10;
    var learningRate = 0.01;
    var batchSize = 64;

    // Load the datasets: datasets.MNIST(root, train=..., download=True, transform=transform). The locator finds the
    // files (the course's cache, a download, or Fashion-MNIST from Debian's package when MNIST cannot be had).
    var location = DataLocator.CreateDefault(dataDir).Locate("auto");
    var (mean, std) = (location.Dataset.Mean, location.Dataset.Std);   // MNIST's are the tutorial's 0.1307 and 0.3081
    Console.WriteLine($"Data: {location}");   // which set, from where
    DataSplit LoadDataset(bool train)   // images [N, 784] (one row per image), labels [N] as int64
    {
        var files = location.Dataset;
        var images = Transform(ReadIdx(location.PathOf(train ? files.TrainImages : files.TestImages)), mean, std);
        byte[] labelFile = ReadIdx(location.PathOf(train ? files.TrainLabels : files.TestLabels));
        var labels = torch.from_array(labelFile[8..]).to_type(ScalarType.Int64);
        return new DataSplit(images.view(images.size(0), -1), labels);
    }
    var trainDataset = LoadDataset(train: true);
    var testDataset = LoadDataset(train: false);

    // Create the DataLoaders: the course's fast loader, not TorchSharp's torch.utils.data.DataLoader, which shuffles
    // with its own generator: this one gives, for a seed, the batches mnist-course train takes (notebook 06 says more).
    var trainLoader = new DataLoader(trainDataset, batchSize, shuffle: true, seed: seed);
    var testLoader = new DataLoader(testDataset, batchSize, shuffle: false);

    // Choose the device
    var device = Devices.Choose(DeviceChoice.Auto);
    Console.WriteLine($"Using device: {Devices.Describe(device)}");

    // The model, the loss function and the optimizer
    manual_seed(seed);
    var model = new SimpleNet(inputSize, hiddenSize, numClasses).to(device);
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

// Data transform: ToTensor() (bytes 0..255 -> floats 0..1, [N, 1, 28, 28]), then Normalize(mean, std), applied to the
// pixels of an IDX file (16 header bytes, then one byte per pixel) read by hand, as notebook 01 does.
static Tensor Transform(byte[] imageFile, float mean, float std) =>
    torch.from_array(imageFile[16..]).view(BigEndian(imageFile, 4), 1, BigEndian(imageFile, 8), BigEndian(imageFile, 12))
        .to_type(ScalarType.Float32).div_(255).sub_(mean).div_(std);

static byte[] ReadIdx(string path)   // the whole file, decompressed when it is a .gz
{
    using var file = File.OpenRead(path);
    using var content = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
    using var memory = new MemoryStream();
    content.CopyTo(memory);
    return memory.ToArray();
}

static int BigEndian(byte[] bytes, int at) => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at, 4));

// Define the model: the tutorial's SimpleNet, defined in the script as the tutorial does. The layers are made in the
// same order as in the library's MnistCourse.Models.SimpleNet (fc1, relu, fc2), so the same seed gives the same
// starting weights, and this script the same lines as mnist-course train.
class SimpleNet : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly ReLU relu;
    private readonly Linear fc2;

    public SimpleNet(int inputSize = 784, int hiddenSize = 128, int numClasses = 10) : base("SimpleNet")
    {
        fc1 = nn.Linear(inputSize, hiddenSize);
        relu = nn.ReLU();
        fc2 = nn.Linear(hiddenSize, numClasses);
        RegisterComponents();   // PyTorch finds the layers by itself; TorchSharp is told here
    }

    public override Tensor forward(Tensor x)
    {
        var output = fc1.forward(x);
        output = relu.forward(output);
        output = fc2.forward(output);
        return output;
    }
}
