using System.Globalization;

namespace RegistryCheck.Web.Infrastructure.Time;

/// <summary>
/// Converts stored UTC times to the university's time zone for display and for "days left". The zone is
/// configurable (Portal:TimeZone) and defaults to China Standard Time.
/// </summary>
public sealed class CampaignClock
{
    private readonly TimeProvider _time;

    public CampaignClock(TimeProvider time, IConfiguration configuration)
    {
        _time = time;
        Zone = FindZone(configuration["Portal:TimeZone"] ?? "Asia/Shanghai");
    }

    public TimeZoneInfo Zone { get; }

    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public DateOnly Today => DateOnly.FromDateTime(ToLocal(UtcNow));

    /// <summary>Whole calendar days from today to the deadline's day; 0 on the last day, negative after.</summary>
    public int DaysLeft(DateTime deadlineUtc) =>
        DateOnly.FromDateTime(ToLocal(deadlineUtc)).DayNumber - Today.DayNumber;

    /// <summary>Date and time as the current UI culture writes them, in the university's zone.</summary>
    public string Format(DateTime? utc) =>
        utc is null ? "" : ToLocal(utc.Value).ToString("g", CultureInfo.CurrentCulture);

    public string FormatDate(DateTime? utc) =>
        utc is null ? "" : ToLocal(utc.Value).ToString("d", CultureInfo.CurrentCulture);

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            // A container without tzdata: China has had no daylight saving time since 1991.
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
        }
    }
}
