using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// The worker's two steps for a roster: validate (preview with counts and rejected rows) and commit (one
/// transaction; new students by prepared inserts, ADR-028). Both read the stored file again, so nothing depends on this process's memory.
/// </summary>
public sealed class RosterImportHandler(
    RegistryDbContext db, CampaignClock clock, IOptions<ImportOptions> options, IOptions<RosterLimits> rosterLimits, ImportProgress progress, ImportJobStore store,
    ParsedRosters parsedRosters, ILogger<RosterImportHandler> logger)
{
    private readonly ImportOptions _options = options.Value;

    public async Task ValidateAsync(int jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var jobOptions = ImportJobOptions.Read(job.Options);
        var today = clock.Today;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var parsed = await ReadAsync(jobId, ImportStatus.Validating, today, writeProgressToDb: true, ct);
        var readMs = watch.ElapsedMilliseconds;
        if (parsed is null)
        {
            return;
        }

        // The rows as the file gave them wait for the commit; the preview's plan changes its own copies.
        var (records, heading, length) = parsed.Value;
        parsedRosters.Keep(new ParsedRosterKey(jobId, job.CreatedAt, length, today), records, heading);
        var working = records.ConvertAll(r => r.Clone());
        var plan = await RosterPlan.BuildAsync(db, working, jobOptions.CreateUnknown, await DefaultSchoolNameAsync(ct), clock.UtcNow, ct);
        var result = ResultOf(plan, heading);
        var json = result.Write();
        var total = plan.Rows.Count;
        await db.ImportJobs.Where(j => j.Id == jobId && j.Status == ImportStatus.Validating)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Previewed)
                .SetProperty(j => j.TotalRows, total)
                .SetProperty(j => j.ProcessedRows, total)
                .SetProperty(j => j.NewCount, plan.Count(RowKind.New))
                .SetProperty(j => j.UpdatedCount, plan.Count(RowKind.Updated))
                .SetProperty(j => j.UnchangedCount, plan.Count(RowKind.Unchanged))
                .SetProperty(j => j.RejectedCount, plan.Count(RowKind.Rejected))
                .SetProperty(j => j.ResultJson, json), ct);
        logger.LogInformation("Roster import {JobId} validated: {Rows} rows, {Rejected} rejected (reading the file {ReadMs} ms, all {ElapsedMs} ms)",
            jobId, total, plan.Count(RowKind.Rejected), readMs, watch.ElapsedMilliseconds);
    }

    public async Task CommitAsync(int jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var jobOptions = ImportJobOptions.Read(job.Options);
        var isSqlite = db.Database.IsSqlite();

        // Parsing needs no database, so it happens before the transaction takes SQLite's write lock.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var today = clock.Today;
        var parsed = await KeptParseAsync(job, today, ct)
            ?? await ReadAsync(jobId, ImportStatus.Committing, today, writeProgressToDb: true, ct);
        var readMs = watch.ElapsedMilliseconds;
        if (parsed is null)
        {
            return;
        }

        var schoolName = await DefaultSchoolNameAsync(ct);
        var now = clock.UtcNow;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (isSqlite)
            {
                // A 50,000-row insert touches more index pages than the default 2 MB cache holds, and spilling them
                // to the WAL in the middle of the transaction costs time. Each INSERT into a table with unique indexes
                // also keeps a statement journal (to undo that one row); past 64 KB SQLite spills it to a temp file,
                // which at 50,000 students was 13,000 writes a second (strace): in memory it is freed per statement.
                // The connection is pooled: both are reset below.
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;", ct);
            }

            await CommitPlanAsync(job, jobOptions, parsed.Value.Heading, parsed.Value.Records, schoolName, isSqlite, now, ct);
        }
        finally
        {
            if (isSqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT;", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Roster import {JobId} committed in {ElapsedMs} ms (reading the file {ReadMs} ms)", jobId, watch.ElapsedMilliseconds, readMs);
    }

    // The commit's steps share one transaction: everything or nothing is stored (the kill test checks it).
    private async Task CommitPlanAsync(
        ImportJob job, ImportJobOptions jobOptions, RosterHeading heading, List<RosterRecord> records, string schoolName, bool isSqlite, DateTime now,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var plan = await RosterPlan.BuildAsync(db, records, jobOptions.CreateUnknown, schoolName, now, ct, jobOptions.ConfirmUpgrade);
        var planMs = watch.ElapsedMilliseconds;
        await CreateUnitsAsync(plan, ct);
        await GiveMajorCodesAsync(plan, ct);
        await WriteRowsAsync(job.Id, jobOptions, plan, isSqlite, now, ct);
        var writeMs = watch.ElapsedMilliseconds;
        await PlaceChecksAsync(job.Id, plan, now, ct);
        var checksMs = watch.ElapsedMilliseconds;
        await CompleteAsync(job, jobOptions, plan, heading, now, ct);
        await tx.CommitAsync(ct);
        // The steps' times go to the log: where a slow commit spends its time is the first question about it.
        logger.LogInformation(
            "Roster import {JobId} committed: {New} new, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected (plan {PlanMs} ms, write {WriteMs} ms, checks {ChecksMs} ms, result and commit {ResultMs} ms)",
            job.Id, plan.Count(RowKind.New), plan.Count(RowKind.Updated), plan.Count(RowKind.Unchanged), plan.Count(RowKind.Rejected),
            planMs, writeMs - planMs, checksMs - writeMs, watch.ElapsedMilliseconds - checksMs);
    }

    /// <summary>New students first (the bulk: prepared inserts), then the changed ones through EF; progress after each batch.</summary>
    private async Task WriteRowsAsync(int jobId, ImportJobOptions jobOptions, RosterPlan plan, bool isSqlite, DateTime now, CancellationToken ct)
    {
        var created = plan.Rows.Where(r => r.Kind == RowKind.New).Select(r => r.Student!).ToList();
        var updated = plan.Rows.Where(r => r.Kind == RowKind.Updated).ToList();
        var total = created.Count + updated.Count;
        var done = 0;
        progress.Set(jobId, ImportStatus.Committing, 0, total);
        async Task Advanced(int rows)
        {
            done += rows;
            // SQLite: the commit holds the only write lock, so the bar lives in memory until the commit ends.
            await ReportAsync(jobId, ImportStatus.Committing, done, total, writeToDb: !isSqlite, ct);
        }

        await NewStudentInserts.WriteAsync(db, _options, created, now, Advanced, ct);
        await WriteUpdatesAsync(jobId, jobOptions, updated, now, Advanced, ct);
    }

    // Re-imports change few students compared with a first import: EF with its change tracking is fast enough here.
    private async Task WriteUpdatesAsync(
        int jobId, ImportJobOptions jobOptions, List<RowPlan> rows, DateTime now, Func<int, Task> advanced, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var batch in rows.Chunk(Math.Max(1, _options.BatchSize)))
        {
            foreach (var row in batch)
            {
                // Only the record changes: the check, its reports and the account (password) are other rows.
                var student = row.Student!;
                db.Students.Update(student);
                db.RecordChanges.AddRange(row.Changes.Select(c => new StudentRecordChange
                {
                    StudentId = student.Id, Field = c.Field, OldValue = c.Old, NewValue = c.New, At = now, ImportJobId = jobId,
                    ActorUserId = jobOptions.CommittedByUserId,
                }));
            }

            await db.SaveChangesAsync(ct);
            // The account shows the record's name: a re-import that corrects a name renames the display name too
            // (rare, so one statement per renamed student, inside the commit's transaction).
            foreach (var row in batch.Where(r => r.Changes.Any(c => c.Field == RecordField.Name)))
            {
                var (id, name) = (row.Student!.Id, row.Student.Name);
                await db.Users.Where(u => u.StudentId == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, name), ct);
            }

            db.ChangeTracker.Clear();
            await advanced(batch.Length);
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>
    /// New students get their check, and a changed 入学类别 or 年级 moves the check (with its reports) to the
    /// campaign that now targets the student: set-based per cohort, inside the commit's transaction.
    /// </summary>
    private async Task PlaceChecksAsync(int jobId, RosterPlan plan, DateTime now, CancellationToken ct)
    {
        foreach (var cohort in plan.Rows.Where(r => r.Kind is RowKind.New or RowKind.Updated).Select(r => r.Student!.Cohort).Distinct())
        {
            var (moves, _) = await CampaignTargeting.PlaceAsync(db, cohort, now, ct);
            if (moves.Count > 0)
            {
                logger.LogInformation("Roster import {JobId} moved {Moved} checks of cohort {Cohort}", jobId, moves.Count, cohort);
            }
        }
    }

    /// <summary>The job's result and counts, the audit row, and the uploaded file deleted: the last steps of the transaction.</summary>
    private async Task CompleteAsync(ImportJob job, ImportJobOptions jobOptions, RosterPlan plan, RosterHeading heading, DateTime now, CancellationToken ct)
    {
        var jobId = job.Id;
        var report = ResultOf(plan, heading);
        report.UpgradeConfirmed = jobOptions.ConfirmUpgrade && report.UpgradeSuggestions.Count > 0;
        var result = report.Write();
        var (created, updated, unchanged, rejected) = (plan.Count(RowKind.New), plan.Count(RowKind.Updated), plan.Count(RowKind.Unchanged), plan.Count(RowKind.Rejected));
        await db.ImportJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Completed)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.TotalRows, plan.Rows.Count)
                .SetProperty(j => j.ProcessedRows, plan.Rows.Count)
                .SetProperty(j => j.NewCount, created)
                .SetProperty(j => j.UpdatedCount, updated)
                .SetProperty(j => j.UnchangedCount, unchanged)
                .SetProperty(j => j.RejectedCount, rejected)
                .SetProperty(j => j.ResultJson, result), ct);
        db.AuditLog.Add(ImportAudit.Entry(job, jobOptions, now, string.Create(CultureInfo.InvariantCulture,
            $"kind=roster file={job.FileName} new={created} updated={updated} unchanged={unchanged} rejected={rejected} colleges+={plan.NewColleges.Count} majors+={plan.NewMajors.Count} classes+={plan.NewClasses.Count} upgrade-suggested={plan.Rows.Count(r => r.SuggestsUpgrade)} upgrade-confirmed={(jobOptions.ConfirmUpgrade ? "yes" : "no")}")));
        await db.SaveChangesAsync(ct);
        await db.ImportFiles.Where(f => f.ImportJobId == jobId).ExecuteDeleteAsync(ct);
    }

    private async Task CreateUnitsAsync(RosterPlan plan, CancellationToken ct)
    {
        if (plan.NewColleges.Count + plan.NewMajors.Count + plan.NewClasses.Count == 0)
        {
            return;
        }

        var real = new Dictionary<int, int>();
        int Real(int id) => real.GetValueOrDefault(id, id);
        var colleges = plan.NewColleges.Select(c => (c.TempId, Entity: new College { Name = c.Name })).ToList();
        db.Colleges.AddRange(colleges.Select(c => c.Entity));
        await db.SaveChangesAsync(ct);
        colleges.ForEach(c => real[c.TempId] = c.Entity.Id);

        var majors = plan.NewMajors.Select(m => (m.TempId, Entity: new Major
        {
            Name = m.Name, CollegeId = Real(m.CollegeId), Code = plan.MajorCodesGiven.GetValueOrDefault(m.TempId),
        })).ToList();
        db.Majors.AddRange(majors.Select(m => m.Entity));
        await db.SaveChangesAsync(ct);
        majors.ForEach(m => real[m.TempId] = m.Entity.Id);

        var classes = plan.NewClasses.Select(c => (c.TempId, Entity: new SchoolClass
        {
            Name = c.Name, CollegeId = Real(c.CollegeId), MajorId = c.MajorId is int m ? Real(m) : null, Cohort = c.Cohort,
        })).ToList();
        db.Classes.AddRange(classes.Select(c => c.Entity));
        await db.SaveChangesAsync(ct);
        classes.ForEach(c => real[c.TempId] = c.Entity.Id);
        db.ChangeTracker.Clear();
        plan.ResolveCreated(real);
    }

    /// <summary>
    /// An existing major without a code takes the one the roster gives. "Still without a code" is part of the update,
    /// so a code another import set meanwhile is never overwritten (the next preview shows the mismatch instead).
    /// </summary>
    private async Task GiveMajorCodesAsync(RosterPlan plan, CancellationToken ct)
    {
        foreach (var (id, code) in plan.MajorCodesGiven.Where(m => m.Key > 0))
        {
            await db.Majors.Where(m => m.Id == id && m.Code == null).ExecuteUpdateAsync(m => m.SetProperty(x => x.Code, code), ct);
        }
    }

    /// <summary>The preview's rows of this very file and day (ParsedRosters), or null: then the file is read again.</summary>
    private async Task<(List<RosterRecord> Records, RosterHeading Heading, long FileLength)?> KeptParseAsync(
        ImportJob job, DateOnly today, CancellationToken ct)
    {
        var length = await db.ImportFiles.Where(f => f.ImportJobId == job.Id).Select(f => (long?)f.Content.Length).SingleOrDefaultAsync(ct);
        if (length is not { } n || parsedRosters.Take(new ParsedRosterKey(job.Id, job.CreatedAt, n, today)) is not { } kept)
        {
            return null;
        }

        await ReportAsync(job.Id, ImportStatus.Committing, kept.Records.Count, kept.Records.Count, writeToDb: true, ct);
        return (kept.Records, kept.Heading, n);
    }

    private async Task<(List<RosterRecord> Records, RosterHeading Heading, long FileLength)?> ReadAsync(
        int jobId, ImportStatus status, DateOnly today, bool writeProgressToDb, CancellationToken ct)
    {
        var content = await db.ImportFiles.AsNoTracking().Where(f => f.ImportJobId == jobId).Select(f => f.Content).SingleOrDefaultAsync(ct);
        if (content is null)
        {
            await store.FailAsync(jobId, new UserMessage("上传的文件已不存在，请重新上传。"), ct);
            return null;
        }

        try
        {
            using var file = RosterFile.Open(content, rosterLimits.Value);
            var records = new List<RosterRecord>();
            var estimate = file.EstimatedRows;
            foreach (var row in file.DataRows())
            {
                records.Add(RosterRowParser.Parse(row, file.Columns, today));
                if (records.Count % _options.ProgressEvery == 0)
                {
                    await ReportAsync(jobId, status, records.Count, Math.Max(estimate, records.Count), writeProgressToDb, ct);
                }
            }

            if (records.Count == 0)
            {
                await store.FailAsync(jobId, new UserMessage("名册中没有数据行"), ct);
                return null;
            }

            await ReportAsync(jobId, status, records.Count, records.Count, writeProgressToDb, ct);
            return (records, new RosterHeading(file.Format, file.Convention, file.IgnoredHeaders), content.LongLength);
        }
        catch (RosterFileException ex)
        {
            await store.FailAsync(jobId, ex.Problem, ct);
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            logger.LogWarning(ex, "Roster import {JobId}: the file could not be read to the end", jobId);
            await store.FailAsync(jobId, RosterFile.NotASpreadsheet().Problem, ct);
            return null;
        }
    }

    private async Task ReportAsync(int jobId, ImportStatus status, int processed, int total, bool writeToDb, CancellationToken ct)
    {
        progress.Set(jobId, status, processed, total);
        if (writeToDb)
        {
            await store.ProgressAsync(jobId, processed, total, ct);
        }
    }

    private async Task<string> DefaultSchoolNameAsync(CancellationToken ct) =>
        _options.SchoolName
        ?? await db.Students.AsNoTracking().Where(s => s.SchoolName != "").OrderByDescending(s => s.Id).Select(s => s.SchoolName).FirstOrDefaultAsync(ct)
        ?? "";

    /// <summary>The preview lists this many students needing a 学号 (the count says how many there are in all).</summary>
    private const int MaxListed = 2000;

    private static ImportResult ResultOf(RosterPlan plan, RosterHeading heading) => new()
    {
        Format = heading.Format,
        Convention = heading.Convention,
        Rejected = plan.Rows.Where(r => r.Kind == RowKind.Rejected)
            .Select(r => new RejectedRow(r.Record.Row, r.Record.StudentNumber.Length > 0 ? r.Record.StudentNumber : null, r.Record.Problems))
            .ToList(),
        NeedsAssignment = plan.Rows.Where(r => r.Kind == RowKind.NeedsAssignment).Take(MaxListed)
            .Select(r => new NeedsAssignmentRow(r.Record.Row, r.Record.ExamNumber, r.Record.Name,
                r.Record.Missing.Select(RosterColumns.HeaderOf).ToList()))
            .ToList(),
        NeedsAssignmentCount = plan.Count(RowKind.NeedsAssignment),
        IgnoredColumns = heading.Ignored,
        Mapped = plan.Rows.Where(r => r.Kind != RowKind.Rejected).SelectMany(r => r.Record.Mappings)
            .GroupBy(m => m)
            .Select(g => new MappedValue(g.Key.Header, g.Key.From, g.Key.To, g.Count()))
            .OrderBy(m => m.Column, StringComparer.Ordinal).ThenByDescending(m => m.Rows)
            .ToList(),
        NewColleges = plan.NewColleges.Select(c => c.Name).ToList(),
        NewMajors = plan.NewMajors.Select(m => plan.CollegeName(m.CollegeId) + " / " + m.Name
            + (plan.MajorCodesGiven.TryGetValue(m.TempId, out var code) ? "（" + code + "）" : "")).ToList(),
        NewClasses = plan.NewClasses.Select(c => plan.CollegeName(c.CollegeId) + " / " + c.Name).ToList(),
        MajorCodes = plan.MajorCodesGiven.Where(m => m.Key > 0).Select(m => plan.MajorName(m.Key) + "：" + m.Value).Order(StringComparer.Ordinal).ToList(),
        EmailsKept = plan.Rows.Count(r => r.EmailKept && r.Kind != RowKind.Rejected),
        UpgradeSuggestions = plan.Rows.Where(r => r.SuggestsUpgrade && r.Kind != RowKind.Rejected)
            .Select(r => new UpgradeSuggestion(r.Record.Row, r.Record.StudentNumber, r.Record.UpgradeEvidence!.Value))
            .ToList(),
    };
}

/// <summary>What the preview says about the file itself: its format, the header convention, the columns ignored.</summary>
public sealed record RosterHeading(RosterFormat Format, HeaderConvention Convention, List<string> Ignored);
