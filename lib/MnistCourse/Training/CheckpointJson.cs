using System.Text.Json.Serialization;

namespace MnistCourse.Training;

/// <summary>
/// The checkpoint header's JSON, with its serializer generated at compile time. .NET 10 file-based apps
/// (`dotnet run app.cs`) default to PublishAot=true, which turns reflection-based System.Text.Json off for the
/// whole process; generated serializers work there and everywhere else. Enums are written by name.
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(CheckpointInfo))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
