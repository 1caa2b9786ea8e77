namespace MnistCourse.Course.Exercises;

/// <summary>
/// The three lines an exercise can print. Before an attempt: only that it waits (no hint yet). After a wrong one:
/// "not yet", what the answer did and a hint toward the idea, and where the solution is. After a right one: what
/// was checked. The solution itself is shown only when the learner asks for it (ChapterNN.Solution(n)).
/// </summary>
internal static class Feedback
{
    public static string Waiting(int exercise) =>
        Say.Text($"⏳ Exercise {exercise}: not answered yet.", $"⏳ 练习 {exercise}：还没有作答。");

    public static string Right(int exercise, string checkedWhat) =>
        Say.Text($"✅ Exercise {exercise}: right, {checkedWhat}.", $"✅ 练习 {exercise}：答对了，{checkedWhat}。");

    public static string NotYet(int exercise, string reason, string hint, string chapter)
    {
        hint = hint.EndsWith('?') || hint.EndsWith('？') ? hint : hint + Say.Text(".", "。");   // a question keeps its mark
        return Say.Text($"❌ Exercise {exercise}: not yet: {reason}. Hint: {hint} (Still stuck? {chapter}.Solution({exercise}) shows one way.)",
                        $"❌ 练习 {exercise}：还不对：{reason}。提示：{hint}（还是没有头绪？{chapter}.Solution({exercise}) 会给出一种写法。）");
    }

    public static string Solution(int exercise, string code) =>
        Say.Text($"💡 Exercise {exercise}, one way to write it:\n{code}", $"💡 练习 {exercise} 的一种写法：\n{code}");
}
