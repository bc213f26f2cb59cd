using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>
/// The prepared-insert write path (ADR-028) against the EF path it replaces: the same roster committed through each,
/// in two portals with the same clock and seed, leaves the same rows, column by column, on the provider under test.
/// </summary>
public class PreparedInsertTests
{
    private static readonly string[] Headers = [.. ImportKit.Headers, "电子邮箱", "入学类别", "备注"];

    [Fact]
    public async Task A_roster_committed_with_prepared_inserts_stores_the_same_columns_as_through_ef()
    {
        var rows = Enumerable.Range(0, 5).Select(i =>
        {
            var row = ImportKit.Row(female: i % 2 == 0);
            // Optional columns set on some rows and empty on others, so both NULL and values are compared.
            row["电子邮箱"] = i % 2 == 0 ? $"s{i}@example.edu.cn" : "";
            row["备注"] = i == 1 ? "备注文字" : "";
            row["入学类别"] = i == 2 ? "专升本" : "";
            return (IReadOnlyDictionary<string, string>)row;
        }).ToList();
        var roster = ImportKit.Utf8(ImportKit.Csv(rows, Headers));
        var numbers = rows.Select(r => r["学号"]).ToList();

        using var prepared = new PortalFactory();
        using var ef = PortalFactory.WithTestServices(s => s.Configure<ImportOptions>(o => o.PreparedInserts = false));
        var (preparedJob, efJob) = (await ImportAsync(prepared, roster), await ImportAsync(ef, roster));
        Assert.Equal((ImportStatus.Completed, 5), (preparedJob.Status, preparedJob.NewCount));
        Assert.Equal((ImportStatus.Completed, 5), (efJob.Status, efJob.NewCount));
        Assert.True(await prepared.WithDbAsync(db => Task.FromResult(NewStudentInserts.Prepared(db, new ImportOptions()))), "the default takes the prepared path");

        foreach (var table in new[] { typeof(Student), typeof(AppUser) })
        {
            var fast = await prepared.WithDbAsync(db => RowsAsync(db, table, numbers));
            var slow = await ef.WithDbAsync(db => RowsAsync(db, table, numbers));
            Assert.Equal(5, fast.Count);
            Assert.Equal(slow.Count, fast.Count);
            for (var i = 0; i < fast.Count; i++)
            {
                Assert.Equal(slow[i].Keys.Order(), fast[i].Keys.Order());
                foreach (var column in slow[i].Keys)
                {
                    Assert.True(SameValue(column, slow[i][column], fast[i][column]),
                        $"{table.Name}.{column} of {numbers[i]}: EF wrote '{slow[i][column]}', the prepared insert '{fast[i][column]}'");
                }
            }
        }

        // Each account points at its own student, and each student got a check, as through EF.
        await prepared.WithDbAsync(async db =>
        {
            Assert.Equal(5, await db.Users.CountAsync(u => numbers.Contains(u.UserName!) && u.Student!.StudentNumber == u.UserName));
            Assert.Equal(5, await db.StudentChecks.CountAsync(c => numbers.Contains(c.Student.StudentNumber)));
        });
    }

    private static async Task<ImportJob> ImportAsync(PortalFactory factory, byte[] roster)
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var job = await ImportKit.UploadAndPreviewAsync(factory, client, roster);
        Assert.Equal((ImportStatus.Previewed, 0), (job.Status, job.RejectedCount));
        return await ImportKit.CommitAsync(factory, client, job.Id);
    }

    // Ids differ between two databases only if the seeds did (they do not); random stamps differ always: same shape.
    private static bool SameValue(string column, string? efValue, string? fastValue) => column switch
    {
        "SecurityStamp" or "ConcurrencyStamp" => efValue?.Length == fastValue?.Length && fastValue is { Length: > 0 } && efValue != fastValue,
        _ => efValue == fastValue,
    };

    /// <summary>Every stored column of the roster's rows, read raw (as the database holds it, not as EF converts it back).</summary>
    private static async Task<List<Dictionary<string, string?>>> RowsAsync(RegistryDbContext db, Type entityType, List<string> numbers)
    {
        var entity = db.Model.FindEntityType(entityType)!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var numberColumn = entityType == typeof(Student) ? "StudentNumber" : "UserName";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {sql.DelimitIdentifier(entity.GetTableName()!)} ORDER BY {sql.DelimitIdentifier(numberColumn)}";
        var rows = new List<Dictionary<string, string?>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName,
                i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            if (numbers.Contains(row[numberColumn]!))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
