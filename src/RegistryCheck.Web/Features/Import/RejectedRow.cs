namespace RegistryCheck.Web.Features.Import;

public sealed record RejectedRow(int Row, string? StudentNumber, List<RowProblem> Reasons);
