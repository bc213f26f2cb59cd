using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>Chinese labels of states and statuses: keys into the shared string table. Field labels live in FieldRules.</summary>
public static class FieldLabels
{
    /// <summary>The field's label comes from its rule: the field table is the one home of field labels.</summary>
    public static string Of(RecordField field) => FieldRules.Label(field);

    public static string Of(CorrectionKind kind) => kind == CorrectionKind.Change ? "更改" : "更正";

    public static string Of(CheckState state) => state switch
    {
        CheckState.NotViewed => "未查看",
        CheckState.Viewed => "已查看未确认",
        CheckState.Confirmed => "已确认无误",
        CheckState.Reported => "已报告错误",
        CheckState.Resolved => "错误已处理",
        _ => state.ToString(),
    };

    public static string Of(ReportStatus status) => status switch
    {
        ReportStatus.Submitted => "已提交，待辅导员核实",
        ReportStatus.ReturnedToStudent => "已退回，请补充说明",
        ReportStatus.Verified => "辅导员已核实",
        ReportStatus.InBatch => "已报学籍管理科",
        ReportStatus.Corrected => "已更正",
        ReportStatus.Rejected => "未予更正",
        ReportStatus.Withdrawn => "已撤回",
        _ => status.ToString(),
    };
}
