namespace MnistCourse.Course.Exercises;

/// <summary>
/// One chapter's exercises: runs a check on the learner's answer and turns its outcome into a <see cref="Feedback"/>
/// line, and keeps the chapter's solutions until the learner asks for one. A check returns null when the answer is
/// right, else the reason it is not (what the answer did, on which input); an exception from the learner's code is a
/// reason too, never an error in the learner's cell.
/// </summary>
internal sealed class ExerciseSheet
{
    readonly string chapter;
    readonly IReadOnlyDictionary<int, (string English, string Chinese)> solutions;

    /// <param name="chapter">The class the notebook calls, e.g. "Chapter01", named in "not yet" lines.</param>
    /// <param name="solutions">Per exercise, a solution in English and in Chinese (the same code, comments translated).</param>
    public ExerciseSheet(string chapter, IReadOnlyDictionary<int, (string English, string Chinese)> solutions)
    {
        this.chapter = chapter;
        this.solutions = solutions;
    }

    /// <summary>An answer that is a value: null (or blank text) means not answered yet.</summary>
    public string Check<T>(int exercise, T? answer, Func<T, string?> problem, Func<string> hint, Func<T, string> right) where T : struct =>
        answer is null ? Feedback.Waiting(exercise) : Judge(exercise, answer.Value, problem, hint, right);

    /// <summary>An answer that is an object, text or code: null or blank text means not answered yet.</summary>
    public string Check<T>(int exercise, T? answer, Func<T, string?> problem, Func<string> hint, Func<T, string> right) where T : class =>
        answer is null || answer is string text && string.IsNullOrWhiteSpace(text) ? Feedback.Waiting(exercise)
        : Judge(exercise, answer, problem, hint, right);

    public string Solution(int exercise)
    {
        if (!solutions.TryGetValue(exercise, out var solution))
            throw new ArgumentOutOfRangeException(nameof(exercise), exercise, Say.Text(
                $"{chapter} has exercises {string.Join(", ", solutions.Keys.Where(k => k > 0).Order())}; write one of those numbers",
                $"{chapter} 的练习编号是 {string.Join("、", solutions.Keys.Where(k => k > 0).Order())}，请写其中一个"));
        return Feedback.Solution(exercise, Say.Text(solution.English, solution.Chinese));
    }

    string Judge<T>(int exercise, T answer, Func<T, string?> problem, Func<string> hint, Func<T, string> right)
    {
        string? wrong;
        try { wrong = problem(answer); }
        catch (Exception e) { wrong = Threw(e); }
        return wrong is null ? Feedback.Right(exercise, right(answer)) : Feedback.NotYet(exercise, wrong, hint(), chapter);
    }

    /// <summary>What the learner's code threw, in one line (libtorch messages carry C++ stack frames after the first).</summary>
    public static string Threw(Exception e, string? when = null)
    {
        while (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        string first = e.Message.Split('\n')[0].Trim();
        return when is null
            ? Say.Text($"it threw {e.GetType().Name}: {first}", $"它抛出了 {e.GetType().Name}：{first}")
            : Say.Text($"{when} it threw {e.GetType().Name}: {first}", $"{when}，它抛出了 {e.GetType().Name}：{first}");
    }
}
