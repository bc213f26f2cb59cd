using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>The Chinese label of each record field: the key into the shared string table.</summary>
public static class FieldLabels
{
    public static string Of(RecordField field) => field switch
    {
        RecordField.Name => "姓名",
        RecordField.Gender => "性别",
        RecordField.BirthDate => "出生日期",
        RecordField.Ethnicity => "民族",
        RecordField.PoliticalStatus => "政治面貌",
        RecordField.IdType => "证件类型",
        RecordField.IdNumber => "证件号码",
        RecordField.ExamNumber => "考生号",
        RecordField.StudentNumber => "学号",
        RecordField.SchoolName => "学校名称",
        RecordField.Level => "层次",
        RecordField.College => "院系",
        RecordField.Major => "专业",
        RecordField.Class => "班级",
        RecordField.LengthOfStudy => "学制",
        RecordField.StudyForm => "学习形式",
        RecordField.EducationCategory => "学历类别",
        RecordField.EnrollmentDate => "入学日期",
        RecordField.ExpectedGraduationDate => "预计毕业日期",
        RecordField.RegistryStatus => "学籍状态",
        RecordField.Photo => "录取照片",
        RecordField.Phone => "联系电话",
        _ => field.ToString(),
    };

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
