using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>Labels (localization keys) of channels, message kinds and delivery states, shared by tracking and the registrar's outbox page.</summary>
public static class NotificationLabels
{
    public static string Channel(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => "电子邮件",
        MessageChannel.WeCom => "企业微信",
        MessageChannel.Sms => "短信",
        _ => "其他",
    };

    public static string State(OutboxState state) => state switch
    {
        OutboxState.Queued => "待发送",
        OutboxState.Sending => "发送中",
        OutboxState.Sent => "已发送",
        OutboxState.Failed => "发送失败",
        _ => "其他",
    };

    public static string Kind(MessageKind kind) => kind switch
    {
        MessageKind.Nudge => "催查提醒",
        MessageKind.DeadlineReminder => "截止提醒",
        MessageKind.ReportReturned => "更正申请退回",
        MessageKind.ReportCorrected => "已更正",
        MessageKind.ReportRejected => "更正申请未通过",
        MessageKind.DeadlineExtended => "截止时间延长",
        MessageKind.PasswordReset => "密码重置",
        MessageKind.XuexinReminder => "学信网核对截止提醒",
        MessageKind.SummaryReminder => "学院汇总截止提醒",
        _ => "其他",
    };

    public static NudgeChannel NudgeChannelOf(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => NudgeChannel.Email,
        MessageChannel.WeCom => NudgeChannel.WeCom,
        _ => NudgeChannel.Sms,
    };
}
