using System.Text.Json;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The preview or report kept in <see cref="ImportJob.ResultJson"/>.</summary>
public sealed class ImportResult
{
    public List<RejectedRow> Rejected { get; set; } = [];
    /// <summary>New students without 学号 or 班级: not imported until the roster gives them.</summary>
    public List<NeedsAssignmentRow> NeedsAssignment { get; set; } = [];
    public int NeedsAssignmentCount { get; set; }
    public List<string> IgnoredColumns { get; set; } = [];
    /// <summary>The roster's format and header naming (null in results stored before CHSI files were read).</summary>
    public RosterFormat? Format { get; set; }
    public HeaderConvention? Convention { get; set; }
    /// <summary>Values the field rules mapped from a variant, with how many rows had each.</summary>
    public List<MappedValue> Mapped { get; set; } = [];
    public List<string> NewColleges { get; set; } = [];
    public List<string> NewMajors { get; set; } = [];
    public List<string> NewClasses { get; set; } = [];
    /// <summary>Existing majors that get their 专业代码 from this roster ("经济学：020101").</summary>
    public List<string> MajorCodes { get; set; } = [];
    public List<UnmatchedFile> Unmatched { get; set; } = [];
    /// <summary>Rows proposed as 专升本 (no 入学类别, but 学制 2 at 本科 or a 备注 saying so), for the registrar to confirm.</summary>
    public List<UpgradeSuggestion> UpgradeSuggestions { get; set; } = [];
    /// <summary>In a committed import's report: whether the registrar confirmed the suggestions (they were then imported as 专升本).</summary>
    public bool UpgradeConfirmed { get; set; }
    /// <summary>Students whose own e-mail (entered on the record page) was kept although the roster gives another.</summary>
    public int EmailsKept { get; set; }
    /// <summary>
    /// Matched photos that miss CHSI's photo specification (format, ratio, pixel size, byte size), the first
    /// <c>PhotoImportHandler.ShownWarnings</c> of them, and how many in all. Warnings only: they are imported.
    /// </summary>
    public List<PhotoWarning> PhotoWarnings { get; set; } = [];
    public int PhotoWarningCount { get; set; }
    public int WithoutPhotoCount { get; set; }
    public List<string> WithoutPhoto { get; set; } = [];

    public static ImportResult Read(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<ImportResult>(json, ImportJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, ImportJson.Options);
}
