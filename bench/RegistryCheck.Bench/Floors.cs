using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Bench;

/// <summary>Raw SQL floors: the exact statement EF generates for the page's aggregate, run with plain ADO.NET.</summary>
public static class Floors
{
    /// <summary>
    /// The registrar dashboard's GROUP BY (TrackingCounts.ByCollegeAsync over the cohort's students), as EF's SQLite
    /// provider writes it; its ".param set" lines become parameters of the raw command.
    /// </summary>
    public static string DashboardSql(SqliteConnection connection, int campaignId, int cohort)
    {
        using var db = new RegistryDbContext(new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite(connection).Options);
        var students = db.Students.Where(s => s.Cohort == cohort);
        var query =
            from c in db.StudentChecks
            where c.CampaignId == campaignId
            join s in students on c.StudentId equals s.Id
            group c by new { s.CollegeId, c.State, c.IsExempt } into g
            select new { Unit = g.Key.CollegeId, g.Key.State, g.Key.IsExempt, Count = g.Count() };
        return query.ToQueryString();
    }

    /// <summary>A command from SQL that may start with EF's ".param set @name value" lines.</summary>
    public static SqliteCommand Command(SqliteConnection c, string sql)
    {
        var cmd = c.CreateCommand();
        var body = new List<string>();
        foreach (var line in sql.Split('\n'))
        {
            if (line.StartsWith(".param set ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                cmd.Parameters.AddWithValue(parts[2], long.Parse(parts[3].Trim(), CultureInfo.InvariantCulture));
            }
            else
            {
                body.Add(line);
            }
        }

        cmd.CommandText = string.Join('\n', body);
        return cmd;
    }
}
