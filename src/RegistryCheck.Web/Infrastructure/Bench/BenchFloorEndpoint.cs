using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Infrastructure.Bench;

/// <summary>
/// The floor the benchmark (bench/RegistryCheck.Bench, docs/performance.md) compares the student record page with:
/// the same student row with its college, major and class names read by one raw ADO.NET query, answered with a fixed
/// HTML string. Mapped only when Bench:FloorEndpoint is true and never in Production; anonymous, the student id comes
/// from the query string, and the answer holds no record data.
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
        app.MapGet("/bench/floor", async (int id, RegistryDbContext db, HttpContext http, CancellationToken ct) =>
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
        }).AllowAnonymous();
    }
}
