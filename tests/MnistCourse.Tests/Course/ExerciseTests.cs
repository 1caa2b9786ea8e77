using MnistCourse.Course;

namespace MnistCourse.Tests.Course;

public class ExerciseTests
{
    [Fact]
    public void Answers_are_marked_right_wrong_or_not_yet_answered()
    {
        Assert.Equal("✅ Exercise 1: 938 is right.", Exercise.Check<int>("Exercise 1", 938, 938, "60000 / 64, rounded up"));
        Assert.Equal("❌ Exercise 1: 937 is not it yet. Hint: 60000 / 64, rounded up", Exercise.Check<int>("Exercise 1", 937, 938, "60000 / 64, rounded up"));
        Assert.Equal("⏳ Exercise 1: not answered yet. Hint: h", Exercise.Check<int>("Exercise 1", null, 938, "h"));
        Assert.StartsWith("✅", Exercise.Check("Exercise 2", " Int64 ", "int64", "h"));
        Assert.StartsWith("⏳", Exercise.Check("Exercise 2", "", "int64", "h"));
        Assert.StartsWith("✅", Exercise.Check("Exercise 3", 2.302, Math.Log(10), 0.01, "h"));
        Assert.StartsWith("❌", Exercise.Check("Exercise 3", 2.2, Math.Log(10), 0.01, "h"));
    }
}
