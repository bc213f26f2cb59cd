using System.Diagnostics;
using System.Globalization;
using System.Net;
using RegistryCheck.Bench;

// One run of every figure of docs/performance.md against its floor, measured in this run. See bench/run.sh.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
// --only record|signin|load|scale|batch|import|deadline: one figure, for working on it (the table then holds only that figure).
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
// --db postgres: every figure on a fresh PostgreSQL database of the local cluster (BenchDb), floors measured there too.
var postgres = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() switch
{
    null or "sqlite" => false,
    "postgres" => true,
    var other => throw new ArgumentException($"--db {other}: sqlite or postgres"),
};
// The deadline day needs two instances over one database: PostgreSQL only (part of every PostgreSQL run).
bool Runs(string figure) => (only is null && (figure != "deadline" || postgres)) || only == figure;
if (only == "deadline" && !postgres)
{
    Console.Error.WriteLine("--only deadline runs on PostgreSQL: add --db postgres");
    return 2;
}

var root = FindRoot();
var webDll = Path.Combine(root, "src", "RegistryCheck.Web", "bin", "Release", "net10.0", "RegistryCheck.Web.dll");
var outFile = Path.Combine(root, "bench", "results", (quick ? "last-run-quick" : "last-run-full") + (postgres ? "-postgres" : "") +
    (args.Contains("--only") ? "-partial" : "") + ".md");
var folder = Path.Combine(Path.GetTempPath(), "registrycheck-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
// Disposed at the very end, also after an exception: drops the PostgreSQL database unless BENCH_KEEP=1.
using var db = postgres ? BenchDb.CreatePostgres() : BenchDb.Sqlite(folder);
// A run stopped by SIGTERM (e.g. by timeout) skips the using above; the runtime still raises ProcessExit: drop it there too.
AppDomain.CurrentDomain.ProcessExit += (_, _) => db.Dispose();
var report = new Report(quick, postgres ? " --db postgres" : "", db.Description);
var total = Stopwatch.StartNew();
Console.WriteLine($"RegistryCheck bench ({(quick ? "quick" : "full")}), {db.Description}, data in {folder}");

await using (var app = await AppProcess.StartAsync(webDll, folder, db))
{
    var data = new BenchData(db);
    var cores = Environment.ProcessorCount;
    var seconds = TimeSpan.FromSeconds(quick ? 4 : 10);

    // 1. Student record page against the floor endpoint.
    if (Runs("record"))
    {
        Console.WriteLine("1. record page …");
        var students = data.AddStudents(64, ownPassword: true);
        var page = new HttpClient[64];
        var floor = new HttpClient[64];
        var signedFloor = new HttpClient[64];
        for (var i = 0; i < 64; i++)
        {
            page[i] = Load.Client(app.BaseAddress);
            floor[i] = Load.Client(app.BaseAddress, cookies: false);
            signedFloor[i] = Load.Client(app.BaseAddress);
            if (!await Load.SignInStudentAsync(signedFloor[i], students[i].StudentNumber, students[i].Password))
            {
                throw new InvalidOperationException("bench student could not sign in");
            }

            if (!await Load.SignInStudentAsync(page[i], students[i].StudentNumber, students[i].Password))
            {
                throw new InvalidOperationException("bench student could not sign in");
            }
        }

        Func<int, long, Task<bool>> recordOp = async (k, _) =>
        {
            using var r = await page[k].GetAsync("/me");
            var body = await r.Content.ReadAsStringAsync();
            return r.StatusCode == HttpStatusCode.OK && body.Contains(students[k].StudentNumber, StringComparison.Ordinal);
        };
        Func<int, long, Task<bool>> floorOp = async (k, _) =>
        {
            using var r = await floor[k].GetAsync("/bench/floor?id=" + students[k].Id.ToString(CultureInfo.InvariantCulture));
            await r.Content.ReadAsStringAsync();
            return r.StatusCode == HttpStatusCode.OK;
        };
        // The floor of issue #19: the same cookie authentication, session lookup and student policy as /me, one raw query.
        Func<int, long, Task<bool>> signedFloorOp = async (k, _) =>
        {
            using var r = await signedFloor[k].GetAsync("/bench/floor/me");
            await r.Content.ReadAsStringAsync();
            return r.StatusCode == HttpStatusCode.OK;
        };
        if (args.Contains("--profile-record"))
        {
            // Not a figure: 30 s of /me at 16 clients for a profiler attached to the portal's pid.
            Console.WriteLine($"profiling: portal pid {app.Pid}");
            var r = await Load.RunAsync(16, TimeSpan.FromSeconds(45), long.MaxValue, recordOp);
            Console.WriteLine($"{r.PerSecond:0} req/s");
            return 0;
        }

        // Warm-up: on a busy 2-core machine the JIT's tier-up of the page's code path takes many seconds of traffic
        // (a profile of the first seconds showed ~15 % of CPU in the JIT), so both endpoints get traffic first.
        for (var w = 0; w < (quick ? 2 : 4); w++)
        {
            await Load.RunAsync(16, TimeSpan.FromSeconds(3), long.MaxValue, recordOp);
            await Load.RunAsync(16, TimeSpan.FromSeconds(1), long.MaxValue, signedFloorOp);
            await Load.RunAsync(16, TimeSpan.FromSeconds(1), long.MaxValue, floorOp);
        }

        foreach (var c in new[] { 1, 16, 64 })
        {
            await Load.RunAsync(c, TimeSpan.FromSeconds(1), long.MaxValue, recordOp);
            await Load.RunAsync(c, TimeSpan.FromSeconds(1), long.MaxValue, signedFloorOp);
            await Load.RunAsync(c, TimeSpan.FromSeconds(1), long.MaxValue, floorOp);
            var r = await Load.AlternateAsync(c, 4, seconds / 4, long.MaxValue, () => app.CpuTime, recordOp, signedFloorOp, floorOp);
            report.Record(c, r[0], r[1], r[2]);
        }
    }

    // 2. Sign-in against cores ÷ one PBKDF2 verify.
    if (Runs("signin"))
    {
        Console.WriteLine("2. sign-in …");
        var own = data.AddStudents(quick ? 400 : 1500, ownPassword: true);
        var initial = data.AddStudents(quick ? 400 : 1500, ownPassword: false);
        var clients = cores * 4;
        // The verify is timed just before and just after the sign-in run (one thread, median of 15 each), and averaged.
        var verifyBefore = await Pbkdf2.VerifyMsAsync(data.OwnHash, BenchData.OwnPassword);
        var own1 = await SignInLoadAsync(app.BaseAddress, own, clients, TimeSpan.FromSeconds(quick ? 10 : 40), "/");
        var verifyAfter = await Pbkdf2.VerifyMsAsync(data.OwnHash, BenchData.OwnPassword);
        var verifyMs = (verifyBefore + verifyAfter) / 2;
        var ceiling = cores * 1000.0 / verifyMs;
        var init1 = await SignInLoadAsync(app.BaseAddress, initial, clients, seconds, "/account/password");
        report.SignIn(verifyMs, cores, ceiling, own1, init1);
        report.Note($"Sign-in: one PBKDF2 verify (ASP.NET Core Identity v3 format, PasswordHasher<AppUser> defaults) took {verifyBefore:0.0} ms before and {verifyAfter:0.0} ms after the own-password run, on one thread of the bench process.");
    }

    // 6. 200 students viewing and confirming at once, then every confirmation checked in the database.
    if (Runs("load"))
    {
        Console.WriteLine("6. load run, 200 students …");
        var students = data.AddStudents(200, ownPassword: true);
        var clients = new HttpClient[200];
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = cores * 2 }, async (i, _) =>
        {
            clients[i] = Load.Client(app.BaseAddress);
            if (!await Load.SignInStudentAsync(clients[i], students[i].StudentNumber, students[i].Password))
            {
                throw new InvalidOperationException("load student could not sign in");
            }
        });
        long confirmPosts = 0, confirmAnswered = 0, requests = 0;
        var duration = TimeSpan.FromSeconds(quick ? 15 : 60);
        var result = await Load.RunAsync(200, duration, 2_000_000, async (k, n) =>
        {
            using var r = await clients[k].GetAsync("/me");
            var body = await r.Content.ReadAsStringAsync();
            Interlocked.Increment(ref requests);
            if (r.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            // Each student confirms once, spread over their first 5 views, while the others keep reading.
            if (n != k % 5)
            {
                return true;
            }

            Interlocked.Increment(ref confirmPosts);
            using var post = await clients[k].PostAsync("/me/confirm", new FormUrlEncodedContent([new("__RequestVerificationToken", Load.Token(body))]));
            Interlocked.Increment(ref requests);
            var ok = post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location?.OriginalString.Contains("/me", StringComparison.Ordinal) == true;
            if (ok)
            {
                Interlocked.Increment(ref confirmAnswered);
            }

            return ok;
        });
        var ids = string.Join(",", students.Select(s => s.Id));
        var stored = data.Count($"SELECT COUNT(*) FROM \"StudentChecks\" WHERE \"StudentId\" IN ({ids}) AND \"ConfirmedAt\" IS NOT NULL");
        report.LoadRun(result, requests, confirmPosts, confirmAnswered, stored, duration, postgres ? "PostgreSQL" : "SQLite WAL");
    }

    // 3 and 4. Dashboard and list at growing sizes; the 50,000-student export at 50,000.
    if (Runs("scale"))
    {
        using var registrar = await Load.StaffClientAsync(app.BaseAddress, "registrar", "Registrar@2026");
        using var counselor = await Load.StaffClientAsync(app.BaseAddress, "counselor", "Counselor@2026");

        var classId = data.Count("SELECT \"Id\" FROM \"Classes\" WHERE \"Name\" = '2026级经济学1班'");
        var campaignId = data.Count("SELECT \"CampaignId\" FROM \"StudentChecks\" ORDER BY \"Id\" LIMIT 1");
        using var raw = data.Open();
        var dashboardSql = Floors.DashboardSql(db, raw, (int)campaignId, 2026);
        var collegeId = data.Count($"SELECT \"CollegeId\" FROM \"Classes\" WHERE \"Id\" = {classId}");
        foreach (var size in quick ? new[] { 10_000, 50_000 } : new[] { 10_000, 50_000, 200_000 })
        {
            var have = data.Count("SELECT COUNT(*) FROM \"Students\"");
            Console.WriteLine($"3. dashboard and list at {size} students …");
            var gen = Stopwatch.StartNew();
            if (have < size)
            {
                data.AddStudents((int)(size - have), ownPassword: false, perClass: 50);
            }

            var generatedIn = gen.Elapsed;
            var dashboard = await Load.MedianMsAsync(7, () => GetOkAsync(registrar, "/tracking"));
            var aggregate = await Load.MedianMsAsync(7, () => Task.Run(() => Query(raw, dashboardSql)));
            var list = await Load.MedianMsAsync(7, () => GetOkAsync(counselor, $"/tracking/classes/{classId}"));
            var listFloor = await Load.MedianMsAsync(7, () => Task.Run(() =>
            {
                Query(raw, "SELECT c.\"State\", c.\"IsExempt\", COUNT(*) FROM \"StudentChecks\" c JOIN \"Students\" s ON s.\"Id\" = c.\"StudentId\" " +
                    $"WHERE c.\"CampaignId\" = {campaignId} AND s.\"ClassId\" = {classId} GROUP BY c.\"State\", c.\"IsExempt\"");
                Query(raw, "SELECT s.\"StudentNumber\", s.\"Name\", s.\"IdNumber\", s.\"Phone\", c.\"State\", c.\"LastViewedAt\" FROM \"Students\" s " +
                    $"JOIN \"StudentChecks\" c ON c.\"StudentId\" = s.\"Id\" AND c.\"CampaignId\" = {campaignId} WHERE s.\"ClassId\" = {classId} " +
                    "ORDER BY s.\"StudentNumber\" LIMIT 50");
            }));
            var students = data.Count("SELECT COUNT(*) FROM \"Students\"");
            var classSize = data.Count($"SELECT COUNT(*) FROM \"Students\" WHERE \"ClassId\" = {classId}");
            report.Scale(students, generatedIn, dashboard, aggregate, classSize, list, listFloor);

            if (size == 50_000)
            {
                Console.WriteLine("4. export of the class list …");
                // The list's rows: the college's students in the campaign, not exempt (the list's default filter); the demo's
                // 专升本 students of the college are in another campaign.
                var inCollege = (int)data.Count($"SELECT COUNT(*) FROM \"StudentChecks\" c JOIN \"Students\" s ON s.\"Id\" = c.\"StudentId\" " +
                    $"WHERE s.\"CollegeId\" = {collegeId} AND c.\"CampaignId\" = {campaignId} AND NOT c.\"IsExempt\"");
                await ExportAsync(app, registrar, $"/tracking/colleges/{collegeId}/export", report, maxRatio: 2, inCollege,
                    $"Excel export of a {inCollege:N0}-student college list (registrar, /tracking/colleges/{{id}}/export, OpenXmlWriter)");
            }
        }
    }
    // 5. A 2,000-report college batch exported as domain.md formats it (OpenXmlWriter since ADR-029) against the bare OpenXmlWriter.
    if (Runs("batch"))
    {
        Console.WriteLine("5. batch export, 2,000 reports …");
        using var registrar = await Load.StaffClientAsync(app.BaseAddress, "registrar", "Registrar@2026");

        if (data.Count("SELECT COUNT(*) FROM \"Students\"") < 2_100)
        {
            data.AddStudents(2_100, ownPassword: false, perClass: 50);
        }

        var batch = data.AddBatch(2_000);
        await ExportAsync(app, registrar, $"/batches/{batch}/export", report, maxRatio: 4, 2_000,
            "Excel export of a 2,000-report college batch (registrar, /batches/{id}/export, OpenXmlWriter with the domain's formatting, ADR-029)");
    }

    // 7. Deadline day (PostgreSQL only): a second instance, 2,000 first-time students, staff polling beside them.
    if (Runs("deadline"))
    {
        Console.WriteLine("7. deadline day, two instances …");
        var day = await DeadlineDay.RunAsync(app, webDll, folder, db, data, quick);
        report.Deadline(day);
        Console.WriteLine($"   {day.Completed} students in {day.Seconds:0} s: {day.StudentsPerSecond * 3600:N0} students per hour, {day.Errors} errors");
    }

    // 6. Roster import of 10,000 and 50,000 generated rows against SAX read + one prepared INSERT.
    if (Runs("import"))
    {
        using var registrar = await Load.StaffClientAsync(app.BaseAddress, "registrar", "Registrar@2026");

        var first = 1;
        foreach (var rows in new[] { 10_000, 50_000 })
        {
            Console.WriteLine($"6. roster import, {rows} rows …");
            var xlsx = ImportFigure.Roster(first, rows);
            var floor = ImportFigure.Floor(xlsx, db, app.DataFolder);
            var run = await ImportFigure.RunAsync(app, registrar, data, xlsx, rows, $"2027{first:000000}");
            report.Import(run, floor);
            first += rows;
        }
    }
}

report.Finish(total.Elapsed);
var text = report.Markdown();
Console.WriteLine();
Console.WriteLine(text);
Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
await File.WriteAllTextAsync(outFile, text);
Console.WriteLine($"written to {Path.GetRelativePath(root, outFile)}");
try
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
    {
        // For looking at query plans and the portal's log after a run.
        Console.WriteLine($"data kept in {folder}" + (postgres ? $"; {db.Description}" : ""));
    }
    else
    {
        Directory.Delete(folder, recursive: true);
    }
}
catch (IOException)
{
}

return report.Failed ? 1 : 0;

static async Task ExportAsync(AppProcess app, HttpClient http, string url, Report report, double maxRatio, int rows, string figure)
{
    // A single timing of a one-to-two-second export varied from 1.6× to 2.9× the floor between runs of the same code:
    // each side is timed five times after one warm-up and the medians are compared; the peak is the highest of the runs.
    await GetBytesAsync(http, url);
    GC.Collect();
    var before = app.RssBytes;
    var peak = 0L;
    byte[] bytes = [];
    var appMs = await Load.MedianMsAsync(5, async () =>
    {
        app.ResetPeak();
        bytes = await GetBytesAsync(http, url);
        peak = Math.Max(peak, app.PeakRssBytes);
    }, warmUp: false);

    var cells = ExcelFloor.ReadCells(bytes);
    ExcelFloor.Write(cells); // the floor's warm-up
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var floorBytes = ExcelFloor.Write(cells);
    var floorAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    var floorMs = await Load.MedianMsAsync(5, () =>
    {
        ExcelFloor.Write(cells);
        return Task.CompletedTask;
    }, warmUp: false);
    if (cells.Count < rows)
    {
        throw new InvalidOperationException($"{url} held {cells.Count} rows, expected at least {rows}");
    }

    report.Export(figure, $"{cells.Count:N0} rows of cells", maxRatio, bytes.Length, appMs, before, peak, floorMs, floorBytes, floorAllocated);
}

static async Task<byte[]> GetBytesAsync(HttpClient http, string url)
{
    using var r = await http.GetAsync(url);
    if (r.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"{url} answered {(int)r.StatusCode}");
    }

    return await r.Content.ReadAsByteArrayAsync();
}

static async Task GetOkAsync(HttpClient http, string url)
{
    using var r = await http.GetAsync(url);
    await r.Content.ReadAsStringAsync();
    if (r.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"{url} answered {(int)r.StatusCode}");
    }
}

static int Query(System.Data.Common.DbConnection c, string sql)
{
    using var cmd = Floors.Command(c, sql);
    using var r = cmd.ExecuteReader();
    var rows = 0;
    var values = new object[r.FieldCount];
    while (r.Read())
    {
        r.GetValues(values);
        rows++;
    }

    return rows;
}

static async Task<LoadResult> SignInLoadAsync(Uri baseAddress, List<BenchStudent> pool, int clients, TimeSpan duration, string expected)
{
    // Each client keeps its antiforgery cookie and token and no auth cookie: every POST is a fresh, anonymous sign-in.
    var forms = new (HttpClient Http, string Cookie, string Token)[clients];
    for (var i = 0; i < clients; i++)
    {
        var http = Load.Client(baseAddress, cookies: false);
        using var r = await http.GetAsync("/account/sign-in");
        var cookie = string.Join("; ", r.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0]));
        forms[i] = (http, cookie, Load.Token(await r.Content.ReadAsStringAsync()));
    }

    var next = -1;
    return await Load.RunAsync(clients, duration, pool.Count, async (k, _) =>
    {
        var s = pool[Interlocked.Increment(ref next) % pool.Count];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(
            [
                new("StudentNumber", s.StudentNumber), new("Password", s.Password), new("__RequestVerificationToken", forms[k].Token),
            ]),
        };
        request.Headers.Add("Cookie", forms[k].Cookie);
        using var response = await forms[k].Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == expected;
    });
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "RegistryCheck.sln")))
        {
            return d.FullName;
        }
    }

    throw new InvalidOperationException("RegistryCheck.sln not found above " + AppContext.BaseDirectory);
}
