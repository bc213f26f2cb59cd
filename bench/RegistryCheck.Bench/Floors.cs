using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Bench;

/// <summary>Raw SQL floors: the exact statement EF generates for the page's aggregate, run with plain ADO.NET.</summary>
public static class Floors
{
    /// <summary>
    /// The registrar dashboard's GROUP BY (TrackingCounts.ByCollegeAsync over the cohort's students), as EF's provider
    /// for this database (SQLite or Npgsql) writes it; its parameter lines become parameters of the raw command.
    /// </summary>
    public static string DashboardSql(BenchDb bench, DbConnection connection, int campaignId, int cohort)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>();
        if (bench.IsPostgres)
        {
            options.UseNpgsql(connection);
        }
        else
        {
            options.UseSqlite(connection);
        }

        using var db = new RegistryDbContext(options.Options);
        var students = db.Students.Where(s => s.Cohort == cohort);
        var query =
            from c in db.StudentChecks
            where c.CampaignId == campaignId
            join s in students on c.StudentId equals s.Id
            group c by new { s.CollegeId, c.State, c.IsExempt } into g
            select new { Unit = g.Key.CollegeId, g.Key.State, g.Key.IsExempt, Count = g.Count() };
        return query.ToQueryString();
    }

    /// <summary>
    /// A command from EF's query string: SQLite writes parameters as ".param set @name value" lines, the relational
    /// default (Npgsql) as "-- @name='value'" comment lines; both hold integers here.
    /// </summary>
    public static DbCommand Command(DbConnection c, string sql)
    {
        var cmd = c.CreateCommand();
        var body = new List<string>();
        foreach (var line in sql.Split('\n'))
        {
            if (line.StartsWith(".param set ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                Add(cmd, parts[2], parts[3]);
            }
            else if (line.StartsWith("-- @", StringComparison.Ordinal) && line.Contains('='))
            {
                var name = line[3..line.IndexOf('=')];
                var value = line[(line.IndexOf('=') + 1)..];
                Add(cmd, name, value.Contains('\'') ? value[(value.IndexOf('\'') + 1)..value.LastIndexOf('\'')] : value);
            }
            else
            {
                body.Add(line);
            }
        }

        cmd.CommandText = string.Join('\n', body);
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, string value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        // Integers only (campaign id, cohort): Npgsql wants the type the column has (int4), SQLite takes any.
        p.Value = int.Parse(value.Trim(), CultureInfo.InvariantCulture);
        cmd.Parameters.Add(p);
    }
}
