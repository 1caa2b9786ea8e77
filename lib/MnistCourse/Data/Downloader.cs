using System.Net;
using System.Security.Cryptography;

namespace MnistCourse.Data;

/// <summary>Progress of one file's download; <see cref="TotalBytes"/> is null when the server does not say.</summary>
public readonly record struct DownloadProgress(string File, long Bytes, long? TotalBytes);

/// <summary>
/// Fetches data files from a list of mirrors: the next mirror on any failure (HTTP error, refused or cut
/// connection, wrong checksum), MD5 verified, written to a temp file and renamed into place so that a
/// partial file never sits where a complete one is expected.
/// </summary>
internal sealed class Downloader(HttpClient http, IProgress<DownloadProgress>? progress = null, Action<string>? log = null)
{
    /// <summary>An HttpClient with timeouts suited to a machine that may be offline: fail fast, do not hang.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>Downloads every file of <paramref name="dataset"/> that <paramref name="directory"/> lacks.</summary>
    public async Task DownloadAllAsync(DatasetInfo dataset, string directory, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in dataset.Files)
            if (!File.Exists(Path.Combine(directory, file.Name)))
                await DownloadAsync(dataset, file, directory, cancel);
    }

    /// <summary>Downloads one file into <paramref name="directory"/>, trying each mirror in turn.</summary>
    public async Task<string> DownloadAsync(DatasetInfo dataset, DataFile file, string directory, CancellationToken cancel = default)
    {
        string target = Path.Combine(directory, file.Name);
        var failures = new List<string>();
        foreach (string mirror in dataset.Mirrors)
        {
            string url = mirror.TrimEnd('/') + "/" + file.Name;
            string temp = $"{target}.{Guid.NewGuid():N}.part";
            try
            {
                log?.Invoke(MnistCourse.Localization.Texts.Format("Downloading {0}", url));
                string md5 = await FetchAsync(url, temp, file.Name, cancel);
                if (!string.Equals(md5, file.GzipMd5, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException($"MD5 {md5}, expected {file.GzipMd5}");
                File.Move(temp, target, overwrite: true);
                return target;
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException)
            {
                string reason = e is TaskCanceledException ? "timed out" : OneLine(e);
                failures.Add($"{url}: {reason}");
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        throw new DataException($"{file.Name}: no {dataset.DisplayName} mirror could provide it ({string.Join("; ", failures)})");
    }

    async Task<string> FetchAsync(string url, string temp, string name, CancellationToken cancel)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        long? total = response.Content.Headers.ContentLength;

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        await using (var body = await response.Content.ReadAsStreamAsync(cancel))
        await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            long received = 0;
            int n;
            while ((n = await body.ReadAsync(buffer, cancel)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, n), cancel);
                md5.AppendData(buffer, 0, n);
                received += n;
                progress?.Report(new DownloadProgress(name, received, total));
            }
            if (total is long expected && received != expected)
                throw new IOException($"connection closed after {received} of {expected} bytes");
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    static string OneLine(Exception e)
    {
        string message = e.Message.TrimEnd('.');
        // HttpClient repeats the socket's message in its own ("Name or service not known (host:443)"): say it once.
        if (e is HttpRequestException && e.InnerException is { } inner && !message.StartsWith("HTTP ", StringComparison.Ordinal)
            && !message.Contains(inner.Message.TrimEnd('.'), StringComparison.Ordinal))
            message = $"{message} ({inner.Message.TrimEnd('.')})";
        return message.ReplaceLineEndings(" ");
    }
}
