using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// The parts of CHSI's record that are not reportable fields, shown read-only beside the record: the major's code
/// (专业代码), 系所, and for 专升本 the 专科 school and diploma number read from 备注. <see cref="Remark"/> itself is
/// for staff pages; a student sees what was read from it.
/// </summary>
public sealed record RecordExtras(string? MajorCode, string? Department, string? Remark, PriorStudy? PriorStudy)
{
    public static RecordExtras Of(string? majorCode, string? department, string? remark, string? intakeType)
    {
        var prior = PriorStudyRemark.Parse(remark);
        // Only a 专升本 student's 备注 names a 专科 school; another student's may hold any note (and any long number).
        var isUpgrade = intakeType == IntakeTypes.UpgradeToBachelor
            || (remark ?? "").Contains(IntakeTypes.Associate, StringComparison.Ordinal)
            || (remark ?? "").Contains(IntakeTypes.UpgradeToBachelor, StringComparison.Ordinal);
        return new RecordExtras(
            string.IsNullOrEmpty(majorCode) ? null : majorCode,
            string.IsNullOrEmpty(department) ? null : department,
            string.IsNullOrEmpty(remark) ? null : remark,
            isUpgrade && !prior.IsEmpty ? prior : null);
    }
}
