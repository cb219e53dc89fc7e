using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NanoDps.Emulator;

/// <summary>
/// Gives the answers Kestrel sends on its own, for requests it cannot parse (a NUL in the path, a
/// path or headers over its limits, a malformed request line or header, a bad Content-Length), the
/// DPS error body. Kestrel writes those before any emulator code runs, always with
/// <c>Content-Length: 0</c>, and offers no hook for a body; the emulator itself never answers 4xx or
/// 5xx without a body. So a connection filter, between TLS and HTTP, looks at each flushed answer:
/// an error status with an empty body is Kestrel's, and it is rewritten with a body.
/// </summary>
internal sealed class ParserRejectionBodies : PipeWriter
{
    private static readonly byte[] EmptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();

    private readonly PipeWriter _inner;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _pending = new(1024);

    private ParserRejectionBodies(PipeWriter inner, TimeProvider time)
    {
        _inner = inner;
        _time = time;
    }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _pending.WrittenCount;

    /// <summary>Adds the filter to a listener; call after <c>UseHttps</c> so it sees plain HTTP.</summary>
    public static void Use(ListenOptions listen, TimeProvider time) =>
        listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new Duplex(transport.Input, new ParserRejectionBodies(transport.Output, time));
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                connection.Transport = transport;
            }
        });

    /// <summary>The body the emulator gives an answer of <paramref name="status"/> that Kestrel made.</summary>
    public static string MessageFor(int status) => status switch
    {
        400 => "Bad request: the request line, a header or the message framing is not valid HTTP/1.1.",
        408 => "Request timeout: the request did not arrive in time.",
        411 => "Length required: send Content-Length.",
        413 => "Request body too large.",
        414 => "The request path and query are too long.",
        431 => "The request headers are too large.",
        501 => "Not implemented: unsupported Transfer-Encoding.",
        505 => "HTTP version not supported: use HTTP/1.1.",
        _ => "The request was rejected.",
    };

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        Drain();
        _inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Drain();
        return _inner.CompleteAsync(exception);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Drain();
        return _inner.FlushAsync(cancellationToken);
    }

    private void Drain()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        var data = _pending.WrittenSpan;
        if (EmptyErrorAnswer(data) is { } status)
        {
            WithBody(data, status);
        }
        else
        {
            _inner.Write(data);
        }

        _pending.ResetWrittenCount();
    }

    /// <summary>The status of <paramref name="data"/> when it is exactly one 4xx/5xx answer head with <c>Content-Length: 0</c>.</summary>
    private static int? EmptyErrorAnswer(ReadOnlySpan<byte> data)
    {
        // "HTTP/1.1 400 ..."
        if (data.Length < 16 || !data.StartsWith("HTTP/1."u8) || data[9] is not ((byte)'4' or (byte)'5'))
        {
            return null;
        }

        var headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0 || headEnd + 4 != data.Length || data[..(headEnd + 2)].IndexOf(EmptyLength) < 0)
        {
            return null;
        }

        return int.TryParse(data.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;
    }

    private void WithBody(ReadOnlySpan<byte> head, int status)
    {
        var body = DpsJson.Error(status * 1000, MessageFor(status), _time.GetUtcNow());
        var lengthAt = head.IndexOf(EmptyLength);
        _inner.Write(head[..lengthAt]);
        _inner.Write(Encoding.ASCII.GetBytes(
            $"\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n"));
        _inner.Write(head[(lengthAt + EmptyLength.Length)..]);
        _inner.Write(body);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
