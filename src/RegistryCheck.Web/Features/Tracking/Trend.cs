using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>One day: first views and confirmations of the portal check, first 学信网 results recorded.</summary>
public sealed record TrendDay(DateOnly Day, int Viewed, int Confirmed, int XuexinRecorded = 0);

/// <summary>
/// First views, confirmations and first 学信网 results per Beijing day. The database groups by UTC date and hour (a translation every
/// provider has: SQLite strftime, SQL Server DATEPART, PostgreSQL date_part), and the at most 24 rows a day are
/// folded into local days here with the configured zone, so no provider-specific time-zone SQL is needed and a zone
/// with daylight saving time still folds right. Exempt students are left out like everywhere else.
/// </summary>
public sealed class TrendHandler(RegistryDbContext db, CampaignClock clock)
{
    /// <summary>A chart wider than this stops being readable; older days are left off.</summary>
    public const int MaxDays = 60;

    public async Task<IReadOnlyList<TrendDay>> HandleAsync(CampaignOption campaign, string? intake, CancellationToken ct)
    {
        var last = clock.Today;
        var first = DateOnly.FromDateTime(clock.ToLocal(campaign.OpensAt));
        if (last < first)
        {
            last = first;
        }

        if (last.DayNumber - first.DayNumber >= MaxDays)
        {
            first = last.AddDays(-(MaxDays - 1));
        }

        var fromUtc = clock.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var toUtc = clock.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var checks = db.StudentChecks.Where(c => c.CampaignId == campaign.Id && !c.IsExempt);
        if (intake is not null)
        {
            checks = checks.Where(c => c.Student.IntakeType == intake);
        }

        var viewed = await checks
            .Where(c => c.FirstViewedAt >= fromUtc && c.FirstViewedAt < toUtc)
            .GroupBy(c => new { c.FirstViewedAt!.Value.Date, c.FirstViewedAt!.Value.Hour })
            .Select(g => new HourCount(g.Key.Date, g.Key.Hour, g.Count()))
            .ToListAsync(ct);
        var confirmed = await checks
            .Where(c => c.ConfirmedAt >= fromUtc && c.ConfirmedAt < toUtc)
            .GroupBy(c => new { c.ConfirmedAt!.Value.Date, c.ConfirmedAt!.Value.Hour })
            .Select(g => new HourCount(g.Key.Date, g.Key.Hour, g.Count()))
            .ToListAsync(ct);

        var xuexin = await checks
            .Where(c => c.XuexinFirstRecordedAt >= fromUtc && c.XuexinFirstRecordedAt < toUtc)
            .GroupBy(c => new { c.XuexinFirstRecordedAt!.Value.Date, c.XuexinFirstRecordedAt!.Value.Hour })
            .Select(g => new HourCount(g.Key.Date, g.Key.Hour, g.Count()))
            .ToListAsync(ct);

        var viewedByDay = FoldIntoLocalDays(viewed);
        var xuexinByDay = FoldIntoLocalDays(xuexin);
        var confirmedByDay = FoldIntoLocalDays(confirmed);
        var days = new List<TrendDay>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            days.Add(new TrendDay(d, viewedByDay.GetValueOrDefault(d), confirmedByDay.GetValueOrDefault(d), xuexinByDay.GetValueOrDefault(d)));
        }

        return days;
    }

    private Dictionary<DateOnly, int> FoldIntoLocalDays(IEnumerable<HourCount> hours)
    {
        var result = new Dictionary<DateOnly, int>();
        foreach (var h in hours)
        {
            var utc = DateTime.SpecifyKind(h.Date.Date.AddHours(h.Hour), DateTimeKind.Utc);
            var day = DateOnly.FromDateTime(clock.ToLocal(utc));
            result[day] = result.GetValueOrDefault(day) + h.Count;
        }

        return result;
    }

    private sealed record HourCount(DateTime Date, int Hour, int Count);
}
