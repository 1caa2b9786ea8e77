using MnistCourse.Models;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Models;

public class ModelSummaryTests
{
    public ModelSummaryTests() => Torch.Init();

    [Fact]
    public void SimpleNet_prints_like_PyTorchs_print_model()
    {
        Assert.Equal("""
            SimpleNet(
              (fc1): Linear(in_features=784, out_features=128, bias=True)
              (relu): ReLU()
              (fc2): Linear(in_features=128, out_features=10, bias=True)
            )
            """, ModelSummary.Describe(new SimpleNet()));
    }
}
