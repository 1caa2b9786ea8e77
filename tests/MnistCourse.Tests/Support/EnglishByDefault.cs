using System.Runtime.CompilerServices;

namespace MnistCourse.Tests.Support;

/// <summary>
/// The tests read the library's English texts unless a test asks for Chinese (CourseLanguage.Scope): a developer whose
/// LANG is zh_CN would otherwise see English assertions fail on Chinese messages.
/// </summary>
static class EnglishByDefault
{
    [ModuleInitializer]
    internal static void Set() => MnistCourse.Localization.CourseLanguage.Use("en");
}
