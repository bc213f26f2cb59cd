using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Writes the roster's new students and their accounts inside the commit's transaction: two rows per student, the
/// bulk of a first import. On SQLite and PostgreSQL each table gets one prepared INSERT for the whole transaction
/// (ADR-028); on SQL Server, which cannot be tested here, the same rows go through EF in batches as before.
/// Their checks are made afterwards, set-based, by <see cref="Shared.CampaignTargeting"/>.
/// </summary>
public static class NewStudentInserts
{
    /// <summary>Whether this provider takes the prepared path (the setting can turn it off, e.g. to compare both).</summary>
    public static bool Prepared(RegistryDbContext db, ImportOptions options) =>
        options.PreparedInserts && (db.Database.IsSqlite() || db.Database.IsNpgsql());

    /// <param name="advanced">Called after every Import:BatchSize students with the number just written (the progress bar).</param>
    public static async Task WriteAsync(
        RegistryDbContext db, ImportOptions options, IReadOnlyList<Student> students, DateTime now, Func<int, Task> advanced, CancellationToken ct)
    {
        var batchSize = Math.Max(1, options.BatchSize);
        if (Prepared(db, options))
        {
            await WritePreparedAsync(db, students, now, batchSize, advanced, ct);
        }
        else
        {
            await WriteWithEfAsync(db, students, now, batchSize, advanced, ct);
        }
    }

    private static async Task WritePreparedAsync(
        RegistryDbContext db, IReadOnlyList<Student> students, DateTime now, int batchSize, Func<int, Task> advanced, CancellationToken ct)
    {
        await using var insertStudent = await PreparedInsert.CreateAsync<Student>(db, returnKey: true, ct);
        await using var insertAccount = await PreparedInsert.CreateAsync<AppUser>(db, returnKey: false, ct);
        for (var i = 0; i < students.Count; i++)
        {
            var student = students[i];
            await insertStudent.InsertAsync(student, ct);
            var account = StudentAccounts.NewAccount(student, now);
            // SaveChanges would fix the foreign key up from the navigation; a raw insert needs it set.
            account.StudentId = student.Id;
            await insertAccount.InsertAsync(account, ct);
            if ((i + 1) % batchSize == 0 || i == students.Count - 1)
            {
                await advanced((i % batchSize) + 1);
            }
        }
    }

    private static async Task WriteWithEfAsync(
        RegistryDbContext db, IReadOnlyList<Student> students, DateTime now, int batchSize, Func<int, Task> advanced, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batch in students.Chunk(batchSize))
            {
                foreach (var student in batch)
                {
                    db.Students.Add(student);
                    db.Users.Add(StudentAccounts.NewAccount(student, now));
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                await advanced(batch.Length);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }
}
