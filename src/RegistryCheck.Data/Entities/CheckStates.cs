namespace RegistryCheck.Data.Entities;

/// <summary>
/// The one place that decides a student's state from the facts: viewed, confirmed, open and resolved reports.
/// Every handler that changes one of those facts calls <see cref="Apply"/>, so the stored state that the
/// counts group by never drifts from the facts.
/// </summary>
public static class CheckStates
{
    public static CheckState Derive(bool viewed, DateTime? confirmedAt, int openReports, int resolvedReports, DateTime? lastResolvedAt)
    {
        if (openReports > 0)
        {
            return CheckState.Reported;
        }

        // A confirmation after the last resolution means the student accepted the corrected record.
        if (resolvedReports > 0 && (confirmedAt is null || confirmedAt < lastResolvedAt))
        {
            return CheckState.Resolved;
        }

        if (confirmedAt is not null)
        {
            return CheckState.Confirmed;
        }

        return viewed ? CheckState.Viewed : CheckState.NotViewed;
    }

    public static void Apply(StudentCheck check, int openReports, int resolvedReports, DateTime? lastResolvedAt, DateTime now)
    {
        var state = Derive(check.FirstViewedAt is not null, check.ConfirmedAt, openReports, resolvedReports, lastResolvedAt);
        if (state == CheckState.Resolved && check.State != CheckState.Resolved)
        {
            check.ResolvedAt = now;
        }

        if (state != check.State)
        {
            check.State = state;
            check.StateChangedAt = now;
        }
    }
}
