using System.Buffers.Binary;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// An .xls (BIFF8 in an OLE compound file) is not compressed, so its "bomb" is a small file whose counts lie: the
/// compound file's directory declaring a 2 GiB workbook stream, the string table (SST) declaring two thousand million
/// strings, the sheet's DIMENSIONS declaring 65,536 × 256 cells. Each lie is made in LibreOffice's fixture
/// (docs/import.md) at its byte offset; the portal must answer with the preview or a clear refusal — never a server
/// error or an allocation as large as the lie — and store nothing it did not show.
/// </summary>
public class XlsBombTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static byte[] Fixture() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "chsi-roster.xls"));

    /// <summary>The compound file's directory entry "Workbook": its stream size (offset 120 of the 128-byte entry) set to 2 GiB − 1.</summary>
    private static byte[] StreamSizeLie()
    {
        var bytes = Fixture();
        var name = Encoding.Unicode.GetBytes("Workbook");
        var at = bytes.AsSpan().IndexOf(name);
        Assert.True(at > 0 && at % 128 == 0, "directory entry not found");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 120), int.MaxValue);
        return bytes;
    }

    /// <summary>The SST record (type 0x00FC): total and unique string counts set to 2³¹ − 1.</summary>
    private static byte[] StringCountLie()
    {
        var bytes = Fixture();
        var at = Record(bytes, 0x00FC, data => BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) is > 0 and < 100_000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), int.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), int.MaxValue);
        return bytes;
    }

    /// <summary>The DIMENSIONS record (type 0x0200, 14 bytes): last row + 1 = 65,536, last column + 1 = 256.</summary>
    private static byte[] DimensionsLie()
    {
        var bytes = Fixture();
        var at = Record(bytes, 0x0200, data => data.Length == 14);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4 + 4), 65_536);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 4 + 10), 256);
        return bytes;
    }

    /// <summary>The offset of the first BIFF record of that type whose data passes the check.</summary>
    private static int Record(byte[] bytes, ushort type, Func<ReadOnlySpan<byte>, bool> check)
    {
        for (var i = 0; i + 4 < bytes.Length; i++)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 2));
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i)) == type && length > 0 && i + 4 + length <= bytes.Length
                && check(bytes.AsSpan(i + 4, length)))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"record {type:X4} not found");
    }

    public static TheoryData<string> Lies => ["stream-size", "string-count", "dimensions"];

    private static byte[] Lie(string lie) => lie switch
    {
        "stream-size" => StreamSizeLie(),
        "string-count" => StringCountLie(),
        _ => DimensionsLie(),
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public void The_reader_refuses_or_reads_a_lying_xls_without_allocating_what_it_claims(string lie)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        int? rows = null;
        RosterFileException? refused = null;
        try
        {
            using var file = RosterFile.Open(Lie(lie), new RosterLimits());
            rows = file.DataRows().Count();
        }
        catch (RosterFileException ex)
        {
            refused = ex;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L * 1024 * 1024, $"{lie}: allocated {allocated / 1048576} MiB");
        Assert.True(refused is not null || rows <= 10, $"{lie}: {rows} rows");
        if (refused is not null)
        {
            Assert.StartsWith("无法识别该文件", refused.Problem.Key);
        }
    }

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task An_uploaded_lying_xls_gets_a_preview_or_a_clear_refusal_and_nothing_is_stored_before_commit(string lie)
    {
        using var registrar = await ImportKit.RegistrarAsync(factory);
        var students = await factory.WithDbAsync(db => db.Students.CountAsync());

        var name = $"bomb-{lie}.xls";
        var upload = await ImportKit.UploadRosterAsync(registrar, Lie(lie), name);

        Assert.NotEqual(System.Net.HttpStatusCode.InternalServerError, upload.StatusCode);
        if (upload.Headers.Location?.OriginalString == "/import")
        {
            // Refused at upload (the file is opened there once): the message, and no job or file kept.
            Assert.StartsWith("无法识别该文件", await ImportKit.RefusalAsync(registrar, upload));
            Assert.False(await factory.WithDbAsync(db => db.ImportJobs.AnyAsync(j => j.FileName == name)));
        }
        else
        {
            var job = await ImportKit.WaitAsync(factory, await ImportKit.JobIdAsync(registrar, upload));
            Assert.True(job.Status is ImportStatus.Previewed or ImportStatus.Failed, $"{lie}: {job.Status}");
            if (job.Status == ImportStatus.Failed)
            {
                var (_, page) = await registrar.GetPageAsync($"/import/{job.Id}");
                Assert.Contains("无法识别该文件", page.QuerySelector(".flash.error")!.TextContent);
            }
        }

        Assert.Equal(students, await factory.WithDbAsync(db => db.Students.CountAsync()));
    }
}
