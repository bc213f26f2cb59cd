using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>
/// A campaign's reminder steps and SMS cap. A steps field left empty follows the setting
/// (<c>Notifications:Reminders:…</c>: the column stays null); "off" stores an empty text, which the reminder workers
/// read as no steps.
/// </summary>
public sealed class MessagingSettingsForm
{
    public const int MaxSteps = 5;

    public string? ReminderDaysBefore { get; set; }
    public bool ReminderOff { get; set; }
    public string? XuexinReminderDaysBefore { get; set; }
    public bool XuexinReminderOff { get; set; }
    public string? SummaryReminderDaysBefore { get; set; }
    public bool SummaryReminderOff { get; set; }

    [Display(Name = "短信上限")]
    [Range(0, 10_000_000, ErrorMessage = "{0}应为 0 或正整数")]
    public int? SmsCap { get; set; }

    /// <summary>The row's version when the form was shown; 0 also when there was no row (a new row starts at 1).</summary>
    public int Version { get; set; }

    public static MessagingSettingsForm From(CampaignMessaging? row) => new()
    {
        ReminderDaysBefore = row?.ReminderDaysBefore,
        ReminderOff = row?.ReminderDaysBefore == "",
        XuexinReminderDaysBefore = row?.XuexinReminderDaysBefore,
        XuexinReminderOff = row?.XuexinReminderDaysBefore == "",
        SummaryReminderDaysBefore = row?.SummaryReminderDaysBefore,
        SummaryReminderOff = row?.SummaryReminderDaysBefore == "",
        SmsCap = row?.SmsCap,
        Version = row?.Version ?? 0,
    };

    /// <summary>"3, 1" → "3,1" (largest first); empty → null (the setting); off → "". Problems name the field.</summary>
    public static string? Steps(string? text, bool off, string field, List<UserMessage> problems)
    {
        if (off)
        {
            return "";
        }

        var tokens = (text ?? "").Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return null;
        }

        var days = new List<int>();
        foreach (var t in tokens)
        {
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 60)
            {
                problems.Add(UserMessage.For(field, "“{0}”不是 1 到 60 之间的天数", t));
                return null;
            }

            days.Add(d);
        }

        if (days.Distinct().Count() != days.Count)
        {
            problems.Add(UserMessage.For(field, "提醒天数不能重复"));
        }

        if (days.Count > MaxSteps)
        {
            problems.Add(UserMessage.For(field, "最多设置 {0} 次提醒", MaxSteps.ToString(CultureInfo.InvariantCulture)));
        }

        return string.Join(',', days.Distinct().OrderDescending());
    }
}

public enum SettingsOutcome
{
    Saved,
    NotFound,
    ChangedMeanwhile,
    Invalid,
}

public sealed record SaveSettingsResult(SettingsOutcome Outcome, IReadOnlyList<UserMessage> Problems);

/// <summary>
/// Saves a campaign's messaging settings at the version the form was shown with: one conditional UPDATE
/// (<c>Version = shown AND SmsReserved &lt;= new cap</c>), so another registrar's save in between is not overwritten
/// and a parallel SMS send's reservation (SmsBudget) cannot slip above a lowered cap. With no row yet, the insert
/// (primary key = campaign) lets only one of two first saves through.
/// </summary>
public sealed class SaveMessagingSettingsHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<SaveSettingsResult> HandleAsync(int campaignId, MessagingSettingsForm form, CancellationToken ct)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct))
        {
            return new(SettingsOutcome.NotFound, []);
        }

        var problems = new List<UserMessage>();
        var reminder = MessagingSettingsForm.Steps(form.ReminderDaysBefore, form.ReminderOff, nameof(form.ReminderDaysBefore), problems);
        var xuexin = MessagingSettingsForm.Steps(form.XuexinReminderDaysBefore, form.XuexinReminderOff, nameof(form.XuexinReminderDaysBefore), problems);
        var summary = MessagingSettingsForm.Steps(form.SummaryReminderDaysBefore, form.SummaryReminderOff, nameof(form.SummaryReminderDaysBefore), problems);
        if (problems.Count > 0)
        {
            return new(SettingsOutcome.Invalid, problems);
        }

        var cap = form.SmsCap;
        var limit = cap ?? int.MaxValue;
        var version = form.Version;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.CampaignMessaging
            .Where(m => m.CampaignId == campaignId && m.Version == version && m.SmsReserved <= limit)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReminderDaysBefore, reminder).SetProperty(m => m.XuexinReminderDaysBefore, xuexin)
                .SetProperty(m => m.SummaryReminderDaysBefore, summary).SetProperty(m => m.SmsCap, cap).SetProperty(m => m.Version, version + 1), ct);
        if (updated == 0)
        {
            var row = await db.CampaignMessaging.AsNoTracking().Where(m => m.CampaignId == campaignId)
                .Select(m => new { m.Version, m.SmsReserved }).FirstOrDefaultAsync(ct);
            if (row is not null && row.Version == version)
            {
                return new(SettingsOutcome.Invalid, [UserMessage.For(nameof(form.SmsCap), "短信上限不能低于本核对已预留的 {0} 条",
                    row.SmsReserved.ToString(CultureInfo.InvariantCulture))]);
            }

            if (row is not null || version != 0)
            {
                return new(SettingsOutcome.ChangedMeanwhile, []);
            }

            db.CampaignMessaging.Add(new CampaignMessaging
            {
                CampaignId = campaignId, ReminderDaysBefore = reminder, XuexinReminderDaysBefore = xuexin,
                SummaryReminderDaysBefore = summary, SmsCap = cap, Version = 1,
            });
        }

        audit.Add(AuditActions.MessagingSettingsChanged, "campaign", campaignId,
            $"reminder={reminder ?? "setting"} xuexin={xuexin ?? "setting"} summary={summary ?? "setting"} sms-cap={(cap is null ? "setting" : cap.Value.ToString(CultureInfo.InvariantCulture))}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The other first save inserted the row between our UPDATE and INSERT.
            return new(SettingsOutcome.ChangedMeanwhile, []);
        }

        await tx.CommitAsync(ct);
        return new(SettingsOutcome.Saved, []);
    }
}
