using System.Text.Json.Serialization;
using MnistCourse.Training;

namespace MnistCourse;

/// <summary>
/// Every type the library writes as JSON, with its serializer generated at compile time. .NET 10 file-based apps
/// (`dotnet run app.cs`) default to PublishAot=true, which turns reflection-based System.Text.Json off for the
/// whole process; generated serializers work there and everywhere else.
/// </summary>
[JsonSerializable(typeof(CheckpointInfo))]
[JsonSerializable(typeof(string))]
internal sealed partial class CourseJson : JsonSerializerContext;
