namespace MnistCourse.Localization;

/// <summary>
/// The Chinese edition's texts, keyed by the English the code is written in: the library's own words (charts, the
/// live chart) and the chart titles and labels the notebooks pass to it. Exercises carry both languages side by side
/// (Course/Exercises). Terms follow docs/glossary.md. A test checks that every such string in the notebooks has an entry here.
/// </summary>
static class ChineseTexts
{
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>
    {
        // Curves (Charts.cs) and the live chart.
        ["Loss"] = "损失",
        ["Cross-entropy loss"] = "交叉熵损失",
        ["Accuracy"] = "准确率",
        ["Accuracy (%)"] = "准确率（%）",
        ["Learning rate"] = "学习率",
        ["learning rate"] = "学习率",
        ["Epoch"] = "轮次",
        ["epoch"] = "轮次",
        ["train"] = "训练",
        ["validation"] = "验证",
        ["The loss and accuracy curves appear here after the first epoch."] = "第一轮训练结束后，损失和准确率曲线会显示在这里。",

        // Confusion matrix and image grids (Charts.cs).
        ["Confusion matrix"] = "混淆矩阵",
        ["images"] = "图像数",
        ["Predicted class"] = "预测类别",
        ["True class"] = "真实类别",
        ["true: %{y}<br>predicted: %{x}<br>%{z} images<extra></extra>"] = "真实：%{y}<br>预测：%{x}<br>%{z} 张图像<extra></extra>",
        ["{0:N0} of {1:N0} correct ({2:F2}%); rows: true class, columns: predicted"] = "{1:N0} 张中预测正确 {0:N0} 张（{2:F2}%）；每行是真实类别，每列是预测类别",
        ["Sample images"] = "样本图像",
        ["Sample validation images"] = "验证集样本图像",
        ["the label above each image"] = "每张图像上方是它的标签",
        ["Misclassified images"] = "预测错误的图像",
        ["The model got all {0:N0} images right: nothing to show."] = "模型把全部 {0:N0} 张图像都预测对了，没有可显示的错误。",
        ["pred {0}"] = "预测 {0}",
        ["true {0}"] = "真实 {0}",
        ["{0:N0} of {1:N0} images misclassified ({2:F2}%); showing the first {3}"] = "{1:N0} 张图像中有 {0:N0} 张预测错误（{2:F2}%）；显示前 {3} 张",
        ["<br>row %{y}, column %{x}: %{z}<extra></extra>"] = "<br>第 %{y} 行，第 %{x} 列：%{z}<extra></extra>",

        // Fashion-MNIST's classes, as the charts label them.
        ["T-shirt/top"] = "T恤/上衣",
        ["Trouser"] = "裤子",
        ["Pullover"] = "套头衫",
        ["Dress"] = "连衣裙",
        ["Coat"] = "外套",
        ["Sandal"] = "凉鞋",
        ["Shirt"] = "衬衫",
        ["Sneaker"] = "运动鞋",
        ["Bag"] = "包",
        ["Ankle boot"] = "踝靴",

        // What the notebooks pass in: chart titles and labels (by chapter).
        ["batch"] = "批次",
        ["loss"] = "损失",
        ["cross-entropy loss"] = "交叉熵损失",
        ["probability"] = "概率",
        ["{0}: the first 16 validation images"] = "{0}：验证集的前 16 张图像",
        ["The first 8 training images, read from the files by hand"] = "训练集的前 8 张图像，亲手从文件中读出",
        ["Weights of hidden unit 0 (random before training)"] = "隐藏单元 0 的权重（训练前是随机的）",
        ["one row per image, one score per class"] = "每张图像一行，每个类别一个分数",
        ["Probability the untrained model gives the true class (a uniform guess gives 0.1)"] = "未训练的模型分给真实类别的概率（随机猜测为 0.1）",
        ["image in the batch"] = "批次中的图像",
        ["Training loss during the first epoch (moving average of 50 batches)"] = "第一个轮次的训练损失（50 个批次的滑动平均）",
        ["SGD lr 0.01, momentum 0.9"] = "SGD，lr 0.01，动量 0.9",
        ["SGD lr 0.01, no momentum"] = "SGD，lr 0.01，无动量",
        ["minus the log of the true class's probability"] = "真实类别概率的对数，再取负",
        ["the step is -lr × grad"] = "这一步是 -lr × grad",
        ["Loss of every batch in epoch {0}"] = "第 {0} 轮中每个批次的损失",
        ["one update per batch, every epoch"] = "每个轮次的每个批次更新一次",
        ["Training loss with and without optimizer.zero_grad()"] = "有无 optimizer.zero_grad() 时的训练损失",
        ["log10(loss)"] = "log10(损失)",
        ["with zero_grad"] = "有 zero_grad",
        ["without zero_grad"] = "没有 zero_grad",
        ["Learning rate over 20 epochs"] = "20 个轮次中的学习率",
        ["StepLR(step_size: 5, gamma: 0.5)"] = "StepLR(step_size: 5, gamma: 0.5)",
        ["CosineAnnealingLR(T_max: 20)"] = "CosineAnnealingLR(T_max: 20)",
        ["Linear treats every dimension but the last as rows"] = "Linear 把除最后一维以外的所有维度都当作行",
        ["Live tensors during 500 training steps"] = "500 个训练步中存活的张量数",
        ["batch (×10)"] = "批次（×10）",
        ["live tensors"] = "存活张量数",
        ["without dispose scopes"] = "不使用释放作用域",
        ["with a dispose scope per batch"] = "每个批次一个释放作用域",
        ["it is printed under the run without dispose scopes"] = "它打印在不使用释放作用域的那次运行下方",
        // Chapters 05 and 06.
        ["✅ {0}: right, {1}."] = "✅ {0}：答对了，{1}。",
        ["Hidden unit 0 after training"] = "训练后的隐藏单元 0",
        ["What training changed (after − before)"] = "训练改变了什么（训练后 − 训练前）",

        ["{0} images in batches of {1} gave {2}, not {3}"] = "{0} 张图像、每批 {1} 张，你的结果是 {2}，应为 {3}",
        ["it gave {0} where CrossEntropyLoss gives {1}"] = "它算出 {0}，而 CrossEntropyLoss 给出 {1}",
        ["step {0} gave loss {1} where the tutorial's step gives {2} ({3} instead of {4})"] = "第 {0} 步的损失是 {1}，教程的那一步是 {2}（你的：{3}；教程的：{4}）",
        ["it changed the weights; validation must never train"] = "它改动了权重；验证绝不能训练模型",
        ["epoch {0} got {1}, StepLR gives {2}"] = "第 {0} 个轮次得到 {1}，StepLR 给出 {2}",
        ["the same rates as TorchSharp's StepLR for epochs 1 to 30"] = "第 1 到第 30 个轮次的学习率都和 TorchSharp 的 StepLR 相同",
        ["each layer's in-features must equal the previous layer's out-features"] = "每一层的输入特征数必须等于上一层的输出特征数",

        // Argument checks of the library's public entry points (Arguments.cs).
        ["{0} is null; pass an object of type {1}"] = "{0} 为 null；请传入一个 {1} 类型的对象",
        ["{0} must be at least {1}, got {2}"] = "{0} 至少应为 {1}，实际为 {2}",
        ["{0} must be at most {1}, got {2}"] = "{0} 至多应为 {1}，实际为 {2}",
        ["{0} holds no images; pass a split with at least one"] = "{0} 里没有图像；请传入至少有一张图像的数据划分",
        ["{0} must be a finite number above 0, got {1}"] = "{0} 必须是大于 0 的有限数，实际为 {1}",
        ["{0} must be a finite number, got {1}"] = "{0} 必须是有限数，实际为 {1}",
        ["{0} has images of {1} values, but the model takes {2}; pass data of the model's input size"] = "{0} 的每张图像有 {1} 个值，而模型的输入是 {2} 个；请传入与模型输入大小一致的数据",
        ["{0} images but {1} labels; pass one label per image"] = "{0} 张图像却有 {1} 个标签；每张图像应有一个标签",
        ["{0} holds {1} bytes, not count × inputSize = {2}"] = "{0} 有 {1} 个字节，而不是 count × inputSize = {2}",
        ["{0} holds {1} bytes, not count = {2}"] = "{0} 有 {1} 个字节，而不是 count = {2}",

        // The library's own errors (Arguments.cs, options, devices, checkpoints, divergence).
        ["{0} must be a number above {1}, got {2}"] = "{0} 应为大于 {1} 的数，实际为 {2}",
        ["{0} must be a number at least {1}, got {2}"] = "{0} 应为不小于 {1} 的数，实际为 {2}",
        ["{0} must be a number above {1} and at most {2}, got {3}"] = "{0} 应大于 {1} 且不大于 {2}，实际为 {3}",
        ["{0} must be a number at least {1} and below {2}, got {3}"] = "{0} 应不小于 {1} 且小于 {2}，实际为 {3}",
        ["{0} must be a number above {1} and below {2}, got {3}"] = "{0} 应大于 {1} 且小于 {2}，实际为 {3}",
        ["{0} must be a number at least {1} and at most {2}, got {3}"] = "{0} 应在 {1} 到 {2} 之间，实际为 {3}",
        ["{0} must be one of {1}, got {2}"] = "{0} 只能是 {1} 之一，实际为 {2}",
        ["{0} is {1}: a fixed learning rate needs no schedule"] = "{0} 为 {1}：学习率固定时不需要调度器",
        ["Training stopped: the loss became {0} at epoch {1}, batch {2}/{3}. Lower the learning rate or check the inputs for NaN."] =
            "训练已停止：第 {1} 轮第 {2}/{3} 个批次的损失变成了 {0}。请调低学习率，或检查输入里是否有 NaN。",
        ["CUDA was asked for: this build has the CUDA libtorch, but no CUDA device is available (check the NVIDIA driver with nvidia-smi); choose DeviceChoice.Cpu or DeviceChoice.Auto"] =
            "请求使用 CUDA：这个构建带的是 CUDA 版 libtorch，但没有可用的 CUDA 设备（用 nvidia-smi 检查 NVIDIA 驱动）；请改用 DeviceChoice.Cpu 或 DeviceChoice.Auto",
        ["CUDA was asked for, but this build has the CPU libtorch (TorchBackend=cpu); for an NVIDIA GPU rebuild with `dotnet build MnistCourse.sln -c Release -p:TorchBackend=cuda` (see README), or choose DeviceChoice.Cpu or DeviceChoice.Auto"] =
            "请求使用 CUDA，但这个构建带的是 CPU 版 libtorch（TorchBackend=cpu）；要用 NVIDIA GPU，请用 `dotnet build MnistCourse.sln -c Release -p:TorchBackend=cuda` 重新构建（见 README），或改用 DeviceChoice.Cpu 或 DeviceChoice.Auto",
        ["{0}: no checkpoint there"] = "{0}：这里没有检查点",
        ["{0}: cannot read the checkpoint ({1})"] = "{0}：无法读取检查点（{1}）",
        ["{0}: not an MnistCourse checkpoint"] = "{0}：不是 MnistCourse 的检查点",
        ["{0}: truncated checkpoint (the write did not finish)"] = "{0}：检查点不完整（写入没有完成）",
        ["{0}: damaged checkpoint (its SHA-256 does not match its content)"] = "{0}：检查点已损坏（SHA-256 与内容不符）",
        ["{0}: corrupt checkpoint ({1})"] = "{0}：检查点内容有误（{1}）",
        ["{0}: checkpoint format {1} is not supported (this version reads format {2})"] = "{0}：不支持第 {1} 版检查点格式（本版本读取第 {2} 版）",
        ["{0} holds {1}, but the trainer's model is SimpleNet({2}, {3}, {4}); build SimpleNet({5}, {6}, {7}) to load it"] =
            "{0} 保存的是 {1}，但训练器的模型是 SimpleNet({2}, {3}, {4})；要加载它，请构建 SimpleNet({5}, {6}, {7})",
        ["{0}: the checkpoint does not fit this model ({1})"] = "{0}：检查点与这个模型不匹配（{1}）",
        ["{0} cannot save its state; use SGD or Adam"] = "{0} 无法保存自己的状态；请使用 SGD 或 Adam",

        // The notebook set-up (notebooks/_setup.dib), printed once the language is chosen.
        ["MnistCourse is ready (TorchSharp {0}, natives from {1})."] = "MnistCourse 已就绪（TorchSharp {0}，本机库来自 {1}）。",
        ["lib/MnistCourse changed since this kernel loaded it: restart the kernel to use the new code."] = "这个内核加载 lib/MnistCourse 之后，它的源代码改动过：请重启内核，才能用上新代码。",

        // Console lines (ConsoleReporter's progress bar; the epoch line is the source's own, English in both editions).
        ["Epoch {0}/{1} [{2}] {3}/{4} batches, {5:F1}s "] = "Epoch {0}/{1} [{2}] {3}/{4} 个批次，{5:F1}s ",

        // NoGradCost's table (chapter 07).
        ["without"] = "不用 no_grad",
        ["validation pass, median (ms)"] = "验证一遍，中位数（毫秒）",
        ["native memory kept by every batch's output"] = "每个批次的输出占住的本机内存",
        ["allocated while one batch of 1,000 runs"] = "运行一个 1,000 张图像的批次时分配的内存",
        ["without no_grad: {0:F2}x the time"] = "不用 no_grad：用时是 {0:F2} 倍",
        [", {0:F1}x the memory kept"] = "，占住的内存是 {0:F1} 倍",

        // report.html (ReportWriter, ReportSettings): the page's language, headings, settings, summary and footer.
        ["en"] = "zh-CN",
        ["MnistCourse training report"] = "MnistCourse 训练报告",
        ["Settings"] = "设置",
        ["Epochs"] = "轮次",   // the settings row and the epoch table's heading
        ["LR"] = "学习率",
        ["Time"] = "用时",
        ["No epochs finished."] = "没有完成任何轮次。",
        ["Validation accuracy {0:F2}% after {1} epoch (best {2:F2}% at epoch {3}); training took {4:F1} s."] = "{1} 个轮次后验证准确率 {0:F2}%（最好的是第 {3} 轮的 {2:F2}%）；训练用时 {4:F1} s。",
        ["Validation accuracy {0:F2}% after {1} epochs (best {2:F2}% at epoch {3}); training took {4:F1} s."] = "{1} 个轮次后验证准确率 {0:F2}%（最好的是第 {3} 轮的 {2:F2}%）；训练用时 {4:F1} s。",
        ["Generated {0} by MnistCourse; charts drawn with plotly.js {1} (inlined, works offline)."] = "由 MnistCourse 于 {0} 生成；图表由 plotly.js {1} 绘制（已内嵌，可离线查看）。",
        ["Dataset"] = "数据集",
        ["Train images"] = "训练图像",
        ["Validation images"] = "验证图像",
        ["Model"] = "模型",
        ["Batch size"] = "批次大小",
        ["Optimizer"] = "优化器",
        ["Seed"] = "随机种子",
        ["Device"] = "设备",

        // Where the data came from (DataLocation, DataLocator, Downloader).
        ["{0} from {1} ({2})"] = "{0}，来自 {1}（{2}）",
        ["cache"] = "缓存",
        ["downloaded"] = "已下载",
        ["Debian package {0}"] = "Debian 软件包 {0}",
        ["Downloading {0}"] = "正在下载 {0}",
        ["{0} is not cached and could not be downloaded; using {1} instead."] = "{0} 不在缓存中，也无法下载；改用 {1}。",
        ["{0} is not cached and could not be downloaded ({1}); using {2} instead."] = "{0} 不在缓存中，也无法下载（{1}）；改用 {2}。",
        ["Warning: {0} does not match the published {1} checksum; using it anyway."] = "警告：{0} 与公布的 {1} 校验和不符；仍然使用它。",
        ["Neither {0} nor {1} could be found or downloaded."] = "{0} 和 {1} 都找不到，也无法下载。",
        ["None of {0} could be found or downloaded."] = "{0} 都找不到，也无法下载。",
        ["{0} is not in the cache and could not be downloaded."] = "{0} 不在缓存中，也无法下载。",
        ["{0} is not in the cache and could not be downloaded ({1})."] = "{0} 不在缓存中，也无法下载（{1}）。",
        ["Install Debian's {0} (`sudo apt-get install {0}`), connect to the internet, or give a data folder that holds the four IDX files."] =
            "请安装 Debian 的 {0}（`sudo apt-get install {0}`）、连上网络，或者指定一个存有四个 IDX 文件的数据文件夹。",
        ["Connect to the internet or give a data folder that holds the four IDX files."] = "请连上网络，或者指定一个存有四个 IDX 文件的数据文件夹。",
    };
}
