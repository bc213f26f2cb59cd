using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// Counts per 学信网 state of the students who must check (exempt students are in <see cref="StateCounts.Exempt"/>
/// only), beside the portal check's <see cref="StateCounts"/>: one set per check.
/// </summary>
public sealed record XuexinCounts(int NotChecked, int NotFound, int Correct, int Wrong)
{
    public static readonly XuexinCounts Zero = new(0, 0, 0, 0);

    public static readonly XuexinState[] States = [XuexinState.NotChecked, XuexinState.NotFound, XuexinState.Correct, XuexinState.Wrong];

    public int Total => NotChecked + NotFound + Correct + Wrong;

    /// <summary>Found and answered (无误, or 有误 with the errors reported): nothing left to chase on 学信网.</summary>
    public int Finished => Correct + Wrong;

    public int Of(XuexinState state) => state switch
    {
        XuexinState.NotChecked => NotChecked,
        XuexinState.NotFound => NotFound,
        XuexinState.Correct => Correct,
        XuexinState.Wrong => Wrong,
        _ => 0,
    };

    public static XuexinCounts operator +(XuexinCounts a, XuexinCounts b) =>
        new(a.NotChecked + b.NotChecked, a.NotFound + b.NotFound, a.Correct + b.Correct, a.Wrong + b.Wrong);

    public XuexinCounts Add(XuexinState state, int count) => state switch
    {
        XuexinState.NotFound => this with { NotFound = NotFound + count },
        XuexinState.Correct => this with { Correct = Correct + count },
        XuexinState.Wrong => this with { Wrong = Wrong + count },
        _ => this with { NotChecked = NotChecked + count },
    };
}
