namespace RegistryCheck.Web.Features.Tracking;

/// <summary>What the shared counts table shows: the rows, the total row and where each row links.</summary>
public sealed record CountsTableModel(string UnitLabel, TrackingUnit Kind, IReadOnlyList<UnitCounts> Units, StateCounts? Total, string TotalLabel, Func<int, string> LinkOf);
