namespace RegistryCheck.Web.Infrastructure.Files;

/// <summary>
/// The write-only, non-seekable stream a streamed zip (the evidence packet, the CHSI photos) writes to. ZipArchive still writes some parts
/// (an entry's data descriptor, the central directory) synchronously even through its async API, and Kestrel refuses
/// synchronous writes to the response body; so the archive writes here, into memory, and the handler drains the
/// buffer to the response asynchronously after every entry. The buffer holds at most one compressed entry.
/// </summary>
public sealed class EntryBuffer : Stream
{
    private readonly MemoryStream _buffer = new();
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _buffer.Write(buffer);
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends what has been written since the last drain, then forgets it.</summary>
    public async Task DrainToAsync(Stream target, CancellationToken ct)
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        await target.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
        await target.FlushAsync(ct);
        _buffer.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
