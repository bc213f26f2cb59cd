using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>Classes and students of other cohorts, forms as a browser posts them, and Beijing-time helpers.</summary>
public static class AdminTestData
{
    private static int _next;

    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>A value for an &lt;input type="datetime-local"&gt;, in Beijing time.</summary>
    public static string Local(DateTimeOffset at) => at.ToOffset(Beijing).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public static async Task<int> AddClassAsync(PortalFactory factory, int cohort)
    {
        var n = Interlocked.Increment(ref _next);
        return await factory.WithDbAsync(async db =>
        {
            var major = await db.Majors.OrderBy(m => m.Id).FirstAsync();
            var cls = new SchoolClass { Name = $"{cohort}级测试{n}班", Cohort = cohort, CollegeId = major.CollegeId, MajorId = major.Id };
            db.Classes.Add(cls);
            await db.SaveChangesAsync();
            return cls.Id;
        });
    }

    /// <summary>Students (with accounts) in a class, through EF: for a handful.</summary>
    public static async Task<List<int>> AddStudentsAsync(PortalFactory factory, int classId, int count) =>
        await factory.WithDbAsync(async db =>
        {
            var cls = await db.Classes.SingleAsync(c => c.Id == classId);
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var students = new List<Student>();
            for (var i = 0; i < count; i++)
            {
                var student = new StudentBuilder(cls, now).Build();
                students.Add(student);
                db.Students.Add(student);
                db.Users.Add(StudentAccounts.NewAccount(student, now));
            }

            await db.SaveChangesAsync();
            return students.Select(s => s.Id).ToList();
        });

    /// <summary>Many students at once with one INSERT … SELECT over a generated sequence.</summary>
    public static async Task AddManyStudentsAsync(PortalFactory factory, int classId, int count) =>
        await factory.WithDbAsync(async db =>
        {
            var cls = await db.Classes.SingleAsync(c => c.Id == classId);
            var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
            // Zero-padded numbers: printf on SQLite, lpad on PostgreSQL.
            string Pad(string expression, int width) => postgres ? $"lpad(({expression})::text, {width}, '0')" : $"printf('%0{width}d', {expression})";
            var sequence = postgres
                ? $"WITH seq(i) AS (SELECT generate_series(1, {count}))"
                : $"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {count})";
            var sql = $"""
                {sequence}
                INSERT INTO "Students" ("StudentNumber", "Name", "Gender", "BirthDate", "Ethnicity", "IdType", "IdNumber", "SchoolName",
                    "Level", "CollegeId", "MajorId", "ClassId", "LengthOfStudyTenths", "StudyForm", "EducationCategory", "EnrollmentDate",
                    "RegistryStatus", "Cohort", "CreatedAt", "UpdatedAt", "Version")
                SELECT '{cls.Cohort}' || {Pad("i", 6)}, '学生' || i, 1, '2008-01-01', '汉族', '居民身份证', '43010420080102' || {Pad("i % 10000", 4)} || {Pad("i / 10000", 2)},
                    '示范大学', '本科', {cls.CollegeId}, {cls.MajorId}, {cls.Id}, 40, '普通全日制', '普通高等教育', '{cls.Cohort}-09-01',
                    '在籍（注册学籍）', {cls.Cohort}, '2026-11-01 00:00:00', '2026-11-01 00:00:00', 0
                FROM seq
                """;
            await db.Database.ExecuteSqlRawAsync(sql);
        });

    public static async Task<PortalClient> StaffAsync(PortalFactory factory, string user, string password)
    {
        var client = factory.NewClient();
        var response = await client.SignInStaffAsync(user, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Staff sign-in of {user} failed: {response.StatusCode}");
        }

        if (response.Headers.Location?.OriginalString == "/account/password")
        {
            // An account an administrator made in the test: its forced change, to the same password, so callers keep theirs.
            var changed = await client.PostFormAsync("/account/password",
                [new("CurrentPassword", password), new("NewPassword", password), new("ConfirmPassword", password)], "/account/password");
            if (changed.StatusCode != System.Net.HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"The forced password change of {user} failed: {changed.StatusCode}");
            }
        }

        return client;
    }

    public static Task<HttpResponseMessage> PostAsync(this PortalClient client, string url, string tokenPage, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), tokenPage);
}
