using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.UnitTests.Files;

public class ReadBoundedAsyncTests
{
    [Fact]
    public async Task Stream_longer_than_the_limit_is_too_large_without_being_read_to_the_end()
    {
        const long limit = 1024 * 1024;
        var stream = new CountingStream(length: 100L * 1024 * 1024);

        var (bytes, reason) = await UploadInspector.ReadBoundedAsync(stream, limit, CancellationToken.None);

        Assert.Null(bytes);
        Assert.Equal(FileRejection.TooLarge, reason);
        Assert.True(stream.BytesRead <= limit + 1, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task Stream_exactly_at_the_limit_is_returned_whole()
    {
        var stream = new CountingStream(length: 200_000);

        var (bytes, reason) = await UploadInspector.ReadBoundedAsync(stream, 200_000, CancellationToken.None);

        Assert.Equal(FileRejection.None, reason);
        Assert.NotNull(bytes);
        Assert.Equal(200_000, bytes.Length);
        Assert.Equal(CountingStream.ByteAt(199_999), bytes[^1]);
    }

    [Fact]
    public async Task Stream_that_trickles_one_byte_per_read_is_assembled_in_order()
    {
        var stream = new CountingStream(length: 1000, maxPerRead: 1);

        var (bytes, reason) = await UploadInspector.ReadBoundedAsync(stream, 5000, CancellationToken.None);

        Assert.Equal(FileRejection.None, reason);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => CountingStream.ByteAt(i)), bytes!);
    }

    [Fact]
    public async Task Empty_stream_is_reported_as_empty()
    {
        var (bytes, reason) = await UploadInspector.ReadBoundedAsync(new MemoryStream(), 100, CancellationToken.None);

        Assert.Null(bytes);
        Assert.Equal(FileRejection.Empty, reason);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => UploadInspector.ReadBoundedAsync(new CountingStream(10_000), 100_000, cts.Token));
    }

    /// <summary>A synthetic, non-seekable stream that records how much was actually pulled from it.</summary>
    private sealed class CountingStream(long length, int maxPerRead = int.MaxValue) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public static byte ByteAt(long position) => (byte)(position * 31);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(Math.Min(buffer.Length, maxPerRead), length - BytesRead);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = ByteAt(BytesRead + i);
            }

            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
