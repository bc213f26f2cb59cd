using RegistryCheck.Web.Infrastructure.Dbf;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>A row the .dbf cannot carry without changing a value; the .xlsx carries it intact.</summary>
public sealed record DbfNote(int StudentId, string StudentNumber, string Name, string Code, string Label, DbfWriter.ProblemKind Kind, int Bytes)
{
    public UserMessage Message => Kind == DbfWriter.ProblemKind.NotGbk
        ? new UserMessage("{0}（{1}）含 GBK 以外的字符（如部分生僻字），.dbf 无法表示：本行未写入 .dbf，请按 .xlsx 中的原值在学信网处理。", Code, Label)
        : new UserMessage("{0}（{1}）有 {2} 字节，超过 .dbf 字符字段的上限 254 字节：本行未写入 .dbf，完整值见 .xlsx。", Code, Label,
            Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A field written wider than CHSI's width because a value needed it.</summary>
public sealed record DbfWidened(string Code, int Bytes, int WrittenBytes);

/// <summary>
/// The .dbf of a set of corrected records: CHSI's columns plus GZZD (the codes of the changed fields), SJSP (those
/// of them that need provincial approval) and FXY (发现于: 教务系统 / 学信网 / 教务系统和学信网), all three trailing
/// fields of ours after CHSI's, widened to fit, and the rows left out with why. The page, the .xlsx's note
/// sheet and the .dbf itself all come from this one plan, so they cannot disagree.
/// </summary>
public sealed class ChsiDbfLayout
{
    public const string ChangedCode = "GZZD";
    public const string ApprovalCode = "SJSP";
    public const string SeenOnCode = "FXY";

    private ChsiDbfLayout(IReadOnlyList<CorrectedRecord> records, DbfWriter.Plan plan, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Plan = plan;
        Rows = rows;
        var labels = ChsiColumns.All.ToDictionary(c => c.Code, c => c.Label);
        Notes = plan.Problems.Select(p => new DbfNote(records[p.Row].StudentId, records[p.Row].StudentNumber, records[p.Row].Name, p.Column,
            labels.GetValueOrDefault(p.Column, p.Column), p.Kind, p.Bytes)).ToList();
        Widened = plan.Columns.Zip(Wanted).Where(p => p.First.Bytes > p.Second.Bytes)
            .Select(p => new DbfWidened(p.First.Name, p.Second.Bytes, p.First.Bytes)).ToList();
        Excluded = Notes.Select(n => n.StudentId).ToHashSet();
    }

    public static IReadOnlyList<DbfWriter.Column> Wanted { get; } =
        [.. ChsiColumns.All.Select(c => new DbfWriter.Column(c.Code, c.Bytes)), new(ChangedCode, 60), new(ApprovalCode, 40), new(SeenOnCode, 16)];

    public DbfWriter.Plan Plan { get; }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    public IReadOnlyList<DbfNote> Notes { get; }

    public IReadOnlyList<DbfWidened> Widened { get; }

    /// <summary>Students whose row is not in the .dbf.</summary>
    public IReadOnlySet<int> Excluded { get; }

    public static ChsiDbfLayout For(IReadOnlyList<CorrectedRecord> records)
    {
        var rows = records.Select(r => (IReadOnlyList<string>)[.. r.Values, ChangedCodes(r), ApprovalCodes(r), XuexinLabels.Of(r.SeenOn)]).ToList();
        return new ChsiDbfLayout(records, DbfWriter.Fit(Wanted, rows), rows);
    }

    public static string ChangedCodes(CorrectedRecord r) => string.Join(',', r.Changes.Select(c => c.Code));

    public static string ApprovalCodes(CorrectedRecord r) => string.Join(',', r.Changes.Where(c => c.NeedsApproval).Select(c => c.Code));

    public byte[] Write(DateOnly today)
    {
        using var stream = new MemoryStream();
        DbfWriter.Write(stream, Plan.Columns, Plan.WritableRows.Select(i => Rows[i]).ToList(), today);
        return stream.ToArray();
    }
}
