namespace MnistCourse;

/// <summary>
/// Writes a file so that readers (and a crash) only ever see the old file or the complete new one. The temp
/// file is &lt;path&gt;.&lt;pid&gt;.tmp; a killed process leaves it behind, and the next run in the folder removes it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Called with the file's name when its temp file is complete, just before the rename: the CLI's fault tests stop the process there. Null everywhere else.</summary>
    internal static Action<string>? BeforeRename { get; set; }

    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temp = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            BeforeRename?.Invoke(Path.GetFileName(full));
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // One line naming the file the user knows (not the temp file) and the system's reason.
            throw new IOException($"cannot write {full}: {Reason(e)}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The system's reason without the path .NET appends to it (": '/x/y.tmp'").</summary>
    static string Reason(Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ");
        int quote = message.IndexOf(" : '", StringComparison.Ordinal);
        return quote > 0 ? message[..quote] : message;
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });
}
