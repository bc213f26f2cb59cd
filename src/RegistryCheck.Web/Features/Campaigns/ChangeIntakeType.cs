using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed class ChangeIntakeTypeForm
{
    [Display(Name = "学号")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(32, ErrorMessage = "{0}过长")]
    public string? StudentNumber { get; set; }

    [Display(Name = "入学类别")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(32, ErrorMessage = "{0}过长")]
    public string? IntakeType { get; set; }
}

/// <summary>
/// The registrar corrects one student's 入学类别 outside an import (a 专升本 student the roster did not say was one).
/// During an open campaign the student moves to the campaign that targets the new type, with everything done so far
/// (viewed, confirmed, the 学信网 result, the reports, each report's history saying so), through the same
/// <see cref="CampaignTargeting"/> the import and campaign creation use. The student row's version guards the
/// change: two registrars changing one student at once cannot both win, and the placement runs in the same transaction.
/// </summary>
public sealed class ChangeIntakeTypeHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, ILogger<ChangeIntakeTypeHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, ChangeIntakeTypeForm form, CancellationToken ct)
    {
        var (student, refusal) = await CampaignStudent.FindAsync(db, campaignId, nameof(form.StudentNumber), form.StudentNumber, ct);
        if (student is null)
        {
            return refusal!;
        }

        var type = IntakeTypes.Normalize(form.IntakeType);
        if (type is null || type.Length > Data.Configurations.FieldLengths.ShortText)
        {
            return Invalid(nameof(form.IntakeType), "请输入入学类别");
        }

        if (type == student.IntakeType)
        {
            return Invalid(nameof(form.IntakeType), "该学生的入学类别已是“{0}”", type);
        }

        var now = clock.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Students.Where(s => s.Id == student.StudentId && s.Version == student.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IntakeType, type).SetProperty(x => x.UpdatedAt, now).SetProperty(x => x.Version, x => x.Version + 1), ct);
        if (changed == 0)
        {
            return new(CampaignOutcome.ChangedMeanwhile);
        }

        var (moves, created) = await CampaignTargeting.PlaceAsync(db, student.Cohort, now, ct);
        var moved = moves.Where(m => m.StudentId == student.StudentId).Select(m => m.ToCampaignId).FirstOrDefault();
        audit.Add(AuditActions.CampaignChanged, "student", student.StudentId, string.Create(CultureInfo.InvariantCulture,
            $"intake-type-changed from={student.IntakeType} to={type} moved-to-campaign={(moved == 0 ? "none" : moved.ToString(CultureInfo.InvariantCulture))} checks-created={created}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Student {StudentId}: intake type changed, check moved to campaign {CampaignId}", student.StudentId, moved);
        return new(CampaignOutcome.Done);
    }

    private static CampaignCommandResult Invalid(string field, string message, params string[] args) =>
        new(CampaignOutcome.Invalid, UserMessage.For(field, message, args));
}
