namespace MnistCourse.Reporting;

/// <summary>
/// A piece of HTML for a notebook to display as HTML (the set-up cell registers its formatter). The course uses it
/// instead of the kernel's own HTML() helper, whose IHtmlContent makes this kernel print CS1701 warnings under Jupyter.
/// </summary>
public sealed record HtmlFragment(string Html)
{
    public override string ToString() => Html;
}
