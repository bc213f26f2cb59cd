namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// A new student in the roster without 学号 or 班级, as the preview lists them (no ID number: the list is for
/// assigning numbers, and the 考生号 names the student for that).
/// </summary>
public sealed record NeedsAssignmentRow(int Row, string? ExamNumber, string Name, List<string> Missing);
