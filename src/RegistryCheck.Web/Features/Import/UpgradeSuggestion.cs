using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Import;

/// <summary>One roster row the preview proposes as 专升本, and why; the student number only (no name or ID number kept).</summary>
public sealed record UpgradeSuggestion(int Row, string StudentNumber, UpgradeEvidence Evidence);
