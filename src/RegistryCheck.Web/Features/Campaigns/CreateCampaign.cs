using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed class CreateCampaignForm
{
    [Display(Name = "年级")]
    [Required(ErrorMessage = "请输入{0}")]
    [Range(2000, 2100, ErrorMessage = "{0}应在 {1} 到 {2} 之间")]
    public int? Cohort { get; set; }

    [Display(Name = "名称")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(100, ErrorMessage = "{0}过长")]
    public string? Name { get; set; }

    /// <summary>Local (Beijing) time, as a datetime-local input sends it.</summary>
    [Display(Name = "开始时间")]
    [Required(ErrorMessage = "请输入{0}")]
    public DateTime? OpensAt { get; set; }

    [Display(Name = "截止时间")]
    [Required(ErrorMessage = "请输入{0}")]
    public DateTime? Deadline { get; set; }

    /// <summary>汇总截止: when each college must submit its batch or 零报告 (local time; optional).</summary>
    [Display(Name = "学院汇总截止时间")]
    public DateTime? SummaryDeadline { get; set; }

    /// <summary>A student may not have a 姓名 and a 证件号码 report open at once (the default).</summary>
    public bool ForbidNameAndIdNumberTogether { get; set; } = true;

    /// <summary>True: every intake type no other open campaign of the cohort names (the 新生 campaign); false: <see cref="IntakeTypes"/>.</summary>
    public bool TargetsRemainingTypes { get; set; } = true;

    /// <summary>The intake types chosen from the table.</summary>
    public List<string> IntakeTypes { get; set; } = [];

    /// <summary>Other intake types the registrar names, separated by commas or 、.</summary>
    [Display(Name = "其他入学类别")]
    [StringLength(200, ErrorMessage = "{0}过长")]
    public string? OtherIntakeTypes { get; set; }

    /// <summary>The announced opening of the 学信网 check (local time); it opens only when the registrar says the data is uploaded.</summary>
    [Display(Name = "学信网核对预计开放时间")]
    public DateTime? XuexinOpensAt { get; set; }

    [Display(Name = "学信网核对截止时间")]
    public DateTime? XuexinDeadline { get; set; }

    /// <summary>The registrar saw how many students the new campaign takes from another one and agreed.</summary>
    public bool ConfirmMoves { get; set; }

    /// <summary>The listed intake types, normalised, without duplicates.</summary>
    public List<string> ListedTypes() =>
        IntakeTypes.Concat((OtherIntakeTypes ?? "").Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries))
            .Select(Data.Rules.IntakeTypes.Normalize).OfType<string>().Distinct().ToList();
}

public sealed record CreateCampaignResult(int? CampaignId, int ChecksCreated, IReadOnlyList<UserMessage> Problems, int MovesToConfirm = 0, int Moved = 0)
{
    public bool Succeeded => CampaignId is not null;
}

/// <summary>
/// Opens a campaign for one cohort and a list of intake types (or "every other type"), and places the cohort's
/// students: the checks are created set-based (INSERT … SELECT, so a cohort of 50,000 takes under a second), and a
/// campaign that narrows another (专升本 out of 新生) moves those students' checks, after the registrar confirmed how
/// many move. Each intake type is in at most one open campaign of a cohort, and at most one takes "the rest".
/// </summary>
public sealed class CreateCampaignHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, IHttpContextAccessor http, ILogger<CreateCampaignHandler> logger)
{
    public async Task<CreateCampaignResult> HandleAsync(CreateCampaignForm form, CancellationToken ct)
    {
        var cohort = form.Cohort!.Value;
        var types = form.ListedTypes();
        if (Validate(form, types) is { } problem)
        {
            return problem;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await CampaignTargeting.OpenTargetsAsync(db, cohort, ct);
        if (Conflict(form, types, before) is { } conflict)
        {
            return conflict;
        }

        var campaign = NewCampaign(form, types);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);

        // Another registrar creating an overlapping campaign at the same moment: the later transaction sees both.
        var after = await CampaignTargeting.OpenTargetsAsync(db, cohort, ct);
        if (Conflict(form, types, after.Where(t => t.Id != campaign.Id).ToList()) is { } race)
        {
            await tx.RollbackAsync(ct);
            return race;
        }

        var planned = await CampaignTargeting.PlannedMovesAsync(db, cohort, after, ct);
        if (planned.Count > 0 && !form.ConfirmMoves)
        {
            await tx.RollbackAsync(ct);
            return new CreateCampaignResult(null, 0, [UserMessage.For(nameof(form.ConfirmMoves),
                "新核对将从进行中的核对转入 {0} 名学生（已查看、确认和报告随之保留）。请确认后再创建。", planned.Count.ToString(CultureInfo.InvariantCulture))], planned.Count);
        }

        var (moves, created) = await CampaignTargeting.PlaceAsync(db, cohort, clock.UtcNow, ct);
        audit.Add(AuditActions.CampaignChanged, "campaign", campaign.Id, string.Create(CultureInfo.InvariantCulture,
            $"created cohort={cohort} types={(campaign.TargetsRemainingTypes ? "remaining" : string.Join("|", types))} opens={campaign.OpensAt:O} deadline={campaign.Deadline:O} summary-deadline={campaign.SummaryDeadline?.ToString("O", CultureInfo.InvariantCulture) ?? "none"} checks={created} moved={moves.Count} forbid-name-and-id-number={(form.ForbidNameAndIdNumberTogether ? "on" : "off")}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Campaign {CampaignId} created for cohort {Cohort} with {Checks} checks, {Moved} moved in", campaign.Id, cohort, created, moves.Count);
        return new CreateCampaignResult(campaign.Id, created, [], Moved: moves.Count);
    }

    private CreateCampaignResult? Validate(CreateCampaignForm form, List<string> types)
    {
        var opensAt = clock.ToUtc(form.OpensAt!.Value);
        var deadline = clock.ToUtc(form.Deadline!.Value);
        if (deadline <= opensAt)
        {
            return Fail(nameof(form.Deadline), "截止时间必须晚于开始时间");
        }

        if (deadline <= clock.UtcNow)
        {
            return Fail(nameof(form.Deadline), "截止时间必须晚于当前时间");
        }

        if (form.SummaryDeadline is { } summary && clock.ToUtc(summary) <= opensAt)
        {
            return Fail(nameof(form.SummaryDeadline), "学院汇总截止时间必须晚于开始时间");
        }

        if (form.XuexinDeadline is { } xd && clock.ToUtc(xd) <= opensAt)
        {
            return Fail(nameof(form.XuexinDeadline), "学信网核对截止时间必须晚于开始时间");
        }

        if (!form.TargetsRemainingTypes && types.Count == 0)
        {
            return Fail(nameof(form.IntakeTypes), "请至少选择一个入学类别");
        }

        return types.Any(t => t.Length > Data.Configurations.FieldLengths.ShortText) ? Fail(nameof(form.OtherIntakeTypes), "入学类别名称过长") : null;
    }

    private static CreateCampaignResult? Conflict(CreateCampaignForm form, List<string> types, IReadOnlyList<CampaignTarget> open)
    {
        if (form.TargetsRemainingTypes && open.Any(t => t.TargetsRemainingTypes))
        {
            return Fail(nameof(form.Cohort), "该年级已有面向其余入学类别的进行中核对，请先关闭它再新建，或选择具体的入学类别");
        }

        var taken = form.TargetsRemainingTypes ? null : types.FirstOrDefault(t => open.Any(o => o.IntakeTypes.Contains(t)));
        return taken is null ? null : Fail(nameof(form.IntakeTypes), "入学类别“{0}”已在该年级另一个进行中的核对里", taken);
    }

    private Campaign NewCampaign(CreateCampaignForm form, List<string> types)
    {
        var now = clock.UtcNow;
        var campaign = new Campaign
        {
            Name = form.Name!.Trim(),
            Cohort = form.Cohort!.Value,
            OpensAt = clock.ToUtc(form.OpensAt!.Value),
            Deadline = clock.ToUtc(form.Deadline!.Value),
            XuexinOpensAt = form.XuexinOpensAt is { } xo ? clock.ToUtc(xo) : null,
            XuexinDeadline = form.XuexinDeadline is { } xd ? clock.ToUtc(xd) : null,
            TargetsRemainingTypes = form.TargetsRemainingTypes,
            SummaryDeadline = form.SummaryDeadline is { } summary ? clock.ToUtc(summary) : null,
            ForbidNameAndIdNumberTogether = form.ForbidNameAndIdNumberTogether,
            CreatedAt = now,
            CreatedByUserId = http.HttpContext?.User.Identity?.IsAuthenticated == true ? http.HttpContext.User.GetUserId() : null,
        };
        if (!form.TargetsRemainingTypes)
        {
            campaign.IntakeTypes.AddRange(types.Select(t => new CampaignIntakeType { IntakeType = t }));
        }

        return campaign;
    }

    private static CreateCampaignResult Fail(string key, string message, params string[] args) => new(null, 0, [UserMessage.For(key, message, args)]);
}
