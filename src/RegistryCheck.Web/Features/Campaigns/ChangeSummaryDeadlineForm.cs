using System.ComponentModel.DataAnnotations;

namespace RegistryCheck.Web.Features.Campaigns;

/// <summary>The summary deadline's own form: its field name and label make the validation message say which date.</summary>
public sealed class ChangeSummaryDeadlineForm
{
    /// <summary>The campaign's version when the page was shown: a change made meanwhile is not overwritten.</summary>
    public int Version { get; set; }

    [Display(Name = "学院汇总截止时间")]
    [Required(ErrorMessage = "请输入{0}")]
    public DateTime? NewSummaryDeadline { get; set; }

    public ChangeDeadlineForm AsDeadlineForm() => new() { Version = Version, NewDeadline = NewSummaryDeadline };
}
