namespace MnistCourse.Course;

/// <summary>
/// The Chinese edition's texts, keyed by the English the code is written in: the library's own words (charts,
/// exercise feedback, the live chart) and the names, hints and chart titles the notebooks pass to it. Terms follow
/// docs/glossary.md. A test checks that every such string in the notebooks has an entry here.
/// </summary>
static class ChineseTexts
{
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>
    {
        // Exercise feedback (Exercise.cs).
        ["✅ {0}: {1} is right."] = "✅ {0}：{1}，答对了。",
        ["❌ {0}: {1} is not it yet. Hint: {2}"] = "❌ {0}：{1} 还不对。提示：{2}",
        ["⏳ {0}: not answered yet. Hint: {1}"] = "⏳ {0}：还没有作答。提示：{1}",
        ["Exercise {0}"] = "练习 {0}",

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
        ["{0:N0} of {1:N0} correct ({2:F2}%); rows: true class, columns: predicted"] = "{1:N0} 张中预测正确 {0:N0} 张（{2:F2}%）；行为真实类别，列为预测类别",
        ["Sample images"] = "样本图像",
        ["Sample validation images"] = "验证集样本图像",
        ["the first {0} images with their labels"] = "前 {0} 张图像及其标签",
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
        ["Ankle boot"] = "短靴",
    };
}
