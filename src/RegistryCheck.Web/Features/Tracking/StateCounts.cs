using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// Counts per state of the students who must check; exempt students are counted apart and in no other number.
/// </summary>
public sealed record StateCounts(int NotViewed, int Viewed, int Confirmed, int Reported, int Resolved, int Exempt)
{
    public static readonly StateCounts Zero = new(0, 0, 0, 0, 0, 0);

    public static readonly CheckState[] States =
        [CheckState.NotViewed, CheckState.Viewed, CheckState.Confirmed, CheckState.Reported, CheckState.Resolved];

    /// <summary>The same students' 学信网 check (exempt ones left out here too).</summary>
    public XuexinCounts Xuexin { get; init; } = XuexinCounts.Zero;

    public int Total => NotViewed + Viewed + Confirmed + Reported + Resolved;

    /// <summary>Confirmed, or every report handled: nothing left to chase.</summary>
    public int Finished => Confirmed + Resolved;

    public int Of(CheckState state) => state switch
    {
        CheckState.NotViewed => NotViewed,
        CheckState.Viewed => Viewed,
        CheckState.Confirmed => Confirmed,
        CheckState.Reported => Reported,
        CheckState.Resolved => Resolved,
        _ => 0,
    };

    public static StateCounts operator +(StateCounts a, StateCounts b) => new(
        a.NotViewed + b.NotViewed, a.Viewed + b.Viewed, a.Confirmed + b.Confirmed, a.Reported + b.Reported,
        a.Resolved + b.Resolved, a.Exempt + b.Exempt) { Xuexin = a.Xuexin + b.Xuexin };

    public StateCounts Add(CheckState state, XuexinState xuexin, bool exempt, int count) => exempt
        ? this with { Exempt = Exempt + count }
        : (state switch
        {
            CheckState.NotViewed => this with { NotViewed = NotViewed + count },
            CheckState.Viewed => this with { Viewed = Viewed + count },
            CheckState.Confirmed => this with { Confirmed = Confirmed + count },
            CheckState.Reported => this with { Reported = Reported + count },
            CheckState.Resolved => this with { Resolved = Resolved + count },
            _ => this,
        }) with { Xuexin = Xuexin.Add(xuexin, count) };
}
