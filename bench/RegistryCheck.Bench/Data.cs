using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Bench;

public sealed record BenchStudent(int Id, string StudentNumber, string Password);

/// <summary>
/// Set-based data for the bench, written straight into the portal's database (SQLite or PostgreSQL, the same rows on
/// both): students are copies of the demo student 2026010001 (same college, major, class and campaign) made by
/// INSERT … SELECT over a series CTE, with unique numbers and valid ID numbers (check character computed in SQL).
/// No import, no EF.
/// </summary>
public sealed class BenchData(BenchDb db)
{
    public const string OwnPassword = "Bench-Own-2026";
    private const string TemplateNumber = "2026010001";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private int _next = 1;
    private string? _ownHash;

    public DbConnection Open() => db.Open();

    /// <summary>One PBKDF2 hash of the bench's own password, shared by every generated account (its salt is in the hash).</summary>
    public string OwnHash => _ownHash ??= new PasswordHasher<AppUser>().HashPassword(new AppUser(), OwnPassword);

    /// <summary>Adds <paramref name="count"/> students; with an own password (hash set) or on their initial password.</summary>
    public List<BenchStudent> AddStudents(int count, bool ownPassword, int perClass = 0)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        var first = _next;
        var last = _next + count - 1;
        _next += count;
        var template = Scalar<long>(c, tx, $"SELECT \"Id\" FROM \"Students\" WHERE \"StudentNumber\" = '{TemplateNumber}'");
        var templateUser = Scalar<long>(c, tx, $"SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"StudentId\" = {template}");
        var templateCheck = Scalar<long>(c, tx, $"SELECT \"Id\" FROM \"StudentChecks\" WHERE \"StudentId\" = {template}");
        var before = Scalar<long>(c, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Students\"");
        var classExpr = "t.\"ClassId\"";
        if (perClass > 0)
        {
            // Bulk students go into new classes of perClass each in the template's college, as a real cohort would.
            var templateClass = Scalar<long>(c, tx, $"SELECT \"ClassId\" FROM \"Students\" WHERE \"Id\" = {template}");
            var classes = Copy(c, tx, "Classes", new Dictionary<string, string> { ["Name"] = $"'2026级基准' || {db.Pad("j", 6)}" });
            Exec(c, tx, $"WITH {db.Series("n", "j", "@a", "@b")} " +
                db.InsertIgnore("Classes", classes.Columns, $"SELECT {classes.Values} FROM n, \"Classes\" t WHERE t.\"Id\" = {templateClass}"),
                ("@a", first / perClass), ("@b", last / perClass));
            classExpr = "(SELECT k.\"Id\" FROM \"Classes\" k WHERE k.\"CollegeId\" = t.\"CollegeId\" AND k.\"Cohort\" = t.\"Cohort\" " +
                $"AND k.\"Name\" = '2026级基准' || {db.Pad($"i / {perClass}", 6)})";
        }


        // ID number: area 3101xx, born 2007-mm-dd, sequence, check character — unique for i < 336,000 × 90.
        var digits = string.Join(" + ", Weights.Select((w, k) => $"CAST(substr(f17, {k + 1}, 1) AS INTEGER) * {w}"));
        var students = Copy(c, tx, "Students", new Dictionary<string, string>
        {
            ["StudentNumber"] = $"'39' || {db.Pad("i", 8)}",
            ["ExamNumber"] = $"'2699' || {db.Pad("i", 10)}",
            ["Name"] = "'测试' || i",
            ["IdNumber"] = $"f17 || substr('10X98765432', (({digits}) % 11) + 1, 1)",
            ["Phone"] = $"'139' || {db.Pad("i", 8)}",
            ["ClassId"] = classExpr,
        });
        var sql = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"WITH {db.Series("n", "i", "@first", "@last")}, ")
            .Append(CultureInfo.InvariantCulture, $"g AS (SELECT i, {db.Pad("310101 + i / 336000", 6)} || '2007' || {db.Pad("(i / 28000) % 12 + 1", 2)} || ")
            .Append(CultureInfo.InvariantCulture, $"{db.Pad("(i / 1000) % 28 + 1", 2)} || {db.Pad("i % 1000", 3)} AS f17 FROM n) ")
            .Append($"INSERT INTO \"Students\" ({students.Columns}) SELECT {students.Values} FROM g, \"Students\" t WHERE t.\"Id\" = {template}");
        Exec(c, tx, sql.ToString(), ("@first", first), ("@last", last));

        var users = Copy(c, tx, "AspNetUsers", new Dictionary<string, string>
        {
            ["UserName"] = "s.\"StudentNumber\"",
            ["NormalizedUserName"] = "upper(s.\"StudentNumber\")",
            ["DisplayName"] = "s.\"Name\"",
            ["StudentId"] = "s.\"Id\"",
            ["SecurityStamp"] = db.RandomHex,
            ["ConcurrencyStamp"] = db.RandomHex,
            ["PasswordHash"] = ownPassword ? "@hash" : "NULL",
            ["PasswordChangedAt"] = ownPassword ? "t.\"CreatedAt\"" : "NULL",
        });
        Exec(c, tx, $"INSERT INTO \"AspNetUsers\" ({users.Columns}) SELECT {users.Values} FROM \"Students\" s, \"AspNetUsers\" t " +
            $"WHERE s.\"Id\" > {before} AND t.\"Id\" = {templateUser}", ("@hash", OwnHash));
        var checks = Copy(c, tx, "StudentChecks", new Dictionary<string, string> { ["StudentId"] = "s.\"Id\"" });
        Exec(c, tx, $"INSERT INTO \"StudentChecks\" ({checks.Columns}) SELECT {checks.Values} FROM \"Students\" s, \"StudentChecks\" t " +
            $"WHERE s.\"Id\" > {before} AND t.\"Id\" = {templateCheck}");

        var result = new List<BenchStudent>(count);
        using (var read = Command(c, tx, $"SELECT \"Id\", \"StudentNumber\", \"IdNumber\" FROM \"Students\" WHERE \"Id\" > {before} ORDER BY \"Id\""))
        using (var r = read.ExecuteReader())
        {
            while (r.Read())
            {
                var password = ownPassword ? OwnPassword : RegistryCheck.Data.Rules.InitialPassword.For(r.GetString(2));
                result.Add(new BenchStudent(r.GetInt32(0), r.GetString(1), password));
            }
        }

        tx.Commit();
        Exec(c, null, "ANALYZE;");
        return result;
    }

    /// <summary>
    /// A submitted college batch of <paramref name="reports"/> reports, one per student of the demo student's college
    /// (three kinds of field: name, ethnicity, political status), as a college would send it to the registrar.
    /// </summary>
    public int AddBatch(int reports)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        var template = Scalar<long>(c, tx, $"SELECT \"Id\" FROM \"Students\" WHERE \"StudentNumber\" = '{TemplateNumber}'");
        var college = Scalar<long>(c, tx, $"SELECT \"CollegeId\" FROM \"Students\" WHERE \"Id\" = {template}");
        var campaign = Scalar<long>(c, tx, $"SELECT \"CampaignId\" FROM \"StudentChecks\" WHERE \"StudentId\" = {template}");
        var sequence = Scalar<long>(c, tx, $"SELECT COALESCE(MAX(\"Sequence\"), 0) + 1 FROM \"CollegeBatches\" WHERE \"CollegeId\" = {college} AND \"CampaignId\" = {campaign}");
        // RETURNING: SQLite (3.35+) and PostgreSQL alike, where last_insert_rowid() / lastval() differ.
        var batch = Scalar<long>(c, tx, "INSERT INTO \"CollegeBatches\" (\"CollegeId\", \"CampaignId\", \"Sequence\", \"Status\", \"CreatedAt\", \"SubmittedAt\", \"Version\") " +
            $"SELECT {college}, {campaign}, {sequence}, {(int)BatchStatus.Submitted}, \"CreatedAt\", \"CreatedAt\", 0 FROM \"Students\" WHERE \"Id\" = {template} RETURNING \"Id\"");
        Exec(c, tx, "INSERT INTO \"CorrectionReports\" (\"StudentId\", \"CampaignId\", \"Field\", \"ShownValue\", \"ProposedValue\", \"Reason\", \"Status\", " +
            "\"NeedsProvincialApproval\", \"IsLate\", \"CounselorNote\", \"BatchId\", \"SubmittedAt\", \"UpdatedAt\", \"VerifiedAt\", \"Version\") " +
            $"SELECT s.\"Id\", {campaign}, CASE s.\"Id\" % 3 WHEN 0 THEN {(int)RecordField.Name} WHEN 1 THEN {(int)RecordField.Ethnicity} ELSE {(int)RecordField.PoliticalStatus} END, " +
            "CASE s.\"Id\" % 3 WHEN 0 THEN s.\"Name\" WHEN 1 THEN s.\"Ethnicity\" ELSE s.\"PoliticalStatus\" END, " +
            "CASE s.\"Id\" % 3 WHEN 0 THEN s.\"Name\" || '更' WHEN 1 THEN '侗族' ELSE '中共预备党员' END, " +
            "'户口本与录取信息不一致，附户口本照片', " + $"{(int)ReportStatus.InBatch}, s.\"Id\" % 3 = 0, FALSE, '已核对户口本原件', {batch}, " +
            $"s.\"CreatedAt\", s.\"CreatedAt\", s.\"CreatedAt\", 0 FROM \"Students\" s WHERE s.\"CollegeId\" = {college} ORDER BY s.\"Id\" DESC LIMIT {reports}");
        tx.Commit();
        return (int)batch;
    }

    public long Count(string sql)
    {
        using var c = Open();
        return Scalar<long>(c, null, sql);
    }

    /// <summary>One text value (or "" for NULL).</summary>
    public string Text(string sql)
    {
        using var c = Open();
        using var cmd = Command(c, null, sql);
        return cmd.ExecuteScalar() as string ?? "";
    }

    private (string Columns, string Values) Copy(DbConnection c, DbTransaction tx, string table, Dictionary<string, string> overrides)
    {
        var columns = new List<string>();
        using (var cmd = Command(c, tx, db.ColumnsSql(table)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                columns.Add(r.GetString(0));
            }
        }

        columns.Remove("Id");
        return (string.Join(", ", columns.Select(x => $"\"{x}\"")),
            string.Join(", ", columns.Select(x => overrides.TryGetValue(x, out var e) ? e : $"t.\"{x}\"")));
    }

    public static DbCommand Command(DbConnection c, DbTransaction? tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Exec(DbConnection c, DbTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = Command(c, tx, sql);
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        cmd.CommandTimeout = 600;
        cmd.ExecuteNonQuery();
    }

    private static T Scalar<T>(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = Command(c, tx, sql);
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }
}
