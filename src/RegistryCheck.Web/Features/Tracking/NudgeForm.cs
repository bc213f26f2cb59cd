using System.ComponentModel.DataAnnotations;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A nudge (催查) the counselor made outside the portal: how, and a note. One student's or a whole list's.</summary>
public sealed class NudgeForm
{
    [Display(Name = "催查方式")]
    public NudgeChannel Channel { get; set; }

    [Display(Name = "备注")]
    [StringLength(500, ErrorMessage = "{0}过长")]
    public string? Note { get; set; }
}
