using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Bench;

public sealed record ImportRun(int Rows, double UploadAndPreviewMs, double CommitMs, long RssBefore, long PeakRss, int Stored)
{
    public double TotalMs => UploadAndPreviewMs + CommitMs;
}

public sealed record ImportFloorRun(int Rows, double Ms, long Allocated);

/// <summary>
/// The roster import figure: a generated xlsx of valid rows goes through the registrar's real steps over HTTP
/// (upload → background validation → preview → commit → completed), against a floor that reads the same file with
/// the OpenXml SAX reader and inserts its rows with one prepared ADO.NET command in one transaction.
/// </summary>
public static class ImportFigure
{
    public static readonly string[] Headers =
        ["学号", "考生号", "姓名", "性别", "出生日期", "民族", "政治面貌", "证件类型", "证件号码", "学院", "专业", "班级", "层次", "学制", "学习形式", "入学日期", "联系电话"];

    /// <summary>Rows numbered first … first+count-1: unique student, exam, ID and phone numbers in the demo's two economics classes.</summary>
    public static byte[] Roster(int first, int count)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var sheet = wb.AddNewPart<WorksheetPart>();
            using (var w = OpenXmlWriter.Create(sheet))
            {
                w.WriteStartElement(new Worksheet());
                w.WriteStartElement(new SheetData());
                WriteRow(w, Headers);
                for (var n = first; n < first + count; n++)
                {
                    WriteRow(w, Row(n));
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }

            wb.Workbook = new Workbook(new Sheets(new Sheet { Id = wb.GetIdOfPart(sheet), SheetId = 1, Name = "名册" }));
            wb.Workbook.Save();
        }

        return ms.ToArray();
    }

    private static string[] Row(int n)
    {
        var female = n % 2 == 0;
        var birth = new DateOnly(2007, 1, 1).AddDays(n / 400 % 700);
        var first17 = $"130102{birth:yyyyMMdd}{n % 400 * 2 + (female ? 0 : 1):000}";
        return
        [
            $"2027{n:000000}", $"2613010{n:0000000}", $"导入{n}", female ? "女" : "男", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "汉族", "共青团员", "居民身份证", first17 + IdNumber.ComputeCheckCharacter(first17), "经济学院", "经济学",
            female ? "2026级经济学1班" : "2026级经济学2班", "本科", "4", "普通全日制", "2026-09-01", $"136{n:00000000}",
        ];
    }

    private static void WriteRow(OpenXmlWriter w, string[] values)
    {
        w.WriteStartElement(new Row());
        foreach (var v in values)
        {
            w.WriteStartElement(new Cell(), [new OpenXmlAttribute("t", "", "inlineStr")]);
            w.WriteElement(new InlineString(new Text(v)));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>The registrar's steps, timed from the upload's first byte to the job's "Completed"; the portal's peak RSS across them.</summary>
    public static async Task<ImportRun> RunAsync(AppProcess app, HttpClient registrar, BenchData data, byte[] xlsx, int rows, string firstNumber)
    {
        var page = await registrar.GetStringAsync("/import");
        GC.Collect();
        var before = app.RssBytes;
        app.ResetPeak();
        var watch = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Load.Token(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", $"roster-{rows}.xlsx");
        using var upload = await registrar.PostAsync("/import/roster", form);
        var location = upload.Headers.Location?.OriginalString ?? "";
        if (upload.StatusCode != HttpStatusCode.Redirect || !int.TryParse(location.Replace("/import/", "", StringComparison.Ordinal), out var job))
        {
            throw new InvalidOperationException($"roster upload refused ({(int)upload.StatusCode} → {location}); see the portal log");
        }

        await WaitAsync(registrar, job, "Previewed");
        var previewMs = watch.Elapsed.TotalMilliseconds;
        var jobPage = await registrar.GetStringAsync($"/import/{job}");
        watch.Restart();
        using var commit = await registrar.PostAsync($"/import/{job}/commit", new FormUrlEncodedContent([new("__RequestVerificationToken", Load.Token(jobPage))]));
        if (commit.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"commit answered {(int)commit.StatusCode}");
        }

        await WaitAsync(registrar, job, "Completed");
        var commitMs = watch.Elapsed.TotalMilliseconds;
        var peak = app.PeakRssBytes;
        var stored = (int)data.Count($"SELECT COUNT(*) FROM \"Students\" WHERE \"StudentNumber\" >= '{firstNumber}' AND \"StudentNumber\" < '2028'");
        return new ImportRun(rows, previewMs, commitMs, before, peak, stored);
    }

    private static async Task WaitAsync(HttpClient http, int job, string status)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            var p = await http.GetFromJsonAsync<Progress>($"/import/{job}/progress");
            if (p!.Status == status)
            {
                return;
            }

            if (p.Status is "Failed" or "Cancelled" || (p.Finished && p.Status != status))
            {
                throw new InvalidOperationException($"import job {job} ended {p.Status}, waiting for {status}");
            }

            if (until.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"import job {job} still {p.Status} after 10 minutes");
            }

            await Task.Delay(50);
        }
    }

    private sealed record Progress(string Status, int Processed, int Total, bool Finished);

    /// <summary>
    /// The floor: SAX-read every row of the same file and insert its 17 texts with one prepared command in one
    /// transaction, into a table of 17 text columns: on SQLite in a fresh file (WAL, synchronous NORMAL, as the portal),
    /// on PostgreSQL a fresh table in the run's database (NpgsqlCommand.Prepare: a server-side prepared statement).
    /// </summary>
    public static ImportFloorRun Floor(byte[] xlsx, BenchDb bench, string folder)
    {
        var table = "import_floor_" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(folder, table + ".db");
        var columns = string.Join(", ", Enumerable.Range(0, Headers.Length).Select(i => $"c{i} TEXT NOT NULL"));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        int rows;
        using (var c = bench.IsPostgres ? bench.Open() : OpenSqlite(file))
        {
            using (var setup = c.CreateCommand())
            {
                setup.CommandText = (bench.IsPostgres ? "" : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; ") + $"CREATE TABLE {table} ({columns});";
                setup.ExecuteNonQuery();
            }

            rows = InsertAll(c, table, xlsx);
            if (bench.IsPostgres)
            {
                using var drop = c.CreateCommand();
                drop.CommandText = $"DROP TABLE {table}";
                drop.ExecuteNonQuery();
            }
        }

        var ms = watch.Elapsed.TotalMilliseconds;
        var floorAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        foreach (var f in Directory.GetFiles(folder, Path.GetFileName(file) + "*"))
        {
            File.Delete(f);
        }

        return new ImportFloorRun(rows, ms, floorAllocated);
    }

    private static DbConnection OpenSqlite(string file)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    /// <summary>One prepared INSERT, its 17 text parameters rebound for every row read; one transaction.</summary>
    private static int InsertAll(DbConnection c, string table, byte[] xlsx)
    {
        using var tx = c.BeginTransaction();
        using var insert = c.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", Enumerable.Range(0, Headers.Length).Select(i => "@p" + i))})";
        var parameters = Enumerable.Range(0, Headers.Length).Select(i =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = "@p" + i;
            p.DbType = DbType.String;
            p.Value = "";
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        insert.Prepare();

        using var stream = new MemoryStream(xlsx);
        using var doc = SpreadsheetDocument.Open(stream, false);
        using var reader = OpenXmlReader.Create(doc.WorkbookPart!.WorksheetParts.First());
        var values = new string[Headers.Length];
        var header = true;
        var rows = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var i = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                if (i < values.Length)
                {
                    values[i++] = cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";
                }
            }

            if (header)
            {
                header = false;
                continue;
            }

            for (var k = 0; k < values.Length; k++)
            {
                parameters[k].Value = k < i ? values[k] : "";
            }

            insert.ExecuteNonQuery();
            rows++;
        }

        tx.Commit();
        return rows;
    }
}
