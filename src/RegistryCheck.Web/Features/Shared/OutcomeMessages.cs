using Microsoft.Extensions.Localization;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>The words for each outcome, shared by the counselor, college and registrar pages.</summary>
public static class OutcomeMessages
{
    public static string Of(StaffOutcome outcome, IStringLocalizer l, string done, string? invalid = null) => outcome switch
    {
        StaffOutcome.Done => done,
        StaffOutcome.ChangedMeanwhile => l["该记录在您查看之后已被他人修改，您的操作没有保存。请查看最新状态后再操作。"],
        StaffOutcome.NotAllowedInStatus => l["该报告当前的状态不允许此操作（可能已报送学籍管理科或已处理）。"],
        StaffOutcome.Invalid => invalid ?? l["输入不完整。"],
        _ => l["未找到。"],
    };
}
