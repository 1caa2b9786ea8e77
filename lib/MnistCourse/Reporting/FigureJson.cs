using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Newtonsoft.Json;
using Plotly.NET;
using DynObj = DynamicObj.DynamicObj;

namespace MnistCourse.Reporting;

/// <summary>
/// A chart as the string <see cref="GenericChart.toJson"/> makes ({"data":[...],"layout":{...},"config":{...}}),
/// written here by walking its objects. toJson hands the chart to Newtonsoft.Json, which reads every attribute of a
/// DynamicObj through the DLR (a call site compiled per attribute name): a third of the CPU of a training run that
/// writes its report, and again in every notebook kernel. This writes the value kinds Plotly.NET charts hold the way
/// Newtonsoft does; a value of any other kind sends the whole chart to toJson, so the string is always toJson's.
/// </summary>
internal static class FigureJson
{
    /// <summary>The chart's figure JSON, exactly as <see cref="GenericChart.toJson"/> writes it.</summary>
    public static string Write(GenericChart chart) => TryWrite(chart) ?? GenericChart.toJson(chart);

    /// <summary>The figure JSON, or null where the chart holds a value this writer does not know.</summary>
    public static string? TryWrite(GenericChart chart)
    {
        // Newtonsoft's global settings, or changes to toJson's own (a public, mutable object), alter its output.
        if (JsonConvert.DefaultSettings is not null || !AsShipped(Globals.JSON_CONFIG)) return null;
        var json = new StringBuilder(16 * 1024);
        json.Append("{\"data\":[");
        bool first = true;
        foreach (var trace in GenericChart.getTraces(chart))
        {
            if (!first) json.Append(',');
            first = false;
            if (!Value(json, trace, 0)) return null;
        }
        json.Append("],\"layout\":");
        if (!Value(json, GenericChart.getLayout(chart), 0)) return null;
        json.Append(",\"config\":");
        if (!Value(json, GenericChart.getConfig(chart), 0)) return null;
        return json.Append('}').ToString();
    }

    /// <summary>Whether toJson's settings are still those this writer follows: Newtonsoft's defaults, loops allowed.</summary>
    static bool AsShipped(JsonSerializerSettings settings) =>
        settings.Formatting == Formatting.None && settings.Converters.Count == 0 && settings.ContractResolver is null &&
        settings.StringEscapeHandling == StringEscapeHandling.Default && settings.FloatFormatHandling == FloatFormatHandling.String &&
        settings.NullValueHandling == NullValueHandling.Include && settings.DefaultValueHandling == DefaultValueHandling.Include &&
        settings.TypeNameHandling == TypeNameHandling.None && settings.PreserveReferencesHandling == PreserveReferencesHandling.None &&
        settings.ReferenceLoopHandling == ReferenceLoopHandling.Serialize;

    // Newtonsoft recurses without a limit; a chart this deep is surely a cycle, which toJson may report its own way.
    const int MaxDepth = 64;

    /// <summary>How a non-primitive type is written, the way Newtonsoft's contract for it would.</summary>
    enum Kind { Unknown, Object, Anonymous, Sequence, Color, Argb }

    static readonly ConcurrentDictionary<Type, Kind> Kinds = new();
    static readonly ConcurrentDictionary<Type, PropertyInfo[]> AnonymousProperties = new();

    static bool Value(StringBuilder json, object? value, int depth)
    {
        switch (value)
        {
            case null: json.Append("null"); return true;
            case string s: String(json, s); return true;
            case bool b: json.Append(b ? "true" : "false"); return true;
            case double d: Floating(json, d); return true;
            case float f: Floating(json, f); return true;
            case int or long or short or ushort or byte or sbyte or uint or ulong:
                json.Append(CultureInfo.InvariantCulture, $"{value}"); return true;
            case char c: String(json, c.ToString()); return true;
        }
        if (depth >= MaxDepth) return false;
        switch (Kinds.GetOrAdd(value.GetType(), KindOf))
        {
            case Kind.Object: return Object(json, (DynObj)value, depth + 1);
            case Kind.Anonymous: return Anonymous(json, value, depth + 1);
            case Kind.Sequence: return Sequence(json, (IEnumerable)value, depth + 1);
            // Color's converter writes what its Value serializes to; ARGB's writes a CSS colour with alpha in 0..1, one decimal.
            case Kind.Color: return Value(json, ((Color)value).Value, depth + 1);
            case Kind.Argb:
                var argb = (ARGB)value;
                String(json, FormattableString.Invariant($"rgba({argb.R}, {argb.G}, {argb.B}, {argb.A / 255.0:F1})"));
                return true;
            default: return false;
        }
    }

    // A DynamicObj's attributes as Newtonsoft lists them (GetDynamicMemberNames): instance properties, then dynamic ones.
    static bool Object(StringBuilder json, DynObj obj, int depth) =>
        Members(json, obj.GetProperties(true).Select(p => (p.Key, p.Value)), depth);

    static bool Anonymous(StringBuilder json, object value, int depth) =>
        Members(json, AnonymousProperties.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(p => (p.Name, p.GetValue(value))), depth);

    /// <summary>An object of these names and values, in this order.</summary>
    static bool Members(StringBuilder json, IEnumerable<(string Name, object? Value)> members, int depth)
    {
        json.Append('{');
        bool first = true;
        foreach (var (name, value) in members)
        {
            if (!first) json.Append(',');
            first = false;
            String(json, name);
            json.Append(':');
            if (!Value(json, value, depth)) return false;
        }
        json.Append('}');
        return true;
    }

    static bool Sequence(StringBuilder json, IEnumerable items, int depth)
    {
        json.Append('[');
        bool first = true;
        foreach (var item in items)
        {
            if (!first) json.Append(',');
            first = false;
            if (!Value(json, item, depth)) return false;
        }
        json.Append(']');
        return true;
    }

    /// <summary>
    /// The kinds known here, decided in the order Newtonsoft picks a contract (dictionary, then sequence, then
    /// dynamic object, then plain object), and only for types that carry nothing that would change its choice:
    /// no Json.NET or TypeConverter attribute, no serialization callbacks, no attributed members.
    /// </summary>
    static Kind KindOf(Type type)
    {
        // Plotly.NET's two converters, whose output is learned above.
        if (type == typeof(Color)) return Kind.Color;
        if (type == typeof(ARGB)) return Kind.Argb;
        if (HasSerializationAttributes(type)) return Kind.Unknown;
        if (IsDictionary(type)) return Kind.Unknown;
        if (typeof(IEnumerable).IsAssignableFrom(type))
            // byte[] is written as base64, and a 2-D array as nested arrays: neither occurs in the course's charts.
            return type.IsArray && (type.GetArrayRank() != 1 || type == typeof(byte[])) ? Kind.Unknown : Kind.Sequence;
        if (typeof(DynObj).IsAssignableFrom(type))
            return ListsItsOwnMembers(type) || HasAttributedMembers(type) ? Kind.Unknown : Kind.Object;
        bool anonymous = type.IsDefined(typeof(CompilerGeneratedAttribute), false) && type.Name.Contains("AnonymousType");
        return anonymous && !HasAttributedMembers(type) ? Kind.Anonymous : Kind.Unknown;
    }

    static bool IsDictionary(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type) || type.GetInterfaces().Any(i => i.IsGenericType &&
            (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    // Attributes Newtonsoft reads on a type, its base types or its interfaces: converters, container settings,
    // TypeConverter (written as a string), [Serializable] with ISerializable (its own contract).
    static bool HasSerializationAttributes(Type type)
    {
        if ((type.Namespace ?? "").StartsWith("Newtonsoft.Json", StringComparison.Ordinal)) return true;
        if (typeof(System.Runtime.Serialization.ISerializable).IsAssignableFrom(type) && type.IsSerializable) return true;
        foreach (var t in type.GetInterfaces().Prepend(type))
            for (var level = t; level is not null; level = level.BaseType)
                if (level.GetCustomAttributesData().Any(a => IsSerializationAttribute(a.AttributeType)
                        || a.AttributeType == typeof(System.ComponentModel.TypeConverterAttribute)
                        || a.AttributeType.Name == "MetadataTypeAttribute"))
                    return true;
        return false;
    }

    // Members Newtonsoft would write or call besides the attributes DynamicObj lists: [JsonProperty], [DataMember],
    // [OnSerializing] callbacks and the like.
    static bool HasAttributedMembers(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Any(m => m.GetCustomAttributesData().Any(a => IsSerializationAttribute(a.AttributeType)));

    static bool IsSerializationAttribute(Type attribute)
    {
        string space = attribute.Namespace ?? "";
        return space.StartsWith("Newtonsoft.Json", StringComparison.Ordinal) || space == "System.Runtime.Serialization";
    }

    // Newtonsoft asks the object for its member names and values (DynamicObject's methods); a subclass that answers
    // them itself may answer differently from GetProperties.
    static bool ListsItsOwnMembers(Type type) =>
        type.GetMethod(nameof(DynObj.GetDynamicMemberNames))!.DeclaringType != typeof(DynObj) ||
        type.GetMethod(nameof(DynObj.TryGetMember))!.DeclaringType != typeof(DynObj);

    /// <summary>
    /// A JSON string as Newtonsoft escapes it by default: quotes, backslashes and control characters, plus U+0085,
    /// U+2028 and U+2029; everything else (non-ASCII, '&lt;', '\'') as it is.
    /// </summary>
    static void String(StringBuilder json, string text)
    {
        json.Append('"');
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? escaped = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\f' => "\\f",
                '\b' => "\\b",
                '\u0085' or '\u2028' or '\u2029' or < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escaped is null) continue;
            json.Append(text, start, i - start).Append(escaped);
            start = i + 1;
        }
        json.Append(text, start, text.Length - start).Append('"');
    }

    /// <summary>Shortest round-trip digits, ".0" added to integral values, and NaN and infinities as strings.</summary>
    static void Floating<T>(StringBuilder json, T value) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value))
        {
            json.Append('"').Append(value.ToString(null, CultureInfo.InvariantCulture)).Append('"');
            return;
        }
        Span<char> digits = stackalloc char[32];
        value.TryFormat(digits, out int length, "R", CultureInfo.InvariantCulture);
        Number(json, digits[..length]);
    }

    static void Number(StringBuilder json, ReadOnlySpan<char> digits)
    {
        json.Append(digits);
        if (digits.IndexOfAny('.', 'E', 'e') < 0) json.Append(".0");
    }
}
