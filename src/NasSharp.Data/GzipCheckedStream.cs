using System.Buffers.Binary;
using System.IO.Compression;

namespace NasSharp.Data;

/// <summary>
/// Decompresses a gzip file and, on reaching the end, checks the gzip trailer (RFC 1952, section 2.3.1:
/// CRC-32 and ISIZE, the length modulo 2^32, of the uncompressed data). .NET's GZipStream rejects a
/// wrong trailer, but when the file is cut short (deflate data or trailer missing) it just ends without
/// an error, which would let a cut-off dataset load silently.
/// The trailer is taken from the last 8 bytes of the file, so a file made of several concatenated gzip
/// members (rare for datasets) is reported as corrupt rather than checked member by member.
/// </summary>
internal sealed class GzipCheckedStream : Stream
{
    private static readonly uint[] Table = BuildTable();

    private readonly GZipStream inner;
    private readonly string path;
    private readonly uint expectedCrc;
    private readonly uint expectedSize;
    private uint crc = 0xFFFFFFFFu;
    private long length;
    private bool verified;

    public GzipCheckedStream(FileStream file, string path)
    {
        this.path = path;
        if (file.Length < 18)
        {
            throw new InvalidDataException($"{path}: truncated gzip file ({file.Length} bytes, shorter than a gzip header and trailer).");
        }

        Span<byte> trailer = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Position = 0;
        expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        inner = new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: corrupt gzip data ({ex.Message}).", ex);
        }

        if (read == 0 && buffer.Length > 0)
        {
            Verify();
        }

        foreach (var b in buffer[..read])
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        length += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        if (verified)
        {
            return;
        }

        var actualCrc = crc ^ 0xFFFFFFFFu;
        if (actualCrc != expectedCrc || (uint)length != expectedSize)
        {
            throw new InvalidDataException($"{path}: truncated or corrupt gzip file: decompressed {length} bytes with CRC-32 {actualCrc:x8}, but the gzip trailer records {expectedSize} bytes (mod 2^32) with CRC-32 {expectedCrc:x8}.");
        }

        verified = true;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
