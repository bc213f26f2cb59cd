using Microsoft.EntityFrameworkCore.Migrations;

namespace RegistryCheck.Data.MigrationData;

/// <summary>
/// The data move of the sub-cohort and 学信网 migration (issue 15), kept out of the generated migrations so that a
/// regenerated migration calls it with one line: existing students are 普通本科, existing campaigns take every intake
/// type, and their 学信网 check is not opened (its columns are null already).
/// </summary>
public static class XuexinMigrationData
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        // Boolean literals differ: PostgreSQL refuses 1 for a boolean column, SQLite and SQL Server store bits.
        var yes = migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "TRUE" : "1";
        migrationBuilder.Sql($"UPDATE \"Campaigns\" SET \"TargetsRemainingTypes\" = {yes};");
        // SQL Server needs N'' for a non-ASCII literal in an nvarchar column; SQLite does not know the prefix.
        var text = migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer" ? "N'普通本科'" : "'普通本科'";
        migrationBuilder.Sql($"UPDATE \"Students\" SET \"IntakeType\" = {text} WHERE \"IntakeType\" = '';");
    }
}
