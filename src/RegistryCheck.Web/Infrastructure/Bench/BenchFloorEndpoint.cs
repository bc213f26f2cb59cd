using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Infrastructure.Bench;

/// <summary>
/// The floors the benchmark (bench/RegistryCheck.Bench, docs/performance.md) compares the student record page with:
/// the same student row with its college, major and class names read by one raw ADO.NET query, answered with a fixed
/// HTML string. <c>/bench/floor/me</c> is the signed-in floor of issue #19: it passes the same cookie authentication,
/// server-side session lookup (DatabaseTicketStore) and student policy as /me and takes the id from the cookie;
/// <c>/bench/floor?id=</c> is the anonymous floor kept beside it. Mapped only when Bench:FloorEndpoint is true and
/// never in Production; the answers hold no record data.
/// </summary>
public static class BenchFloorEndpoint
{
    private const string Sql =
        "SELECT s.*, c.\"Name\", m.\"Name\", k.\"Name\" FROM \"Students\" s " +
        "JOIN \"Colleges\" c ON c.\"Id\" = s.\"CollegeId\" JOIN \"Majors\" m ON m.\"Id\" = s.\"MajorId\" " +
        "JOIN \"Classes\" k ON k.\"Id\" = s.\"ClassId\" WHERE s.\"Id\" = @id";

    private const string Html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>floor</title></head><body><p>ok</p></body></html>";

    public static void MapBenchFloor(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Bench:FloorEndpoint", false) || app.Environment.IsProduction())
        {
            return;
        }

        app.Logger.LogWarning("Bench floor endpoint /bench/floor is mapped (Bench:FloorEndpoint): benchmarks only");
        app.MapGet("/bench/floor", (int id, RegistryDbContext db, CancellationToken ct) => FloorAsync(id, db, ct)).AllowAnonymous();
        app.MapGet("/bench/floor/me", (HttpContext http, RegistryDbContext db, CancellationToken ct) =>
                FloorAsync(http.User.GetStudentId() ?? 0, db, ct))
            .RequireAuthorization(Policies.Student);
    }

    private static async Task<IResult> FloorAsync(int id, RegistryDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var p = command.CreateParameter();
            p.ParameterName = "@id";
            p.Value = id;
            command.Parameters.Add(p);
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return Results.NotFound();
            }

            // Read every column, as the page does, so the floor pays for the row it claims to read.
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return Results.Content(Html, "text/html; charset=utf-8");
    }
}
