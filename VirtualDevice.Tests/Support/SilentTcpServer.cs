using System.Net;
using System.Net.Sockets;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// A TCP server on loopback that accepts every connection and then never says a word (a TLS handshake
/// gets no answer), or closes each connection at once. It counts the connections it accepted.
/// </summary>
public sealed class SilentTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _loop;
    private int _accepted;

    public SilentTcpServer(bool closeAtOnce = false)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptAsync(closeAtOnce));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        lock (_open)
        {
            _open.ForEach(s => s.Dispose());
        }
    }

    private async Task AcceptAsync(bool closeAtOnce)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            if (closeAtOnce)
            {
                socket.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(socket);
            }
        }
    }
}
