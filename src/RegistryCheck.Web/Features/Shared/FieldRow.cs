using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>One field of a student's record as the student and staff pages show it.</summary>
public sealed record FieldRow(RecordField Field, string Value, bool NeedsApproval, bool HasOpenReport);
