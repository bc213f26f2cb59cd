using System.Diagnostics;
using System.Net;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Bench;

/// <summary>
/// Deadline day on PostgreSQL: two portal instances over one database behind the bench's round robin. Students who
/// have never signed in each sign in with the initial password, set their own, view /me, then confirm or (one in
/// five) report one error with an evidence photo; meanwhile a counselor exports the class list every 10 s and the
/// registrar opens the dashboard every 3 s. Closed loop of <see cref="Clients"/> students at a time, bounded by the
/// number of students and by time. Afterwards the database is asked what it holds.
/// </summary>
public sealed class DeadlineDay(IReadOnlyList<Uri> instances, StepStats steps, byte[] evidence, string proposedPoliticalStatus)
{
    public const int Clients = 16;
    public const string NewPassword = "Deadline-Day-2026!";

    private long _confirms;
    private long _reports;
    private long _signIns;

    /// <summary>Starts the second instance, runs the day and returns its figures; the second instance is stopped again.</summary>
    public static async Task<DeadlineResult> RunAsync(AppProcess first, string webDll, string folder, BenchDb db, BenchData data, bool quick)
    {
        // The first instance migrated and seeded the database; a form it serves makes its data-protection key (kept in
        // the database), so the second instance, started only now, reads the same key ring: cookies work on both.
        using (var warm = Load.Client(first.BaseAddress))
        {
            await warm.GetStringAsync("/account/sign-in");
        }

        await using var second = await AppProcess.StartAsync(webDll, folder, db, initialize: false, instance: 2);
        var instances = new[] { first.BaseAddress, second.BaseAddress };
        var planned = quick ? 400 : 2_000;
        var students = data.AddStudents(planned, ownPassword: false);
        var current = data.Text("SELECT \"PoliticalStatus\" FROM \"Students\" WHERE \"StudentNumber\" = '2026010001'");
        var steps = new StepStats();
        var evidence = EvidenceImage.Jpeg();
        var day = new DeadlineDay(instances, steps, evidence, current == "中共预备党员" ? "共青团员" : "中共预备党员");
        var verifyBefore = await Pbkdf2.VerifyMsAsync(data.OwnHash, BenchData.OwnPassword);
        var (completed, seconds) = await day.RunStudentsAsync(students, data, TimeSpan.FromMinutes(quick ? 3 : 10));
        var verifyAfter = await Pbkdf2.VerifyMsAsync(data.OwnHash, BenchData.OwnPassword);

        var ids = string.Join(",", students.Select(s => s.Id));
        var confirmsStored = data.Count($"SELECT COUNT(*) FROM \"StudentChecks\" WHERE \"StudentId\" IN ({ids}) AND \"ConfirmedAt\" IS NOT NULL");
        var reportsStored = data.Count("SELECT COUNT(DISTINCT r.\"Id\") FROM \"CorrectionReports\" r JOIN \"ReportEvidence\" e ON e.\"ReportId\" = r.\"Id\" " +
            $"WHERE r.\"StudentId\" IN ({ids}) AND r.\"Field\" = {(int)RecordField.PoliticalStatus} AND e.\"SizeBytes\" = {evidence.Length}");
        return new DeadlineResult(planned, completed, Clients, instances.Length, seconds, day._signIns, steps.Figures(), steps.TotalErrors,
            steps.ErrorSamples, day._confirms, confirmsStored, day._reports, reportsStored, evidence.Length,
            Environment.ProcessorCount, (verifyBefore + verifyAfter) / 2);
    }

    /// <summary>The students in a closed loop of <see cref="Clients"/>, with the two staff members polling beside them.</summary>
    private async Task<(int Completed, double Seconds)> RunStudentsAsync(List<BenchStudent> students, BenchData data, TimeSpan limit)
    {
        using var counselor = RoundRobinHandler.Client(instances);
        using var registrar = RoundRobinHandler.Client(instances);
        if (!await Load.SignInStaffAsync(counselor, "counselor", "Counselor@2026") || !await Load.SignInStaffAsync(registrar, "registrar", "Registrar@2026"))
        {
            throw new InvalidOperationException("staff could not sign in through the round robin");
        }

        var classId = data.Count("SELECT \"Id\" FROM \"Classes\" WHERE \"Name\" = '2026级经济学1班'");
        using var stop = new CancellationTokenSource();
        var staff = Task.WhenAll(
            EveryAsync(counselor, "class export (counselor, every 10 s)", $"/tracking/classes/{classId}/export", TimeSpan.FromSeconds(10), stop.Token),
            EveryAsync(registrar, "dashboard (registrar, every 3 s)", "/tracking", TimeSpan.FromSeconds(3), stop.Token));

        var next = -1;
        var completed = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Clients).Select(async _ =>
        {
            int i;
            while (watch.Elapsed < limit && (i = Interlocked.Increment(ref next)) < students.Count)
            {
                // One in five reports an error; the others confirm.
                if (await StudentAsync(students[i], reports: i % 5 == 0))
                {
                    Interlocked.Increment(ref completed);
                }
            }
        });
        await Task.WhenAll(workers);
        var seconds = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await staff;
        return (completed, seconds);
    }

    /// <summary>One student's visit, as a new browser would make it; false as soon as a step went wrong.</summary>
    private async Task<bool> StudentAsync(BenchStudent s, bool reports)
    {
        using var http = RoundRobinHandler.Client(instances);
        string page = "";
        var ok = await steps.TimeAsync("sign-in, initial password", async () =>
            {
                var form = await http.GetStringAsync("/account/sign-in");
                using var r = await http.PostAsync("/account/sign-in", Form(("StudentNumber", s.StudentNumber), ("Password", s.Password), ("__RequestVerificationToken", Load.Token(form))));
                return Redirected(r, "/account/password");
            })
            && Counted(ref _signIns)
            && await steps.TimeAsync("set own password (PBKDF2 hash)", async () =>
            {
                var form = await http.GetStringAsync("/account/password");
                using var r = await http.PostAsync("/account/password", Form(("NewPassword", NewPassword), ("ConfirmPassword", NewPassword), ("__RequestVerificationToken", Load.Token(form))));
                return Redirected(r, "/");
            })
            && await steps.TimeAsync("view /me", async () =>
            {
                using var r = await http.GetAsync("/me");
                page = await r.Content.ReadAsStringAsync();
                return r.StatusCode == HttpStatusCode.OK && page.Contains(s.StudentNumber, StringComparison.Ordinal) ? null : $"{(int)r.StatusCode}";
            });
        if (!ok)
        {
            return false;
        }

        return reports
            ? await steps.TimeAsync("report one error with a photo", () => ReportAsync(http)) && Counted(ref _reports)
            : await steps.TimeAsync("confirm", async () =>
            {
                using var r = await http.PostAsync("/me/confirm", Form(("__RequestVerificationToken", Load.Token(page))));
                return Redirected(r, "/me");
            }) && Counted(ref _confirms);
    }

    /// <summary>The real report form: one field (政治面貌), the proposed value, a reason and one evidence photo.</summary>
    private async Task<string?> ReportAsync(HttpClient http)
    {
        var form = await http.GetStringAsync($"/me/report?field={RecordField.PoliticalStatus}");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Load.Token(form)), "__RequestVerificationToken" },
            { new StringContent(RecordField.PoliticalStatus.ToString()), "Field" },
            { new StringContent(CorrectionKind.Correction.ToString()), "Kind" },
            { new StringContent(proposedPoliticalStatus), "ProposedValue" },
            { new StringContent("录取信息中的政治面貌有误，附团员证照片"), "Reason" },
            { new StringContent("true"), "AcknowledgedHints" },
        };
        var file = new ByteArrayContent(evidence);
        file.Headers.ContentType = new("image/jpeg");
        content.Add(file, "Evidence", "团员证.jpg");
        using var r = await http.PostAsync("/me/report", content);
        return Redirected(r, "/me#reports");
    }

    /// <summary>A staff page fetched every <paramref name="period"/> (start to start) until the students are done.</summary>
    private async Task EveryAsync(HttpClient http, string step, string url, TimeSpan period, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await steps.TimeAsync(step, async () =>
            {
                using var r = await http.GetAsync(url);
                await r.Content.ReadAsByteArrayAsync();
                return r.StatusCode == HttpStatusCode.OK ? null : $"{(int)r.StatusCode} {r.Headers.Location}";
            });
            var wait = period - Stopwatch.GetElapsedTime(started);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop);
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>null when the answer is the expected redirect, else what came instead.</summary>
    private static string? Redirected(HttpResponseMessage r, string expected) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == expected
            ? null
            : $"{(int)r.StatusCode} → {r.Headers.Location?.OriginalString ?? "(no redirect)"}, expected → {expected}";

    private static bool Counted(ref long counter)
    {
        Interlocked.Increment(ref counter);
        return true;
    }
}
