using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.UnitTests.Dbf;
using RegistryCheck.Web.Infrastructure.Files;
using Xunit.Abstractions;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Roster and photo-zip uploads fuzzed over HTTP with generated malformed files: each is refused at upload with a
/// Chinese message, or becomes a job that settles (bounded wait) as a preview without new/updated rows or as a
/// failure with a message; students and photos are never changed.
/// </summary>
public class ImportFuzzTests(PortalFactory factory, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    public const int RosterCases = 300;
    public const int PhotoCases = 300;

    [Fact]
    public async Task Hundreds_of_malformed_roster_files_each_get_a_clear_message_and_change_no_student()
    {
        await FuzzAsync(RosterFiles(RosterCases), photos: false);
    }

    [Fact]
    public async Task Hundreds_of_malformed_photo_zips_each_get_a_clear_message_and_add_no_photo()
    {
        await FuzzAsync(PhotoZips(PhotoCases, await ExamNumbersAsync()), photos: true);
    }

    public const int ChsiCases = 300;

    [Fact]
    public async Task Hundreds_of_malformed_xls_and_dbf_rosters_each_get_a_clear_message_and_change_no_student()
    {
        await FuzzAsync(ChsiFiles(ChsiCases), photos: false, expected: ChsiCases);
    }

    private async Task FuzzAsync(IEnumerable<(string Name, byte[] Bytes)> cases, bool photos, int? expected = null)
    {
        using var registrar = await ImportKit.RegistrarAsync(factory);
        var before = await StateAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int tried = 0, refusedAtUpload = 0, failedJobs = 0, previews = 0;
        var failures = new List<string>();
        foreach (var (name, bytes) in cases)
        {
            tried++;
            var upload = photos
                ? await ImportKit.UploadPhotosAsync(registrar, bytes, fileName: name)
                : await ImportKit.UploadRosterAsync(registrar, bytes, name);
            if (upload.StatusCode != HttpStatusCode.Redirect)
            {
                failures.Add($"{name}: upload answered {(int)upload.StatusCode}");
                continue;
            }

            var location = upload.Headers.Location!.OriginalString;
            if (location == "/import")
            {
                var message = await ImportKit.RefusalAsync(registrar, upload);
                if (!message.Any(c => c >= 0x4E00 && c <= 0x9FFF))
                {
                    failures.Add($"{name}: refused without a Chinese message ('{message}')");
                }

                refusedAtUpload++;
                continue;
            }

            var jobId = int.Parse(location["/import/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var job = await ImportKit.WaitAsync(factory, jobId, TimeSpan.FromSeconds(60));
            var (jobPage, _) = await registrar.GetPageAsync($"/import/{jobId}");
            if (jobPage.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{name}: job page answered {(int)jobPage.StatusCode}");
            }

            if (job.Status == ImportStatus.Failed)
            {
                failedJobs++;
                if (string.IsNullOrWhiteSpace(job.Error))
                {
                    failures.Add($"{name}: failed job {jobId} without a message ({job.Error})");
                }
            }
            else if (job.Status == ImportStatus.Previewed)
            {
                previews++;
                if (job.NewCount + job.UpdatedCount > 0)
                {
                    failures.Add($"{name}: a malformed file previewed {job.NewCount} new and {job.UpdatedCount} updated rows");
                }
            }
            else
            {
                failures.Add($"{name}: job {jobId} ended {job.Status}");
            }

            // Leave nothing pending: cancel the preview, as a registrar would.
            if (job.Status == ImportStatus.Previewed)
            {
                await registrar.PostFormAsync($"/import/{jobId}/cancel", [], $"/import/{jobId}");
            }
        }

        Assert.Equal(before, await StateAsync());
        output.WriteLine($"{(photos ? "photo zips" : "rosters")}: {tried} cases in {watch.Elapsed.TotalSeconds:F1} s; refused at upload {refusedAtUpload}, previews without changes {previews}, failed jobs {failedJobs}; failures {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(50)));
        Assert.Equal(expected ?? (photos ? PhotoCases : RosterCases), tried);
    }

    private Task<string> StateAsync() => factory.WithDbAsync(async db =>
        $"{await db.Students.CountAsync()} students, {await db.Users.CountAsync()} users, {await db.AdmissionPhotos.CountAsync()} photos, "
        + $"{await db.RecordChanges.CountAsync()} changes, {await db.Classes.CountAsync()} classes, {await db.Majors.CountAsync()} majors, "
        + $"latest update {await db.Students.MaxAsync(s => s.UpdatedAt):O}");

    private Task<List<string>> ExamNumbersAsync() =>
        factory.WithDbAsync(db => db.Students.Where(s => s.ExamNumber != null).Select(s => s.ExamNumber!).Take(20).ToListAsync());

    // ---------- Generators (fixed seeds, so a failure can be replayed) ----------

    /// <summary>
    /// Mutations of an .xls (the LibreOffice fixture whose ID was typed as a number) and of a byte-by-byte .dbf whose
    /// rows are each wrong three ways (no 学号, no 姓名, a bad ID check digit): a mutation may make a file readable, but
    /// never a row valid, so a preview with new rows would be a real failure.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Bytes)> ChsiFiles(int count, int seed = 6014)
    {
        var random = new Random(seed);
        var xls = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "chsi-id-as-number.xls"));
        DbfBytes.Field[] fields = [new("XH", 'C', 15), new("XM", 'C', 40), new("SFZH", 'C', 18), new("MZ", 'C', 10), new("FY", 'C', 20),
            new("ZYMC", 'C', 20), new("BH", 'C', 30), new("RXRQ", 'D', 8), new("XZ", 'N', 3, 1)];
        var bad = new DbfBytes.Row(["", "", "110101200803150910", "汉族", "经济学院", "经济学", "2026级经济学1班", "20260901", "4.0"]);
        var dbf = DbfBytes.Table(fields, [bad, bad with { Deleted = true }, bad]);
        for (var i = 0; i < count; i++)
        {
            var (name, source) = i % 2 == 0 ? ($"fuzz{i}.xls", xls) : ($"fuzz{i}.dbf", dbf);
            yield return (name, Mutate(random, source, i / 2 % 6));
        }
    }

    private static byte[] Mutate(Random random, byte[] source, int kind)
    {
        var bytes = (byte[])source.Clone();
        switch (kind)
        {
            case 0:
                return bytes[..random.Next(1, bytes.Length)];
            case 1 or 2:
                for (var n = random.Next(1, 12); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 3:
                // The header's figures (dBase: count, header and record length; CFB: sector sizes and counts).
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    bytes[random.Next(4, Math.Min(80, bytes.Length))] = (byte)random.Next(256);
                }

                return bytes;
            case 4:
                return [.. bytes[..Math.Min(bytes.Length, 64)], .. MalformedFiles.Bytes(random, random.Next(1, 4096))];
            default:
                var at = random.Next(bytes.Length);
                var run = Math.Min(bytes.Length - at, random.Next(1, 512));
                random.NextBytes(bytes.AsSpan(at, run));
                return bytes;
        }
    }

    public static IEnumerable<(string Name, byte[] Bytes)> RosterFiles(int count, int seed = 6001)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 5).Select(_ => (IReadOnlyDictionary<string, string>)ImportKit.Row()).ToList();
        var xlsx = Xlsx.Build(ImportKit.Headers, rows);
        var header = string.Join(",", ImportKit.Headers) + "\r\n";
        for (var i = 0; i < count; i++)
        {
            yield return (i % 14) switch
            {
                0 => ($"trunc{i}.xlsx", xlsx[..random.Next(1, xlsx.Length - 1)]),
                1 => ($"random{i}.csv", MalformedFiles.Bytes(random, random.Next(1, 8192))),
                2 => ($"magic{i}.xlsx", [.. "PK\u0003\u0004"u8.ToArray(), .. MalformedFiles.Bytes(random, random.Next(0, 2048))]),
                3 => ($"ole{i}.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. MalformedFiles.Bytes(random, 1024)]),
                4 => ($"binary{i}.csv", [.. Encoding.UTF8.GetBytes(header), .. MalformedFiles.Bytes(random, random.Next(10, 4096))]),
                5 => ($"utf16nobom{i}.csv", Encoding.Unicode.GetBytes(header + "2026,张三\r\n")),
                6 => ($"mixed{i}.csv", [.. Encoding.UTF8.GetBytes(header), 0xFF, 0xFE, 0xC0, 0x80, .. RosterFile_Gb(random)]),
                7 => ($"longline{i}.csv", Encoding.UTF8.GetBytes(header + new string('数', random.Next(200_000, 1_500_000)) + "," + new string('9', 5000) + "\r\n")),
                8 => ($"brokensheet{i}.xlsx", ReplaceEntry(xlsx, "xl/worksheets/sheet1.xml", random, e => e[..random.Next(10, Math.Max(11, e.Length - 10))])),
                9 => ($"garbagesheet{i}.xlsx", ReplaceEntry(xlsx, "xl/worksheets/sheet1.xml", random, _ => MalformedFiles.Bytes(random, 500))),
                10 => ($"noworkbook{i}.xlsx", PhotoImportTests.Zip(("readme.txt", MalformedFiles.Bytes(random, 100)), ("a/b/c.bin", MalformedFiles.Bytes(random, 100)))),
                11 => ($"quote{i}.csv", Encoding.UTF8.GetBytes(header + "\"" + new string('x', random.Next(1000, 200_000)))),
                12 => ($"headeronly{i}.csv", Encoding.UTF8.GetBytes(i % 28 == 12 ? "\uFEFF" : header)),
                _ => ($"wrongrows{i}.csv", Encoding.UTF8.GetBytes(header + string.Concat(Enumerable.Range(0, 20).Select(_ =>
                    string.Join(",", ImportKit.Headers.Select(_ => Garbage(random))) + "\r\n")))),
            };
        }
    }

    public static IEnumerable<(string Name, byte[] Bytes)> PhotoZips(int count, IReadOnlyList<string> examNumbers, int seed = 6002)
    {
        var random = new Random(seed);
        var png = DemoPhotoGenerator.Create(3);
        string Exam() => examNumbers[random.Next(examNumbers.Count)];
        var valid = PhotoImportTests.Zip(("a.png", png), ("b.png", png));
        for (var i = 0; i < count; i++)
        {
            yield return (i % 12) switch
            {
                0 => ($"trunc{i}.zip", valid[..random.Next(1, valid.Length - 1)]),
                1 => ($"random{i}.zip", MalformedFiles.Bytes(random, random.Next(1, 8192))),
                2 => ($"magic{i}.zip", [.. "PK\u0003\u0004"u8.ToArray(), .. MalformedFiles.Bytes(random, random.Next(0, 2048))]),
                3 => ($"notimages{i}.zip", PhotoImportTests.Zip(($"{Exam()}.jpg", Encoding.UTF8.GetBytes("not a photo")), ($"{Exam()}.png", MalformedFiles.Bytes(random, 3000)))),
                4 => ($"traversal{i}.zip", PhotoImportTests.Zip(($"../../../../etc/{Exam()}.jpg", MalformedFiles.Bytes(random, 200)), ($"C:\\Windows\\{Exam()}.png", png[..random.Next(10, png.Length - 1)]), ("/abs/../x.png", png))),
                5 => ($"nested{i}.zip", Nest(PhotoImportTests.Zip(($"{Exam()}.png", png)), random.Next(2, 6))),
                6 => ($"huge{i}.zip", PhotoImportTests.Zip(($"{Exam()}.png", MalformedFiles.HugePng(random.Next(6001, 60000), random.Next(6001, 60000))))),
                7 => ($"declared{i}.zip", LieAboutSizes(PhotoImportTests.Zip(($"99{i:000000000000}.png", png)), random)),
                8 => ($"empty{i}.zip", PhotoImportTests.Zip()),
                9 => ($"names{i}.zip", PhotoImportTests.Zip((new string('名', 300) + ".png", png), ("\u0001\u0002bad.png", png), (".DS_Store", MalformedFiles.Bytes(random, 10)), ("__MACOSX/._x.png", MalformedFiles.Bytes(random, 10)))),
                10 => ($"flipped{i}.zip", Flip(random, valid)),
                _ => i % 48 == 11 ? ($"bomb{i}.zip", PhotoImportTests.Zip(($"{Exam()}.png", new byte[24 * 1024 * 1024]))) : ($"gif{i}.zip", PhotoImportTests.Zip(($"{Exam()}.jpg", [.. "GIF89a"u8.ToArray(), .. MalformedFiles.Bytes(random, 300)]))),
            };
        }
    }

    private static byte[] RosterFile_Gb(Random random) => [0x81, 0x30, 0x89, 0x38, .. MalformedFiles.Bytes(random, 64), 0x81];

    private static string Garbage(Random random) => (random.Next(6)) switch
    {
        0 => "=HYPERLINK(\"http://x\")",
        1 => new string((char)random.Next(0x4E00, 0x9FFF), random.Next(1, 80)),
        2 => "4.30104200803151E+17",
        3 => "\u0000\u0007",
        4 => "",
        _ => "<script>alert(1)</script>",
    };

    private static byte[] Flip(Random random, byte[] source)
    {
        var copy = (byte[])source.Clone();
        for (var k = 0; k < 12; k++)
        {
            copy[random.Next(0, copy.Length)] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }

    private static byte[] Nest(byte[] inner, int depth)
    {
        for (var d = 0; d < depth; d++)
        {
            inner = PhotoImportTests.Zip(($"level{d}.zip", inner));
        }

        return inner;
    }

    private static byte[] ReplaceEntry(byte[] zip, string entryName, Random random, Func<byte[], byte[]> change)
    {
        using var ms = new MemoryStream();
        ms.Write(zip);
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.GetEntry(entryName)!;
            byte[] old;
            using (var s = entry.Open())
            using (var copy = new MemoryStream())
            {
                s.CopyTo(copy);
                old = copy.ToArray();
            }

            entry.Delete();
            using var w = archive.CreateEntry(entryName).Open();
            w.Write(change(old));
        }

        return ms.ToArray();
    }

    /// <summary>Patches the uncompressed size in the local header and the central directory to about 4 GB.</summary>
    private static byte[] LieAboutSizes(byte[] zip, Random random)
    {
        var copy = (byte[])zip.Clone();
        var huge = BitConverter.GetBytes(0xFFFFFFF0u - (uint)random.Next(0, 1000));
        for (var p = 0; p + 4 <= copy.Length; p++)
        {
            if (copy[p] == 0x50 && copy[p + 1] == 0x4B && copy[p + 2] == 3 && copy[p + 3] == 4)
            {
                huge.CopyTo(copy, p + 22);
            }
            else if (copy[p] == 0x50 && copy[p + 1] == 0x4B && copy[p + 2] == 1 && copy[p + 3] == 2)
            {
                huge.CopyTo(copy, p + 24);
            }
        }

        return copy;
    }
}
