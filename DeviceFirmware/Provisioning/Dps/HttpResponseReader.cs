namespace NanoDps.Provisioning
{
    /// <summary>
    /// Reads an HTTP/1.1 answer from the bytes a transport receives, in pieces of any size: the status
    /// line, the headers it needs (Content-Length, Transfer-Encoding: chunked, Retry-After) and the
    /// body, within fixed limits (the board's heap is small). A body is delimited by Content-Length,
    /// by chunks, or by the end of the connection; 1xx answers are skipped; 204 and 304 have none.
    /// What cannot be read is named in <see cref="Problem"/>: a status line that is not HTTP (no
    /// status, as nanoFramework's HttpWebResponse gives 0), headers too long, a body too large or cut off.
    /// </summary>
    public sealed class HttpResponseReader
    {
        private const int StatusLine = 0;
        private const int Headers = 1;
        private const int FixedBody = 2;
        private const int ChunkSize = 3;
        private const int ChunkData = 4;
        private const int ChunkEnd = 5;
        private const int Trailer = 6;
        private const int BodyUntilClose = 7;
        private const int Done = 8;

        private readonly int _maxHeaderBytes;
        private readonly int _maxBodyBytes;
        private readonly char[] _line;
        private int _lineLength;
        private int _headerBytes;
        private int _state;
        private long _contentLength = -1;
        private bool _chunked;
        private int _chunkLeft;
        private byte[] _body;

        /// <summary>A reader that accepts at most <paramref name="maxHeaderBytes"/> of status line and headers and <paramref name="maxBodyBytes"/> of body.</summary>
        public HttpResponseReader(int maxHeaderBytes, int maxBodyBytes)
        {
            _maxHeaderBytes = maxHeaderBytes;
            _maxBodyBytes = maxBodyBytes;
            _line = new char[maxHeaderBytes];
            RetryAfterSeconds = HttpExchangeResult.NoRetryAfter;
        }

        /// <summary>True once the answer is whole, or cannot be read further (see <see cref="Problem"/>).</summary>
        public bool IsComplete
        {
            get { return _state == Done; }
        }

        /// <summary>The HTTP status, or 0 before (or without) a valid status line.</summary>
        public int StatusCode { get; private set; }

        /// <summary>Retry-After in whole seconds, or <see cref="HttpExchangeResult.NoRetryAfter"/>.</summary>
        public int RetryAfterSeconds { get; private set; }

        /// <summary>The body received (valid up to <see cref="BodyLength"/>); null when there was none.</summary>
        public byte[] Body
        {
            get { return _body; }
        }

        /// <summary>Bytes of body received.</summary>
        public int BodyLength { get; private set; }

        /// <summary>Why the answer cannot be used as it is, or null.</summary>
        public string Problem { get; private set; }

        /// <summary>Takes <paramref name="count"/> bytes from <paramref name="data"/>; true once the answer is complete.</summary>
        public bool Feed(byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end && _state != Done; i++)
            {
                if (_state == FixedBody || _state == ChunkData || _state == BodyUntilClose)
                {
                    i += TakeBody(data, i, end) - 1;
                }
                else
                {
                    TakeLineByte(data[i]);
                }
            }

            return _state == Done;
        }

        /// <summary>The connection ended: a body read "until close" is whole now; anything else unfinished was cut off.</summary>
        public void Closed()
        {
            if (_state == Done)
            {
                return;
            }

            if (_state == BodyUntilClose)
            {
                _state = Done;
            }
            else if (_state == StatusLine && StatusCode == 0)
            {
                Stop(_headerBytes == 0 ? "the server closed the connection without answering" : "the server closed the connection in the middle of the status line");
            }
            else if (_state == Headers || _state == StatusLine)
            {
                Stop("the server closed the connection in the middle of the headers");
            }
            else if (_state == FixedBody)
            {
                Stop("the answer body was cut off after " + BodyLength.ToString() + " of " + _contentLength.ToString() + " bytes");
            }
            else
            {
                Stop("the chunked answer body was cut off after " + BodyLength.ToString() + " bytes");
            }
        }

        /// <summary>
        /// The answer as the core takes it when its body cannot or need not be parsed: a transport
        /// failure without a status, a malformed answer with its status, or an answer without a
        /// body. Null when there is a body for the caller to parse (then <see cref="HttpExchangeResult.Answered"/>).
        /// </summary>
        public HttpExchangeResult ResultWithoutBody()
        {
            if (Problem != null)
            {
                return StatusCode == 0 ? HttpExchangeResult.TransportFailed(Problem) : HttpExchangeResult.Malformed(StatusCode, RetryAfterSeconds, Problem);
            }

            return BodyLength == 0 ? HttpExchangeResult.Answered(StatusCode, RetryAfterSeconds, null) : null;
        }

        private int TakeBody(byte[] data, int from, int end)
        {
            int available = end - from;
            int wanted = _state == FixedBody ? (int)_contentLength - BodyLength : _state == ChunkData ? _chunkLeft : available;
            int take = available < wanted ? available : wanted;
            if (BodyLength + take > _body.Length)
            {
                Stop("the answer body is larger than " + _maxBodyBytes.ToString() + " bytes");
                return available;
            }

            for (int i = 0; i < take; i++)
            {
                _body[BodyLength + i] = data[from + i];
            }

            BodyLength += take;
            if (_state == FixedBody && BodyLength == _contentLength)
            {
                _state = Done;
            }
            else if (_state == ChunkData)
            {
                _chunkLeft -= take;
                if (_chunkLeft == 0)
                {
                    _state = ChunkEnd;
                }
            }

            return take;
        }

        private void TakeLineByte(byte b)
        {
            if (++_headerBytes > _maxHeaderBytes)
            {
                Stop(StatusCode == 0 ? "the status line is longer than " + _maxHeaderBytes.ToString() + " bytes" : "the headers are longer than " + _maxHeaderBytes.ToString() + " bytes");
                return;
            }

            if (b != (byte)'\n')
            {
                _line[_lineLength++] = b < 0x80 ? (char)b : '?';
                return;
            }

            int length = _lineLength > 0 && _line[_lineLength - 1] == '\r' ? _lineLength - 1 : _lineLength;
            string line = new string(_line, 0, length);
            _lineLength = 0;
            switch (_state)
            {
                case StatusLine:
                    ReadStatusLine(line);
                    break;
                case Headers:
                    ReadHeader(line);
                    break;
                case ChunkSize:
                    ReadChunkSize(line);
                    break;
                case ChunkEnd:
                    _state = line.Length == 0 ? ChunkSize : Stop("a chunk of the answer body does not end where its size says");
                    break;
                default:
                    _state = line.Length == 0 ? Done : Trailer;
                    break;
            }
        }

        private void ReadStatusLine(string line)
        {
            // "HTTP/1.1 202 Accepted": anything else is no HTTP answer.
            int status = 0;
            bool valid = line.StartsWith("HTTP/1.") && line.Length >= 12 && line[8] == ' ' && (line.Length == 12 || line[12] == ' ');
            for (int i = 9; valid && i < 12; i++)
            {
                valid = line[i] >= '0' && line[i] <= '9';
                status = (status * 10) + (line[i] - '0');
            }

            if (!valid || status < 100)
            {
                Stop("the answer had no valid HTTP status line");
                return;
            }

            StatusCode = status;
            _state = Headers;
        }

        private void ReadHeader(string line)
        {
            if (line.Length > 0)
            {
                int colon = line.IndexOf(':');
                string name = colon < 0 ? string.Empty : line.Substring(0, colon).Trim().ToLower();
                string value = colon < 0 ? string.Empty : line.Substring(colon + 1).Trim();
                if (name == "content-length")
                {
                    _contentLength = ParseLength(value);
                }
                else if (name == "transfer-encoding")
                {
                    _chunked = value.ToLower().IndexOf("chunked") >= 0;
                }
                else if (name == "retry-after")
                {
                    RetryAfterSeconds = HttpExchangeResult.ParseRetryAfter(value);
                }

                return;
            }

            if (StatusCode < 200)
            {
                // An interim answer (100 Continue): the real one follows.
                StatusCode = 0;
                RetryAfterSeconds = HttpExchangeResult.NoRetryAfter;
                _contentLength = -1;
                _chunked = false;
                _state = StatusLine;
            }
            else if (StatusCode == 204 || StatusCode == 304 || _contentLength == 0)
            {
                _state = Done;
            }
            else if (_contentLength > _maxBodyBytes)
            {
                Stop("the answer body has " + _contentLength.ToString() + " bytes, more than " + _maxBodyBytes.ToString());
            }
            else
            {
                _body = new byte[_chunked || _contentLength < 0 ? _maxBodyBytes : (int)_contentLength];
                _state = _chunked ? ChunkSize : _contentLength > 0 ? FixedBody : BodyUntilClose;
            }
        }

        private void ReadChunkSize(string line)
        {
            int semicolon = line.IndexOf(';');
            string hex = (semicolon < 0 ? line : line.Substring(0, semicolon)).Trim().ToLower();
            int size = 0;
            for (int i = 0; i < hex.Length; i++)
            {
                int digit = "0123456789abcdef".IndexOf(hex[i]);
                if (digit < 0)
                {
                    Stop("a chunk size of the answer body is not hexadecimal");
                    return;
                }

                // Checked digit by digit, before the size can overflow.
                size = (size * 16) + digit;
                if (size > _maxBodyBytes)
                {
                    Stop("the answer body is larger than " + _maxBodyBytes.ToString() + " bytes");
                    return;
                }
            }

            if (hex.Length == 0)
            {
                Stop("a chunk size of the answer body is missing");
            }
            else if (size == 0)
            {
                _state = Trailer;
            }
            else
            {
                _chunkLeft = size;
                _state = ChunkData;
            }
        }

        private int Stop(string problem)
        {
            Problem = problem;
            _state = Done;
            return Done;
        }

        private static long ParseLength(string value)
        {
            if (value.Length == 0 || value.Length > 12)
            {
                return -1;
            }

            long length = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return -1;
                }

                length = (length * 10) + (value[i] - '0');
            }

            return length;
        }
    }
}
