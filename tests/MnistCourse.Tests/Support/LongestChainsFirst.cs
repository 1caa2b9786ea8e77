using MnistCourse.Tests.Notebooks;
using MnistCourse.Tests.Site;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("MnistCourse.Tests.Support.LongestChainsFirst", "MnistCourse.Tests")]

namespace MnistCourse.Tests.Support;

/// <summary>
/// The order in which xunit starts the test collections, two at a time on two cores: the two long chains first, so
/// that the short tests fill the gaps and none of the chains is the last thing left running. The website test
/// starts first and runs the English chapters on the way (it needs them all), the Chinese chapters start beside it;
/// the collections that read the English chapters' runs start last, when those runs are done, rather than blocking
/// a second thread waiting for one in progress. Left to itself xunit's order changes with the test names, and a
/// suite that started both chains four and a half minutes in took 6.97 minutes, against 6.20 in this order.
/// </summary>
public sealed class LongestChainsFirst : ITestCollectionOrderer
{
    static readonly string[] First = { SiteCollection.Name, typeof(ChineseNotebookTests).FullName!, typeof(CompleteExampleTests).FullName! };
    static readonly string[] Last = { NotebookCollection.Name, JupyterCollection.Name, typeof(VsCodeKernelTests).FullName! };

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank).ThenBy(c => c.DisplayName, StringComparer.Ordinal).ToList();

    /// <summary>A collection of a class is displayed as "Test collection for Namespace.Class"; a named one by its name.</summary>
    static int Rank(ITestCollection collection)
    {
        string name = collection.DisplayName.Replace("Test collection for ", "", StringComparison.Ordinal);
        int first = Array.IndexOf(First, name);
        if (first >= 0) return first - First.Length;
        int last = Array.IndexOf(Last, name);
        return last >= 0 ? 1 + last : 0;
    }
}
