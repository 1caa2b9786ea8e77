using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MnistCourse.Tests.Data;

/// <summary>What the server answers to one request.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">Bytes of the body; Content-Length always states their full length.</param>
/// <param name="SendOnly">When set, only this many body bytes are sent before the connection is cut.</param>
public sealed record ServerResponse(int Status, byte[] Body, int? SendOnly = null)
{
    public static ServerResponse Ok(byte[] body) => new(200, body);
    public static ServerResponse Error(int status) => new(status, Encoding.ASCII.GetBytes($"error {status}\n"));
    public static ServerResponse CutAfter(byte[] body, int bytes) => new(200, body, bytes);
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for tests. Raw sockets rather than HttpListener because a test
/// must be able to promise a Content-Length and then cut the connection. Every response closes its
/// connection, so each request the client makes shows up in <see cref="Requests"/>.
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly Func<string, ServerResponse> handler;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    /// <param name="handler">Maps a request path (e.g. "/a/train-labels-idx1-ubyte.gz") to a response.</param>
    public LocalHttpServer(Func<string, ServerResponse> handler)
    {
        this.handler = handler;
        listener.Start();
        loop = Task.Run(AcceptLoop);
    }

    /// <summary>Serves fixed paths; any other path answers 404.</summary>
    public LocalHttpServer(IReadOnlyDictionary<string, ServerResponse> routes)
        : this(path => routes.TryGetValue(path, out var r) ? r : ServerResponse.Error(404)) { }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The base URL of a folder on this server, ending in "/", usable as a mirror.</summary>
    public string Url(string folder = "") => $"http://127.0.0.1:{Port}/{(folder.Length > 0 ? folder.Trim('/') + "/" : "")}";

    /// <summary>Paths requested so far, in order.</summary>
    public IReadOnlyList<string> Requests => requests.ToArray();
    readonly ConcurrentQueue<string> requests = new();

    async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                string? path = await ReadRequestPath(stream);
                if (path is null) return;
                requests.Enqueue(path);
                var response = handler(path);
                string head = $"HTTP/1.1 {response.Status} {ReasonOf(response.Status)}\r\n" +
                              $"Content-Length: {response.Body.Length}\r\n" +
                              "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                int send = Math.Min(response.SendOnly ?? response.Body.Length, response.Body.Length);
                await stream.WriteAsync(response.Body.AsMemory(0, send));
                await stream.FlushAsync();
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (IOException) { }
            catch (SocketException) { }
        }
    }

    /// <summary>Reads the request head up to the blank line and returns the path of its request line.</summary>
    static async Task<string?> ReadRequestPath(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n"))
        {
            int n = await stream.ReadAsync(buffer);
            if (n == 0) return null;
            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        string[] requestLine = head.ToString().Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 ? requestLine[1] : null;
    }

    static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        stop.Dispose();
    }
}
